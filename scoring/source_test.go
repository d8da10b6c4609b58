package scoring

import (
	"os"
	"path/filepath"
	"testing"

	"qingdan/checklist"
	gridpkg "qingdan/internal/grid"
	"qingdan/scoring/scoringtest"
)

// TestExcelizeOnlyForFormulasWithoutValues: scoring reads the book grid
// read, computes sums without a cached value on the sheet, and opens the
// bytes with excelize only for a formula beyond them.
func TestExcelizeOnlyForFormulasWithoutValues(t *testing.T) {
	cases := []struct {
		name   string
		card   scoringtest.Card
		opened bool
	}{
		{"scores written as numbers", scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", NoTotal: true}, false},
		{"totals as sums without cached values", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}, false},
		{"a total by another function", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Total: scoringtest.Formula("=ROUND(100,0)")}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "评分表.xlsx")
			c.card.Write(t, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := gridpkg.Read(path, data, gridpkg.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			src := &source{path: path, data: data, book: b}
			cards := scoreBook(src, checklist.DefaultCatalog(), Options{})
			if len(cards) != 1 || !cards[0].Scored || cards[0].Total != 100 {
				t.Fatalf("cards %+v, want one scored 100", cards)
			}
			if _, computed := findingFor(cards[0].Findings, CodeFormulaComputed); computed == (c.card.Layout == scoringtest.Plain) {
				t.Errorf("formula-computed reported: %v", computed)
			}
			if src.tried != c.opened {
				t.Errorf("excelize opened: %v, want %v", src.tried, c.opened)
			}
		})
	}
}

func TestParseDate1904(t *testing.T) {
	if got := parseDate("42795", true); got != "2021-03-02" {
		t.Errorf("parseDate(42795) in the 1904 system = %q, want 2021-03-02", got)
	}
}

func TestEvalFormula(t *testing.T) {
	num := func(col int, v string) gridpkg.Cell { return gridpkg.Cell{Col: col, Type: gridpkg.Number, Value: v} }
	s := &gridpkg.Sheet{Name: "评分表", Rows: []gridpkg.Row{
		{Num: 1, Cells: []gridpkg.Cell{num(1, "2"), num(2, "0.5"), {Col: 3, Type: gridpkg.Text, Value: "扣1分"}, {Col: 4, Type: gridpkg.Bool, Value: "1"}}},
		{Num: 2, Cells: []gridpkg.Cell{{Col: 1, Type: gridpkg.Number, Formula: "SUM(A1:D1)"}, {Col: 2, Type: gridpkg.Number, Formula: "A2*2-$B$1/(1+1)"}}},
		{Num: 3, Cells: []gridpkg.Cell{{Col: 1, Type: gridpkg.Number, Formula: "SUM(A1,B2,3)"}, {Col: 2, Type: gridpkg.Number, Formula: "A1+C1"},
			{Col: 3, Type: gridpkg.Number, Formula: "SUM(A1:C3)"}, {Col: 4, Type: gridpkg.Number, Formula: "ROUND(A1,0)"}, {Col: 5, Type: gridpkg.Number, Formula: "0.1+0.2"}}},
	}}
	cases := []struct {
		name, ref, want string
		ok              bool
	}{
		{"SUM of a range skips text and booleans", "A2", "2.5", true},
		{"arithmetic over a computed cell and an absolute reference", "B2", "4.75", true},
		{"SUM of cells, a nested result and a number", "A3", "9.75", true},
		{"text in arithmetic goes to excelize", "B3", "", false},
		{"a range holding the cell itself goes to excelize", "C3", "", false},
		{"another function goes to excelize", "D3", "", false},
		{"15 significant digits, as excelize", "E3", "0.3", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			col, row, _ := gridpkg.ParseCellName(c.ref)
			got, err := evalFormula(s, row, col)
			if (err == nil) != c.ok || got != c.want {
				t.Errorf("evalFormula(%s) = %q, %v; want %q, ok %v", c.ref, got, err, c.want, c.ok)
			}
		})
	}
}
