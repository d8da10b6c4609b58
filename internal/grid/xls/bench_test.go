package xls_test

import (
	"os"
	"path/filepath"
	"testing"

	"qingdan/checklist"
	"qingdan/internal/grid"
	"qingdan/internal/grid/xls"
)

const fixtures = "../../../testdata/formats/xls"

// BenchmarkRead reads LibreOffice's .xls of the 附件1 example.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fixtures, "lo-fujian1.xls"))
	if err != nil {
		b.Fatal(err)
	}
	lim := grid.DefaultLimits()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := xls.Read(data, lim); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadXLSXChecklist reads the same example as .xlsx with today's
// xlsx reader, checklist.ReadFile (which also finds the list in the sheet
// and reads the file from disk), for comparison with BenchmarkRead.
func BenchmarkReadXLSXChecklist(b *testing.B) {
	path := filepath.Join(fixtures, "fujian1.xlsx")
	c := checklist.DefaultCatalog()
	b.ReportAllocs()
	for b.Loop() {
		if wb := checklist.ReadFile(c, path); len(wb.Lists) != 1 {
			b.Fatal(wb.Findings)
		}
	}
}
