package scoring

import (
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/scoring/scoringtest"
)

// edited writes a card, lets edit change the workbook as a person would in
// Excel, and scores it.
func edited(t *testing.T, c scoringtest.Card, blank Blank, edit func(f *excelize.File, sheet string)) *Card {
	t.Helper()
	path := filepath.Join(t.TempDir(), "card.xlsx")
	c.Write(t, path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(f, "评分表")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cards := ScoreFile(path, checklist.DefaultCatalog(), Options{Blank: blank, Explicit: true})
	if len(cards) != 1 {
		t.Fatalf("got %d cards", len(cards))
	}
	return cards[0]
}

func TestMergedCells(t *testing.T) {
	// Our layout: heading row 5, band row 6, item 1 rows 7–11, item 2 rows 12–17, item 3 rows 18–20.
	c := scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", NoTotal: true,
		Score: scores(map[lineKey]any{{"3", 1}: 1.5, {"3", 2}: nil, {"3", 3}: nil, {"2", 1}: 0, {"2", 2}: 0})}
	card := edited(t, c, BlankError, func(f *excelize.File, sheet string) {
		must(t, f.MergeCell(sheet, "G18", "G20"))
		must(t, f.SetCellStr(sheet, "H12", "未健全议事规则"))
		must(t, f.MergeCell(sheet, "H12", "H13"))
	})
	if card.Total != 96.5 {
		t.Errorf("total %v, want 96.5 (item 3 scored 1.5 of 3 as a whole, item 2 lines 1–2 lost 2)", card.Total)
	}
	var notes []string
	for _, d := range card.Deductions {
		notes = append(notes, d.Item+":"+d.Note)
	}
	if want := []string{"2:未健全议事规则", "2:未健全议事规则", "3:"}; !reflect.DeepEqual(notes, want) {
		t.Errorf("deduction notes %v, want %v (a merged note applies to each row)", notes, want)
	}
	for _, f := range card.Findings {
		if f.Severity == checklist.Error {
			t.Errorf("unexpected error %+v", f)
		}
	}
}

func TestSheetSubtotals(t *testing.T) {
	cases := []struct {
		name string
		edit func(f *excelize.File, sheet string)
		cell string // the total-mismatch cell; "" for none
	}{
		{"category band holds the right score", func(f *excelize.File, sheet string) {
			must(t, f.SetCellFloat(sheet, "G6", 40, -1, 64))
		}, ""},
		{"category band holds a wrong score", func(f *excelize.File, sheet string) {
			must(t, f.SetCellFloat(sheet, "G6", 39, -1, 64))
		}, "G6"},
		{"item subtotal column disagrees", func(f *excelize.File, sheet string) {
			must(t, f.SetCellFormula(sheet, "I7", "SUM(G7:G10)"))
		}, "I7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			card := edited(t, scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", NoTotal: true}, BlankError, tc.edit)
			f, ok := findingFor(card.Findings, CodeTotalMismatch)
			if got := f.Cell; !ok {
				got = ""
				if tc.cell != "" {
					t.Errorf("no total-mismatch, want one at %s: %+v", tc.cell, card.Findings)
				}
			} else if got != tc.cell {
				t.Errorf("total-mismatch at %q, want %q: %s", got, tc.cell, f.Message)
			}
		})
	}
}

// TestTemplateFormulas scores a card in our template's layout, whose
// 项目得分, 小计 and 总分 formulas have no cached value: they are computed,
// and a √ that the formulas cannot add shows at every level, in one warning.
func TestTemplateFormulas(t *testing.T) {
	card := scoreOne(t, scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}, BlankError)
	if _, ok := findingFor(card.Findings, CodeFormulaComputed); !ok || len(card.Findings) != 1 {
		t.Errorf("want only formula-computed, got %+v", card.Findings)
	}
	card = scoreOne(t, scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: "√"})}, BlankError)
	if card.Total != 100 {
		t.Errorf("total %v, want 100", card.Total)
	}
	var mismatches []checklist.Finding
	for _, f := range card.Findings {
		if f.Code == CodeTotalMismatch {
			mismatches = append(mismatches, f)
		}
	}
	if len(mismatches) != 1 || mismatches[0].Cell != "I7" {
		t.Fatalf("want one total-mismatch at I7, got %+v", mismatches)
	}
	// Item 1's 项目得分, the first category's 小计 and the 总分.
	if msg := mismatches[0].Message; !strings.Contains(msg, "I7、G38、G82") {
		t.Errorf("the warning should name the item, category and overall totals: %s", msg)
	}
}

// TestTitleHint reads a heading of bare 得分 only on a sheet titled as the 评分表.
func TestTitleHint(t *testing.T) {
	bare := func(f *excelize.File, sheet string) { must(t, f.SetCellStr(sheet, "E7", "得分")) }
	card := edited(t, scoringtest.Card{Layout: scoringtest.Retyped, Unit: "甲校"}, BlankError, bare)
	if !card.Scored || card.Total != 100 {
		t.Errorf("titled sheet with 得分: scored %v total %v %+v", card.Scored, card.Total, card.Findings)
	}
	card = edited(t, scoringtest.Card{Layout: scoringtest.Retyped, Unit: "甲校"}, BlankError, func(f *excelize.File, sheet string) {
		bare(f, sheet)
		must(t, f.SetCellStr(sheet, "B2", "工作表"))
	})
	if card.Scored || card.Findings[0].Code != CodeNoScorecard {
		t.Errorf("untitled sheet with 得分 should be no 评分表, got %+v", card.Findings)
	}
}

func TestExtraRows(t *testing.T) {
	cat := checklist.DefaultCatalog()
	// Plain layout: heading row 5, three bands and 70 lines end at row 78.
	card := edited(t, scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校"}, BlankError, func(f *excelize.File, sheet string) {
		must(t, f.SetCellStr(sheet, "F79", cat.Entry("3").Item.Requirements[1].Text))
		must(t, f.SetCellInt(sheet, "G79", 0))
		must(t, f.SetCellStr(sheet, "F80", "本表由检查考核组填写，组长签字后报区纪委。"))
	})
	if card.Total != 100 {
		t.Errorf("total %v, want 100: extra rows do not count", card.Total)
	}
	want := map[string]string{"F79": CodeDuplicateRequirement, "F80": CodeUnknownRequirement}
	for _, f := range card.Findings {
		if want[f.Cell] != f.Code || f.Severity != checklist.Warning {
			t.Errorf("unexpected finding %+v", f)
		}
		delete(want, f.Cell)
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v", want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"2", "1.5", "√", "×", "扣1分", "-0.5", "", "良好", "１.５", "NaN", "1e308", "扣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := parseScore(s)
		if v := p.scoreAgainst(2); v != v {
			t.Errorf("parseScore(%q) gives NaN", s)
		}
	})
}

// TestGeneratedScorecard scores the 评分表 qingdan template writes: fresh,
// it gives no formula-computed; filled with marks or 扣N分, its own totals
// (empty when they cannot add a score) never give total-mismatch.
func TestGeneratedScorecard(t *testing.T) {
	cat := checklist.DefaultCatalog()
	sheet := forms.FormSheetName(5)
	cases := []struct {
		name    string
		example bool
		scores  map[string]any // cells of 考核得分
		blank   Blank
		total   float64
		codes   []string
	}{
		{"fresh blank form", false, nil, BlankZero, 0, []string{CodeMissingInspectedUnit}},
		{"fresh example", true, nil, BlankError, 97, nil},
		{"marks the sheet adds", true, map[string]any{"G7": "√", "G8": "半扣", "G9": "合格", "G10": "不合格"}, BlankError, 95.5, []string{CodeFormulaComputed}},
		{"扣N分 and a note", true, map[string]any{"G7": "扣1分", "G8": "×（未书面报告）"}, BlankError, 94, []string{CodeFormulaComputed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "评分表.xlsx")
			must(t, checklist.WriteFileAtomic(path, false, func(w io.Writer) error {
				if tc.example {
					return forms.WriteExample(w, cat, 5, forms.ExampleOptions{})
				}
				return forms.WriteForms(w, cat, []int{5}, forms.FormOptions{})
			}))
			if tc.scores != nil {
				f, err := excelize.OpenFile(path)
				must(t, err)
				for ref, v := range tc.scores {
					must(t, f.SetCellValue(sheet, ref, v))
				}
				// excelize keeps the old totals; drop them so they are computed, as Excel would.
				must(t, f.UpdateLinkedValue())
				must(t, f.Save())
				f.Close()
			}
			cards := ScoreFile(path, cat, Options{Blank: tc.blank, Explicit: true})
			if len(cards) != 1 {
				t.Fatalf("%d cards", len(cards))
			}
			if cards[0].Total != tc.total {
				t.Errorf("total %v, want %v", cards[0].Total, tc.total)
			}
			if got := codes(cards[0].Findings); !reflect.DeepEqual(got, tc.codes) {
				t.Errorf("findings %v, want %v: %+v", got, tc.codes, cards[0].Findings)
			}
		})
	}
}
