package checklist

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// formLayout is where a notice-like form puts things, per kind.
type formLayout struct {
	header   [][]string // rows 3.. above the headings, as label/value cells from column A
	headings []string   // the heading row, from column A
}

func layoutOf(k Kind) formLayout {
	q := []string{"一季度", "二季度", "三季度", "四季度"}
	switch k {
	case KindCollective:
		return formLayout{
			header:   [][]string{{"单位(盖章)：示例学校", "", "", "", "", "", "填报日期：2017年2月10日"}},
			headings: append([]string{"责任名称", "序号", "项目任务", "责任人", "责任部门"}, q...),
		}
	case KindPrincipal:
		return formLayout{
			header: [][]string{
				{"填报日期：2017年2月10日"},
				{"单 位", "示例学校", "姓 名", "张三", "职 务", "校长"},
			},
			headings: append([]string{"责任名称", "序号", "项目任务具体分解内容"}, q...),
		}
	case KindMember:
		return formLayout{
			header: [][]string{
				{"填报日期：2017年2月10日"},
				{"单 位", "示例学校", "姓 名", "李四", "职 务", "副校长"},
				{"分管工作", "教学工作"},
				{"联系单位", "教务处"},
			},
			headings: append([]string{"责任名称", "序号", "项目任务具体分解内容"}, q...),
		}
	default:
		return formLayout{
			header: [][]string{
				{"单位(盖章)：示例学校", "", "", "", "", "", "填报日期：2017年2月10日"},
				{"单  位", "示例学校"},
			},
			headings: append([]string{"责任名称", "序号", "项目任务具体分解内容", "责任人", "责任部门"}, q...),
		}
	}
}

// writeFilledForm builds a filled list of kind k on sheet "Sheet1" of a new
// workbook, as a unit fills the notice's form: 附件N, title, header fields,
// headings with the quarter sub-columns on the next row, each item's
// 责任名称 merged over its two task rows, and the signature line. edit then
// changes cells ("" clears one) before the file is saved.
func writeFilledForm(t *testing.T, c *Catalog, k Kind, edit map[string]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(col, row int, v string) {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	spec := c.Kind(k)
	lay := layoutOf(k)
	set(1, 1, fmt.Sprintf("附件%d", spec.Attachment))
	set(1, 2, spec.Title)
	row := 3
	for _, cells := range lay.header {
		for i, v := range cells {
			if v != "" {
				set(i+1, row, v)
			}
		}
		row++
	}
	hr := row // headings, then the quarter sub-headings, then the tasks
	q := len(lay.headings) - 4
	for i, h := range lay.headings[:q] {
		set(i+1, hr, h)
		from, _ := excelize.CoordinatesToCellName(i+1, hr)
		to, _ := excelize.CoordinatesToCellName(i+1, hr+1)
		if err := f.MergeCell("Sheet1", from, to); err != nil {
			t.Fatal(err)
		}
	}
	set(q+1, hr, "工作措施和目标要求")
	for i, h := range lay.headings[q:] {
		set(q+1+i, hr+1, h)
	}
	hasOwner := slices.Contains(lay.headings, "责任人")
	special := map[Kind][]string{
		KindCollective: {"每季度召开党委会议，专题听取班子成员履行一岗双责情况汇报"},
		KindPrincipal:  {"每月按不低于10%的比例开展谈心谈话", "每年至少上1次党课"},
		KindMember:     {"每月按不低于8%的比例开展谈心谈话", "每年至少上1次党课"},
	}[k]
	row, seq := hr+2, 1
	for _, e := range c.KindEntries(k) {
		set(1, row, e.Name)
		from, _ := excelize.CoordinatesToCellName(1, row)
		to, _ := excelize.CoordinatesToCellName(1, row+1)
		if err := f.MergeCell("Sheet1", from, to); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			task := fmt.Sprintf("落实%s第%d项任务", e.Name, seq)
			set(2, row, fmt.Sprint(seq))
			set(3, row, task)
			if hasOwner {
				set(4, row, "王五")
				set(5, row, "办公室")
			}
			for i := range 4 {
				m := fmt.Sprintf("%d月底前完成%s，每季度至少检查1次", 3*(i+1), task)
				if i == 0 && seq <= len(special) {
					m = special[seq-1]
				}
				set(q+1+i, row, m)
			}
			row++
			seq++
		}
	}
	set(1, row+1, spec.Signatures[0])
	for ref, v := range edit {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), fmt.Sprintf("附件%d.xlsx", spec.Attachment))
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidWorkbookOfEachKindPasses(t *testing.T) {
	c := DefaultCatalog()
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			path := writeFilledForm(t, c, k, nil)
			fr := CheckWorkbook(c, ReadFile(c, path))
			for _, f := range withoutUnplanned(fr.Findings) {
				t.Errorf("%s %s at %s: %s", f.Severity, f.Code, f.Cell, f.Message)
			}
			if !fr.Valid || len(fr.Lists) != 1 {
				t.Fatalf("valid = %v, %d lists", fr.Valid, len(fr.Lists))
			}
			lr := fr.Lists[0]
			want := c.Kind(k).Items
			if lr.Kind != k || lr.Unit != "示例学校" || lr.Date != "2017-02-10" || !slices.Equal(lr.Items, want) || lr.Tasks != 2*len(want) {
				t.Errorf("list report %+v", lr)
			}
		})
	}
}

func TestWorkbookFindingsPointAtTheCellToFix(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct {
		name string
		kind Kind
		edit map[string]string
		code string
		cell string // "" when any cell will do
		item string
		also string // another error the edit rightly causes
	}{
		{"单位 left empty", KindSupervision, map[string]string{"B4": "", "A3": "单位(盖章)："}, "missing-unit", "", "", ""},
		{"姓名 left empty", KindPrincipal, map[string]string{"D4": ""}, "missing-person", "D4", "", ""},
		{"分管工作 left empty", KindMember, map[string]string{"B5": ""}, "missing-portfolio", "B5", "", ""},
		{"填报日期 unfilled", KindPrincipal, map[string]string{"A3": "填报日期：   年   月   日"}, "missing-date", "", "", ""},
		{"填报日期 with only the printed year", KindCollective, map[string]string{"F3": "填报日期：2017年   月   日"}, "missing-date", "", "", ""},
		{"填报日期 not a date", KindMember, map[string]string{"A3": "填报日期：2017年二月卅日"}, "bad-date", "", "", ""},
		{"item 1 renamed beyond recognition", KindCollective, map[string]string{"A6": "组织领到工作"}, "unknown-item", "A6", "", "missing-item"},
		{"item 10 renamed 第一责任人 on a member's list", KindMember, map[string]string{"A9": "主要负责人履行第一责任人责任"}, "misplaced-item", "A9", "9", "missing-item"},
		{"task cleared, measures kept", KindCollective, map[string]string{"C7": ""}, "empty-task", "C7", "1", ""},
		{"二季度 empty for a whole item", KindSupervision, map[string]string{"G9": "", "G10": ""}, "missing-quarter", "G9", "16", ""},
		{"one row without 四季度", KindPrincipal, map[string]string{"G7": ""}, "row-missing-quarter", "G7", "9", ""},
		{"责任人 empty", KindCollective, map[string]string{"D10": ""}, "missing-owner", "D10", "3", ""},
		{"责任部门 empty", KindSupervision, map[string]string{"E11": ""}, "missing-department", "E11", "17", ""},
		{"measure not quantified", KindMember, map[string]string{"E10": "认真抓好落实"}, "not-quantified", "E10", "10", ""},
		{"序号 repeated", KindMember, map[string]string{"B11": "2"}, "bad-sequence", "B11", "11", ""},
		{"谈心谈话 at 5%", KindMember, map[string]string{"D9": "每月按不低于5%的比例开展谈心谈话"}, "talk-ratio-low", "D9", "10", ""},
		{"no monthly 谈心谈话", KindPrincipal, map[string]string{"D7": "每季度开展1次调研"}, "no-monthly-talk", "A7", "9", ""},
		{"no 党课", KindPrincipal, map[string]string{"D8": "每年开展1次调研"}, "no-party-lecture", "A7", "9", ""},
		{"no quarterly 一岗双责 meeting", KindCollective, map[string]string{"F6": "每季度开展1次调研"}, "no-quarterly-meeting", "A6", "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := CheckWorkbook(c, ReadFile(c, writeFilledForm(t, c, tt.kind, tt.edit)))
			var got []string
			found := false
			for _, f := range fr.Findings {
				got = append(got, fmt.Sprintf("%s@%s", f.Code, f.Cell))
				if f.Code == tt.code && (tt.cell == "" || f.Cell == tt.cell) && f.Item == tt.item {
					found = true
				}
				if f.Code != tt.code && f.Code != tt.also && f.Severity == Error {
					t.Errorf("unexpected error %s at %s: %s", f.Code, f.Cell, f.Message)
				}
			}
			if !found {
				t.Errorf("no %s at %q item %q; got %s", tt.code, tt.cell, tt.item, strings.Join(got, " "))
			}
		})
	}
}

func TestMissingItemAndItemWithoutTaskFromWorkbook(t *testing.T) {
	c := DefaultCatalog()
	// Item 19's rows (15, 16) keep their pre-filled name but nothing else;
	// item 21's name is gone, so its rows join item 20 above.
	edit := map[string]string{"A19": ""}
	for col := 2; col <= 9; col++ {
		edit[cellName(col, 15)], edit[cellName(col, 16)] = "", ""
	}
	fr := CheckWorkbook(c, ReadFile(c, writeFilledForm(t, c, KindSupervision, edit)))
	var got []string
	for _, f := range withoutUnplanned(fr.Findings) {
		got = append(got, fmt.Sprintf("%s@%s#%s", f.Code, f.Cell, f.Item))
	}
	want := []string{"missing-item@A5#21", "item-without-task@C15#19"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestFindingsSortedBySheetRowColumnCode(t *testing.T) {
	fs := []Finding{
		{Sheet: "B", Cell: "A1", Code: "x"},
		{Sheet: "A", Cell: "C10", Code: "b"},
		{Sheet: "A", Cell: "C10", Code: "a"},
		{Sheet: "A", Cell: "AA2", Code: "z"},
		{Sheet: "A", Cell: "", Code: "y"},
		{Sheet: "", Cell: "", Code: "unreadable"},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Sheet+"!"+f.Cell+":"+f.Code)
	}
	want := []string{"!:unreadable", "A!:y", "A!AA2:z", "A!C10:a", "A!C10:b", "B!A1:x"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestOfficialSingleMeasuresColumn reads attachment 1 as the notice prints
// it: one 工作措施和目标要求 column, the quarters marked inside the text.
func TestOfficialSingleMeasuresColumn(t *testing.T) {
	c := DefaultCatalog()
	f := excelize.NewFile()
	defer f.Close()
	cells := map[string]string{
		"A1": "附件1", "A2": "党委(党组)领导班子主体责任清单",
		"A3": "单位(盖章)：示例学校", "F3": "填报日期：2017年2月10日",
		"A4": "责任名称", "B4": "序号", "C4": "项目任务", "D4": "责任人", "E4": "责任\n部门", "F4": "工作措施和目标要求",
	}
	row := 5
	for i, e := range c.KindEntries(KindCollective) {
		ref := func(col int) string { return cellName(col, row) }
		cells[ref(1)], cells[ref(2)], cells[ref(3)] = e.Name, fmt.Sprint(i+1), "落实"+e.Name
		cells[ref(4)], cells[ref(5)] = "王五", "办公室"
		cells[ref(6)] = "一季度：3月底前完成1次；二季度：6月底前完成1次；三季度：9月底前完成1次；四季度：12月底前完成1次"
		row++
	}
	cells["F5"] = "每季度召开党委会议，专题听取班子成员履行一岗双责情况汇报，全年4次"
	cells["F6"] = "一季度：制定方案1份；二季度：检查1次"
	cells[cellName(1, row+1)] = "党委(组)主要负责人(签字)："
	for ref, v := range cells {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "附件1.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	fr := CheckWorkbook(c, ReadFile(c, path))
	var got []string
	for _, fd := range withoutUnplanned(fr.Findings) {
		got = append(got, fmt.Sprintf("%s@%s#%s", fd.Code, fd.Cell, fd.Item))
	}
	// One finding for the item, naming both quarters it lacks.
	want := []string{"missing-quarter@F6#2"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if len(fr.Findings) == 1 && !strings.Contains(fr.Findings[0].Message, "缺少三季度、四季度的工作措施") {
		t.Errorf("message does not name 三季度、四季度: %s", fr.Findings[0].Message)
	}
}
