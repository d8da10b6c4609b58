package scoring

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/hostile"
	"qingdan/scoring/scoringtest"
)

// recoveredPanic is how scoreFile words a panic it recovered; a fuzz input
// that reaches it is a crasher even though the batch survives it.
const recoveredPanic = "读取文件时出错（"

// FuzzReadScoreSheet feeds arbitrary bytes, seeded with valid score sheets
// (the filled example of attachment 5 and the three layouts the reader
// knows), to ScoreFile: it must neither panic, even recovered, nor score
// outside 0..100.
func FuzzReadScoreSheet(f *testing.F) {
	cat := checklist.DefaultCatalog()
	x, err := forms.NewExampleWorkbook(cat, 5, forms.ExampleOptions{})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	x.Close()
	f.Add(buf.Bytes())
	dir := f.TempDir()
	for _, layout := range []string{scoringtest.Ours, scoringtest.Plain, scoringtest.Retyped} {
		p := filepath.Join(dir, layout+".xlsx")
		scoringtest.Card{Layout: layout, Unit: "甲校", Date: "2017年3月1日"}.Write(f, p)
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// Regression seeds: the small hostile files that once cost excelize
	// gigabytes or minutes.
	for _, hc := range hostile.Write(f, f.TempDir()) {
		switch hc.Name {
		case hostile.SparseWide, hostile.FormulaBomb, hostile.HugeCell, hostile.TruncatedZip:
			data, err := os.ReadFile(hc.Path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "评分表.xlsx")
		writeFile(t, path, b)
		for _, c := range ScoreFile(path, cat, Options{Explicit: true}) {
			for _, fd := range c.Findings {
				if strings.HasPrefix(fd.Message, recoveredPanic) {
					t.Fatalf("panic inside the score reader: %s", fd.Message)
				}
			}
			if c.Scored && (c.Total < 0 || c.Total > c.Max) {
				t.Errorf("total %v out of 0..%v", c.Total, c.Max)
			}
		}
	})
}
