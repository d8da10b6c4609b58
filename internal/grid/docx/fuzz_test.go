package docx

import (
	"errors"
	"testing"

	"qingdan/internal/grid"
)

func FuzzRead(f *testing.F) {
	for _, name := range []string{"notice.docx", "principal.docx"} {
		f.Add(readFixture(f, name))
	}
	body := p("附件2") + tbl(tr(tc(`<w:gridSpan w:val="3"/><w:vMerge w:val="restart"/>`, p("a"))), tr(tc(`<w:vMerge/>`))) + p("签字")
	f.Add(docxOf(f, body))
	f.Add([]byte(`<w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`))
	lim := grid.DefaultLimits()
	lim.MaxUnzipped, lim.MaxPartSize = 4<<20, 2<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		if !grid.IsZip(data) {
			// Bytes that are no zip are fuzzed as document.xml, where the
			// reader's own logic is, rather than refused at the zip.
			data = zipOf(t, map[string]string{"word/document.xml": string(data)})
		}
		b, err := Read(data, lim)
		if err != nil {
			var e *grid.Error
			if !errors.As(err, &e) || e.Reason == "" {
				t.Fatalf("error %v is not a *grid.Error with a reason", err)
			}
			return
		}
		checkBook(t, b, lim)
	})
}

// checkBook asserts what every reader promises of a Book.
func checkBook(t *testing.T, b *grid.Book, lim grid.Limits) {
	t.Helper()
	if len(b.Sheets) > lim.MaxSheets {
		t.Fatalf("%d sheets", len(b.Sheets))
	}
	cells := 0
	for _, s := range b.Sheets {
		if len(s.Rows) > lim.MaxRows || len(s.Merges) > lim.MaxMerges || s.TableTop < 1 || s.TableBottom < s.TableTop-1 {
			t.Fatalf("sheet %s: %d rows, %d merges, table rows %d..%d", s.Name, len(s.Rows), len(s.Merges), s.TableTop, s.TableBottom)
		}
		for i, r := range s.Rows {
			if i > 0 && r.Num <= s.Rows[i-1].Num || r.Num < 1 || r.Num > lim.MaxRowNumber {
				t.Fatalf("sheet %s: row %d out of order", s.Name, r.Num)
			}
			for j, c := range r.Cells {
				cells++
				if j > 0 && c.Col <= r.Cells[j-1].Col || c.Col < 1 || c.Col > lim.MaxColumns || len(c.Value) > lim.MaxCellBytes {
					t.Fatalf("sheet %s row %d: cell %d out of order or bounds", s.Name, r.Num, c.Col)
				}
			}
		}
		for _, m := range s.Merges {
			if m.Top < 1 || m.Left < 1 || m.Bottom < m.Top || m.Right < m.Left || m.Right > lim.MaxColumns {
				t.Fatalf("sheet %s: merge %v", s.Name, m)
			}
		}
	}
	if cells > lim.MaxCells {
		t.Fatalf("%d cells", cells)
	}
}
