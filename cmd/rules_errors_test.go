package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulesFileErrorsNameTheLineInChinese edits the exported catalog as a
// district would and checks the message names the edited line and field.
func TestRulesFileErrorsNameTheLineInChinese(t *testing.T) {
	good, err := os.ReadFile("../checklist/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(good), "\n")
	// lineOf is the 1-based number of the first line holding s after line from.
	lineOf := func(s string, from int) int {
		for i := from; i < len(lines); i++ {
			if strings.Contains(lines[i], s) {
				return i + 1
			}
		}
		t.Fatalf("catalog.yaml has no line with %q", s)
		return 0
	}
	name := lineOf(`name: "正风肃纪"`, 0)
	aliases := lineOf("aliases:", name)
	points := lineOf("points: 7", name-1)
	safeguard := lineOf("aliases:", lineOf("id: S2", 0))
	tests := []struct {
		name string
		line int
		edit func(string) string
		want []string
	}{
		{"a line indented one space more", name, func(s string) string { return " " + s },
			[]string{fmt.Sprintf("第%d行：缩进不对", name)}},
		{"a line indented one space less", name, func(s string) string { return s[1:] },
			[]string{fmt.Sprintf("第%d行：缩进不对：这一行应与同一列表的其他“- ”项对齐", name)}},
		{"a tab before a field", name, func(s string) string { return "\t" + s },
			[]string{fmt.Sprintf("第%d行：", name), "制表符 Tab"}},
		{"a colon in an unquoted text", name, func(s string) string { return `        name: 正风: 肃纪` },
			[]string{fmt.Sprintf("第%d行：此处不能有冒号", name)}},
		{"an unclosed bracket", aliases, func(s string) string { return strings.TrimSuffix(s, "]") },
			[]string{fmt.Sprintf("第%d行：方括号列表 [ ] 没有闭合", aliases)}},
		{"a misspelt field of an item", aliases, func(s string) string { return strings.Replace(s, "aliases", "alias", 1) },
			[]string{fmt.Sprintf("第%d行：未知字段 alias（可用的字段：id、name、points、aliases、requirements）", aliases)}},
		{"a misspelt field of a safeguard", safeguard, func(s string) string { return strings.Replace(s, "aliases", "alias", 1) },
			[]string{fmt.Sprintf("第%d行：未知字段 alias（可用的字段：id、name、basis、aliases）", safeguard)}},
		{"words where a number goes", points, func(s string) string { return strings.Replace(s, "7", "七", 1) },
			[]string{fmt.Sprintf("第%d行：「七」不能用在这里，应为整数", points)}},
		{"an empty name", name, func(s string) string { return `        name: ""` },
			[]string{fmt.Sprintf("第%d行：字段 categories[0].items[1].name 不能为空", name)}},
		{"points that no longer add up", points, func(s string) string { return strings.Replace(s, "7", "8", 1) },
			[]string{fmt.Sprintf("第%d行：字段 categories[0].items[1].points：事项 2「正风肃纪」标准分为 8，但具体要求分值合计 7", points)}},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := append([]string(nil), lines...)
			edited[tt.line-1] = tt.edit(edited[tt.line-1])
			path := filepath.Join(dir, fmt.Sprintf("规则%d.yaml", i))
			if err := os.WriteFile(path, []byte(strings.Join(edited, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := run(t, "--rules", path, "rules")
			if code != 2 {
				t.Fatalf("exit %d, want 2: %s", code, errOut)
			}
			for _, w := range append(tt.want, "规则文件 "+path+" 无效") {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "yaml:") || strings.Contains(errOut, "checklist.") || strings.Contains(errOut, "line ") {
				t.Errorf("English from the YAML library: %s", errOut)
			}
		})
	}
}

func TestEmptyAndMissingRulesFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "空.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want string
	}{
		{"an empty file", empty, "规则文件是空的"},
		{"a file that is not there", filepath.Join(dir, "无.yaml"), "文件或文件夹不存在"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "--rules", tt.path, "rules")
			if code != 2 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "EOF") || strings.Contains(errOut, "no such file") {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

func TestSaveErrorsAreChinese(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "文件")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(blocker, "规则.yaml")
	code, _, errOut := run(t, "rules", "export", "-o", out)
	want := "错误：无法保存 " + out + "：路径中的某一级不是文件夹，而是同名的文件。请换一个输出位置"
	if code != 2 || !strings.Contains(errOut, want) || strings.Contains(errOut, "not a directory") {
		t.Errorf("exit %d, stderr %q, want 2 and %q", code, errOut, want)
	}
}
