package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/grid"
)

// unitFiles is what one unit sends: the four lists (two members) and a 评分表.
var unitFiles = []int{1, 2, 3, 3, 4, 5}

// GenerateCorpus writes n realistic submissions under dir, one folder per
// unit, from the project's example generator: varied units, people, task
// counts and deductions, and a defect in about one list in eight.
func GenerateCorpus(c *checklist.Catalog, dir string, n int) error {
	for i := 0; i < n; i++ {
		u := i / len(unitFiles)
		att := unitFiles[i%len(unitFiles)]
		unit := fmt.Sprintf("第%d实验学校", u+1)
		eo := forms.ExampleOptions{Unit: unit, Seed: int64(i + 1), Rows: 1 + (i*7)%3}
		f, err := forms.NewExampleWorkbook(c, att, eo)
		if err != nil {
			return fmt.Errorf("example %d: %w", i, err)
		}
		if att != 5 && i%8 == 3 {
			if err := addDefect(c, f, i); err != nil {
				f.Close()
				return err
			}
		}
		path := filepath.Join(dir, unit, fmt.Sprintf("%02d 附件%d.xlsx", i%len(unitFiles), att))
		err = checklist.WriteFileAtomic(path, true, func(w io.Writer) error { return f.Write(w) })
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// addDefect clears one cell a school might leave empty: a quarter's measure,
// an owner or a task.
func addDefect(c *checklist.Catalog, f *excelize.File, i int) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	b, err := grid.Read("清单.xlsx", buf.Bytes(), grid.DefaultLimits())
	if err != nil {
		return err
	}
	wb := checklist.ReadBook(c, "", b)
	if len(wb.Lists) == 0 || len(wb.Lists[0].Rows) < 2 {
		return nil
	}
	l := wb.Lists[0]
	row := l.Rows[1+i%(len(l.Rows)-1)]
	ref := row.Measures[i%4].Ref
	switch {
	case i%3 == 1 && row.Owner.Ref != "":
		ref = row.Owner.Ref
	case i%3 == 2:
		ref = row.Task.Ref
	}
	if ref == "" {
		return nil
	}
	return f.SetCellValue(l.Sheet, ref, "")
}

// CorpusFiles lists the .xlsx files under dir, sorted.
func CorpusFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".xlsx" {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}
