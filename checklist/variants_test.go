package checklist

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// subNumbered writes 序号 as item-task (1-1, 1-2, 2-1 …) with sep between,
// over the principal form's twelve task rows (B7:B18).
func subNumbered(sep string) map[string]string {
	edit := map[string]string{}
	for i := range 12 {
		edit[cellName(2, 7+i)] = fmt.Sprintf("%d%s%d", i/2+1, sep, i%2+1)
	}
	return edit
}

// numbered writes the principal form's twelve 序号 (B7:B18) running
// through the list, each as seq writes it.
func numbered(seq func(n int) string) map[string]string {
	edit := map[string]string{}
	for i := range 12 {
		edit[cellName(2, 7+i)] = seq(i + 1)
	}
	return edit
}

// quarterHeads heads the supervision form's quarter columns (F6:I6).
func quarterHeads(q ...string) map[string]string {
	edit := map[string]string{}
	for i, h := range q {
		edit[cellName(6+i, 6)] = h
	}
	return edit
}

// with adds one cell edit to edit.
func with(edit map[string]string, ref, v string) map[string]string {
	edit[ref] = v
	return edit
}

// TestWrittenVariants checks forms filled the way schools write them by
// hand: each variant must not raise the finding it used to raise falsely,
// and must still raise the one it should.
func TestWrittenVariants(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct {
		name   string
		kind   Kind
		edit   map[string]string
		absent string // a code that must not appear
		want   string // "code@cell" that must appear, or ""
	}{
		{"序号 as 1-1, 1-2, 2-1", KindPrincipal, subNumbered("-"), "bad-sequence", ""},
		{"序号 as 1.1, 1.2, 2.1", KindPrincipal, subNumbered("."), "bad-sequence", ""},
		{"序号 as 1－1 full-width", KindPrincipal, subNumbered("－"), "bad-sequence", ""},
		{"序号 as 1、 2、 3、", KindPrincipal, numbered(func(n int) string { return fmt.Sprintf("%d、", n) }), "bad-sequence", ""},
		{"序号 as （1）（2）", KindPrincipal, numbered(func(n int) string { return fmt.Sprintf("（%d）", n) }), "bad-sequence", ""},
		{"序号 as 1. 2.", KindPrincipal, numbered(func(n int) string { return fmt.Sprintf("%d.", n) }), "bad-sequence", ""},
		{"序号 as ① ②", KindPrincipal, numbered(func(n int) string { return string(rune('①' + n - 1)) }), "bad-sequence", ""},
		{"序号 as 1、 then 1、 repeated", KindPrincipal, map[string]string{"B7": "1、", "B8": "1、"}, "", "bad-sequence@B8"},
		{"ratio in words 百分之十", KindMember, map[string]string{"E10": "按百分之十的比例抽查"}, "not-quantified", ""},
		{"frequency by school term 每学期", KindMember, map[string]string{"E10": "每学期开展一轮检查"}, "not-quantified", ""},
		{"a measure with no quantity at all", KindMember, map[string]string{"E10": "认真开展检查"}, "", "not-quantified@E10"},
		{"item 14 written 廉洁自律", KindPrincipal, map[string]string{"A17": "廉洁自律"}, "unknown-item", ""},
		{"item 14 written 廉洁自律 is not missing", KindMember, map[string]string{"A17": "廉洁自律"}, "missing-item", ""},
		{"填报日期 in Chinese numerals", KindMember, map[string]string{"A3": "填报日期：二〇一七年二月十日"}, "bad-date", ""},
		{"填报日期 in Chinese numerals, no such day", KindMember, map[string]string{"A3": "填报日期：二〇一七年二月三十日"}, "", "bad-date@A3"},
		{"quarters headed 一季度（1-3月）", KindSupervision, quarterHeads("一季度（1-3月）", "二季度（4-6月）", "三季度（7-9月）", "四季度（10-12月）"), "missing-quarter", ""},
		{"quarters headed 第一季度工作措施", KindSupervision, quarterHeads("第一季度工作措施", "第二季度工作措施", "第三季度工作措施", "第四季度工作措施"), "unknown-item", ""},
		{"quarters headed by months 1-3月", KindSupervision, quarterHeads("1-3月", "4-6月", "7-9月", "10-12月"), "missing-quarter", ""},
		{"quarters headed by months, one 二季度 cleared", KindSupervision, with(quarterHeads("1-3月", "4-6月", "7-9月", "10-12月"), "G7", ""), "", "row-missing-quarter@G7"},
		{"责任领导 and 责任科室 headings", KindSupervision, map[string]string{"D5": "责任领导", "E5": "责任科室"}, "missing-owner", ""},
		{"牵头领导 heading, an owner left empty", KindCollective, map[string]string{"D4": "牵头领导", "D8": ""}, "", "missing-owner@D8"},
		{"责任事项 heading instead of 责任名称", KindSupervision, map[string]string{"A5": "责任事项"}, "no-list-found", ""},
		{"责任项目 heading, an item missing", KindPrincipal, map[string]string{"A5": "责任项目", "A17": "", "C17": "", "C18": ""}, "no-list-found", "missing-item@A5"},
		{"填报日期 with the weekday", KindCollective, map[string]string{"G3": "填报日期：2017年2月13日（星期一）"}, "bad-date", ""},
		{"item 9 written 党风廉政建设第一责任人", KindPrincipal, map[string]string{"A7": "党风廉政建设第一责任人"}, "unknown-item", ""},
		{"四季度 written as / for a whole item", KindSupervision, map[string]string{"I9": "/", "I10": "／"}, "not-quantified", "missing-quarter@I9"},
		{"四季度 written as 无 on one row", KindSupervision, map[string]string{"I9": "无"}, "not-quantified", "row-missing-quarter@I9"},
		{"四季度 written as —— for a whole item", KindPrincipal, map[string]string{"G9": "——", "G10": "——"}, "", "missing-quarter@G9"},
		{"no 序号 column at all", KindSupervision, map[string]string{"B5": ""}, "", "bad-sequence@A5"},
		{"序号 1-1 then 1-1 repeated", KindPrincipal, map[string]string{"B7": "1-1", "B8": "1-1"}, "", "bad-sequence@B8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := CheckWorkbook(c, ReadFile(c, writeFilledForm(t, c, tt.kind, tt.edit)))
			var got []string
			for _, f := range fr.Findings {
				got = append(got, f.Code+"@"+f.Cell)
				if f.Code == tt.absent {
					t.Errorf("false %s at %s: %s", f.Code, f.Cell, f.Message)
				}
			}
			if tt.want != "" && !strings.Contains(" "+strings.Join(got, " ")+" ", " "+tt.want+" ") {
				t.Errorf("no %s; got %v", tt.want, got)
			}
		})
	}
}

// TestMeasuresMergedWithoutQuarterRow reads a principal's list whose
// 工作措施和目标要求 heading is merged over four columns with the
// 一季度…四季度 row left out, the measures one quarter a column.
func TestMeasuresMergedWithoutQuarterRow(t *testing.T) {
	c := DefaultCatalog()
	quarter := func(q int) string {
		return []string{"每月按不低于10%的比例开展谈心谈话", "每季度检查2次", "每年至少上1次党课", "年底总结1次"}[q]
	}
	tests := []struct {
		name    string
		measure func(q int) string // "" leaves the quarter's cell empty
		want    []string           // codes expected, in any order, besides infos
		twoRows bool               // headings merged over rows 4-5, row 5 left blank
	}{
		{"one measure a column", quarter, nil, false},
		{"one measure a column with markers", func(q int) string {
			return []string{"一季度：", "二季度：", "三季度：", "四季度："}[q] + quarter(q)
		}, nil, false},
		{"四季度 column left empty", func(q int) string {
			if q == 3 {
				return ""
			}
			return quarter(q)
		}, []string{"missing-quarter"}, false},
		{"all quarters written in the first column", func(q int) string {
			if q > 0 {
				return ""
			}
			return "一季度：每月按不低于10%的比例开展谈心谈话；二季度：检查2次；三季度：上党课1次；四季度：总结1次"
		}, nil, false},
		{"headings merged over a blank second row", quarter, nil, true},
		{"headings merged over a blank second row, 四季度 empty", func(q int) string {
			if q == 3 {
				return ""
			}
			return quarter(q)
		}, []string{"missing-quarter"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			cells := map[string]any{
				"A1": "领导班子主要负责人责任清单", "A2": "填报日期：2017年2月13日",
				"A3": "单 位", "B3": "示例学校", "C3": "姓 名", "D3": "张三", "E3": "职 务", "F3": "校长",
				"A4": "责任名称", "B4": "序号", "C4": "项目任务具体分解内容", "D4": "工作措施和目标要求",
			}
			row := 5
			if tt.twoRows {
				row = 6
			}
			for i, e := range c.KindEntries(KindPrincipal) {
				cells[cellName(1, row)], cells[cellName(2, row)], cells[cellName(3, row)] = e.Name, i+1, "落实"+e.Name
				for q := range 4 {
					if m := tt.measure(q); m != "" {
						cells[cellName(4+q, row)] = m
					}
				}
				row++
			}
			cells[cellName(1, row+1)] = "领导班子主要负责人（签字）："
			for ref, v := range cells {
				if err := f.SetCellValue("Sheet1", ref, v); err != nil {
					t.Fatal(err)
				}
			}
			merges := [][2]string{{"D4", "G4"}}
			if tt.twoRows {
				merges = append(merges, [2]string{"A4", "A5"}, [2]string{"B4", "B5"}, [2]string{"C4", "C5"})
			}
			for _, m := range merges {
				if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "附件2.xlsx")
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, fd := range CheckWorkbook(c, ReadFile(c, path)).Findings {
				if fd.Severity != Info && !slices.Contains(got, fd.Code) {
					got = append(got, fd.Code)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReadListsStackedOnOneSheet reads 班子成员 lists put one below the other
// on one sheet, each closed by its signature line.
func TestReadListsStackedOnOneSheet(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct {
		name    string
		edit    func(s *sheetWriter, tops []int) // tops: each form's first row
		persons []string
		finding string // code@cell#list expected, or ""
	}{
		{"three lists", func(*sheetWriter, []int) {}, []string{"王五", "李四", "赵六"}, ""},
		{"second list without 职务", func(s *sheetWriter, tops []int) { s.set(tops[1]+2, 6, "") },
			[]string{"王五", "李四", "赵六"}, "missing-person@F17#2"},
		{"third list without 一季度 measures", func(s *sheetWriter, tops []int) { s.set(tops[2]+7, 4, "") },
			[]string{"王五", "李四", "赵六"}, "row-missing-quarter@D36#3"},
		{"a heading repeated under the last signature", func(s *sheetWriter, tops []int) {
			s.line(tops[2]+13, 1, "责任名称", "序号", "项目任务具体分解内容", "工作措施和目标要求")
		}, []string{"王五", "李四", "赵六"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBook(t)
			s := b.sheet("Sheet1")
			var tops []int
			for i, person := range []string{"王五", "李四", "赵六"} {
				top := 1 + i*14
				tops = append(tops, top)
				personForm(s, top, 1, "班子成员责任清单", true)
				s.set(top+1, 1, "填报日期：2017年2月13日")
				s.set(top+2, 4, person)
			}
			tt.edit(s, tops)
			wb := readBook(t, b)
			var got []string
			for _, l := range wb.Lists {
				got = append(got, l.Person.Value)
			}
			if !slices.Equal(got, tt.persons) {
				t.Fatalf("lists of %v, want %v", got, tt.persons)
			}
			if tt.finding == "" {
				return
			}
			var seen []string
			for _, f := range CheckWorkbook(c, wb).Findings {
				seen = append(seen, fmt.Sprintf("%s@%s#%d", f.Code, f.Cell, f.List))
			}
			if !slices.Contains(seen, tt.finding) {
				t.Errorf("no %s in %v", tt.finding, seen)
			}
		})
	}
}

// TestReadingRulesComeFromTheCatalog: a heading alias and a placeholder
// added to the rules file are honoured, and removing one takes it away.
func TestReadingRulesComeFromTheCatalog(t *testing.T) {
	good := string(defaultCatalogYAML)
	edit := func(old, new string) *Catalog {
		t.Helper()
		text := strings.Replace(good, old, new, 1)
		if text == good {
			t.Fatalf("replacement %q not applied", old)
		}
		c, err := ParseCatalog([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	aliases := `equals: ["责任事项", "责任项目"]`
	placeholders := `"略", "×"]`
	tests := []struct {
		name   string
		c      *Catalog
		kind   Kind
		edit   map[string]string
		absent string
		want   string
	}{
		{"a new alias 工作事项 is read", edit(aliases, `equals: ["责任事项", "责任项目", "工作事项"]`), KindSupervision, map[string]string{"A5": "工作事项"}, "no-list-found", ""},
		{"without its alias 责任事项 is no heading", edit(aliases, `equals: ["责任项目"]`), KindSupervision, map[string]string{"A5": "责任事项"}, "", "no-list-found@"},
		{"a new placeholder 待定 is no measure", edit(placeholders, `"略", "×", "待定"]`), KindSupervision, map[string]string{"I9": "待定"}, "not-quantified", "row-missing-quarter@I9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := CheckWorkbook(tt.c, ReadFile(tt.c, writeFilledForm(t, tt.c, tt.kind, tt.edit)))
			var got []string
			for _, f := range fr.Findings {
				got = append(got, f.Code+"@"+f.Cell)
				if f.Code == tt.absent {
					t.Errorf("false %s at %s: %s", f.Code, f.Cell, f.Message)
				}
			}
			if tt.want != "" && !slices.Contains(got, tt.want) {
				t.Errorf("no %s; got %v", tt.want, got)
			}
		})
	}
}
