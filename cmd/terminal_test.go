package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTermText(t *testing.T) {
	cases := []struct {
		name, in, cell, line string
	}{
		{"plain text untouched", "组织领导\n第二行", "组织领导\n第二行", "组织领导 第二行"},
		{"cursor up and erase line", "\x1b[1A\x1b[2K✓ 伪造", "[1A[2K✓ 伪造", "[1A[2K✓ 伪造"},
		{"C1 control and DEL", "a\u009bb\x7fc", "abc", "abc"},
		{"bidi override", "x\u202eabc", "xabc", "xabc"},
		{"carriage return", "✗ 真\r✓ 假", "✗ 真✓ 假", "✗ 真✓ 假"},
		{"tab and line separator", "a\tb\u2028c", "a b c", "a b c"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := termCell(c.in); got != c.cell {
				t.Errorf("termCell(%q) = %q, want %q", c.in, got, c.cell)
			}
			if got := termLine(c.in); got != c.line {
				t.Errorf("termLine(%q) = %q, want %q", c.in, got, c.line)
			}
		})
	}
}

// TestTextReportCannotBeForged: a list whose cells hold escape sequences
// and line breaks (as _x001B_ in the file) prints no control character and
// no report line that the report did not write.
func TestTextReportCannotBeForged(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "template", "2", "--example", "-o", dir); code != 0 {
		t.Fatalf("template: %d %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if len(files) != 1 {
		t.Fatalf("want one example, got %v", files)
	}
	f, err := excelize.OpenFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	rows, _ := f.GetRows(sheet)
	forged := "\x1b[1A\x1b[2K\r✓ 伪造.xlsx：通过\n✓ 另一个.xlsx：通过"
	replaced := 0
	for r, row := range rows {
		for c, v := range row {
			if strings.HasPrefix(v, "主要负责人履行") { // an item left out gives findings, so the list is printed
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(sheet, ref, ""); err != nil {
					t.Fatal(err)
				}
			}
			if strings.Contains(v, "示例学校") || v == "张三" {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(sheet, ref, strings.Replace(v, "示例学校", "示例学校"+forged, 1)+forged); err != nil {
					t.Fatal(err)
				}
				replaced++
			}
		}
	}
	if replaced == 0 {
		t.Fatal("no unit or person cell found to replace")
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_, out, _ := run(t, "validate", files[0])
	if strings.ContainsAny(out, "\x1b\r") {
		t.Errorf("the report holds control characters:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if l := strings.TrimLeft(line, " "); strings.HasPrefix(l, "✓ 伪造") || strings.HasPrefix(l, "✓ 另一个") {
			t.Errorf("a forged line reached the report: %q", line)
		}
	}
	if !strings.Contains(out, "伪造") {
		t.Fatalf("the cell's text should still be quoted in the report:\n%s", out)
	}
	_ = os.Remove(files[0])
}

// TestErrorLinesCarryNoControls: the error line names what the user or a
// file gave (an unknown command, a missing path), stripped of controls.
func TestErrorLinesCarryNoControls(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "假\x1b[1A\x1b[2K✓ 通过")
	tests := []struct {
		name string
		args []string
	}{
		{"an unknown command", []string{"va\x1b[2Jlidate"}},
		{"a path that does not exist", []string{"validate", missing}},
		{"a bad flag value", []string{"validate", "--format", "x\x9bq", missing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := Execute(tt.args, strings.NewReader(""), &out, &errOut); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if strings.ContainsAny(errOut.String(), "\x1b\x9b") || !strings.HasPrefix(errOut.String(), "错误：") {
				t.Errorf("stderr %q", errOut.String())
			}
		})
	}
}
