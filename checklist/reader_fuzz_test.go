package checklist

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/grid"
)

// FuzzReadWorkbook feeds arbitrary bytes, seeded with real workbooks (the
// filled examples of the five attachments among them), to
// ReadFile and, when OpenWorkbook can open them, to ReadBook over the book
// excelize reads, and asserts
// neither panics nor returns nil.
func FuzzReadWorkbook(f *testing.F) {
	for _, build := range []func(s *sheetWriter){
		func(s *sheetWriter) { collectiveForm(s, 1, 1, "党委(党组)领导班子主体责任清单") },
		func(s *sheetWriter) { personForm(s, 1, 1, "班子成员责任清单", true) },
		func(s *sheetWriter) { supervisionForm(s, 3, 2, "纪委(纪检组)监督责任清单") },
	} {
		x := excelize.NewFile()
		build(&sheetWriter{t: f, f: x, name: "Sheet1"})
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			f.Fatal(err)
		}
		x.Close()
		f.Add(buf.Bytes())
	}
	for n := 1; n <= 5; n++ {
		x, err := NewExampleWorkbook(DefaultCatalog(), n, ExampleOptions{})
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
	c := DefaultCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkRead(t, ReadFile(c, path))
		// Through the guarded opener, as every caller of excelize on a submission.
		x, err := OpenWorkbook(path, data, excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit})
		if err != nil {
			return
		}
		defer x.Close()
		checkRead(t, ReadBook(c, path, bookFromExcelize(t, x)))
	})
}

func checkRead(t *testing.T, wb *Workbook) {
	t.Helper()
	if wb == nil {
		t.Fatal("the reader returned nil")
	}
	for _, fd := range wb.Findings {
		if fd.Code == CodeUnreadable && strings.Contains(fd.Message, "内部错误") {
			t.Fatalf("panic inside the reader: %s", fd.Message)
		}
	}
}
