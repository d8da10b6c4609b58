package checklist

import "testing"

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
