package scoring

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

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
	// A 评分表 may come as a Word table: .docx is taken too.
	want := []string{"a.xlsx", "b/1.XLSM", "b/2.xlsx", "c/old.xls", "d.xlsx/inside.xlsx", "notice.docx"}
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

func TestDuplicateCard(t *testing.T) {
	day := time.Date(2017, 6, 1, 9, 0, 0, 0, time.UTC)
	card := func(path, unit, date string, total float64, modified time.Time) *Card {
		return &Card{Path: path, Unit: unit, Date: date, Total: total, Scored: true, Modified: modified}
	}
	cases := []struct {
		name   string
		cards  []*Card
		ranked []string // paths in the ranking, best first
		left   string   // the path given duplicate-card; "" for none
		why    string   // a word of its message
	}{
		{"later inspection date wins over file order",
			[]*Card{card("a.xlsx", "甲校", "2017-06-20", 90, day), card("b.xlsx", "甲校", "2017-06-10", 80, day.Add(time.Hour)), card("c.xlsx", "乙校", "2017-06-01", 85, day)},
			[]string{"a.xlsx", "c.xlsx"}, "b.xlsx", "2017-06-20"},
		{"same date: the newer file wins",
			[]*Card{card("a.xlsx", "甲校", "2017-06-20", 90, day.Add(time.Hour)), card("b.xlsx", "甲校", "2017-06-20", 80, day), card("c.xlsx", "乙校", "", 85, day)},
			[]string{"a.xlsx", "c.xlsx"}, "b.xlsx", "修改时间"},
		{"no date, same time: the later path wins",
			[]*Card{card("a.xlsx", "甲校", "", 90, day), card("b.xlsx", "甲校", "", 80, day), card("c.xlsx", "乙校", "", 85, day)},
			[]string{"c.xlsx", "b.xlsx"}, "a.xlsx", "排在本表之后"},
		{"unit variants are one unit",
			[]*Card{card("a.xlsx", "中共甲校党支部", "2017-06-01", 90, day), card("b.xlsx", "甲校", "2017-06-02", 80, day), card("c.xlsx", "乙校", "", 85, day)},
			[]string{"c.xlsx", "b.xlsx"}, "a.xlsx", "2017-06-02"},
		{"cards without a unit are never duplicates",
			[]*Card{card("a.xlsx", "", "", 90, day), card("b.xlsx", "", "", 80, day)},
			[]string{"a.xlsx", "b.xlsx"}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := Summarize(tc.cards)
			var ranked []string
			for _, r := range rep.Ranking {
				ranked = append(ranked, r.Card.Path)
			}
			if !reflect.DeepEqual(ranked, tc.ranked) {
				t.Errorf("ranked %v, want %v", ranked, tc.ranked)
			}
			for _, c := range tc.cards {
				f, ok := findingFor(c.Findings, CodeDuplicateCard)
				if ok != (c.Path == tc.left) {
					t.Errorf("%s: duplicate-card %v, want %v", c.Path, ok, c.Path == tc.left)
				}
				if ok && (f.Severity != checklist.Warning || !strings.Contains(f.Message, tc.why)) {
					t.Errorf("%s: finding %+v should be a warning saying %q", c.Path, f, tc.why)
				}
			}
			if !rep.Valid {
				t.Errorf("a duplicate card is a warning, yet the report is invalid")
			}
		})
	}
}

// TestPendingCards: whatever error a card has, it is ranked 待核 with the
// reason, and its lost points stay out of the 薄弱环节.
func TestPendingCards(t *testing.T) {
	cases := []struct {
		name  string
		value any
		blank Blank
		code  string
	}{
		{"blank cell", nil, BlankError, CodeUnscored},
		{"capped score", 3, BlankError, CodeOverMax},
		{"unknown notation", "较好", BlankError, CodeBadScore},
		{"half deduction is no error", "半扣", BlankError, ""},
		{"合格 is no error", "合格", BlankError, ""},
	}
	cat := checklist.DefaultCatalog()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var cards []*Card
			for _, c := range []scoringtest.Card{
				{Layout: scoringtest.Plain, Unit: "甲校", Score: scores(map[lineKey]any{{"1", 1}: tc.value})},
				{Layout: scoringtest.Plain, Unit: "乙校", Score: scores(map[lineKey]any{{"2", 4}: 0})},
			} {
				path := filepath.Join(dir, c.Unit+".xlsx")
				c.Write(t, path)
				cards = append(cards, ScoreFile(path, cat, Options{Blank: tc.blank, Explicit: true})...)
			}
			rep := Summarize(cards)
			var pending Rank
			for _, r := range rep.Ranking {
				if r.Unit == "甲校" {
					pending = r
				}
			}
			if tc.code == "" {
				if pending.Status != "" {
					t.Errorf("甲校 is %q (%s), want no status", pending.Status, pending.Reason)
				}
				if len(rep.Weakest) == 0 || rep.Weakest[0].Item != "2" {
					t.Errorf("weakest %+v, want item 2 first", rep.Weakest)
				}
				return
			}
			f, _ := findingFor(cards[0].Findings, tc.code)
			if pending.Status != StatusPending || !strings.Contains(pending.Reason, clip(f.Message, 40)) {
				t.Errorf("甲校 ranked %+v, want 待核 quoting %s", pending, tc.code)
			}
			for _, w := range rep.Weakest {
				if w.Item == "1" {
					t.Errorf("the 待核 card's loss on item 1 is among the weakest: %+v", rep.Weakest)
				}
			}
		})
	}
}
