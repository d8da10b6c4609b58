package xlsx

import (
	"errors"
	"testing"

	"qingdan/internal/grid"
)

// FuzzRead feeds bytes to Read, seeded with the test book: an error is a
// *grid.Error with a reason, and a book keeps within its limits.
func FuzzRead(f *testing.F) {
	f.Add(testBook(&testing.T{}))
	f.Add([]byte("PK\x03\x04"))
	lim := grid.DefaultLimits()
	lim.MaxUnzipped, lim.MaxPartSize, lim.MaxElements = 4<<20, 2<<20, 100000
	f.Fuzz(func(t *testing.T, data []byte) {
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
			if len(s.Merges) > lim.MaxMerges {
				t.Fatalf("sheet %s: %d merges", s.Name, len(s.Merges))
			}
			for i, r := range s.Rows {
				if i > 0 && r.Num <= s.Rows[i-1].Num || r.Num > lim.MaxRowNumber {
					t.Fatalf("sheet %s: row %d out of order", s.Name, r.Num)
				}
				for j, c := range r.Cells {
					cells++
					if j > 0 && c.Col <= r.Cells[j-1].Col || c.Col < 1 || c.Col > lim.MaxColumns {
						t.Fatalf("sheet %s row %d: cell %d out of order or bounds", s.Name, r.Num, c.Col)
					}
				}
			}
		}
		if cells > lim.MaxCells || len(b.Sheets) > lim.MaxSheets {
			t.Fatalf("%d cells, %d sheets", cells, len(b.Sheets))
		}
	})
}
