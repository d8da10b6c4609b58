package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingdan/internal/hostile"
	"qingdan/internal/xlsxtest"
)

// exampleFolder writes the five examples (示例学校) into a new folder.
func exampleFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "上报材料")
	if code, _, stderr := run(t, "template", "--example", "-o", dir); code != 0 {
		t.Fatalf("template --example: %d %s", code, stderr)
	}
	return dir
}

func TestLedgerCommand(t *testing.T) {
	lists := exampleFolder(t)
	out := filepath.Join(t.TempDir(), "台账")
	code, stdout, stderr := run(t, "ledger", lists, "-o", out)
	if code != 0 || !strings.Contains(stdout, "已生成："+filepath.Join(out, "示例学校 落实台账.xlsx")) || !strings.Contains(stdout, "2017 年度") {
		t.Fatalf("ledger = %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "ledger", lists, "-o", out); code != 2 || !strings.Contains(stderr, "--force") {
		t.Errorf("second run without --force = %d %q; want 2 and a hint at --force", code, stderr)
	}
	if code, stdout, _ := run(t, "ledger", lists, "-o", out, "--year", "2018", "--force"); code != 0 || !strings.Contains(stdout, "2018 年度") {
		t.Errorf("--year 2018 --force = %d %q", code, stdout)
	}
	// The ledgers written into the lists folder are not read as lists on the next run.
	if code, _, stderr := run(t, "ledger", lists, "-o", lists); code != 0 {
		t.Fatalf("ledger into its own folder = %d %s", code, stderr)
	}
	if code, _, stderr := run(t, "ledger", lists, "-o", lists, "--force"); code != 0 {
		t.Errorf("second run into its own folder = %d %s", code, stderr)
	}
}

func TestLedgerRefusesListsWithErrors(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "template", "2", "--unit", "某小学", "-o", dir); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(t.TempDir(), "台账")
	code, stdout, stderr := run(t, "ledger", dir, "-o", out)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "不能据此生成台账") || !strings.Contains(stderr, "错误") {
		t.Errorf("ledger on a blank form = %d\n%s\n%s; want 1 with the validate findings", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output folder was created for nothing: %v", err)
	}
}

func TestLedgerCheckFlags(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "汇总.xlsx")
	if err := os.WriteFile(existing, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	badCal := filepath.Join(dir, "cal.tsv")
	if err := os.WriteFile(badCal, []byte("2027-13-01\toff\t元旦\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no path", []string{"ledger", "check"}, "请指定要检查的台账"},
		{"bad format", []string{"ledger", "check", dir, "--format", "xml"}, "--format"},
		{"bad as-of", []string{"ledger", "check", dir, "--as-of", "十月"}, "--as-of"},
		{"summary not xlsx", []string{"ledger", "check", dir, "-o", "汇总.csv"}, ".xlsx"},
		{"summary exists", []string{"ledger", "check", dir, "-o", existing}, "--force"},
		{"bad calendar names the line", []string{"ledger", "check", dir, "--calendar", badCal}, "第 1 行"},
		{"bad year", []string{"ledger", dir, "--year", "17"}, "--year"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code, _, stderr := run(t, tc.args...); code != 2 || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("%v = %d %q; want 2 mentioning %q", tc.args, code, stderr, tc.stderr)
			}
		})
	}
}

func TestLedgerCheckJSON(t *testing.T) {
	dir := t.TempDir()
	// Not a workbook: the check reports it unreadable, red, and exits 1.
	bad := filepath.Join(dir, "某小学 落实台账.xlsx")
	if err := os.WriteFile(bad, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A scan of the meeting record beside it is evidence, not a ledger: not read.
	if err := os.WriteFile(filepath.Join(dir, "会议记录.pdf"), []byte("%PDF-1.4"), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(dir, "out", "台账汇总.xlsx")
	if err := os.MkdirAll(filepath.Dir(summary), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "ledger", "check", dir, "--as-of", "2017-10-20", "--format", "json", "-o", summary)
	var r struct {
		AsOf  string `json:"as_of"`
		Files []struct {
			Unit     string `json:"unit"`
			Status   string `json:"status"`
			Findings []struct {
				Code string `json:"code"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if code != 1 || r.AsOf != "2017-10-20" || len(r.Files) != 1 || r.Files[0].Unit != "某小学" || r.Files[0].Status != "红" ||
		len(r.Files[0].Findings) != 1 || r.Files[0].Findings[0].Code != "unreadable" {
		t.Errorf("ledger check = %d %+v %s", code, r, stderr)
	}
	if _, err := os.Stat(summary); err != nil || !strings.Contains(stderr, "已写入汇总表") {
		t.Errorf("summary not written: %v %s", err, stderr)
	}
}

// TestLedgerCheckFilledFile runs the whole loop through the command line:
// generate, fill one task late and one meeting's evidence late, check.
func TestLedgerCheckFilledFile(t *testing.T) {
	lists := exampleFolder(t)
	out := filepath.Join(t.TempDir(), "台账")
	if code, _, stderr := run(t, "ledger", lists, "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	path := filepath.Join(out, "示例学校 落实台账.xlsx")
	f := xlsxtest.Open(t, path)
	for cell, v := range map[string]any{
		"B3": time.Date(2017, 3, 20, 0, 0, 0, 0, time.UTC), "F3": "2017/3/27", // on time: the fifth working day
		"B4": time.Date(2017, 6, 20, 0, 0, 0, 0, time.UTC), "F4": "2017年6月28日", // late: the sixth
	} {
		if err := f.SetCellValue("季度会议", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStr("任务台账", "I3", "推进中"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, stdout, stderr := run(t, "ledger", "check", path, "--as-of", "2017-04-15")
	for _, want := range []string{"任务台账!I3  task-overdue", "警告", "季度会议"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s%s", want, stdout, stderr)
		}
	}
	if code != 1 {
		t.Errorf("exit code %d; want 1 (talks and lectures of the months past are missing)", code)
	}
	code, stdout, _ = run(t, "ledger", "check", path, "--as-of", "2017-07-03", "--format", "json")
	if !strings.Contains(stdout, `"code": "evidence-late"`) || !strings.Contains(stdout, `"deadline": "2017-06-27"`) || code != 1 {
		t.Errorf("as of 2017-07-03 = %d:\n%s", code, stdout)
	}
}

// TestLedgerHostileInputs runs both ledger commands over the hostile
// corpus: none panics, none of the inputs passes as a ledger, and
// generation agrees with validate on which lists are acceptable.
func TestLedgerHostileInputs(t *testing.T) {
	for _, hc := range hostile.Write(t, t.TempDir()) {
		t.Run(hc.Name, func(t *testing.T) {
			code, out, errOut := runNoPanic(t, "ledger", "check", "--format", "json", "--as-of", "2017-10-20", hc.Path)
			switch code {
			case 1:
				var r struct {
					Files []struct {
						Path     string `json:"path"`
						Findings []struct {
							Severity string `json:"severity"`
							Message  string `json:"message"`
						} `json:"findings"`
					} `json:"files"`
				}
				if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Files) == 0 {
					t.Fatalf("ledger check: %v\n%s", err, out)
				}
				for _, f := range r.Files {
					if len(f.Findings) == 0 || f.Findings[0].Severity != "error" || f.Findings[0].Message == "" {
						t.Errorf("%s passed as a ledger: %+v", f.Path, f.Findings)
					}
				}
			case 2:
				if !strings.Contains(errOut, hc.Path) {
					t.Errorf("ledger check failed without naming %s: %q", hc.Path, errOut)
				}
			default:
				t.Errorf("ledger check exit %d on a file that is no ledger\n%s%s", code, out, errOut)
			}
			// Generation refuses what validate finds errors in, and a good file without lists (a 评分表) has nothing to make.
			code, _, errOut = runNoPanic(t, "ledger", hc.Path, "-o", filepath.Join(t.TempDir(), "台账"))
			want := validateHostile[hc.Name].exit
			if code != want && !(want == 0 && code == 2 && strings.Contains(errOut, "没有找到清单")) {
				t.Errorf("ledger exit %d on %s; validate exits %d\n%s", code, hc.Name, want, errOut)
			}
		})
	}
}
