package scoring

import (
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeList writes a responsibility list: a workbook with no 评分表.
func writeList(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, v := range []string{"责任名称", "项目任务", "责任人", "责任部门"} {
		ref, _ := excelize.CoordinatesToCellName(i+1, 3)
		_ = f.SetCellStr("Sheet1", ref, v)
	}
	_ = f.SetCellStr("Sheet1", "A1", "党委(党组)领导班子主体责任清单")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
