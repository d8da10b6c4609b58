package checklist

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestFormulaCells(t *testing.T) {
	for _, tc := range []struct {
		formula string
		want    int
	}{
		{"SUM(G7:G12)", 6},
		{"G7+G8-$H$9", 3},
		{"SUM(G7:G12,I7:I12)", 12},
		{"'评分表'!A1:B2", 4},
		{"SUM(A1:XFD1048575)", maxExcelizeFormulaCells + 1},
		{`SUM(INDIRECT("A1"))`, maxExcelizeFormulaCells + 1},
		{"OFFSET(A1,0,0,5,5)", maxExcelizeFormulaCells + 1},
		{"1+1", 0},
	} {
		if got := formulaCells(tc.formula); got != tc.want {
			t.Errorf("formulaCells(%q) = %d, want %d", tc.formula, got, tc.want)
		}
	}
}

// TestOpenWorkbookKeepsTheExamples: the scan must not refuse what the
// office really receives, the five filled forms.
func TestOpenWorkbookKeepsTheExamples(t *testing.T) {
	for n := 1; n <= 5; n++ {
		f, err := NewExampleWorkbook(DefaultCatalog(), n, ExampleOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
		x, err := OpenWorkbook("示例.xlsx", buf.Bytes(), excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit})
		if err != nil {
			t.Fatalf("attachment %d refused: %v", n, err)
		}
		x.Close()
	}
}

func TestOpenInput(t *testing.T) {
	dir := t.TempDir()
	f, err := NewExampleWorkbook(DefaultCatalog(), 1, ExampleOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "附件1.xlsx")
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	f.Close()
	empty := filepath.Join(dir, "空.xlsx")
	broken := filepath.Join(dir, "截断.xlsx")
	for p, data := range map[string]string{empty: "", broken: "PK\x03\x04 truncated"} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit}
	tests := []struct {
		name       string
		path       string
		inputError string // "" when excelize's own error or none is wanted
		fails      bool
	}{
		{"a filled example opens", good, "", false},
		{"an empty file is refused before excelize", empty, "空的", true},
		{"a folder is refused before excelize", dir, "文件夹", true},
		{"a truncated zip is excelize's error", broken, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := OpenInput(tt.path, opts)
			if x != nil {
				x.Close()
			}
			if (err != nil) != tt.fails {
				t.Fatalf("error %v, want failure %v", err, tt.fails)
			}
			ie := (*InputError)(nil)
			if isInput := errors.As(err, &ie); isInput != (tt.inputError != "") || (isInput && !strings.Contains(ie.Reason, tt.inputError)) {
				t.Errorf("error %v, want an *InputError saying %q", err, tt.inputError)
			}
		})
	}
}
