package checklist_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/grid"
)

// FuzzReadWorkbook feeds arbitrary bytes, seeded with real workbooks (the
// filled examples of the five attachments among them), to
// ReadFile and, when OpenWorkbook can open them, to ReadBook over the book
// excelize reads, and asserts
// neither panics nor returns nil.
func FuzzReadWorkbook(f *testing.F) {
	for _, seed := range checklist.HandFormSeeds(f) {
		f.Add(seed)
	}
	for n := 1; n <= 5; n++ {
		x, err := forms.NewExampleWorkbook(checklist.DefaultCatalog(), n, forms.ExampleOptions{})
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := x.WriteTo(&buf); err != nil {
			f.Fatal(err)
		}
		x.Close()
		f.Add(buf.Bytes())
	}
	f.Add([]byte{})
	f.Add(append([]byte(nil), grid.CFBSignature...))
	c := checklist.DefaultCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkRead(t, checklist.ReadFile(c, path))
		// Through the guarded opener, as every caller of excelize on a submission.
		x, err := checklist.OpenWorkbook(path, data, checklist.ExcelizeLimits)
		if err != nil {
			return
		}
		defer x.Close()
		checkRead(t, checklist.ReadBook(c, path, checklist.BookFromExcelize(t, x)))
	})
}

func checkRead(t *testing.T, wb *checklist.Workbook) {
	t.Helper()
	if wb == nil {
		t.Fatal("the reader returned nil")
	}
	for _, fd := range wb.Findings {
		if fd.Code == checklist.CodeUnreadable && strings.Contains(fd.Message, "内部错误") {
			t.Fatalf("panic inside the reader: %s", fd.Message)
		}
	}
}
