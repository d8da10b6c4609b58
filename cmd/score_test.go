package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/golden"
	"qingdan/internal/xlsxtest"
	"qingdan/scoring"
	"qingdan/scoring/scoringtest"
)

// notationScores scores item 1 line 2 at 1.5, item 2 line 4 as 不符合 and
// leaves item 3 line 1 empty; every other line gets full points.
func notationScores(item string, line, points int) any {
	switch {
	case item == "1" && line == 2:
		return 1.5
	case item == "2" && line == 4:
		return "不符合"
	case item == "3" && line == 1:
		return nil
	}
	return points
}

func TestScoreExitCodes(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.xlsx")
	scoringtest.Card{Layout: scoringtest.Plain, Unit: "甲校", Date: "2017-03-01"}.Write(t, full)
	blank := filepath.Join(dir, "blank.xlsx")
	scoringtest.Card{Layout: scoringtest.Plain, Unit: "乙校", Score: notationScores}.Write(t, blank)
	existing := filepath.Join(dir, "排名.xlsx")
	if err := os.WriteFile(existing, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	badRules := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(badRules, []byte("version: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		code    int
		stderr  string
		unsaved string // a file that must not have changed
	}{
		{"full marks", []string{"score", full}, 0, "", ""},
		{"empty score is an error", []string{"score", blank}, 1, "", ""},
		{"empty score counts zero", []string{"score", "--blank", "zero", blank}, 0, "", ""},
		{"no path", []string{"score"}, 2, "", ""},
		{"path does not exist", []string{"score", filepath.Join(dir, "nope.xlsx")}, 2, "nope.xlsx", ""},
		{"bad --format", []string{"score", "--format", "xml", full}, 2, "--format", ""},
		{"bad --blank", []string{"score", "--blank", "half", full}, 2, "--blank", ""},
		{"bad -j", []string{"score", "-j", "0", full}, 2, "-j", ""},
		{"unknown flag", []string{"score", "--colour", full}, 2, "--colour", ""},
		{"output exists without --force", []string{"score", full, "-o", existing}, 2, "--force", existing},
		{"invalid rules", []string{"--rules", badRules, "score", full}, 2, "rules.yaml", ""},
		{"workbook without 评分表 named explicitly", []string{"score", existing + ".xlsx"}, 2, "", ""},
	}
	before, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if tc.stderr != "" && !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q should name %q", stderr, tc.stderr)
			}
			if tc.unsaved != "" {
				if data, _ := os.ReadFile(tc.unsaved); string(data) != "keep" {
					t.Errorf("%s was overwritten", tc.unsaved)
				}
			}
		})
	}
	if after, _ := os.ReadFile(full); !bytes.Equal(before, after) {
		t.Error("scoring changed the input file")
	}
}

func TestScoreNoScorecardNamedExplicitly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "清单.xlsx")
	f := excelize.NewFile()
	_ = f.SetCellStr("Sheet1", "A1", "领导班子主要负责人责任清单")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, "score", path)
	if code != 1 || !strings.Contains(out, scoring.CodeNoScorecard) {
		t.Errorf("exit %d, output %q: want 1 and no-scorecard", code, out)
	}
	code, _, stderr := run(t, "score", filepath.Dir(path))
	if code != 1 || !strings.Contains(stderr, "没有找到评分表") {
		t.Errorf("a folder with no 评分表: exit %d, stderr %q", code, stderr)
	}
}

// twoCards writes the cards of the golden files into a fresh folder.
func twoCards(t *testing.T) string {
	dir := t.TempDir()
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校", Date: "2017年3月1日", Score: notationScores,
		Note: func(item string, line int) string {
			if item == "1" && line == 2 {
				return "工作台账不完整"
			}
			return ""
		}}.Write(t, filepath.Join(dir, "甲校.xlsx"))
	scoringtest.Card{Layout: scoringtest.Plain, Unit: "乙校", Date: "2017-03-02"}.Write(t, filepath.Join(dir, "乙校.xlsx"))
	return dir
}

func TestScoreGolden(t *testing.T) {
	dir := twoCards(t)
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := run(t, "score", "--blank", "zero", "--format", format, dir)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			out = strings.ReplaceAll(out, filepath.ToSlash(dir), "DIR")
			golden.Assert(t, "score_"+format+".golden", out)
		})
	}
}

func TestScoreJobsKeepPathOrder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"丁校", "丙校", "乙校", "甲校", "戊校"} {
		scoringtest.Card{Layout: scoringtest.Plain, Unit: u}.Write(t, filepath.Join(dir, "sub", u+".xlsx"))
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "~$甲校.xlsx"), []byte("lock"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := excelize.NewFile()
	_ = list.SetCellStr("Sheet1", "A1", "纪委(纪检委员)监督责任清单")
	if err := list.SaveAs(filepath.Join(dir, "sub", "乙校清单.xlsx")); err != nil {
		t.Fatal(err)
	}
	var outs []string
	for _, j := range []string{"1", "4"} {
		code, out, stderr := run(t, "score", "-j", j, "--format", "json", dir)
		if code != 0 {
			t.Fatalf("-j %s: exit %d, stderr %q", j, code, stderr)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		t.Error("-j 1 and -j 4 give different reports")
	}
	var rep struct {
		Cards []struct{ Path string }
	}
	if err := json.Unmarshal([]byte(outs[0]), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range rep.Cards {
		got = append(got, filepath.Base(c.Path))
	}
	want := []string{"丁校.xlsx", "丙校.xlsx", "乙校.xlsx", "戊校.xlsx", "甲校.xlsx"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("cards %v, want path order %v", got, want)
	}
}

func TestScoreRankingWorkbook(t *testing.T) {
	dir := twoCards(t)
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "=HYPERLINK(\"http://x\",\"丙校\")", NoTotal: true,
		Score: func(item string, line, points int) any {
			if item == "21" {
				return 0
			}
			return points
		}}.Write(t, filepath.Join(dir, "丙校.xlsx"))
	outDir := t.TempDir()
	out := filepath.Join(outDir, "排名.xlsx")
	if code, _, stderr := run(t, "score", "--blank", "zero", dir, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, _ := run(t, "score", "--blank", "zero", dir, "-o", out, "--force"); code != 0 {
		t.Fatalf("--force should overwrite, exit %d", code)
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
	f := xlsxtest.Open(t, out)
	if got := strings.Join(f.GetSheetList(), ","); got != "排名,各单位得分,薄弱环节" {
		t.Errorf("sheets %s", got)
	}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// 乙校 100; 丙校 98 (item 21: 2 lost); 甲校 96.5 (0.5 + 2 + 1 lost, item 3 line 1 blank zero).
	wantRows := [][]string{
		{"名次", "被检查考核单位", "总分（100分）"},
		{"1", "乙校", "100"},
		{"2", "=HYPERLINK(\"http://x\",\"丙校\")", "98"},
		{"3", "甲校", "96.5"},
	}
	for r, want := range wantRows {
		for c, v := range want {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if got := cell("排名", ref); got != v {
				t.Errorf("排名!%s = %q, want %q", ref, got, v)
			}
		}
	}
	if formula, _ := f.GetCellFormula("排名", "B3"); formula != "" {
		t.Errorf("unit text became a formula: %q", formula)
	}
	if got := cell("各单位得分", "C1"); got != "1 组织领导（9分）" {
		t.Errorf("各单位得分!C1 = %q", got)
	}
	// Items 2 line 4 and 21 both lose 2/3 on average: catalog order breaks the tie.
	for ref, want := range map[string]string{"B2": "2 正风肃纪（第4条）", "E2": "0.6667", "B3": "21 拟提拔干部廉政审查（第1条）", "F3": "1"} {
		if got := cell("薄弱环节", ref); got != want {
			t.Errorf("薄弱环节!%s = %q, want %q", ref, got, want)
		}
	}
	if panes, err := f.GetPanes("排名"); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("heading row not frozen: %+v %v", panes, err)
	}
}

// TestScorePendingCard: a card with errors stays in the ranking marked 待核
// with the reason, in the text, the JSON and 排名.xlsx, and its lost points
// stay out of the 薄弱环节.
func TestScorePendingCard(t *testing.T) {
	dir := t.TempDir()
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}.Write(t, filepath.Join(dir, "甲校.xlsx"))
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "乙校", Score: func(item string, line, points int) any {
		if item == "1" && line == 1 {
			return nil // unscored: an error
		}
		return points
	}}.Write(t, filepath.Join(dir, "乙校.xlsx"))

	code, out, errOut := run(t, "score", dir, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep struct {
		Ranking []map[string]any `json:"ranking"`
		Weakest []any            `json:"weakest"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	status := map[string]any{}
	for _, r := range rep.Ranking {
		status[r["unit"].(string)] = r["status"]
		if _, ok := r["reason"]; ok != (r["status"] != nil) {
			t.Errorf("%v: a reason goes with a status and only with it", r)
		}
	}
	if want := map[string]any{"甲校": nil, "乙校": "待核"}; !reflect.DeepEqual(status, want) {
		t.Errorf("JSON statuses %v, want %v", status, want)
	}
	if len(rep.Weakest) != 0 {
		t.Errorf("weakest %v: the 待核 card's lost points must not count", rep.Weakest)
	}

	_, out, _ = run(t, "score", dir)
	if !strings.Contains(out, "| 状态 |") || !strings.Contains(out, "待核：乙校 评分表有 1 个错误") {
		t.Errorf("text ranking does not mark 乙校 待核:\n%s", out)
	}

	ranking := filepath.Join(t.TempDir(), "排名.xlsx")
	run(t, "score", dir, "-o", ranking)
	f := xlsxtest.Open(t, ranking)
	rows, err := f.GetRows(scoring.SheetRanking)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "状态")
	if col < 0 {
		t.Fatalf("no 状态 column in %v", rows[0])
	}
	for _, row := range rows[1:] {
		got := ""
		if col < len(row) {
			got = row[col]
		}
		if want := map[string]string{"甲校": "", "乙校": "待核"}[row[1]]; got != want {
			t.Errorf("排名.xlsx: %s 状态 %q, want %q", row[1], got, want)
		}
	}
}
