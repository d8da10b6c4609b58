package scoring

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"qingdan/checklist"
	"qingdan/scoring/scoringtest"
)

type lineKey struct {
	item string
	line int
}

// scores gives listed lines their value and every other line full points.
func scores(m map[lineKey]any) func(string, int, int) any {
	return func(item string, line, points int) any {
		if v, ok := m[lineKey{item, line}]; ok {
			return v
		}
		return points
	}
}

func scoreOne(t *testing.T, c scoringtest.Card, blank Blank) *Card {
	t.Helper()
	path := filepath.Join(t.TempDir(), "card.xlsx")
	c.Write(t, path)
	cards := ScoreFile(path, checklist.DefaultCatalog(), Options{Blank: blank, Explicit: true})
	if len(cards) != 1 {
		t.Fatalf("got %d cards, want 1", len(cards))
	}
	return cards[0]
}

func codes(fs []checklist.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	sort.Strings(out)
	return out
}

func findingFor(fs []checklist.Finding, code string) (checklist.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return checklist.Finding{}, false
}

func TestFullMarks(t *testing.T) {
	for _, layout := range []string{scoringtest.Ours, scoringtest.Plain, scoringtest.Retyped} {
		t.Run(layout, func(t *testing.T) {
			card := scoreOne(t, scoringtest.Card{Layout: layout, Unit: "示例学校", Date: "2017年3月1日"}, BlankError)
			if !card.Scored {
				t.Fatalf("card not found: %+v", card.Findings)
			}
			if card.Total != 100 || card.Max != 100 {
				t.Errorf("total %v/%v, want 100/100", card.Total, card.Max)
			}
			var got []float64
			for _, c := range card.Categories {
				got = append(got, c.Score, c.Max)
			}
			if want := []float64{40, 40, 20, 20, 40, 40}; !reflect.DeepEqual(got, want) {
				t.Errorf("categories %v, want %v", got, want)
			}
			if len(card.Items) != 21 || len(card.Deductions) != 0 {
				t.Errorf("items %d deductions %v", len(card.Items), card.Deductions)
			}
			if card.Unit != "示例学校" || card.Date != "2017-03-01" {
				t.Errorf("unit %q date %q", card.Unit, card.Date)
			}
			for _, f := range card.Findings {
				if f.Severity != checklist.Info {
					t.Errorf("unexpected finding %+v", f)
				}
			}
		})
	}
}

// TestEveryNotation checks a card written in every notation against a
// total computed by hand:
// item 1 (2,2,2,1,2): 2, 1.5, √, ×, 扣1分 → 2+1.5+2+0+1 = 6.5
// item 2 (1,1,1,2,1,1): 是, 否, 符合, 不符合, -0.5, empty (zero) → 1+0+1+0+0.5+0 = 2.5
// item 3 (1,1,1): 2 on its first row only → 2
// category 1: 40 - 2.5 - 4.5 - 1 = 32; total 92.
func TestEveryNotation(t *testing.T) {
	m := map[lineKey]any{
		{"1", 1}: 2, {"1", 2}: 1.5, {"1", 3}: "√", {"1", 4}: "×", {"1", 5}: "扣1分",
		{"2", 1}: "是", {"2", 2}: "否", {"2", 3}: "符合", {"2", 4}: "不符合", {"2", 5}: "-0.5", {"2", 6}: nil,
		{"3", 1}: 2, {"3", 2}: nil, {"3", 3}: nil,
	}
	notes := func(item string, line int) string {
		if item == "1" && line == 2 {
			return "台账不全"
		}
		return ""
	}
	for _, layout := range []string{scoringtest.Ours, scoringtest.Plain} {
		t.Run(layout, func(t *testing.T) {
			card := scoreOne(t, scoringtest.Card{Layout: layout, Unit: "甲校", Score: scores(m), Note: notes, NoTotal: true}, BlankZero)
			if card.Total != 92 {
				t.Errorf("total %v, want 92", card.Total)
			}
			if got := []float64{card.Categories[0].Score, card.Categories[1].Score, card.Categories[2].Score}; !reflect.DeepEqual(got, []float64{32, 20, 40}) {
				t.Errorf("categories %v, want [32 20 40]", got)
			}
			if got := []float64{card.Items[0].Score, card.Items[1].Score, card.Items[2].Score}; !reflect.DeepEqual(got, []float64{6.5, 2.5, 2}) {
				t.Errorf("items 1-3 %v, want [6.5 2.5 2]", got)
			}
			type ded struct {
				item string
				line int
				lost float64
			}
			var got []ded
			for _, d := range card.Deductions {
				got = append(got, ded{d.Item, d.Line, d.Lost})
			}
			want := []ded{{"1", 2, 0.5}, {"1", 4, 1}, {"1", 5, 1}, {"2", 2, 1}, {"2", 4, 2}, {"2", 5, 0.5}, {"2", 6, 1}, {"3", 0, 1}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("deductions\n got %v\nwant %v", got, want)
			}
			if layout == scoringtest.Ours && card.Deductions[0].Note != "台账不全" {
				t.Errorf("note %q, want 台账不全", card.Deductions[0].Note)
			}
			if got, want := codes(card.Findings), []string{CodeItemScore}; !reflect.DeepEqual(got, want) {
				t.Errorf("findings %v, want %v", got, want)
			}
		})
	}
}

// Item 1 (2,2,2,1,2): 半扣, 合格, 全扣, ×（未书面报告）, 扣1分（台账不全） → 1+2+0+0+1 = 4;
// item 2 line 4 (2): 不合格; item 3 (3) on its first row only: 半扣（材料缺） → 1.5.
// Total 100 - 5 - 2 - 1.5 = 91.5.
func TestHalfAndNotes(t *testing.T) {
	m := map[lineKey]any{
		{"1", 1}: "半扣", {"1", 2}: "合格", {"1", 3}: "全扣", {"1", 4}: "×（未书面报告）", {"1", 5}: "扣1分（台账不全）",
		{"2", 4}: "不合格",
		{"3", 1}: "半扣（材料缺）", {"3", 2}: nil, {"3", 3}: nil,
	}
	column := func(item string, line int) string {
		if item == "1" && line == 4 {
			return "台账不全"
		}
		return ""
	}
	for _, tc := range []struct {
		layout string
		line4  string // the 扣分说明 of item 1 line 4
	}{
		{scoringtest.Ours, "台账不全；未书面报告"},
		{scoringtest.Plain, "未书面报告"},
	} {
		t.Run(tc.layout, func(t *testing.T) {
			card := scoreOne(t, scoringtest.Card{Layout: tc.layout, Unit: "甲校", Score: scores(m), Note: column, NoTotal: true}, BlankError)
			if card.Total != 91.5 {
				t.Errorf("total %v, want 91.5", card.Total)
			}
			type ded struct {
				item string
				line int
				lost float64
				note string
			}
			var got []ded
			for _, d := range card.Deductions {
				got = append(got, ded{d.Item, d.Line, d.Lost, d.Note})
			}
			want := []ded{{"1", 1, 1, ""}, {"1", 3, 2, ""}, {"1", 4, 1, tc.line4}, {"1", 5, 1, "台账不全"}, {"2", 4, 2, ""}, {"3", 0, 1.5, "材料缺"}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("deductions\n got %v\nwant %v", got, want)
			}
			if got, want := codes(card.Findings), []string{CodeItemScore}; !reflect.DeepEqual(got, want) {
				t.Errorf("findings %v, want %v", got, want)
			}
		})
	}
}

func TestBadScores(t *testing.T) {
	cases := []struct {
		name  string
		value any
		blank Blank
		code  string // "" for no error
		total float64
	}{
		{"over max", 3, BlankError, CodeOverMax, 100},
		{"negative by deduction", "扣3分", BlankError, CodeNegative, 98},
		{"garbage", "良好", BlankError, CodeBadScore, 98},
		{"empty with blank error", nil, BlankError, CodeUnscored, 98},
		{"empty with blank zero", nil, BlankZero, "", 98},
		{"empty with blank full", nil, BlankFull, "", 100},
		{"full-width digits", "１.５", BlankError, "", 99.5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: tc.value})}
			card := scoreOne(t, c, tc.blank)
			if card.Total != tc.total {
				t.Errorf("total %v, want %v", card.Total, tc.total)
			}
			var errs []string
			for _, f := range card.Findings {
				if f.Severity == checklist.Error {
					errs = append(errs, f.Code)
				}
			}
			want := []string(nil)
			if tc.code != "" {
				want = []string{tc.code}
			}
			if !reflect.DeepEqual(errs, want) {
				t.Fatalf("errors %v, want %v (%+v)", errs, want, card.Findings)
			}
			if tc.code != "" {
				f, _ := findingFor(card.Findings, tc.code)
				if f.Cell != "G7" || f.Item != "1" || !strings.Contains(f.Message, "G7") {
					t.Errorf("finding %+v should name G7 and item 1", f)
				}
			}
		})
	}
}

func TestRequirementMissing(t *testing.T) {
	c := scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Text: func(item string, line int, text string) string {
		if item == "5" && line == 2 {
			return ""
		}
		return text
	}}
	card := scoreOne(t, c, BlankError)
	f, ok := findingFor(card.Findings, CodeRequirementMissing)
	if !ok || f.Item != "5" || f.Severity != checklist.Error {
		t.Fatalf("want requirement-missing on item 5, got %+v", card.Findings)
	}
	if card.Total != 100-float64(checklist.DefaultCatalog().Entry("5").Item.Requirements[1].Points) {
		t.Errorf("total %v: the missing line should count 0", card.Total)
	}
}

func TestTotals(t *testing.T) {
	cases := []struct {
		name     string
		card     scoringtest.Card
		mismatch bool
		computed bool
		blank    Blank
	}{
		{"formula without cache is computed and agrees", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}, false, true, ""},
		{"stated total disagrees", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Total: 95}, true, true, ""},
		{"formula that adds a wrong range disagrees", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Total: scoringtest.Formula("=SUM(G5:G10)")}, true, true, ""},
		{"stated total agrees", scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Total: 100}, false, false, ""},
		{"formulas count blanks 0 while --blank full gives full points", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校",
			Score: func(string, int, int) any { return nil }}, false, true, BlankFull},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			blank := tc.blank
			if blank == "" {
				blank = BlankError
			}
			card := scoreOne(t, tc.card, blank)
			f, mismatch := findingFor(card.Findings, CodeTotalMismatch)
			if mismatch != tc.mismatch {
				t.Errorf("total-mismatch %v, want %v: %+v", mismatch, tc.mismatch, card.Findings)
			}
			if mismatch && f.Severity != checklist.Warning {
				t.Errorf("total-mismatch severity %s", f.Severity)
			}
			if _, computed := findingFor(card.Findings, CodeFormulaComputed); computed != tc.computed {
				t.Errorf("formula-computed %v, want %v", computed, tc.computed)
			}
			if card.Total != 100 {
				t.Errorf("total %v, want 100 (computed line by line)", card.Total)
			}
		})
	}
}

// TestTextScoreTotals checks that totals a SUM leaves short by √ or 扣1分
// are told in one warning, and a total wrong for another reason still in its own.
func TestTextScoreTotals(t *testing.T) {
	text := func(_ string, line, points int) any {
		switch line {
		case 1:
			return "√"
		case 2:
			return "扣0.5分"
		}
		return points
	}
	cases := []struct {
		name  string
		card  scoringtest.Card
		total float64
		cells []string // cells of the total-mismatch findings, in order
		count string   // how many totals the one text warning names
	}{
		{"√ and 扣N分 beside numbers", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Score: text}, 90.5, []string{"I7"}, "等 25 处"},
		{"√ everywhere", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Score: func(string, int, int) any { return "√" }}, 100, []string{"I7"}, "等 25 处"},
		{"√ everywhere and a wrong stated total", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校",
			Score: func(string, int, int) any { return "√" }, Total: 95}, 100, []string{"G82", "I7"}, "等 24 处"},
		{"-0.5 typed as text", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: "-0.5"})}, 99.5, []string{"I7"}, "I7、G38、G82"},
		{"-0.5 typed as a number", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: -0.5})}, 99.5, []string{"I7"}, "I7、G38、G82"},
		{"numbers only", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}, 100, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			card := scoreOne(t, tc.card, BlankError)
			if card.Total != tc.total {
				t.Errorf("total %v, want %v", card.Total, tc.total)
			}
			var cells []string
			for _, f := range card.Findings {
				if f.Code != CodeTotalMismatch {
					continue
				}
				cells = append(cells, f.Cell)
				if f.Severity != checklist.Warning {
					t.Errorf("severity %s", f.Severity)
				}
				if f.Cell == "I7" && !strings.Contains(f.Message, tc.count) {
					t.Errorf("text warning %q should say %q", f.Message, tc.count)
				}
			}
			if !reflect.DeepEqual(cells, tc.cells) {
				t.Errorf("total-mismatch at %v, want %v: %+v", cells, tc.cells, card.Findings)
			}
		})
	}
}

func TestFormulaScoreComputed(t *testing.T) {
	c := scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: scoringtest.Formula("=2-0.5")})}
	card := scoreOne(t, c, BlankError)
	if card.Total != 99.5 {
		t.Errorf("total %v, want 99.5", card.Total)
	}
	if f, ok := findingFor(card.Findings, CodeFormulaComputed); !ok || f.Cell != "G7" {
		t.Errorf("want formula-computed at G7, got %+v", card.Findings)
	}
}

func TestRetypedTextsStillMatch(t *testing.T) {
	edit := func(item string, line int, text string) string {
		switch {
		case item == "1" && line == 1:
			return "1、" + strings.Replace(text, "及时传达学习", "及时传达、学习", 1) + "（2分）"
		case item == "19" && line == 2:
			return "开展廉政教育,注重监督提醒"
		case item == "7" && line == 1:
			return strings.ReplaceAll(text, "，", " ")
		}
		return text
	}
	c := scoringtest.Card{Layout: scoringtest.Retyped, Unit: "乙校", Date: "2017.3.2", Text: edit,
		Score: scores(map[lineKey]any{{"19", 2}: 1})}
	card := scoreOne(t, c, BlankError)
	if card.Total != 99 {
		t.Errorf("total %v, want 99", card.Total)
	}
	if len(card.Deductions) != 1 || card.Deductions[0].Item != "19" || card.Deductions[0].Line != 2 {
		t.Errorf("deductions %+v, want one on item 19 line 2", card.Deductions)
	}
	for _, f := range card.Findings {
		if f.Severity != checklist.Info {
			t.Errorf("unexpected finding %+v", f)
		}
	}
	if card.Unit != "乙校" || card.Date != "2017-03-02" {
		t.Errorf("unit %q date %q", card.Unit, card.Date)
	}
}

func TestMissingInspectedUnit(t *testing.T) {
	card := scoreOne(t, scoringtest.Card{Layout: scoringtest.Plain}, BlankError)
	f, ok := findingFor(card.Findings, CodeMissingInspectedUnit)
	if !ok || f.Severity != checklist.Warning || f.Cell != "A4" {
		t.Fatalf("want missing-inspected-unit at A4, got %+v", card.Findings)
	}
	if card.Label() != "card" {
		t.Errorf("label %q, want the file name", card.Label())
	}
}

func TestFileProblems(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, file string
		content    []byte
		code       string
	}{
		{"truncated xls", "a.xls", []byte{0xD0, 0xCF, 0x11, 0xE0}, CodeUnreadable},
		{"docx that is no zip", "a.docx", []byte("PK"), CodeUnreadable},
		{"text file", "a.txt", []byte("评分表"), CodeUnsupportedFormat},
		{"empty xlsx", "empty.xlsx", nil, CodeUnreadable},
		{"text renamed xlsx", "text.xlsx", []byte("not a workbook"), CodeUnreadable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			writeFile(t, path, tc.content)
			cards := ScoreFile(path, checklist.DefaultCatalog(), Options{Explicit: true})
			if len(cards) != 1 || len(cards[0].Findings) != 1 || cards[0].Findings[0].Code != tc.code || cards[0].Scored {
				t.Fatalf("got %+v, want one %s", cards, tc.code)
			}
		})
	}
}

// TestScoreFileOnAFolder: a subfolder the walk could not read comes to
// ScoreFile as a path, and is reported as the list reader reports it.
func TestScoreFileOnAFolder(t *testing.T) {
	for _, name := range []string{"子目录", "x.xlsx"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			must(t, os.Mkdir(path, 0o755))
			cards := ScoreFile(path, checklist.DefaultCatalog(), Options{})
			if len(cards) != 1 || len(cards[0].Findings) != 1 || cards[0].Findings[0].Code != CodeUnreadable ||
				!strings.Contains(cards[0].Findings[0].Message, "文件夹") {
				t.Fatalf("got %+v, want one unreadable naming the folder", cards)
			}
		})
	}
}

func TestNoScorecard(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.xlsx")
	writeList(t, path)
	cat := checklist.DefaultCatalog()
	if cards := ScoreFile(path, cat, Options{}); len(cards) != 0 {
		t.Errorf("in a folder a list is skipped, got %+v", cards)
	}
	cards := ScoreFile(path, cat, Options{Explicit: true})
	if len(cards) != 1 || cards[0].Findings[0].Code != CodeNoScorecard || cards[0].Findings[0].Severity != checklist.Error {
		t.Errorf("named explicitly: want no-scorecard, got %+v", cards)
	}
}

func TestRankingTies(t *testing.T) {
	cards := []*Card{
		{Unit: "丙校", Total: 90, Scored: true},
		{Unit: "乙校", Total: 95, Scored: true},
		{Unit: "甲校", Total: 95, Scored: true},
		{Unit: "丁校", Total: 80, Scored: true},
	}
	var got []string
	for _, r := range Ranking(cards) {
		got = append(got, r.Unit+":"+FormatPoints(float64(r.Rank)))
	}
	want := []string{"乙校:1", "甲校:1", "丙校:3", "丁校:4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ranking %v, want %v", got, want)
	}
	cards[0].Total = 95
	got = nil
	for _, r := range Ranking(cards[:3]) {
		got = append(got, r.Unit+":"+FormatPoints(float64(r.Rank)))
	}
	if want := []string{"丙校:1", "乙校:1", "甲校:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("three-way tie %v, want %v", got, want)
	}
}

func TestWeakestOrder(t *testing.T) {
	line := func(item string, n int, max, lost float64) LineScore {
		return LineScore{Item: item, Line: n, Text: item + "-" + FormatPoints(float64(n)), Max: max, Score: max - lost, Lost: lost}
	}
	cards := []*Card{
		{Scored: true, Lines: []LineScore{line("1", 1, 2, 0), line("1", 2, 2, 1), line("2", 1, 1, 1), line("3", 1, 1, 0)}},
		{Scored: true, Lines: []LineScore{line("1", 1, 2, 2), line("1", 2, 2, 0), line("2", 1, 1, 1), line("3", 1, 1, 0)}},
	}
	var got []string
	for _, w := range Weakest(cards) {
		got = append(got, w.Item+"."+FormatPoints(float64(w.Requirement))+"="+FormatPoints(w.AverageLost)+"/"+FormatPoints(float64(w.Units)))
	}
	want := []string{"1.1=1/1", "2.1=1/2", "1.2=0.5/1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("weakest %v, want %v", got, want)
	}
}

func TestReportJSONKeys(t *testing.T) {
	card := scoreOne(t, scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: 1})}, BlankError)
	other := scoreOne(t, scoringtest.Card{Layout: scoringtest.Plain, Unit: "乙校"}, BlankError)
	rep := Summarize([]*Card{card, other})
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	assertKeys(t, "report", top, "tool", "version", "valid", "cards", "ranking", "weakest")
	var cards []map[string]json.RawMessage
	_ = json.Unmarshal(top["cards"], &cards)
	assertKeys(t, "card", cards[0], "path", "unit", "date", "total", "max", "categories", "items", "deductions", "findings")
	sub := func(raw json.RawMessage) map[string]json.RawMessage {
		var xs []map[string]json.RawMessage
		_ = json.Unmarshal(raw, &xs)
		if len(xs) == 0 {
			t.Fatalf("empty list %s", raw)
		}
		return xs[0]
	}
	assertKeys(t, "category", sub(cards[0]["categories"]), "name", "score", "max")
	assertKeys(t, "item", sub(cards[0]["items"]), "no", "name", "score", "max")
	assertKeys(t, "deduction", sub(cards[0]["deductions"]), "item", "requirement", "lost", "note")
	assertKeys(t, "ranking", sub(top["ranking"]), "rank", "unit", "total")
	assertKeys(t, "weakest", sub(top["weakest"]), "item", "requirement", "text", "average_lost")
}

func assertKeys(t *testing.T, what string, m map[string]json.RawMessage, keys ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	sort.Strings(keys)
	if !reflect.DeepEqual(got, keys) {
		t.Errorf("%s keys %v, want %v", what, got, keys)
	}
}
