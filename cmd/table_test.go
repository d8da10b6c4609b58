package cmd

import (
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/text"
)

func TestRulesTablesFitAHundredColumns(t *testing.T) {
	for _, args := range [][]string{{"rules"}, {"rules", "--detail"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, out, _ := run(t, args...)
			tableWidth := 0
			for _, line := range strings.Split(out, "\n") {
				w := text.StringWidth(line)
				if w > defaultWidth {
					t.Errorf("line %d columns wide: %s", w, line)
				}
				if strings.HasPrefix(line, "+") {
					tableWidth = w
				}
				// Every line of a table ends at its border, under the one width rule.
				if strings.HasPrefix(line, "|") && w != tableWidth {
					t.Errorf("line %d wide in a table %d wide: %s", w, tableWidth, line)
				}
				if strings.ContainsAny(line, "“”") {
					t.Errorf("ambiguous-width quote left in %s", line)
				}
			}
		})
	}
}

func TestWrapCell(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"CJK breaks between characters", "每季度至少听取一次汇报", 10, "每季度至少\n听取一次汇\n报"},
		{"an ASCII word stays whole", "运行 qingdan rules export 导出", 14, "运行 qingdan\nrules export\n导出"},
		{"a cell reference stays whole", "请在甲乙丙 C9 填写", 12, "请在甲乙丙\nC9 填写"},
		{"a comma never starts a line", "甲乙丙丁，戊己", 8, "甲乙丙\n丁，戊己"},
		{"an opening bracket never ends a line", "甲乙丙（丁戊）", 8, "甲乙丙\n（丁戊）"},
		{"a word wider than the column is cut", "abcdefghijkl", 5, "abcde\nfghij\nkl"},
		{"line breaks of the text are kept", "甲\n乙", 10, "甲\n乙"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapCell(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("wrapCell(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			for _, line := range strings.Split(got, "\n") {
				if text.StringWidth(line) > tt.max {
					t.Errorf("line %q wider than %d", line, tt.max)
				}
			}
		})
	}
}
