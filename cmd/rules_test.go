package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRulesCommand(t *testing.T) {
	dir := t.TempDir()
	exported := filepath.Join(dir, "规则 副本.yaml")
	broken := filepath.Join(dir, "broken.yaml")
	good, err := os.ReadFile("../checklist/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, bytes.Replace(good, []byte("points: 9\n"), []byte("points: -9\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  []string
	}{
		{"prints the catalog", []string{"rules"}, 0, []string{"『一岗", "70 条具体要求", "述责述廉", "纪委(纪检委员)监督责任清单"}, nil},
		{"detail lists requirement texts", []string{"rules", "-d"}, 0, []string{"1. 及时传达学习"}, nil},
		{"export to stdout", []string{"rules", "export"}, 0, []string{"safeguards:", "拟提拔干部廉政审查"}, nil},
		{"export to a file with a Chinese name", []string{"rules", "export", "-o", exported}, 0, []string{"已导出规则目录"}, nil},
		{"refuses to overwrite", []string{"rules", "export", "-o", exported}, 2, nil, []string{"文件已存在", exported}},
		{"overwrites with --force", []string{"rules", "export", "-o", exported, "--force"}, 0, nil, nil},
		{"exported file loads", []string{"--rules", exported, "rules"}, 0, []string{"规则版本：2017.1"}, nil},
		{"broken rules file refused with the field", []string{"--rules", broken, "rules"}, 2, nil, []string{"categories[0].items[0].points", "必须大于 0"}},
		{"missing rules file", []string{"--rules", filepath.Join(dir, "无.yaml"), "rules"}, 2, nil, []string{"无法读取规则文件"}},
		{"unknown flag names the flag", []string{"rules", "--bogus"}, 2, nil, []string{"--bogus"}},
		{"version", []string{"--version"}, 0, []string{"qingdan 版本 dev"}, nil},
		{"help is Chinese", []string{"--help"}, 0, []string{"用法：", "命令：", "completion"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, out, errOut)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}
