package xls

import (
	"os"
	"path/filepath"
	"testing"

	"qingdan/internal/grid"
)

// FuzzRead feeds the fixtures and built books, mutated, to Sniff and Read:
// neither may panic, and a refusal is always a *grid.Error.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.xls"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(xlsFile(sst(2, compressed("a"), cat([]byte{1}, wide("中")[3:])), [][]byte{labelSST(0, 0, 1),
		rec(recMerged, le16(1), le16(0), le16(1), le16(0), le16(1))}))
	lim := grid.DefaultLimits()
	lim.MaxRows, lim.MaxCells, lim.MaxMerges = 200, 2000, 50
	f.Fuzz(func(t *testing.T, data []byte) {
		Sniff(data)
		b, err := Read(data, lim)
		if err != nil {
			if _, ok := err.(*grid.Error); !ok {
				t.Fatalf("error %T %v is not a *grid.Error", err, err)
			}
			return
		}
		for _, s := range b.Sheets {
			if len(s.Rows) > lim.MaxRows {
				t.Fatalf("sheet %q has %d rows over the limit", s.Name, len(s.Rows))
			}
			for i := 1; i < len(s.Rows); i++ {
				if s.Rows[i].Num <= s.Rows[i-1].Num {
					t.Fatalf("sheet %q rows out of order", s.Name)
				}
			}
		}
	})
}
