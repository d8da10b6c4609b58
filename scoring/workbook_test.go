package scoring

import (
	"bytes"
	"testing"

	"qingdan/checklist"
	"qingdan/internal/xlsxtest"
)

func TestWriteRanking(t *testing.T) {
	cat := checklist.DefaultCatalog()
	cards := []*Card{
		{Unit: "+cmd|' /C calc'!A0", Total: 90, Scored: true, Categories: []CategoryScore{{Score: 30}, {Score: 20}, {Score: 40}}},
		{Unit: "@SUM(1)", Total: 95, Scored: true, Categories: []CategoryScore{{Score: 35}, {Score: 20}, {Score: 40}}},
	}
	var buf bytes.Buffer
	must(t, WriteRanking(&buf, cards, cat))
	f := xlsxtest.OpenBytes(t, buf.Bytes())
	for ref, want := range map[string]string{"B2": "@SUM(1)", "B3": "+cmd|' /C calc'!A0", "C2": "95", "D3": "30"} {
		got, _ := f.GetCellValue(SheetRanking, ref)
		if got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
		if formula, _ := f.GetCellFormula(SheetRanking, ref); formula != "" {
			t.Errorf("%s holds formula %q", ref, formula)
		}
	}
}

// TestRankingRowHeights checks that rows holding long wrapped text are as
// tall as the text: LibreOffice and Excel print excelize's rows at the
// default height, the text running over the rows below.
func TestRankingRowHeights(t *testing.T) {
	cat := checklist.DefaultCatalog()
	long := cat.Entry("1").Item.Requirements[1]
	cards := []*Card{{Unit: "甲校", Total: 98, Scored: true,
		Categories: []CategoryScore{{Score: 38}, {Score: 20}, {Score: 40}},
		Lines:      []LineScore{{Item: "1", Line: 2, Text: long.Text, Max: 2, Score: 0, Lost: 2}}}}
	var buf bytes.Buffer
	must(t, WriteRanking(&buf, cards, cat))
	f := xlsxtest.OpenBytes(t, buf.Bytes())
	cases := []struct {
		sheet string
		row   int
		min   float64 // at least this many points
	}{
		{SheetWeakest, 2, 2 * 15}, // a 具体要求 of two lines in its column of 70
		{SheetItems, 1, 4 * 15},   // 9 主要负责人履行“第一责任人”责任（6分） in a narrow column
		{SheetRanking, 1, 32},     // the heading keeps its height
	}
	for _, tc := range cases {
		h, err := f.GetRowHeight(tc.sheet, tc.row)
		must(t, err)
		if h < tc.min {
			t.Errorf("%s row %d is %v points high, want at least %v", tc.sheet, tc.row, h, tc.min)
		}
	}
}

func TestRankingWorkbookRanksTheLaterCard(t *testing.T) {
	cat := checklist.DefaultCatalog()
	cats := []CategoryScore{{Score: 30}, {Score: 20}, {Score: 40}}
	cards := []*Card{
		{Path: "甲校-初稿.xlsx", Unit: "甲校", Date: "2017-06-01", Total: 70, Scored: true, Categories: cats},
		{Path: "甲校.xlsx", Unit: "甲校", Date: "2017-06-20", Total: 90, Scored: true, Categories: cats},
		{Path: "乙校.xlsx", Unit: "乙校", Total: 80, Scored: true, Categories: cats},
	}
	var buf bytes.Buffer
	must(t, WriteRanking(&buf, cards, cat))
	f := xlsxtest.OpenBytes(t, buf.Bytes())
	rows, err := f.GetRows(SheetRanking)
	must(t, err)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want the heading and two units: %v", len(rows), rows)
	}
	if rows[1][1] != "甲校" || rows[1][2] != "90" || rows[2][1] != "乙校" {
		t.Errorf("ranking rows %v, want 甲校 90 then 乙校", rows[1:])
	}
}
