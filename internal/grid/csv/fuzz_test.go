package csv

import (
	"errors"
	"testing"

	"qingdan/internal/grid"
)

// FuzzRead feeds bytes to Read: an error is a *grid.Error with a reason,
// and a book keeps within its limits.
func FuzzRead(f *testing.F) {
	f.Add([]byte("序号,责任名称,项目任务\n1,加强组织领导,\"多行\n任务\"\n"))
	f.Add([]byte("\xef\xbb\xbfa;b\r\n"))
	lim := grid.DefaultLimits()
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read(data, lim)
		if err != nil {
			var e *grid.Error
			if !errors.As(err, &e) || e.Reason == "" {
				t.Fatalf("error %v is not a *grid.Error with a reason", err)
			}
			return
		}
		for _, s := range b.Sheets {
			if len(s.Rows) > lim.MaxRows {
				t.Fatalf("%d rows", len(s.Rows))
			}
			for _, r := range s.Rows {
				for _, c := range r.Cells {
					if c.Col < 1 || c.Col > lim.MaxColumns || len(c.Value) > lim.MaxCellBytes {
						t.Fatalf("row %d: cell %d out of bounds", r.Num, c.Col)
					}
				}
			}
		}
	})
}
