package scoring

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/scoring/scoringtest"
)

// noticeScores are the marks every layout below is filled with: a few
// deductions in each category, as numbers and as text.
var noticeScores = scores(map[lineKey]any{
	{"1", 2}: 1.5, {"2", 4}: 0, {"3", 1}: "扣1分", {"9", 1}: "×", {"16", 2}: 0.5,
})

// fillColumn writes v(row) into col for every line row of the plain
// layout (rows with a 具体要求 in F).
func fillColumn(t *testing.T, f *excelize.File, sheet, col string, v func(r int) any) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	must(t, err)
	for r := 6; r <= len(rows); r++ {
		if text, _ := f.GetCellValue(sheet, fmt.Sprintf("F%d", r)); len([]rune(text)) > 8 {
			must(t, f.SetCellValue(sheet, fmt.Sprintf("%s%d", col, r), v(r)))
		}
	}
}

// TestNoticeLayouts scores the notice's six headings over seven columns as
// people paste or retype them: each must score what our template scores
// for the same marks, without an error or warning.
func TestNoticeLayouts(t *testing.T) {
	want := scoreOne(t, scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Score: noticeScores}, BlankError)
	if want.Total != 93 {
		t.Fatalf("our template scores %v, want 93", want.Total)
	}
	cat := checklist.DefaultCatalog()
	// Plain layout: headings in row 5, 标准分 merged over D5:E5, line points in E, 具体要求 in F, 考核得分 in G.
	tests := []struct {
		name string
		text func(item string, line int, text string) string
		edit func(f *excelize.File, sheet string)
		info string // an info finding the layout must give, besides formula-computed
	}{
		{"标准分 merged over item points and line points", nil, func(*excelize.File, string) {}, ""},
		{"具体要求 merged over points and text", nil, func(f *excelize.File, sheet string) {
			must(t, f.UnmergeCell(sheet, "D5", "E5"))
			must(t, f.SetCellStr(sheet, "E5", "具体要求"))
			must(t, f.SetCellStr(sheet, "F5", ""))
			must(t, f.MergeCell(sheet, "E5", "F5"))
		}, ""},
		{"具体要求 over the points column only", nil, func(f *excelize.File, sheet string) {
			must(t, f.UnmergeCell(sheet, "D5", "E5"))
			must(t, f.SetCellStr(sheet, "E5", "具体要求"))
			must(t, f.SetCellStr(sheet, "F5", ""))
		}, ""},
		{"six headings in six cells, 考核得分 over the text", nil, func(f *excelize.File, sheet string) {
			must(t, f.UnmergeCell(sheet, "D5", "E5"))
			must(t, f.SetCellStr(sheet, "E5", "具体要求"))
			must(t, f.SetCellStr(sheet, "F5", "考核得分"))
			must(t, f.SetCellStr(sheet, "G5", ""))
		}, ""},
		{"分值 heading over the points column", nil, func(f *excelize.File, sheet string) {
			must(t, f.UnmergeCell(sheet, "D5", "E5"))
			must(t, f.SetCellStr(sheet, "E5", "分值"))
		}, ""},
		{"具体要求 texts moved to the far right", nil, func(f *excelize.File, sheet string) {
			fillColumn(t, f, sheet, "K", func(r int) any {
				v, _ := f.GetCellValue(sheet, fmt.Sprintf("F%d", r))
				return v
			})
			fillColumn(t, f, sheet, "F", func(int) any { return "" })
		}, ""},
		{"no line-points column", nil, func(f *excelize.File, sheet string) {
			must(t, f.UnmergeCell(sheet, "D5", "E5"))
			must(t, f.RemoveCol(sheet, "E"))
		}, ""},
		{"检查方法 column before 考核得分", nil, func(f *excelize.File, sheet string) {
			must(t, f.InsertCols(sheet, "G", 1))
			must(t, f.SetCellStr(sheet, "G5", "检查方法"))
			fillColumn(t, f, sheet, "G", func(int) any { return "查阅会议记录、文件和工作台账" })
		}, ""},
		{"扣分原因 and 备注 after 考核得分", nil, func(f *excelize.File, sheet string) {
			must(t, f.SetCellStr(sheet, "H5", "扣分原因"))
			must(t, f.SetCellStr(sheet, "I5", "备注"))
			fillColumn(t, f, sheet, "I", func(int) any { return 1 })
		}, ""},
		{"自评分 and 考核组评分", nil, func(f *excelize.File, sheet string) {
			must(t, f.InsertCols(sheet, "G", 1))
			must(t, f.SetCellStr(sheet, "G5", "自评分"))
			must(t, f.SetCellStr(sheet, "H5", "考核组评分"))
			fillColumn(t, f, sheet, "G", func(int) any { return 0 })
		}, CodeInspectorsColumn},
		{"考核得分 over 自评分 and 考核组评分", nil, func(f *excelize.File, sheet string) {
			must(t, f.InsertRows(sheet, 6, 1))
			must(t, f.InsertCols(sheet, "G", 1))
			must(t, f.SetCellStr(sheet, "G5", "考核得分"))
			must(t, f.SetCellStr(sheet, "H5", ""))
			must(t, f.MergeCell(sheet, "G5", "H5"))
			must(t, f.SetCellStr(sheet, "G6", "自评分"))
			must(t, f.SetCellStr(sheet, "H6", "考核组评分"))
			fillColumn(t, f, sheet, "G", func(int) any { return 0 })
		}, CodeInspectorsColumn},
		{"points in the text", func(item string, line int, text string) string {
			return text + fmt.Sprintf("（%d分）", cat.Entry(item).Item.Requirements[line-1].Points)
		}, func(f *excelize.File, sheet string) {
			must(t, f.UnmergeCell(sheet, "D5", "E5"))
			must(t, f.RemoveCol(sheet, "E"))
		}, ""},
		{"points before the text", func(item string, line int, text string) string {
			return fmt.Sprintf("（%d分）", cat.Entry(item).Item.Requirements[line-1].Points) + text
		}, func(*excelize.File, string) {}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := edited(t, scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Score: noticeScores, Text: tt.text}, BlankError, tt.edit)
			if !card.Scored || card.Total != want.Total {
				t.Errorf("total %v (scored %v), want %v: %+v", card.Total, card.Scored, want.Total, card.Findings)
			}
			if !reflect.DeepEqual(card.Categories, want.Categories) || !reflect.DeepEqual(card.Items, want.Items) {
				t.Errorf("categories %+v, want %+v", card.Categories, want.Categories)
			}
			infos := 0
			for _, f := range card.Findings {
				switch {
				case f.Code == tt.info:
					infos++
					if !strings.Contains(f.Message, "自评分") || !strings.Contains(f.Message, "考核组评分") {
						t.Errorf("the info should name both headings: %s", f.Message)
					}
				case f.Severity != checklist.Info:
					t.Errorf("unexpected finding %+v", f)
				}
			}
			if tt.info != "" && infos != 1 {
				t.Errorf("%d %s findings, want 1", infos, tt.info)
			}
		})
	}
}

// TestLayoutNotRecognised: a sheet headed like a 评分表 whose lines are not
// the catalog's gets one error and no total, never 140 findings.
func TestLayoutNotRecognised(t *testing.T) {
	tests := []struct {
		name string
		card scoringtest.Card
		edit func(f *excelize.File, sheet string)
	}{
		{"other requirements under the headings", scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校",
			Text: func(item string, line int, _ string) string {
				return fmt.Sprintf("第%s项第%d条：按学校实际另行制定的考核要求，与附件5无关", item, line)
			}}, func(*excelize.File, string) {}},
		{"具体要求 column left empty", scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校"}, func(f *excelize.File, sheet string) {
			fillColumn(t, f, sheet, "F", func(int) any { return "" })
		}},
		{"a third of the lines are the catalog's", scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校",
			Text: func(item string, line int, text string) string {
				if line == 1 {
					return text
				}
				return fmt.Sprintf("第%s项第%d条：按学校实际另行制定的考核要求", item, line)
			}}, func(*excelize.File, string) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := edited(t, tt.card, BlankError, tt.edit)
			if card.Scored {
				t.Errorf("scored with total %v; want no score", card.Total)
			}
			if len(card.Findings) != 1 || card.Findings[0].Code != CodeLayoutNotRecognised || card.Findings[0].Severity != checklist.Error {
				t.Fatalf("want one layout-not-recognised error, got %+v", card.Findings)
			}
			if msg := card.Findings[0].Message; !strings.Contains(msg, "列（") || !strings.Contains(msg, "考核得分") {
				t.Errorf("the error should name the columns tried and what to change: %s", msg)
			}
		})
	}
}

// TestCodeSeverities lists every code of score with its severity.
func TestCodeSeverities(t *testing.T) {
	want := map[string]checklist.Severity{
		"unreadable": checklist.Error, "unsupported-format": checklist.Error, "no-scorecard": checklist.Error,
		"unscored": checklist.Error, "over-max": checklist.Error, "negative": checklist.Error, "bad-score": checklist.Error,
		"requirement-missing": checklist.Error, "layout-not-recognised": checklist.Error,
		"total-mismatch": checklist.Warning, "missing-inspected-unit": checklist.Warning, "duplicate-card": checklist.Warning,
		"unknown-requirement": checklist.Warning, "duplicate-requirement": checklist.Warning,
		"item-score": checklist.Info, "formula-computed": checklist.Info, "inspectors-column": checklist.Info,
	}
	if !reflect.DeepEqual(severities, want) {
		t.Errorf("severities %v, want %v", severities, want)
	}
}
