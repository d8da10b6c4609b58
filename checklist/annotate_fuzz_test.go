package checklist_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// FuzzAnnotate checks fuzzed bytes (seeded with the filled examples and a
// list with errors) and writes their annotated copy: no panic, the input
// left as it was, and a copy that is written is a workbook excelize opens.
func FuzzAnnotate(f *testing.F) {
	for n := 1; n <= 4; n++ {
		x, err := forms.NewExampleWorkbook(checklist.DefaultCatalog(), n, forms.ExampleOptions{})
		if err != nil {
			f.Fatal(err)
		}
		x.SetCellValue(x.GetSheetList()[0], "C5", "")
		var buf bytes.Buffer
		if _, err := x.WriteTo(&buf); err != nil {
			f.Fatal(err)
		}
		x.Close()
		f.Add(buf.Bytes())
	}
	f.Add([]byte("PK\x03\x04"))
	c := checklist.DefaultCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fr := checklist.CheckWorkbookWith(c, checklist.ReadFile(c, path), checklist.CheckOptions{})
		var out bytes.Buffer
		err := checklist.WriteAnnotated(&out, c, &fr, checklist.AnnotateOptions{})
		if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
			t.Fatal("the input was changed")
		}
		var skip *checklist.AnnotateSkip
		switch {
		case errors.As(err, &skip):
			if skip.Reason == "" {
				t.Fatal("a skipped copy without a reason")
			}
		case err != nil:
			t.Fatalf("WriteAnnotated: %v", err)
		default:
			x, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("the copy does not open: %v", err)
			}
			x.Close()
		}
	})
}
