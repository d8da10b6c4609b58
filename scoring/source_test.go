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
// read, and opens the bytes with excelize only to compute a formula that
// has no cached value.
func TestExcelizeOnlyForFormulasWithoutValues(t *testing.T) {
	cases := []struct {
		name   string
		card   scoringtest.Card
		opened bool
	}{
		{"scores written as numbers", scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", NoTotal: true}, false},
		{"totals as formulas without cached values", scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}, true},
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
