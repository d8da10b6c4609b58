package cmd

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/xlsxtest"
	"qingdan/scoring/scoringtest"
)

// Text from submissions that a spreadsheet would take for a formula.
const (
	injectUnit = "=HYPERLINK(B2,B3)"
	injectPlus = "+1+1"
	injectAt   = "@SUM(A1)"
	injectDash = "-2"
)

// writeInjectedSubmissions writes, under dir, a unit's attachment 1 whose
// 单位 is a formula and which has three more copies of the list on sheets
// named like formulas, each without 单位 (a finding on that sheet) and
// with a formula-like 项目任务; and two score sheets for units named like
// formulas.
func writeInjectedSubmissions(t *testing.T, dir string) (list string) {
	t.Helper()
	c := checklist.DefaultCatalog()
	list = filepath.Join(dir, "上报", "附件1.xlsx")
	if err := os.MkdirAll(filepath.Dir(list), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := checklist.WriteFileAtomic(list, false, func(w io.Writer) error {
		return forms.WriteExample(w, c, 1, forms.ExampleOptions{Unit: injectUnit})
	}); err != nil {
		t.Fatal(err)
	}
	read := checklist.ReadFile(c, list)
	if len(read.Lists) != 1 {
		t.Fatalf("example not read: %+v", read.Findings)
	}
	l := read.Lists[0]
	f, err := excelize.OpenFile(list)
	if err != nil {
		t.Fatal(err)
	}
	from, _ := f.GetSheetIndex(l.Sheet)
	for _, name := range []string{injectPlus, injectAt, injectDash} {
		to, err := f.NewSheet(name)
		if err == nil {
			err = f.CopySheet(from, to)
		}
		if err == nil {
			err = f.SetCellStr(name, l.Unit.Ref, "")
		}
		if err == nil {
			err = f.SetCellStr(name, l.Rows[0].Task.Ref, name)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for i, unit := range []string{injectUnit, injectDash} {
		scoringtest.Card{Layout: scoringtest.Ours, Unit: unit, Note: func(string, int) string { return injectPlus },
			Score: func(item string, line, points int) any {
				if i == 1 && line == 1 {
					return 0
				}
				return points
			}}.Write(t, filepath.Join(dir, "上报", unit+"评分表.xlsx"))
	}
	return list
}

// TestOutputsLeaveInputsAndTextAlone runs validate and score over a folder
// and writes every output (summary, annotated copies, ranking): the inputs
// keep their bytes, and submission text that looks like a formula is text
// in every workbook written.
func TestOutputsLeaveInputsAndTextAlone(t *testing.T) {
	dir := t.TempDir()
	list := writeInjectedSubmissions(t, dir)
	in := filepath.Join(dir, "上报")
	before := hashTree(t, in)
	out := filepath.Join(dir, "输出", "新建文件夹")
	summary, ranking, annotated := filepath.Join(out, "汇总.xlsx"), filepath.Join(out, "排名.xlsx"), filepath.Join(out, "批注")

	if code, _, errOut := run(t, "validate", in, "-o", summary, "--annotate", annotated); code != 1 {
		t.Errorf("validate exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "validate", in, "-o", summary); code != 2 || !strings.Contains(errOut, "--force") {
		t.Errorf("validate over an existing summary: exit %d, stderr %q, want 2 and --force", code, errOut)
	}
	if code, _, errOut := run(t, "score", in, "-o", ranking); code != 0 {
		t.Errorf("score exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "score", in, "-o", ranking); code != 2 || !strings.Contains(errOut, "--force") {
		t.Errorf("score over an existing ranking: exit %d, stderr %q, want 2 and --force", code, errOut)
	}

	after := hashTree(t, in)
	if len(after) != len(before) {
		t.Errorf("input folder had %d files, now %d", len(before), len(after))
	}
	for p, sum := range before {
		if after[p] != sum {
			t.Errorf("input %s changed", p)
		}
	}

	copyPath := filepath.Join(annotated, filepath.Base(list))
	for _, tc := range []struct {
		name   string
		path   string
		sheets []string // "" for every sheet
		want   []string
	}{
		{"summary workbook", summary, nil, []string{injectUnit, injectPlus, injectAt, injectDash}},
		{"annotated copy's 问题清单", copyPath, []string{"问题清单"}, []string{injectPlus, injectAt, injectDash}},
		{"annotated copy's tasks", copyPath, []string{injectPlus, injectAt, injectDash}, []string{injectPlus, injectAt, injectDash}},
		{"ranking workbook", ranking, nil, []string{injectUnit, injectDash}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := xlsxtest.Open(t, tc.path)
			sheets := tc.sheets
			if sheets == nil {
				sheets = f.GetSheetList()
			}
			var seen []string
			for _, sheet := range sheets {
				rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range rows {
					for c, v := range row {
						ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
						if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
							t.Errorf("%s!%s holds formula %q", sheet, ref, fm)
						}
						if slices.Contains(tc.want, v) {
							seen = append(seen, v)
						}
					}
				}
			}
			for _, w := range tc.want {
				if !slices.Contains(seen, w) {
					t.Errorf("no cell holds the text %q", w)
				}
			}
		})
	}
}

// TestScoreRankingFailedWriteLeavesNothing: a ranking that cannot be
// written (its folder is a file) leaves no partial or temp file behind.
func TestScoreRankingFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}.Write(t, filepath.Join(dir, "评分表.xlsx"))
	blocker := filepath.Join(dir, "输出")
	if err := os.WriteFile(blocker, []byte("不是文件夹"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, dir)
	code, _, errOut := run(t, "score", filepath.Join(dir, "评分表.xlsx"), "-o", filepath.Join(blocker, "排名.xlsx"))
	if code == 0 || errOut == "" {
		t.Errorf("exit %d, stderr %q: want a failure that says why", code, errOut)
	}
	after := hashTree(t, dir)
	if len(after) != len(before) {
		t.Errorf("files before %d, after %d: a failed write left something", len(before), len(after))
	}
}

// TestOutputNeverReplacesAnInput: -o naming an input, or a workbook inside
// an input folder, is refused with exit 2 before anything is read, --force
// or not, and every input keeps its bytes.
func TestOutputNeverReplacesAnInput(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "收件箱")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(inbox, "某校.xlsx")
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}.Write(t, card)
	list := filepath.Join(inbox, "附件1.xlsx")
	if err := checklist.WriteFileAtomic(list, false, func(w io.Writer) error {
		return forms.WriteExample(w, checklist.DefaultCatalog(), 1, forms.ExampleOptions{})
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		out  string // the -o path the message must name
		in   string // the input the message must name
	}{
		{"validate -o equal to the input file", []string{"validate", list, "-o", list}, list, list},
		{"validate -o an input inside the input folder", []string{"validate", inbox, "-o", card}, card, inbox},
		{"validate -o a new workbook inside the input folder", []string{"validate", inbox, "-o", filepath.Join(inbox, "汇总.xlsx")}, filepath.Join(inbox, "汇总.xlsx"), inbox},
		{"validate -o the input by another spelling", []string{"validate", list, "-o", filepath.Join(inbox, ".", "附件1.xlsx")}, filepath.Join(inbox, ".", "附件1.xlsx"), list},
		{"score -o equal to the input file", []string{"score", card, "-o", card}, card, card},
		{"score -o an input inside the input folder", []string{"score", inbox, "-o", list}, list, inbox},
	}
	for _, tt := range tests {
		for _, force := range []bool{false, true} {
			name := tt.name
			args := tt.args
			if force {
				name += " --force"
				args = append(slices.Clone(args), "--force")
			}
			t.Run(name, func(t *testing.T) {
				before := hashTree(t, inbox)
				code, out, errOut := run(t, args...)
				if code != 2 {
					t.Errorf("exit %d, want 2; stderr %q", code, errOut)
				}
				if out != "" {
					t.Errorf("stdout %q: the run must stop before reading", out)
				}
				for _, p := range []string{tt.out, tt.in} {
					if !strings.Contains(errOut, p) {
						t.Errorf("stderr %q does not name %s", errOut, p)
					}
				}
				after := hashTree(t, inbox)
				if len(after) != len(before) {
					t.Errorf("input folder had %d files, now %d", len(before), len(after))
				}
				for p, sum := range before {
					if after[p] != sum {
						t.Errorf("input %s changed", p)
					}
				}
			})
		}
	}
}

// TestOutputBesideTheInputs: -o outside the inputs, or inside an input
// folder under a name the walk skips, is written as before.
func TestOutputBesideTheInputs(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "收件箱")
	if err := os.MkdirAll(filepath.Join(inbox, ".输出"), 0o755); err != nil {
		t.Fatal(err)
	}
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "甲校"}.Write(t, filepath.Join(inbox, "甲校.xlsx"))
	scoringtest.Card{Layout: scoringtest.Ours, Unit: "乙校"}.Write(t, filepath.Join(inbox, "乙校.xlsx"))
	for _, out := range []string{filepath.Join(dir, "排名.xlsx"), filepath.Join(inbox, ".输出", "排名.xlsx")} {
		if code, _, errOut := run(t, "score", inbox, "-o", out); code != 0 {
			t.Errorf("score -o %s: exit %d, stderr %q", out, code, errOut)
		}
		if _, err := os.Stat(out); err != nil {
			t.Errorf("ranking not written: %v", err)
		}
	}
}
