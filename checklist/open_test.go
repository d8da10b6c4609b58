package checklist

import (
	"bytes"
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
