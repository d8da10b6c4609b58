package xls_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"qingdan/internal/grid"
)

// TestRegistered reads through grid's opening policy: content decides, so
// an .xls under any name is read as xls and an .et is read too.
func TestRegistered(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "gnumeric-fujian1.xls"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"清单.xls", "清单.et", "改了扩展名.xlsx"} {
		b, err := grid.Read(name, data, grid.DefaultLimits())
		if err != nil || b.Format != "xls" || len(b.Sheets) == 0 {
			t.Errorf("%s: format %v, error %v", name, b, err)
		}
	}
	enc, err := os.ReadFile(filepath.Join(fixtures, "gnumeric-biff7.xls"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = grid.Read("旧版.xls", enc, grid.DefaultLimits())
	var ge *grid.Error
	if !errors.As(err, &ge) || ge.Path != "旧版.xls" || !errors.Is(err, grid.ErrFormat) {
		t.Errorf("BIFF7: %v, want a refusal naming the file", err)
	}
}
