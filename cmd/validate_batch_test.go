package cmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"qingdan/checklist"
	"qingdan/checklist/forms"
	"qingdan/internal/golden"
	"qingdan/internal/xlsxtest"
)

// inboxFile is one generated submission: an example list of a unit, edited.
type inboxFile struct {
	path       string // under the inbox
	attachment int
	unit       string
	seed       int64
	person     string // 姓名 of attachments 2 and 3; "" keeps the example's
	date       string // 填报日期 as written; "" keeps the example's
	clearUnit  bool   // 单位 left empty
}

// officeInbox lays out, under dir/收件 箱, what the office receives:
//   - 第一中学: complete, two member lists, its 附件1 dated after the deadline;
//   - 实验小学: complete, but the member list of 李华 sent twice;
//   - 城关镇中心小学: no 附件4, and its 附件2 with 单位 empty (the folder names it);
//   - 第一中学分校: complete, not on the roster;
//   - a lock file, to be skipped.
//
// The roster adds 红旗幼儿园, which sends nothing.
func officeInbox(t *testing.T, dir string) string {
	t.Helper()
	inbox := filepath.Join(dir, "收件 箱")
	var files []inboxFile
	complete := func(folder, unit string, seed int64, members ...string) {
		for _, a := range []int{1, 2, 4} {
			files = append(files, inboxFile{path: filepath.Join(folder, unit, "附件"+string(rune('0'+a))+".xlsx"), attachment: a, unit: unit, seed: seed + int64(a)})
		}
		for i, m := range members {
			files = append(files, inboxFile{path: filepath.Join(folder, unit, "附件3 "+m+".xlsx"), attachment: 3, unit: unit, seed: seed + 10 + int64(i), person: m})
		}
	}
	complete("区直", "第一中学", 100, "李华", "赵强")
	files[0].date = "2017年2月20日"
	complete("区直", "实验小学", 200, "李华", "陈静")
	files[len(files)-1].person = "李华"
	complete("镇区", "城关镇中心小学", 300, "赵强")
	files = slices.DeleteFunc(files, func(f inboxFile) bool { return f.unit == "城关镇中心小学" && f.attachment == 4 })
	for i := range files {
		if files[i].unit == "城关镇中心小学" && files[i].attachment == 2 {
			files[i].clearUnit = true
		}
	}
	complete("其他 单位", "第一中学分校", 400, "陈静")
	c := checklist.DefaultCatalog()
	for _, f := range files {
		writeInboxFile(t, c, filepath.Join(inbox, f.path), f)
	}
	writeFile(t, filepath.Join(inbox, "区直", "第一中学", "~$附件1.xlsx"), "lock")
	return inbox
}

// writeInboxFile saves the example of f.attachment for f.unit with f's edits.
func writeInboxFile(t *testing.T, c *checklist.Catalog, path string, f inboxFile) {
	t.Helper()
	wb, err := forms.NewExampleWorkbook(c, f.attachment, forms.ExampleOptions{Unit: f.unit, Seed: f.seed})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sheet := "附件" + string(rune('0'+f.attachment))
	rows, err := wb.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	set := func(col, row int, v string) {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.SetCellStr(sheet, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	for r, cells := range rows {
		for col, v := range cells {
			label := strings.Join(strings.Fields(v), "")
			switch {
			case f.person != "" && label == "姓名":
				set(col+2, r+1, f.person)
			case f.date != "" && strings.HasPrefix(label, "填报日期"):
				set(col+1, r+1, "填报日期："+f.date)
			case f.clearUnit && v == f.unit:
				set(col+1, r+1, "")
			case f.clearUnit && strings.HasPrefix(label, "单位(盖章)："):
				set(col+1, r+1, "单位(盖章)：")
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := wb.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

const rosterCSV = `单位名称,简称,上级党组织,班子成员数
第一中学,一中,区教育局党委,2
实验小学,实小,区教育局党委,2
城关镇中心小学,城关小学,城关镇党委,1
红旗幼儿园,,区教育局党委,
`

// hashTree maps every file under root to the hash of its bytes.
func hashTree(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[p] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// runValidateJSON runs validate with --format json and decodes the report.
func runValidateJSON(t *testing.T, args ...string) (checklist.Report, int, string) {
	t.Helper()
	code, out, errOut := run(t, append([]string{"validate", "--format", "json"}, args...)...)
	var r checklist.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("exit %d, stdout is not JSON: %v\nstderr: %s", code, err, errOut)
	}
	return r, code, errOut
}

func unitByName(r checklist.Report, name string) *checklist.UnitReport {
	for i := range r.Units {
		if r.Units[i].Name == name {
			return &r.Units[i]
		}
	}
	return nil
}

func codes(fs []checklist.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestValidateOfficeWorkflow(t *testing.T) {
	fixClock(t)
	dir := t.TempDir()
	inbox := officeInbox(t, dir)
	roster := filepath.Join(dir, "名单 2017.csv")
	writeFile(t, roster, rosterCSV)
	summary := filepath.Join(dir, "结果", "汇总 表.xlsx")
	annotated := filepath.Join(dir, "退回 修改")
	before := hashTree(t, inbox)

	r, code, stderr := runValidateJSON(t, inbox, "--roster", roster, "--deadline", "2017-02-14", "-o", summary, "--annotate", annotated)
	if code != 1 {
		t.Errorf("exit code %d, want 1 (errors found)", code)
	}

	t.Run("originals untouched, lock file skipped", func(t *testing.T) {
		after := hashTree(t, inbox)
		if len(after) != len(before) {
			t.Errorf("%d files in the inbox after, %d before", len(after), len(before))
		}
		for p, h := range before {
			if after[p] != h {
				t.Errorf("%s changed", p)
			}
		}
		if r.Stats.Files != len(before)-1 {
			t.Errorf("%d files checked, want %d (all but the lock file)", r.Stats.Files, len(before)-1)
		}
	})

	t.Run("outputs announced on stderr", func(t *testing.T) {
		for _, want := range []string{"已写入汇总表：" + summary, "已写入 1 份批注副本：" + annotated} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr %q lacks %q", stderr, want)
			}
		}
	})

	t.Run("units, their lists and findings", func(t *testing.T) {
		if r.Valid {
			t.Error("top-level valid is true")
		}
		tests := []struct {
			unit     string
			lists    map[checklist.Kind]int
			findings []string
			valid    bool
		}{
			{"第一中学", map[checklist.Kind]int{"collective": 1, "principal": 1, "member": 2, "supervision": 1}, nil, true},
			{"实验小学", map[checklist.Kind]int{"collective": 1, "principal": 1, "member": 2, "supervision": 1}, []string{"duplicate-list"}, true},
			{"城关镇中心小学", map[checklist.Kind]int{"collective": 1, "principal": 1, "member": 1, "supervision": 0}, []string{"missing-list"}, false},
			{"第一中学分校", map[checklist.Kind]int{"collective": 1, "principal": 1, "member": 1, "supervision": 1}, []string{"unknown-unit"}, true},
			{"红旗幼儿园", map[checklist.Kind]int{"collective": 0, "principal": 0, "member": 0, "supervision": 0}, []string{"not-submitted"}, false},
		}
		if len(r.Units) != len(tests) {
			t.Errorf("%d units, want %d", len(r.Units), len(tests))
		}
		for _, tt := range tests {
			u := unitByName(r, tt.unit)
			if u == nil {
				t.Errorf("unit %s missing", tt.unit)
				continue
			}
			for k, n := range tt.lists {
				if u.Lists[k] != n {
					t.Errorf("%s: %d %s lists, want %d", tt.unit, u.Lists[k], k, n)
				}
			}
			if got := codes(u.Findings); !slices.Equal(got, tt.findings) {
				t.Errorf("%s: findings %v, want %v", tt.unit, got, tt.findings)
			}
			if u.Valid != tt.valid {
				t.Errorf("%s: valid %v, want %v", tt.unit, u.Valid, tt.valid)
			}
		}
		if u := unitByName(r, "第一中学分校"); u != nil && len(u.Findings) == 1 && !strings.Contains(u.Findings[0].Message, "是否指“第一中学”") {
			t.Errorf("unknown-unit names no closest roster unit: %s", u.Findings[0].Message)
		}
	})

	t.Run("file findings: late and the empty 单位", func(t *testing.T) {
		want := map[string]string{
			filepath.Join(inbox, "区直", "第一中学", "附件1.xlsx"):    "late",
			filepath.Join(inbox, "镇区", "城关镇中心小学", "附件2.xlsx"): "missing-unit",
		}
		for _, f := range r.Files {
			got := codes(f.Findings)
			if code, ok := want[f.Path]; ok {
				if !slices.Contains(got, code) {
					t.Errorf("%s: findings %v lack %s", f.Path, got, code)
				}
				continue
			}
			for _, fd := range f.Findings {
				if fd.Severity != checklist.Info {
					t.Errorf("%s: unexpected %s %s", f.Path, fd.Code, fd.Message)
				}
			}
		}
	})

	t.Run("roster", func(t *testing.T) {
		if r.Roster == nil {
			t.Fatal("roster missing from the JSON")
		}
		if r.Roster.Expected != 4 || r.Roster.Submitted != 3 || !slices.Equal(r.Roster.Missing, []string{"红旗幼儿园"}) {
			t.Errorf("roster = %+v, want 4 expected, 3 submitted, 红旗幼儿园 missing", *r.Roster)
		}
	})

	t.Run("summary workbook", func(t *testing.T) {
		f := xlsxtest.Open(t, summary)
		if got, want := f.GetSheetList(), []string{"总体情况", "报送情况", "问题清单", "覆盖情况", "评分表对照", "未报、缺报"}; !slices.Equal(got, want) {
			t.Errorf("sheets %v, want %v", got, want)
		}
		status := columnByUnit(t, f, "报送情况", "单位", "状态")
		for unit, want := range map[string]string{"第一中学": "逾期", "实验小学": "按时合格", "城关镇中心小学": "部分未报", "红旗幼儿园": "未报"} {
			if status[unit] != want {
				t.Errorf("报送情况: %s is %q, want %q", unit, status[unit], want)
			}
		}
		rows, err := f.GetRows("问题清单")
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, row := range rows[1:] {
			if len(row) > 9 {
				found = append(found, row[9])
			}
		}
		for _, code := range []string{"missing-list", "duplicate-list", "not-submitted", "unknown-unit", "late", "missing-unit"} {
			if !slices.Contains(found, code) {
				t.Errorf("问题清单 lacks %s (has %v)", code, found)
			}
		}
		assertCoverageGap(t, f, "城关镇中心小学", "15")
		for cell, want := range map[string]string{"B2": "城关镇中心小学", "E2": "缺附件4", "B3": "红旗幼儿园", "E3": "未报送任何清单"} {
			if got, err := f.GetCellValue("未报、缺报", cell); err != nil || got != want {
				t.Errorf("未报、缺报 %s = %q, %v; want %q", cell, got, err, want)
			}
		}
	})

	t.Run("annotated copies only for files with errors, at the same relative path", func(t *testing.T) {
		var copies []string
		err := filepath.WalkDir(annotated, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && d.Name() != checklist.ManifestName {
				rel, _ := filepath.Rel(annotated, p)
				copies = append(copies, rel)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// 第一中学's 附件1 is only late: nothing the school can fix, no copy.
		want := []string{"", filepath.Join("镇区", "城关镇中心小学", "附件2.xlsx")}
		if !slices.Equal(copies, want[1:]) {
			t.Fatalf("copies %v, want %v", copies, want)
		}
		var cell string
		for _, f := range r.Files {
			if f.Path == filepath.Join(inbox, want[1]) {
				for _, fd := range f.Findings {
					if fd.Code == "missing-unit" {
						cell = fd.Cell
					}
				}
			}
		}
		if cell == "" {
			t.Fatal("missing-unit has no cell")
		}
		f := xlsxtest.Open(t, filepath.Join(annotated, want[1]))
		if first := f.GetSheetList()[0]; first != "问题清单" {
			t.Errorf("first sheet %q, want 问题清单", first)
		}
		if fill := xlsxtest.Fill(t, f, "附件2", cell); fill != "FFC7CE" {
			t.Errorf("%s fill %q, want red FFC7CE", cell, fill)
		}
		comments, err := f.GetComments("附件2")
		if err != nil {
			t.Fatal(err)
		}
		var note string
		for _, cm := range comments {
			if cm.Cell == cell {
				for _, p := range cm.Paragraph {
					note += p.Text
				}
			}
		}
		if !strings.Contains(note, "单位") {
			t.Errorf("comment on %s = %q, want the missing-unit message", cell, note)
		}
		head, err := f.GetCellValue("问题清单", "A1")
		if err != nil || !strings.HasPrefix(head, "请按下表逐条修改标红的") || !strings.Contains(head, "2017年2月14日") {
			t.Errorf("问题清单 A1 = %q, %v; want what to fix and the deadline", head, err)
		}
	})

	t.Run("a second run refuses to overwrite the outputs without --force", func(t *testing.T) {
		code, _, stderr := run(t, "validate", inbox, "-o", summary)
		if code != 2 || !strings.Contains(stderr, "文件已存在") || !strings.Contains(stderr, "--force") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
		_, code, stderr = runValidateJSON(t, inbox, "--annotate", annotated)
		if code != 2 || !strings.Contains(stderr, "已存在") {
			t.Errorf("annotate again: exit %d, stderr %q", code, stderr)
		}
		_, code, stderr = runValidateJSON(t, inbox, "--deadline", "2017-02-14", "-o", summary, "--annotate", annotated, "--force")
		if code != 1 || !strings.Contains(stderr, "已写入汇总表") || !strings.Contains(stderr, "已写入 1 份批注副本") {
			t.Errorf("with --force: exit %d, stderr %q", code, stderr)
		}
	})
}

// columnByUnit maps each unit of a summary sheet to its value in column head.
func columnByUnit(t *testing.T, f *excelize.File, sheet, unitHead, head string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	ui, hi := slices.Index(rows[0], unitHead), slices.Index(rows[0], head)
	if ui < 0 || hi < 0 {
		t.Fatalf("sheet %s headings %v lack %s or %s", sheet, rows[0], unitHead, head)
	}
	out := map[string]string{}
	for _, row := range rows[1:] {
		if len(row) > max(ui, hi) {
			out[row[ui]] = row[hi]
		}
	}
	return out
}

// assertCoverageGap checks that the unit's cell for item id on 覆盖情况 is
// empty and filled red, and that the complete 第一中学 has it ticked.
func assertCoverageGap(t *testing.T, f *excelize.File, unit, id string) {
	t.Helper()
	rows, err := f.GetRows("覆盖情况")
	if err != nil {
		t.Fatal(err)
	}
	col := slices.IndexFunc(rows[0], func(h string) bool { return strings.HasPrefix(h, id+"\n") })
	if col < 0 {
		t.Fatalf("覆盖情况 has no column for item %s: %v", id, rows[0])
	}
	for i, row := range rows[1:] {
		ref, err := excelize.CoordinatesToCellName(col+1, i+2)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f.GetCellValue("覆盖情况", ref)
		switch row[0] {
		case unit:
			if v != "" || xlsxtest.Fill(t, f, "覆盖情况", ref) != "FFC7CE" {
				t.Errorf("覆盖情况 %s (%s, item %s) = %q, want empty and red", ref, unit, id, v)
			}
		case "第一中学":
			if v != "✓" {
				t.Errorf("覆盖情况 %s (第一中学, item %s) = %q, want ✓", ref, id, v)
			}
		}
	}
}

func TestValidateResultsInPathOrderWhateverJobs(t *testing.T) {
	fixClock(t)
	dir := t.TempDir()
	inbox := officeInbox(t, dir)
	roster := filepath.Join(dir, "名单.csv")
	writeFile(t, roster, rosterCSV)
	var outs []string
	for _, j := range []string{"1", "4"} {
		_, out, _ := run(t, "validate", "--format", "json", "-j", j, "--roster", roster, "--deadline", "2017-02-14", inbox)
		var r map[string]any
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		r["stats"].(map[string]any)["seconds"] = 0
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] {
		t.Errorf("-j 1 and -j 4 differ:\n%s\n%s", outs[0], outs[1])
	}
}

func TestValidateRoster(t *testing.T) {
	fixClock(t)
	dir := t.TempDir()
	inbox := officeInbox(t, dir)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(rosterCSV)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		content string
		code    int
		stderr  []string
	}{
		{"UTF-8 with a BOM", "\ufeff" + rosterCSV, 1, nil},
		{"GBK as Excel saves it", gbk, 1, nil},
		{"an empty 单位名称 is refused with its row", "单位名称,班子成员数\n第一中学,2\n,3\n实验小学,-1\n", 2,
			[]string{"--roster", "第3行", "单位名称不能为空", "第4行"}},
		{"a roster without 单位名称", "名称,人数\n第一中学,2\n", 2, []string{"--roster", "单位名称"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roster := filepath.Join(dir, "名单 "+tt.name+".csv")
			writeFile(t, roster, tt.content)
			code, out, errOut := run(t, "validate", "--format", "json", "--roster", roster, inbox)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, errOut)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr %q lacks %q", errOut, want)
				}
			}
			if tt.code != 1 {
				return
			}
			var r checklist.Report
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if r.Roster == nil || r.Roster.Expected != 4 || !slices.Equal(r.Roster.Missing, []string{"红旗幼儿园"}) {
				t.Errorf("roster = %+v", r.Roster)
			}
		})
	}
}

// TestValidateOutputsInsideTheInbox: of an --annotate folder inside the
// inbox the next run skips only the copies its manifest proves this tool
// wrote: they are never checked as lists, while a file someone else put
// there is checked like any other (never a silent skip).
func TestValidateOutputsInsideTheInbox(t *testing.T) {
	fixClock(t)
	dir := t.TempDir()
	inbox := officeInbox(t, dir)
	annotated := filepath.Join(inbox, "退回")
	summary := filepath.Join(dir, "汇总.xlsx")
	first, code, stderr := runValidateJSON(t, inbox, "--deadline", "2017-02-14", "-o", summary, "--annotate", annotated)
	if code != 1 || !strings.Contains(stderr, "已写入 1 份批注副本") {
		t.Fatalf("first run: exit %d, stderr %q", code, stderr)
	}
	second, code, stderr := runValidateJSON(t, inbox, "--deadline", "2017-02-14", "-o", summary, "--annotate", annotated, "--force")
	if code != 1 {
		t.Fatalf("second run: exit %d, stderr %q", code, stderr)
	}
	if second.Stats.Files != first.Stats.Files {
		t.Errorf("second run checked %d files, first %d", second.Stats.Files, first.Stats.Files)
	}
	for _, f := range second.Files {
		if checklist.IsInside(f.Path, annotated) {
			t.Errorf("checked its own output %s", f.Path)
		}
	}

	dropped := filepath.Join(annotated, "镇区", "补交.xlsx")
	writeFile(t, dropped, "PK\x03\x04 truncated")
	third, code, stderr := runValidateJSON(t, inbox, "--deadline", "2017-02-14", "--annotate", annotated, "--force")
	if code != 1 || !strings.Contains(stderr, "中有 1 个文件不是本工具写入的，已作为报送文件照常检查") {
		t.Fatalf("third run: exit %d, stderr %q", code, stderr)
	}
	if third.Stats.Files != first.Stats.Files+1 {
		t.Errorf("third run checked %d files, want %d (the file dropped into the folder too)", third.Stats.Files, first.Stats.Files+1)
	}
	i := slices.IndexFunc(third.Files, func(f checklist.FileReport) bool { return f.Path == dropped })
	if i < 0 || third.Files[i].Valid {
		t.Errorf("the file dropped into %s was not checked as a submission with errors", annotated)
	}
}

func TestValidateBatchFlags(t *testing.T) {
	fixClock(t)
	dir := t.TempDir()
	inbox := officeInbox(t, dir)
	blocker := filepath.Join(dir, "一个文件")
	writeFile(t, blocker, "x")
	existing := filepath.Join(dir, "旧汇总.xlsx")
	writeFile(t, existing, "keep")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
		stdout bool // the report was printed
	}{
		{"a bad --deadline", []string{"--deadline", "二月十四", inbox}, 2, []string{"--deadline", "二月十四"}, false},
		{"a roster that does not exist", []string{"--roster", filepath.Join(dir, "无.csv"), inbox}, 2, []string{"--roster", "无.csv"}, false},
		{"-o not a workbook", []string{"-o", filepath.Join(dir, "汇总.pdf"), inbox}, 2, []string{"-o", ".xlsx"}, false},
		{"-o exists without --force", []string{"-o", existing, inbox}, 2, []string{"文件已存在", "--force"}, false},
		{"--annotate names a file", []string{"--annotate", blocker, inbox}, 2, []string{"--annotate"}, false},
		{"the summary cannot be written", []string{"-o", filepath.Join(blocker, "汇总.xlsx"), inbox}, 2, []string{"汇总表未写入"}, true},
		{"files named one by one: no unit checks", []string{filepath.Join(inbox, "区直", "第一中学", "附件2.xlsx")}, 0, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, append([]string{"validate", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, errOut)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr %q lacks %q", errOut, want)
				}
			}
			if (len(out) > 0) != tt.stdout {
				t.Errorf("report printed = %v, want %v", len(out) > 0, tt.stdout)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep" {
		t.Error("an existing -o file was overwritten without --force")
	}
}

func TestValidateOfficeTextGolden(t *testing.T) {
	fixClock(t)
	dir := t.TempDir()
	officeInbox(t, dir)
	writeFile(t, filepath.Join(dir, "名单.csv"), rosterCSV)
	t.Chdir(dir)
	tests := []struct {
		golden string
		args   []string
	}{
		{"validate_office.txt", []string{"validate", "收件 箱", "--roster", "名单.csv", "--deadline", "2017-02-14"}},
		{"validate_office_quiet.txt", []string{"validate", "收件 箱", "--roster", "名单.csv", "--deadline", "2017-02-14", "--quiet"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr %s", code, errOut)
			}
			golden.Assert(t, tt.golden, out)
		})
	}
}

func TestValidateTemplateWithYearIsMissingDateNotBadDate(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := run(t, "template", "2", "--year", "2017", "-o", dir); code != 0 {
		t.Fatalf("template exit %d", code)
	}
	r, _, _ := runValidateJSON(t, filepath.Join(dir, "附件2 领导班子主要负责人责任清单.xlsx"))
	if len(r.Files) != 1 {
		t.Fatalf("%d files", len(r.Files))
	}
	got := codes(r.Files[0].Findings)
	if !slices.Contains(got, "missing-date") || slices.Contains(got, "bad-date") {
		t.Errorf("findings %v: want missing-date and no bad-date for 2017年 月 日", got)
	}
}

func TestTextReportRosterLine(t *testing.T) {
	c := checklist.DefaultCatalog()
	tests := []struct {
		name   string
		roster *checklist.RosterReport
		want   string
	}{
		{"some units missing", &checklist.RosterReport{Expected: 3, Submitted: 1, Missing: []string{"甲校", "乙校"}}, "报送名单：应报 3 个单位，已报 1 个，未报 2 个：甲校、乙校\n"},
		{"all submitted", &checklist.RosterReport{Expected: 2, Submitted: 2, Missing: []string{}}, "报送名单：应报 2 个单位，已报 2 个，全部已报送\n"},
		{"no roster", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeValidateText(&b, c, &checklist.Report{Roster: tt.roster}, validateTextOptions{}); err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, line := range strings.SplitAfter(b.String(), "\n") {
				if strings.HasPrefix(line, "报送名单") {
					got = line
				}
			}
			if got != tt.want {
				t.Errorf("roster line %q, want %q", got, tt.want)
			}
		})
	}
}

// TestValidateAnnotateCopiesWhatItCan: a file no copy can be made from is
// named on stderr and does not stop the other copies nor decide the exit
// code; only an output folder that cannot be written is exit 2; the last
// line of stderr says what happened.
func TestValidateAnnotateCopiesWhatItCan(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "甲中学.xlsx")
	writePrincipalList(t, clean, map[string]string{"B4": "甲中学"})
	warned := filepath.Join(dir, "丙幼儿园.xlsx")
	writePrincipalList(t, warned, map[string]string{"B4": "丙幼儿园", "B8": "5"})
	unstyled := filepath.Join(dir, "无样式.xlsx")
	writePrincipalList(t, unstyled, map[string]string{"B4": "丁小学", "B8": "5"})
	xlsxtest.RewriteParts(t, unstyled, func(name string, data []byte) (string, []byte) {
		if name == "xl/styles.xml" {
			return "", nil
		}
		return name, data
	})
	broken := filepath.Join(dir, "损坏.xlsx")
	writeFile(t, broken, "PK\x03\x04 truncated")
	word := filepath.Join(dir, "附件3.docx")
	writeFile(t, word, "PK")
	blocker := filepath.Join(dir, "一个文件")
	writeFile(t, blocker, "x")

	tests := []struct {
		name     string
		files    []string
		outDir   string // "" for a fresh folder
		code     int
		cannot   []string // files named as getting no copy
		copies   []string // base names of the copies written
		lastLine string
	}{
		{"a copy written beside an unreadable file", []string{"--strict", warned, broken}, "", 1,
			[]string{broken}, []string{"丙幼儿园.xlsx"}, "已写入 1 份批注副本：%s；1 个文件无法生成副本"},
		{"warnings only without --strict: no copy", []string{warned}, "", 0,
			nil, nil, "没有需要退回修改的文件（均无错误），未写入批注副本"},
		{"only files no copy can be made from", []string{broken, word, clean}, "", 1,
			[]string{broken, word}, nil, "未写入批注副本：2 个有问题的文件都无法生成副本"},
		{"warnings only, --strict, in a workbook excelize cannot mark: exit 1", []string{"--strict", unstyled}, "", 1,
			[]string{unstyled}, nil, "未写入批注副本：1 个有问题的文件都无法生成副本"},
		// With --strict this list's requirement-unplanned advice would be warnings to fix.
		{"nothing to send back", []string{clean}, "", 0,
			nil, nil, "没有需要退回修改的文件（均无错误），未写入批注副本"},
		{"output folder that cannot be created", []string{"--strict", warned}, filepath.Join(blocker, "批注"), 2,
			nil, nil, "错误：批注副本未写入：无法创建文件夹 %s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.outDir
			if out == "" {
				out = filepath.Join(t.TempDir(), "退回")
			}
			code, _, stderr := run(t, append([]string{"validate", "-q", "--annotate", out}, tt.files...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, stderr)
			}
			for _, p := range tt.cannot {
				if !strings.Contains(stderr, "无法为 "+p+" 生成批注副本：") || !strings.Contains(stderr, "请直接把问题清单发给报送单位") {
					t.Errorf("stderr does not name %s as getting no copy: %s", p, stderr)
				}
			}
			if n := strings.Count(stderr, "生成批注副本："); n != len(tt.cannot) {
				t.Errorf("%d files named as getting no copy, want %d: %s", n, len(tt.cannot), stderr)
			}
			var copies []string
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				if e.Name() == checklist.ManifestName {
					continue
				}
				copies = append(copies, e.Name())
			}
			if !slices.Equal(copies, tt.copies) {
				t.Errorf("copies %v, want %v", copies, tt.copies)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			want := tt.lastLine
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, out)
			}
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, want) {
				t.Errorf("last line %q, want %q", last, want)
			}
		})
	}
}

// TestValidateEmptyInbox: on the morning of the deadline the office checks
// an inbox where nothing has arrived; with --roster every unit is
// not-submitted (exit 1), without it an empty folder stays a mistake.
func TestValidateEmptyInbox(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "名单.csv")
	writeFile(t, roster, rosterCSV)
	empty := filepath.Join(dir, "收件箱")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	lockOnly := filepath.Join(dir, "只有锁文件")
	writeFile(t, filepath.Join(lockOnly, "~$附件1.xlsx"), "lock")
	units := []string{"第一中学", "实验小学", "城关镇中心小学", "红旗幼儿园"}

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"empty folder with --roster", []string{"--roster", roster, empty}, 1, ""},
		{"folder holding only a lock file with --roster", []string{"--roster", roster, lockOnly}, 1, ""},
		{"empty folder without --roster", []string{empty}, 2, "文件夹 " + empty + " 中没有找到报送的文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := run(t, append([]string{"validate", "--format", "json"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d; stderr %q, want %q", code, tt.code, stderr, tt.stderr)
			}
			if code == 2 {
				return
			}
			if stderr != "" {
				t.Errorf("stderr %q", stderr)
			}
			var r checklist.Report
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if r.Roster == nil || r.Roster.Expected != 4 || r.Roster.Submitted != 0 || !slices.Equal(slices.Sorted(slices.Values(r.Roster.Missing)), slices.Sorted(slices.Values(units))) {
				t.Errorf("roster %+v", r.Roster)
			}
			for _, name := range units {
				u := unitByName(r, name)
				if u == nil || !slices.Contains(codes(u.Findings), "not-submitted") {
					t.Errorf("unit %s: %+v", name, u)
				}
			}
			if code, text, _ := run(t, append([]string{"validate"}, tt.args...)...); code != 1 || !strings.Contains(text, "红旗幼儿园") {
				t.Errorf("text report: exit %d\n%s", code, text)
			}
			summary := filepath.Join(t.TempDir(), "汇总.xlsx")
			code, _, stderr = run(t, append([]string{"validate", "-q", "-o", summary, "--annotate", filepath.Join(t.TempDir(), "退回")}, tt.args...)...)
			if code != 1 || !strings.HasSuffix(stderr, "已写入汇总表："+summary+"\n没有收到任何文件，未写入批注副本\n") {
				t.Errorf("outputs: exit %d, stderr %q", code, stderr)
			}
		})
	}
}
