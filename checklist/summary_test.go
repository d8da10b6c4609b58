package checklist

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/xlsxtest"
)

// injected is text a submission could hold to smuggle a formula into a report.
const injected = "=HYPERLINK(\"http://evil.example\",\"点我\")"

// summaryReport is the batch of units_test.go checked with the roster, with
// a file finding whose message and sheet come from a hostile submission and
// a unit named like a formula.
func summaryReport(t *testing.T, roster bool) *Report {
	t.Helper()
	c := DefaultCatalog()
	files := batchFiles()
	files = append(files, listFile("收件/怪校/附件1.xlsx", KindCollective, "+1+1学校", "", "2017-02-10", collectiveItems))
	for i := range files {
		if strings.HasSuffix(files[i].Path, filepath.FromSlash("第一中学/附件1.xlsx")) {
			files[i].Valid = false
			files[i].Findings = []Finding{
				{Code: "missing-item", Severity: Error, File: files[i].Path, Sheet: "@Sheet", Cell: "B7", Item: "3", Message: injected},
				{Code: "not-quantified", Severity: Info, File: files[i].Path, Sheet: "Sheet1", Cell: "F9", Item: "1", Message: "-措施未量化"},
			}
		}
	}
	deadline := time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC)
	for i := range files {
		switch {
		case strings.HasSuffix(files[i].Path, filepath.FromSlash("第一中学/附件4.xlsx")):
			files[i].Lists[0].Date = "2017-02-20"
		case strings.HasSuffix(files[i].Path, filepath.FromSlash("镇中心小学/附件4.xlsx")):
			files[i].Received = time.Date(2017, 2, 16, 9, 30, 0, 0, time.Local)
		}
		files[i].Findings = append(files[i].Findings, LateFindings(files[i], deadline)...)
	}
	opts := UnitOptions{FolderUnits: true}
	if roster {
		opts.Roster = batchRoster()
		opts.Roster.Extra = []string{"联系人", "电话"}
		opts.Roster.Units[0].Extra = []string{"王老师", "0513-1"}
		opts.Roster.Units[1].Extra = []string{"", "0513-2"}
		opts.Roster.Units[3].Extra = []string{"赵老师"}
	}
	r := &Report{Tool: "qingdan", Files: files, Deadline: deadline, Checked: time.Date(2017, 2, 20, 8, 0, 0, 0, time.Local)}
	r.Units, r.Roster = BuildUnits(c, files, opts)
	return r
}

// rowOf finds the row whose column col holds want (1-based), or fails.
func rowOf(t *testing.T, f *excelize.File, sheet string, col int, want string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) >= col && r[col-1] == want {
			return r
		}
	}
	t.Fatalf("sheet %s has no row with %q in column %d", sheet, want, col)
	return nil
}

func TestWriteSummary(t *testing.T) {
	c := DefaultCatalog()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, c, summaryReport(t, true)); err != nil {
		t.Fatal(err)
	}
	f := xlsxtest.OpenBytes(t, buf.Bytes())

	t.Run("sheets in order", func(t *testing.T) {
		want := []string{"总体情况", "报送情况", "问题清单", "覆盖情况", "评分表对照", "未报、缺报"}
		if got := f.GetSheetList(); !slices.Equal(got, want) {
			t.Errorf("sheets %v, want %v", got, want)
		}
	})
	t.Run("报送情况: one row per unit in roster order, marks, dates, counts and status fills", func(t *testing.T) {
		rows, _ := f.GetRows("报送情况")
		var names []string
		for _, r := range rows[1:] {
			names = append(names, r[1])
		}
		wantNames := []string{"区实验小学", "第一中学", "镇中心小学", "第二中学", "+1+1学校", "区实验中学"}
		if !slices.Equal(names, wantNames) {
			t.Errorf("units %v, want %v", names, wantNames)
		}
		if h := rows[0]; h[1] != "单位" || h[2] != "上级党组织" || !strings.HasPrefix(h[5], "附件3") || !strings.HasPrefix(h[7], "报送日期") || h[8] != "收到时间" || h[9] != "逾期" || h[12] != "状态" || h[13] != "联系人" || h[14] != "电话" {
			t.Errorf("headings %q", h)
		}
		tests := []struct {
			unit   string
			want   []string // 上级党组织, four kinds, 报送日期, 收到时间, 逾期, errors, warnings, status, 联系人, 电话
			status string
			member string // fill of the 附件3 cell
		}{
			{"区实验小学", []string{"区教育局党委", "✓ 1", "✓ 1", "✓ 2", "✓ 1", "2017-02-10", "", "", "0", "0", "按时合格", "王老师", "0513-1"}, fillGreen, ""},
			{"第一中学", []string{"区教育局党委", "✓ 1", "✓ 1", "✗", "✓ 1", "2017-02-20", "", "是", "2", "2", "部分未报", "", "0513-2"}, fillRed, fillRed},
			{"镇中心小学", []string{"某某镇党委", "✓ 1", "✓ 1", "✓ 2", "✓ 1", "2017-02-10", "2017-02-16 09:30", "是", "0", "2", "逾期"}, fillLate, ""},
			{"第二中学", []string{"区教育局党委", "✗", "✗", "✗", "✗", "", "", "", "1", "0", "未报", "赵老师"}, fillRed, fillRed},
			{"区实验中学", []string{"（名单外）", "✓ 1", "✗", "✗", "✗", "2017-02-10", "", "", "3", "1", "部分未报"}, fillRed, fillRed},
		}
		for _, tt := range tests {
			r := rowOf(t, f, "报送情况", 2, tt.unit)
			if got := r[2:]; !slices.Equal(got, tt.want) {
				t.Errorf("%s: %q, want %q", tt.unit, got, tt.want)
			}
			row := slices.Index(names, tt.unit) + 2
			if got := xlsxtest.Fill(t, f, "报送情况", cellName(13, row)); got != tt.status {
				t.Errorf("%s status fill %q, want %q", tt.unit, got, tt.status)
			}
			if got := xlsxtest.Fill(t, f, "报送情况", cellName(6, row)); got != tt.member {
				t.Errorf("%s 附件3 fill %q, want %q", tt.unit, got, tt.member)
			}
		}
	})
	t.Run("总体情况: title, dates, the paragraph and counts by status per 上级党组织", func(t *testing.T) {
		rows, _ := f.GetRows("总体情况")
		if rows[0][0] != "2017年党风廉政建设“两个责任”清单报送情况" {
			t.Errorf("title %q", rows[0][0])
		}
		if rows[1][0] != "检查日期：2017年2月20日　　报送截止日期：2017年2月14日" {
			t.Errorf("dates %q", rows[1][0])
		}
		para := "应报 4 个单位，已报 3 个，未报 1 个（第二中学）。其中按时合格 1 个，逾期 1 个，需修改 0 个，部分未报 1 个（第一中学）。" +
			"另有 1 个需修改或部分未报的单位也逾期报送。另收到名单外单位 2 个（+1+1学校、区实验中学），未计入以上统计，请核对单位名称。"
		if rows[2][0] != para {
			t.Errorf("paragraph\n got %q\nwant %q", rows[2][0], para)
		}
		want := [][]string{
			{"序号", "上级党组织", "应报单位", "已报单位", "按时合格", "逾期", "需修改", "部分未报", "未报"},
			{"1", "区教育局党委", "3", "2", "1", "0", "0", "1", "1"},
			{"2", "某某镇党委", "1", "1", "0", "1", "0", "0", "0"},
			{"", "合计", "4", "3", "1", "1", "0", "1", "1"},
		}
		if got := rows[4:8]; !reflect.DeepEqual(got, want) {
			t.Errorf("counts\n got %q\nwant %q", got, want)
		}
		if got := rows[9][0]; !strings.HasPrefix(got, "按时合格：四种清单报齐") {
			t.Errorf("first status note %q", got)
		}
	})
	t.Run("问题清单: every finding with unit and file, the code's Chinese name, the code last, autofilter", func(t *testing.T) {
		rows, _ := f.GetRows("问题清单")
		if h := rows[0]; !slices.Equal(h, []string{"序号", "单位", "文件", "工作表", "单元格", "级别", "事项", "问题", "说明", "代码"}) {
			t.Errorf("headings %q", h)
		}
		r := rowOf(t, f, "问题清单", 10, "missing-item")
		want := []string{"第一中学", filepath.FromSlash("收件/第一中学/附件1.xlsx"), "@Sheet", "B7", "错误", "3 选好用好干部", "缺少事项", injected, "missing-item"}
		if !slices.Equal(r[1:], want) {
			t.Errorf("file finding row %q, want %q", r[1:], want)
		}
		r = rowOf(t, f, "问题清单", 10, "not-submitted")
		if r[1] != "第二中学" || r[5] != "错误" || r[7] != "未报送" {
			t.Errorf("unit finding row %q", r)
		}
		for _, r := range rows[1:] {
			if r[7] == r[9] {
				t.Errorf("code %s has no Chinese name", r[9])
			}
		}
		if got := len(rows) - 1; got != 16 {
			t.Errorf("%d findings listed, want 16", got)
		}
		if !hasDefinedName(f, "_xlnm._FilterDatabase", "问题清单") {
			t.Errorf("no autofilter on 问题清单: %+v", f.GetDefinedName())
		}
	})
	t.Run("覆盖情况: ✓ where covered, red empty cell where not", func(t *testing.T) {
		rows, _ := f.GetRows("覆盖情况")
		if h := rows[0]; h[2] != "1\n组织领导" || !strings.HasPrefix(h[23], "S1\n") || len(h) != 2+27+1 {
			t.Errorf("headings %q", h)
		}
		r := rowOf(t, f, "覆盖情况", 1, "第一中学")
		row := slices.IndexFunc(rows, func(x []string) bool { return x[0] == "第一中学" }) + 1
		if r[2] != "✓" || r[4] != "" || r[29] != "26/27" {
			t.Errorf("第一中学 row %q", r)
		}
		if got := xlsxtest.Fill(t, f, "覆盖情况", cellName(5, row)); got != fillRed {
			t.Errorf("uncovered item 3 fill %q, want red", got)
		}
		if got := xlsxtest.Fill(t, f, "覆盖情况", cellName(3, row)); got != "" {
			t.Errorf("covered item 1 fill %q, want none", got)
		}
		for _, x := range rows {
			if x[0] == "第二中学" {
				t.Error("a unit that sent nothing has a coverage row")
			}
		}
	})
	t.Run("未报、缺报: every unit missing any list, with what is missing and the roster's columns", func(t *testing.T) {
		rows, _ := f.GetRows("未报、缺报")
		want := [][]string{
			{"序号", "单位名称", "上级党组织", "状态", "缺报内容", "联系人", "电话"},
			{"1", "第一中学", "区教育局党委", "部分未报", "缺附件3", "", "0513-2"},
			{"2", "第二中学", "区教育局党委", "未报", "未报送任何清单", "赵老师"},
			{"3", "+1+1学校", "（名单外）", "部分未报", "缺附件2；缺附件3；缺附件4"},
			{"4", "区实验中学", "（名单外）", "部分未报", "缺附件2；缺附件3；缺附件4"},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("rows\n got %q\nwant %q", rows, want)
		}
	})
	t.Run("frozen headings (but on 总体情况), A4 landscape fitted to width, print titles", func(t *testing.T) {
		for _, sheet := range f.GetSheetList() {
			p, err := f.GetPanes(sheet)
			if sheet != "总体情况" && (err != nil || !p.Freeze || p.YSplit != 1) {
				t.Errorf("%s panes %+v %v", sheet, p, err)
			}
			l, err := f.GetPageLayout(sheet)
			if err != nil || *l.Size != 9 || *l.Orientation != "landscape" || *l.FitToWidth != 1 {
				t.Errorf("%s page layout %+v %v", sheet, l, err)
			}
			if !hasDefinedName(f, "_xlnm.Print_Titles", sheet) {
				t.Errorf("%s has no print titles", sheet)
			}
		}
	})
	t.Run("text from submissions is never a formula", func(t *testing.T) {
		assertNoFormulas(t, f)
		rowOf(t, f, "问题清单", 9, injected)
		r := rowOf(t, f, "报送情况", 2, "+1+1学校")
		if r[1] != "+1+1学校" {
			t.Errorf("unit name changed: %q", r[1])
		}
	})
}

func hasDefinedName(f *excelize.File, name, scope string) bool {
	return slices.ContainsFunc(f.GetDefinedName(), func(d excelize.DefinedName) bool { return d.Name == name && d.Scope == scope })
}

// assertNoFormulas fails on any cell of the workbook holding a formula.
func assertNoFormulas(t *testing.T, f *excelize.File) {
	t.Helper()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for ri, r := range rows {
			for ci := range r {
				if fm, _ := f.GetCellFormula(sheet, cellName(ci+1, ri+1)); fm != "" {
					t.Errorf("%s!%s holds formula %q", sheet, cellName(ci+1, ri+1), fm)
				}
			}
		}
	}
}

func TestWriteSummaryCases(t *testing.T) {
	c := DefaultCatalog()
	t.Run("no roster: units in pinyin order, 收到单位 counted, 未报、缺报 without roster columns", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "汇总.xlsx")
		r := summaryReport(t, false)
		r.Deadline, r.Checked = time.Time{}, time.Time{}
		if err := saveSummary(c, r, path, false); err != nil {
			t.Fatal(err)
		}
		f := xlsxtest.Open(t, path)
		rows, _ := f.GetRows("报送情况")
		var names []string
		for _, r := range rows[1:] {
			names = append(names, r[1])
		}
		if want := []string{"+1+1学校", "第一中学", "区实验小学", "区实验中学", "实小", "一中", "镇中心小学"}; !slices.Equal(names, want) {
			t.Errorf("units %q, want %q", names, want)
		}
		over, _ := f.GetRows("总体情况")
		if over[0][0] != "2017年党风廉政建设“两个责任”清单报送情况" || over[1][0] != "报送截止日期：未设定" || !strings.HasPrefix(over[2][0], "共收到 7 个单位的清单。") {
			t.Errorf("总体情况 %q", over[:3])
		}
		if h := over[4]; h[2] != "收到单位" || over[5][1] != "合计" {
			t.Errorf("总体情况 counts %q", over[4:6])
		}
		missing, _ := f.GetRows("未报、缺报")
		if len(missing[0]) != 5 || len(missing) < 2 {
			t.Errorf("未报、缺报 %q", missing)
		}
	})
	t.Run("files named one by one are still grouped by unit, without unit findings", func(t *testing.T) {
		r := summaryReport(t, false)
		r.Units = nil
		path := filepath.Join(t.TempDir(), "汇总.xlsx")
		if err := saveSummary(c, r, path, false); err != nil {
			t.Fatal(err)
		}
		f := xlsxtest.Open(t, path)
		if row := rowOf(t, f, "报送情况", 2, "区实验中学"); row[12] != "按时合格" {
			t.Errorf("区实验中学 row %q: without unit checks its missing kinds are not errors", row)
		}
		rowOf(t, f, "问题清单", 10, "missing-item")
		if slices.Contains(f.GetSheetList(), "未报、缺报") {
			t.Error("未报、缺报 written without unit checks")
		}
	})
	t.Run("existing file refused without force, replaced with force, no temp file left", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "汇总.xlsx")
		if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := saveSummary(c, summaryReport(t, true), path, false)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "已存在") {
			t.Fatalf("error %v", err)
		}
		if b, _ := os.ReadFile(path); string(b) != "keep" {
			t.Error("existing file overwritten without force")
		}
		if err := saveSummary(c, summaryReport(t, true), path, true); err != nil {
			t.Fatal(err)
		}
		xlsxtest.Open(t, path)
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("folder holds %d entries, want only the summary", len(entries))
		}
	})
}

func TestWrappedLines(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		width float64
		want  int
	}{
		{"short ASCII", "missing-list", 18, 1},
		{"CJK counts double", "党委领导班子集体责任", 11, 2},
		{"line breaks start new lines", "附件3\n班子成员责任清单", 18, 2},
		{"long message wraps", strings.Repeat("问", 60), 61, 2},
		{"empty", "", 10, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrappedLines(tt.s, tt.width); got != tt.want {
				t.Errorf("wrappedLines(%q, %v) = %d, want %d", tt.s, tt.width, got, tt.want)
			}
		})
	}
}

// saveSummary saves the summary as validate -o does.
func saveSummary(c *Catalog, r *Report, path string, force bool) error {
	return WriteFileAtomic(path, force, func(w io.Writer) error { return WriteSummary(w, c, r) })
}
