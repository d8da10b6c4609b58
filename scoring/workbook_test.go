package scoring

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
)

func TestWriteRanking(t *testing.T) {
	cat := checklist.DefaultCatalog()
	cards := []*Card{
		{Unit: "+cmd|' /C calc'!A0", Total: 90, Scored: true, Categories: []CategoryScore{{Score: 30}, {Score: 20}, {Score: 40}}},
		{Unit: "@SUM(1)", Total: 95, Scored: true, Categories: []CategoryScore{{Score: 35}, {Score: 20}, {Score: 40}}},
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "排名.xlsx")
	must(t, WriteRanking(path, cards, cat, false))
	if err := WriteRanking(path, cards, cat, false); !errors.Is(err, ErrExists) {
		t.Errorf("second write without force: %v, want ErrExists", err)
	}
	must(t, WriteRanking(path, cards, cat, true))
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("want only the workbook in the folder, got %d entries", len(entries))
	}
	f, err := excelize.OpenFile(path)
	must(t, err)
	defer f.Close()
	for ref, want := range map[string]string{"B2": "@SUM(1)", "B3": "+cmd|' /C calc'!A0", "C2": "95", "D3": "30"} {
		got, _ := f.GetCellValue(SheetRanking, ref)
		if got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
		if formula, _ := f.GetCellFormula(SheetRanking, ref); formula != "" {
			t.Errorf("%s holds formula %q", ref, formula)
		}
	}
}
