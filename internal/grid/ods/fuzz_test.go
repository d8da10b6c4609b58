package ods

import (
	"errors"
	"testing"

	"qingdan/internal/grid"
)

func FuzzRead(f *testing.F) {
	for _, name := range []string{"principal.ods", "types.ods"} {
		f.Add(fixture(f, name))
	}
	content := contentOf(`<style:style style:name="ta1" style:family="table"><style:table-properties table:display="false"/></style:style>`,
		`<table:table table:name="a" table:style-name="ta1"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" table:number-columns-spanned="2" office:value-type="date" office:date-value="2017-02-10"><text:p>x<text:s text:c="3"/></text:p></table:table-cell></table:table-row></table:table>`)
	f.Add(odsOf(f, content))
	f.Add([]byte(content))
	lim := grid.DefaultLimits()
	lim.MaxUnzipped, lim.MaxPartSize = 4<<20, 2<<20
	f.Fuzz(func(t *testing.T, data []byte) {
		if !grid.IsZip(data) {
			// Bytes that are no zip are fuzzed as content.xml, where the
			// reader's own logic is, rather than refused at the zip.
			data = odsOf(t, string(data))
		}
		b, err := Read(data, lim)
		if err != nil {
			var e *grid.Error
			if !errors.As(err, &e) || e.Reason == "" {
				t.Fatalf("error %v is not a *grid.Error with a reason", err)
			}
			return
		}
		cells := 0
		for _, s := range b.Sheets {
			if len(s.Rows) > lim.MaxRows || len(s.Merges) > lim.MaxMerges {
				t.Fatalf("sheet %s: %d rows, %d merges", s.Name, len(s.Rows), len(s.Merges))
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
				if m.Top < 1 || m.Left < 1 || m.Bottom < m.Top || m.Right < m.Left || m.Right > lim.MaxColumns || m.Bottom > lim.MaxRowNumber {
					t.Fatalf("sheet %s: merge %v", s.Name, m)
				}
			}
		}
		if cells > lim.MaxCells {
			t.Fatalf("%d cells", cells)
		}
	})
}
