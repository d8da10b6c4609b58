package checklist

import (
	"regexp"
	"testing"

	"qingdan/internal/grid"
)

// TestReadBookFromAWordTable reads a list laid out as Word table 2 (the
// sheet a .docx reader makes): every position in the list and in its
// findings prints as 表2 第R行第C列 or a paragraph around the table, never A1.
func TestReadBookFromAWordTable(t *testing.T) {
	c := DefaultCatalog()
	path := writeFilledForm(t, c, KindSupervision, map[string]string{"I9": "", "D8": ""})
	b, err := grid.ReadFile(path, grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheets[0]
	s.Table, s.TableTop, s.TableBottom = 2, 5, s.LastRow()-2
	wb := ReadBook(c, "附件4.docx", b)
	fr := CheckWorkbook(c, wb)
	if len(wb.Lists) != 1 || len(fr.Findings) == 0 {
		t.Fatalf("lists %d findings %v, want the list with its findings", len(wb.Lists), fr.Findings)
	}
	word := regexp.MustCompile(`^表2 (第\d+行第\d+列|上方第\d+段|下方第\d+段)$`)
	l := wb.Lists[0]
	for _, ref := range []string{l.Title.Ref, l.Unit.Ref, l.Rows[0].Name.Ref, l.Rows[0].Measures[0].Ref, l.Ref(l.Columns[ColTask], l.Rows[1].Row)} {
		if !word.MatchString(ref) {
			t.Errorf("position %q is not a Word table's", ref)
		}
	}
	placed := 0
	for _, f := range fr.Findings {
		if f.Cell == "" {
			continue
		}
		placed++
		if !word.MatchString(f.Cell) {
			t.Errorf("finding %s at %q, not a Word table position", f.Code, f.Cell)
		}
	}
	if placed < 2 {
		t.Errorf("%d findings with a position, want the cleared owner and quarter: %v", placed, fr.Findings)
	}
	if got := l.Ref(l.Columns[ColName], s.TableTop); got != "表2 第1行第1列" {
		t.Errorf("the table's first heading cell prints %q", got)
	}
}
