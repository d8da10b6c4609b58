// Profiling: make bench (or N=300 bash bench/run.sh) writes the corpus, then
//
//	QINGDAN_CORPUS=$PWD/build/bench/corpus-300 go test ./bench -run '^$' -bench Validate \
//	    -benchtime 3s -cpuprofile /tmp/cpu.out -memprofile /tmp/mem.out -o /tmp/bench.test
//	go tool pprof -top -cum /tmp/bench.test /tmp/cpu.out
//	go tool pprof -top -cum -focus CheckWorkbook /tmp/bench.test /tmp/cpu.out
//	go tool pprof -sample_index=alloc_space -top -cum /tmp/bench.test /tmp/mem.out
//
// -bench Check profiles the rules alone, -bench Score the 评分表. The machine
// should be otherwise idle: other processes move ns/op by a third.

package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/scoring"
)

// The benchmarks read the corpus named by QINGDAN_CORPUS (make bench writes
// it); each op is one file, taken round-robin, so ns/op is the cost per file.
func corpus(b *testing.B, scorecards bool) []string {
	dir := os.Getenv("QINGDAN_CORPUS")
	if dir == "" {
		b.Skip("QINGDAN_CORPUS not set: run make bench")
	}
	all, err := CorpusFiles(dir)
	if err != nil || len(all) == 0 {
		b.Fatalf("corpus %s: %v (%d files)", dir, err, len(all))
	}
	var out []string
	for _, p := range all {
		if strings.Contains(filepath.Base(p), "附件5") == scorecards {
			out = append(out, p)
		}
	}
	return out
}

func BenchmarkFloor(b *testing.B) {
	files := corpus(b, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Floor(files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScoreFloor is the floor of the 评分表 files (附件5), for BenchmarkScore.
func BenchmarkScoreFloor(b *testing.B) {
	files := corpus(b, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Floor(files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExcelizeRead is excelize's plain full read: open, every sheet's rows and merged cells.
func BenchmarkExcelizeRead(b *testing.B) {
	files := corpus(b, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := excelize.OpenFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range f.GetSheetList() {
			if _, err := f.GetRows(s); err != nil {
				b.Fatal(err)
			}
			if _, err := f.GetMergeCells(s); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}

func BenchmarkReader(b *testing.B) {
	files := corpus(b, false)
	c := checklist.DefaultCatalog()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if wb := checklist.ReadFile(c, files[i%len(files)]); len(wb.Lists) == 0 {
			b.Fatalf("%s: no list", files[i%len(files)])
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	files := corpus(b, false)
	c := checklist.DefaultCatalog()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		checklist.CheckWorkbook(c, checklist.ReadFile(c, files[i%len(files)]))
	}
}

// BenchmarkCheck is the rules alone (CheckWorkbook) on workbooks read before
// the timer starts: Validate minus Reader, without the noise of both.
func BenchmarkCheck(b *testing.B) {
	files := corpus(b, false)
	c := checklist.DefaultCatalog()
	wbs := make([]*checklist.Workbook, len(files))
	for i, p := range files {
		wbs[i] = checklist.ReadFile(c, p)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		checklist.CheckWorkbook(c, wbs[i%len(wbs)])
	}
}

func BenchmarkScore(b *testing.B) {
	files := corpus(b, true)
	c := checklist.DefaultCatalog()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cards := scoring.ScoreFile(files[i%len(files)], c, scoring.Options{}); len(cards) == 0 {
			b.Fatal("no card")
		}
	}
}

// rosterFile writes a roster of n units, the size of a list's rows, as
// .xlsx or .csv.
func rosterFile(b *testing.B, ext string, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "名单"+ext)
	rows := [][]string{{"单位名称", "简称", "上级党组织", "班子成员数"}}
	for i := 1; i <= n; i++ {
		rows = append(rows, []string{fmt.Sprintf("第%d实验学校", i), fmt.Sprintf("%d校", i), "区教育局党委", "4"})
	}
	if ext == ".csv" {
		var text strings.Builder
		for _, r := range rows {
			text.WriteString(strings.Join(r, ",") + "\n")
		}
		if err := os.WriteFile(path, []byte(text.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		return path
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkRoster reads a roster of 40 units through the sheet model, as
// .xlsx and .csv: the cost of the model beside BenchmarkReader's list of
// about as many rows.
func BenchmarkRoster(b *testing.B) {
	for _, ext := range []string{".xlsx", ".csv"} {
		b.Run(strings.TrimPrefix(ext, "."), func(b *testing.B) {
			path := rosterFile(b, ext, 40)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if r, err := checklist.ReadRoster(path); err != nil || len(r.Units) != 40 {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchList reads a list of testdata/formats, read per op by checklist.ReadFile:
// the whole read of a list (format, sheet model, finding the list), so that
// the formats compare per list for the same content.
func benchList(b *testing.B, rel string) {
	path := filepath.Join("..", "testdata", "formats", rel)
	c := checklist.DefaultCatalog()
	b.ReportAllocs()
	for b.Loop() {
		if wb := checklist.ReadFile(c, path); len(wb.Lists) != 1 {
			b.Fatal(wb.Findings)
		}
	}
}

// The 附件1 example as .xlsx (excelize) and as LibreOffice's and Gnumeric's .xls.
func BenchmarkListXLSX(b *testing.B)           { benchList(b, "xls/fujian1.xlsx") }
func BenchmarkListXLSLibreOffice(b *testing.B) { benchList(b, "xls/lo-fujian1.xls") }
func BenchmarkListXLSGnumeric(b *testing.B)    { benchList(b, "xls/gnumeric-fujian1.xls") }
