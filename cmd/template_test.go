package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingdan/internal/xlsxtest"
)

func TestTemplateCommand(t *testing.T) {
	cases := []struct {
		name      string
		args      []string // "DIR" is replaced by a temp folder
		existing  string   // a file to create in DIR first
		code      int
		files     []string // expected files in DIR afterwards
		stdout    []string
		stderr    []string
		sheets    []string // sheets of the single workbook, when one is written
		singleArg string
		written   int // lines "已生成：" on stdout
	}{
		{name: "all five forms by default", args: []string{"template", "-o", "DIR"}, code: 0,
			files: []string{
				"附件1 党委(党组)领导班子主体责任清单.xlsx", "附件2 领导班子主要负责人责任清单.xlsx",
				"附件3 班子成员责任清单.xlsx", "附件4 纪委(纪检委员)监督责任清单.xlsx",
				"附件5 县（市、区）落实“两个责任”情况督查考核评分表.xlsx",
			},
			stdout: []string{"已生成：", "附件5 县（市、区）落实“两个责任”情况督查考核评分表.xlsx"}, written: 5},
		{name: "chosen attachments into a new nested folder", args: []string{"template", "2", "4", "-o", "DIR/新 文件夹"}, code: 0,
			files: []string{"新 文件夹"}, written: 2},
		{name: "examples only", args: []string{"template", "--example", "-o", "DIR"}, code: 0,
			files: []string{
				"示例 附件1 党委(党组)领导班子主体责任清单.xlsx", "示例 附件2 领导班子主要负责人责任清单.xlsx",
				"示例 附件3 班子成员责任清单.xlsx", "示例 附件4 纪委(纪检委员)监督责任清单.xlsx",
				"示例 附件5 县（市、区）落实“两个责任”情况督查考核评分表.xlsx",
			}},
		{name: "org wording in the file name", args: []string{"template", "4", "--org", "党支部", "-o", "DIR"}, code: 0,
			files: []string{"附件4 纪检委员监督责任清单.xlsx"}},
		{name: "single workbook with all five sheets", args: []string{"template", "all", "--single", "表格.xlsx", "-o", "DIR", "--year", "2017"}, code: 0,
			files: []string{"表格.xlsx"}, singleArg: "表格.xlsx",
			sheets: []string{"附件1", "附件2", "附件3", "附件4", "附件5"}, written: 1},
		{name: "unknown attachment", args: []string{"template", "7", "-o", "DIR"}, code: 2, stderr: []string{"7", "all"}},
		{name: "unknown org", args: []string{"template", "--org", "居委会", "-o", "DIR"}, code: 2, stderr: []string{"--org", "居委会"}},
		{name: "bad year", args: []string{"template", "--year", "17", "-o", "DIR"}, code: 2, stderr: []string{"--year", "17"}},
		{name: "not a number for year", args: []string{"template", "--year", "二〇一七", "-o", "DIR"}, code: 2, stderr: []string{"year"}},
		{name: "blank and example together", args: []string{"template", "--blank", "--example", "-o", "DIR"}, code: 2, stderr: []string{"--blank", "--example"}},
		{name: "existing file is refused", args: []string{"template", "1", "-o", "DIR"}, code: 2,
			existing: "附件1 党委(党组)领导班子主体责任清单.xlsx",
			stderr:   []string{"文件已存在", "附件1 党委(党组)领导班子主体责任清单.xlsx", "--force"}},
		{name: "existing file is overwritten with force", args: []string{"template", "1", "-o", "DIR", "--force"}, code: 0,
			existing: "附件1 党委(党组)领导班子主体责任清单.xlsx", files: []string{"附件1 党委(党组)领导班子主体责任清单.xlsx"}},
		{name: "existing single workbook is refused", args: []string{"template", "--single", "表格.xlsx", "-o", "DIR"}, code: 2,
			existing: "表格.xlsx", stderr: []string{"文件已存在", "表格.xlsx"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.existing != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.existing), []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.Replace(a, "DIR", dir, 1)
			}
			code, out, errOut := run(t, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout %q lacks %q", out, s)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr %q lacks %q", errOut, s)
				}
			}
			if tc.code != 0 {
				if tc.existing != "" {
					if data, _ := os.ReadFile(filepath.Join(dir, tc.existing)); string(data) != "old" {
						t.Error("existing file changed")
					}
				}
				return
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			slices.Sort(names)
			want := slices.Clone(tc.files)
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("files %v, want %v", names, want)
			}
			if got := strings.Count(out, "已生成："); tc.written > 0 && got != tc.written {
				t.Errorf("%d lines on stdout, want one per file written (%d)", got, tc.written)
			}
			for _, name := range names {
				path := filepath.Join(dir, name)
				if info, _ := os.Stat(path); info.IsDir() {
					continue
				}
				f := xlsxtest.Open(t, path)
				if tc.sheets != nil && name == tc.singleArg {
					var visible []string
					for _, s := range f.GetSheetList() {
						if v, _ := f.GetSheetVisible(s); v {
							visible = append(visible, s)
						}
					}
					if !slices.Equal(visible, tc.sheets) {
						t.Errorf("sheets %v, want %v", visible, tc.sheets)
					}
				}
			}
		})
	}
}

// TestReadmeTemplateExamplesRunInOrder runs the README's template examples
// one after the other in one folder, as a clerk trying them would: none
// may collide with the files an earlier one wrote.
func TestReadmeTemplateExamplesRunInOrder(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "## 生成表格")
	_, block, _ := strings.Cut(section, "```sh\n")
	block, _, _ = strings.Cut(block, "```")
	var examples [][]string
	for _, line := range strings.Split(block, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if args := strings.Fields(line); len(args) > 1 && args[0] == "qingdan" {
			examples = append(examples, args[1:])
		}
	}
	if len(examples) < 3 {
		t.Fatalf("found %d examples in the README's template section", len(examples))
	}
	t.Chdir(t.TempDir())
	for _, args := range examples {
		if code, _, errOut := run(t, args...); code != 0 {
			t.Errorf("qingdan %s: exit %d: %s", strings.Join(args, " "), code, errOut)
		}
	}
}
