package cmd

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"qingdan/checklist"
)

// TestTextReportFindingsUnderTheirListOnASharedSheet puts a second
// principal's list below the first on one sheet: each finding must be
// printed under the list it is about, not under every list of the sheet.
func TestTextReportFindingsUnderTheirListOnASharedSheet(t *testing.T) {
	c := checklist.DefaultCatalog()
	second := map[string]string{
		"A16": "领导班子主要负责人责任清单", "A17": "填报日期：2017年2月10日",
		"A18": "单 位", "B18": "示例学校", "C18": "姓 名", "D18": "李四", "E18": "职 务", "F18": "书记",
		"A19": "责任名称", "B19": "序号", "C19": "项目任务具体分解内容", "D19": "工作措施和目标要求",
		"D20": "一季度", "E20": "二季度", "F20": "三季度", "G20": "四季度",
	}
	row := 21
	for i, e := range c.KindEntries(checklist.KindPrincipal) {
		second[fmt.Sprintf("A%d", row)], second[fmt.Sprintf("B%d", row)], second[fmt.Sprintf("C%d", row)] = e.Name, fmt.Sprint(i+1), "落实"+e.Name
		for q, col := range []string{"D", "E", "F", "G"} {
			second[fmt.Sprintf("%s%d", col, row)] = fmt.Sprintf("%d月底前完成1次检查", 3*(q+1))
		}
		row++
	}
	second["D21"] = "每月按不低于10%的比例开展谈心谈话，每年至少上1次党课"
	second[fmt.Sprintf("A%d", row+1)] = "领导班子主要负责人（签字）："
	tests := []struct {
		name  string
		edit  map[string]string
		under string // the list heading the finding must follow, "" when none
		cell  string
	}{
		{"both lists pass", nil, "", ""},
		{"second list without 二季度 for item 11", map[string]string{"E23": ""}, "示例学校 · 李四", "E23"},
		{"first list without 二季度 for item 11", map[string]string{"E9": ""}, "示例学校 · 张三", "E9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edit := map[string]string{}
			for k, v := range second {
				edit[k] = v
			}
			for k, v := range tt.edit {
				edit[k] = v
			}
			path := filepath.Join(t.TempDir(), "两份清单.xlsx")
			writePrincipalList(t, path, edit)
			_, out, _ := run(t, "validate", path)
			if tt.under == "" {
				if !strings.Contains(out, "2 份清单") || strings.Contains(out, "missing-quarter") {
					t.Errorf("want two clean lists, got:\n%s", out)
				}
				return
			}
			parts := strings.Split(out, "附件2 ")
			if len(parts) != 3 {
				t.Fatalf("want two list headings, got:\n%s", out)
			}
			for _, p := range parts[1:] {
				has := strings.Contains(p, "missing-quarter")
				want := tt.under != "" && strings.HasPrefix(p, "领导班子主要负责人责任清单 · "+tt.under)
				if has != want {
					t.Errorf("finding under %q = %v, want %v:\n%s", strings.SplitN(p, "\n", 2)[0], has, want, out)
				}
				if want && !strings.Contains(p, tt.cell) {
					t.Errorf("finding not at %s:\n%s", tt.cell, p)
				}
			}
		})
	}
}
