// Package xlsxtest edits the zip parts of a written workbook in tests, to
// make the files other programs write (other part names, missing parts).
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// RewriteParts rewrites every part of the .xlsx at path through edit, which
// returns the part's new name and content; an empty name drops the part.
func RewriteParts(t testing.TB, path string, edit func(name string, data []byte) (string, []byte)) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		name, data := edit(zf.Name, data)
		if name == "" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Open re-opens a written workbook read-only, as a user's program would,
// and closes it when the test ends.
func Open(t testing.TB, path string) *excelize.File {
	t.Helper()
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := excelize.OpenReader(r)
	if err != nil {
		t.Fatalf("%s does not open: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// OpenBytes opens a workbook written to memory and closes it when the
// test ends.
func OpenBytes(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("written workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// Fill is the solid fill colour of a cell's style as RRGGBB in upper case,
// "" when the cell has no solid fill.
func Fill(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
		return ""
	}
	c := strings.ToUpper(strings.TrimPrefix(st.Fill.Color[0], "#"))
	if len(c) == 8 { // ARGB
		c = c[2:]
	}
	return c
}
