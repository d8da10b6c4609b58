package scoring

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// scoreVerdict is what a 评分表 must score whatever its format: total,
// maximum, item scores and finding codes.
func scoreVerdict(t *testing.T, path string) string {
	t.Helper()
	cards := ScoreFile(path, checklist.DefaultCatalog(), Options{Explicit: true})
	if len(cards) != 1 || !cards[0].Scored {
		t.Fatalf("%s: cards %+v, want one scored", path, cards)
	}
	c := cards[0]
	var codes []string
	for _, f := range c.Findings {
		codes = append(codes, f.Code+" "+string(f.Severity))
	}
	slices.Sort(codes)
	s := fmt.Sprintf("total %v/%v unit %s findings %v\n", c.Total, c.Max, c.Unit, codes)
	for _, it := range c.Items {
		s += fmt.Sprintf("%s %s %v\n", it.No, it.Name, it.Score)
	}
	return s
}

// TestScorecardSameWhateverTheFormat: the 附件5 example as LibreOffice and
// Gnumeric save it as .xls scores as the .xlsx example does.
func TestScorecardSameWhateverTheFormat(t *testing.T) {
	f, err := forms.NewExampleWorkbook(checklist.DefaultCatalog(), 5, forms.ExampleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	orig := filepath.Join(t.TempDir(), "附件5.xlsx")
	if err := f.SaveAs(orig); err != nil {
		t.Fatal(err)
	}
	want := scoreVerdict(t, orig)
	for _, p := range []string{"lo-fujian5.xls", "gnumeric-fujian5.xls"} {
		if got := scoreVerdict(t, filepath.Join("..", "testdata", "formats", "xls", p)); got != want {
			t.Errorf("%s:\n%s\nwant (.xlsx):\n%s", p, got, want)
		}
	}
}
