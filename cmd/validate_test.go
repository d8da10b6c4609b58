package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	"qingdan/internal/golden"
)

// writePrincipalList saves a filled 领导班子主要负责人责任清单 (attachment 2) at
// path, one task row per item from row 7, then applies edit ("" clears).
func writePrincipalList(t *testing.T, path string, edit map[string]string) {
	t.Helper()
	c := checklist.DefaultCatalog()
	f := excelize.NewFile()
	defer f.Close()
	cells := map[string]string{
		"A1": "附件2", "A2": "领导班子主要负责人责任清单", "A3": "填报日期：2017年2月10日",
		"A4": "单 位", "B4": "示例学校", "C4": "姓 名", "D4": "张三", "E4": "职 务", "F4": "校长",
		"A5": "责任名称", "B5": "序号", "C5": "项目任务具体分解内容", "D5": "工作措施和目标要求",
		"D6": "一季度", "E6": "二季度", "F6": "三季度", "G6": "四季度",
	}
	row := 7
	for i, e := range c.KindEntries(checklist.KindPrincipal) {
		set := func(col int, v string) {
			ref, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				t.Fatal(err)
			}
			cells[ref] = v
		}
		set(1, e.Name)
		set(2, fmt.Sprint(i+1))
		set(3, "落实"+e.Name)
		for q := range 4 {
			set(4+q, fmt.Sprintf("%d月底前完成1次检查", 3*(q+1)))
		}
		row++
	}
	cells["D7"] = "每月按不低于10%的比例开展谈心谈话，每年至少上1次党课"
	sign, err := excelize.CoordinatesToCellName(1, row+1)
	if err != nil {
		t.Fatal(err)
	}
	cells[sign] = "领导班子主要负责人（签字）："
	for ref, v := range edit {
		cells[ref] = v
	}
	for ref, v := range cells {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// writeFile saves bytes at path, making its folder.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// submissions lays out a folder as the office receives it, in the current
// directory: a valid list, a list with errors, a list with a warning only,
// a Word file, and an Office lock file that must be skipped.
func submissions(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	writePrincipalList(t, "上报/甲中学/附件2 主要负责人.xlsx", map[string]string{"B4": "甲中学"})
	writePrincipalList(t, "上报/乙小学/附件2.xlsx", map[string]string{
		"B4": "乙小学", "D4": "", "C9": "", "E10": "认真抓好落实", "D7": "每月按不低于5%的比例开展谈心谈话，每年上1次党课",
	})
	writePrincipalList(t, "上报/丙幼儿园/附件2.xlsx", map[string]string{"B4": "丙幼儿园", "B8": "5"})
	writeFile(t, "上报/丙幼儿园/附件3.docx", "PK")
	writeFile(t, "上报/甲中学/~$附件2 主要负责人.xlsx", "lock")
}

// fixClock makes the reported seconds zero.
func fixClock(t *testing.T) {
	t.Helper()
	at := time.Date(2017, 2, 14, 17, 0, 0, 0, time.UTC)
	old := validateClock
	validateClock = func() time.Time { return at }
	t.Cleanup(func() { validateClock = old })
}

func TestValidateExitCodes(t *testing.T) {
	fixClock(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of stderr
	}{
		{"a valid list", []string{"validate", "上报/甲中学/附件2 主要负责人.xlsx"}, 0, ""},
		{"a list with errors", []string{"validate", "上报/乙小学/附件2.xlsx"}, 1, ""},
		{"warnings only", []string{"validate", "上报/丙幼儿园/附件2.xlsx"}, 0, ""},
		{"warnings only with --strict", []string{"validate", "--strict", "上报/丙幼儿园/附件2.xlsx"}, 1, ""},
		{"a Word file", []string{"validate", "上报/丙幼儿园/附件3.docx"}, 1, ""},
		{"the whole folder", []string{"validate", "上报"}, 1, ""},
		{"a path that does not exist", []string{"validate", "上报/丁中学"}, 2, "路径不存在：上报/丁中学"},
		{"a bad --format", []string{"validate", "--format", "xml", "上报"}, 2, "--format"},
		{"a negative -j", []string{"validate", "-j", "-1", "上报"}, 2, "-j"},
		{"an unknown flag", []string{"validate", "--roster-file", "x", "上报"}, 2, "roster-file"},
		{"no path", []string{"validate"}, 2, "请指定要检查的文件或文件夹"},
		{"a rules file that does not exist", []string{"validate", "--rules", "没有.yaml", "上报"}, 2, "没有.yaml"},
	}
	submissions(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
			if tt.code != 2 && errOut != "" {
				t.Errorf("stderr not empty: %s", errOut)
			}
		})
	}
}

func TestValidateGolden(t *testing.T) {
	fixClock(t)
	submissions(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"validate_folder.txt", []string{"validate", "上报"}},
		{"validate_folder_quiet.txt", []string{"validate", "--quiet", "上报"}},
		{"validate_folder.json", []string{"validate", "--format", "json", "上报"}},
		{"validate_valid.txt", []string{"validate", "上报/甲中学/附件2 主要负责人.xlsx"}},
		{"validate_valid.json", []string{"validate", "--format=json", "上报/甲中学/附件2 主要负责人.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			_, out, _ := run(t, tt.args...)
			golden.Assert(t, tt.golden, out)
		})
	}
}

func TestValidateJSONShape(t *testing.T) {
	fixClock(t)
	submissions(t)
	_, out, _ := run(t, "validate", "--format", "json", "上报")
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"tool", "version", "rules", "valid", "stats", "files", "units"} {
		if _, ok := r[key]; !ok {
			t.Errorf("key %q missing", key)
		}
	}
	if _, ok := r["roster"]; ok {
		t.Error("roster present without --roster")
	}
	units, ok := r["units"].([]any)
	if !ok || len(units) != 3 {
		t.Fatalf("units = %v, want the three schools of the folder", r["units"])
	}
	for _, u := range units {
		um := u.(map[string]any)
		lists, _ := um["lists"].(map[string]any)
		for _, k := range []string{"collective", "principal", "member", "supervision"} {
			if _, ok := lists[k]; !ok {
				t.Errorf("unit %v: lists.%s missing", um["name"], k)
			}
		}
		if _, ok := um["findings"].([]any); !ok {
			t.Errorf("unit %v: findings is not an array", um["name"])
		}
	}
	files := r["files"].([]any)
	if len(files) != 4 {
		t.Fatalf("%d files, want 4 (the lock file skipped)", len(files))
	}
	for _, f := range files {
		fm := f.(map[string]any)
		if _, ok := fm["findings"].([]any); !ok {
			t.Errorf("%v: findings is not an array", fm["path"])
		}
	}
	_, out, _ = run(t, "validate", "--format", "json", "上报/甲中学/附件2 主要负责人.xlsx")
	var one map[string]any
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatal(err)
	}
	if units, ok := one["units"].([]any); !ok || len(units) != 0 {
		t.Errorf("a file named on its own: units = %v, want []", one["units"])
	}
	stats := r["stats"].(map[string]any)
	for _, key := range []string{"files", "lists", "units", "errors", "warnings", "infos", "seconds"} {
		if _, ok := stats[key]; !ok {
			t.Errorf("stats key %q missing", key)
		}
	}
}

func TestValidateTextReportHasNoColourOffTerminal(t *testing.T) {
	fixClock(t)
	submissions(t)
	_, out, _ := run(t, "validate", "上报")
	if strings.Contains(out, "\x1b[") {
		t.Error("colour escape codes written to a buffer")
	}
}

func TestTextReportColoursOnlyWhenAsked(t *testing.T) {
	c := checklist.DefaultCatalog()
	r := &checklist.Report{
		Files: []checklist.FileReport{{
			Path: "a.xlsx",
			Findings: []checklist.Finding{
				{Code: "unreadable", Severity: checklist.Error, Message: "文件已损坏"},
			},
		}},
		Units: []checklist.UnitReport{{
			Name: "示例学校",
			Findings: []checklist.Finding{
				{Code: "missing-list", Severity: checklist.Warning, File: "a.xlsx", Message: "缺少附件4"},
			},
		}},
	}
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := writeValidateText(&b, c, r, validateTextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "\x1b[31m"); got != color {
			t.Errorf("colour %v: red escape present = %v\n%s", color, got, b.String())
		}
		if !strings.Contains(b.String(), "单位 示例学校") || !strings.Contains(b.String(), "缺少附件4") {
			t.Errorf("unit findings missing:\n%s", b.String())
		}
	}
}

// TestNoProgressBarWhenStderrIsAFile: the bar is for a person watching the
// terminal; stderr sent to a file (or a pipe) gets the errors only.
func TestNoProgressBarWhenStderrIsAFile(t *testing.T) {
	submissions(t)
	errFile, err := os.Create(filepath.Join(t.TempDir(), "stderr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer errFile.Close()
	var out bytes.Buffer
	Execute([]string{"validate", "上报"}, strings.NewReader(""), &out, errFile)
	got, err := os.ReadFile(errFile.Name())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "检查中") || strings.Contains(string(got), "\r") {
		t.Errorf("progress bar written to a file: %q", got)
	}
}

// TestValidateSkipsScorecard: a file holding only a 评分表 is neither
// 通过 nor 未通过 in the text report; the JSON keeps its shape.
func TestValidateSkipsScorecard(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, out, errOut := run(t, "template", "5", "-o", "表"); code != 0 {
		t.Fatalf("template: %d\n%s%s", code, out, errOut)
	}
	card := filepath.Join("表", "附件5 县（市、区）落实“两个责任”情况督查考核评分表.xlsx")
	code, out, _ := run(t, "validate", card)
	if code != 0 || !strings.Contains(out, "– "+card+"：评分表，已跳过（请用 qingdan score 计分）") || strings.Contains(out, "通过") {
		t.Errorf("exit %d, want 0 and the file told skipped, never 通过:\n%s", code, out)
	}
	_, out, _ = run(t, "validate", "--format", "json", card)
	var r struct {
		Files []struct {
			Valid    bool `json:"valid"`
			Findings []struct {
				Code string `json:"code"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Files) != 1 || !r.Files[0].Valid || len(r.Files[0].Findings) != 1 || r.Files[0].Findings[0].Code != checklist.CodeScorecardSkipped {
		t.Errorf("json %s, want one valid file with scorecard-skipped", out)
	}
}
