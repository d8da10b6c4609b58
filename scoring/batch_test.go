package scoring

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"qingdan/checklist"
	gridpkg "qingdan/internal/grid"
	"qingdan/scoring/scoringtest"
)

func TestCollectFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b/2.xlsx", "a.xlsx", "b/1.XLSM", "~$a.xlsx", ".hidden.xlsx", "c/old.xls", "notice.docx", "d.xlsx/inside.xlsx"} {
		full := filepath.Join(dir, p)
		must(t, os.MkdirAll(filepath.Dir(full), 0o755))
		writeFile(t, full, nil)
	}
	must(t, os.Symlink(dir, filepath.Join(dir, "b", "loop")))
	got, err := CollectFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, in := range got {
		r, _ := filepath.Rel(dir, in.Path)
		rel = append(rel, filepath.ToSlash(r))
		if in.Explicit {
			t.Errorf("%s found in a folder is not explicit", r)
		}
	}
	want := []string{"a.xlsx", "b/1.XLSM", "b/2.xlsx", "c/old.xls", "d.xlsx/inside.xlsx"}
	if !reflect.DeepEqual(rel, want) {
		t.Errorf("files %v, want %v", rel, want)
	}
	if _, err := CollectFiles([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("a missing path must be an error")
	}
}

func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	card := filepath.Join(dir, "card.xlsx")
	scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校"}.Write(t, card)
	data, err := os.ReadFile(card)
	if err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := make([]byte, 1<<20)
	for i := 0; i <= int(gridpkg.DefaultLimits().MaxUnzipped>>20); i++ {
		_, _ = w.Write(chunk)
	}
	must(t, zw.Close())
	cases := map[string][]byte{
		"truncated.xlsx": data[:len(data)/2],
		"bomb.xlsx":      bomb.Bytes(),
		"ole.xlsx":       append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			writeFile(t, path, content)
			cards := ScoreFile(path, checklist.DefaultCatalog(), Options{Explicit: true})
			if len(cards) != 1 || cards[0].Scored || len(cards[0].Findings) != 1 || cards[0].Findings[0].Code != CodeUnreadable {
				t.Fatalf("want one unreadable finding, got %+v", cards)
			}
			t.Log(cards[0].Findings[0].Message)
		})
	}
}

func FuzzScoreFile(f *testing.F) {
	dir := f.TempDir()
	card := filepath.Join(dir, "seed.xlsx")
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}.Write(f, card)
	data, err := os.ReadFile(card)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/3])
	f.Add([]byte("PK\x03\x04"))
	cat := checklist.DefaultCatalog()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "f.xlsx")
		writeFile(t, path, b)
		for _, c := range ScoreFile(path, cat, Options{Explicit: true}) {
			if c.Scored && (c.Total < 0 || c.Total > c.Max) {
				t.Errorf("total %v out of 0..%v", c.Total, c.Max)
			}
		}
	})
}
