package checklist

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCollectFiles(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		"乙小学/附件1 主体责任清单.xlsx",
		"乙小学/~$附件1 主体责任清单.xlsx",
		"乙小学/.~lock.附件2.xlsx#",
		"甲中学/附件2.xlsm",
		"甲中学/附件3.XLS",
		"甲中学/说明.txt",
		"甲中学/附件4.docx",
		".hidden/附件1.xlsx",
		"批注/附件1.xlsx",
		"a.pdf",
	}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "目录.xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A symlink loop must not trap the walk.
	if err := os.Symlink(dir, filepath.Join(dir, "甲中学", "loop")); err != nil {
		t.Fatal(err)
	}
	explicit := filepath.Join(dir, "甲中学", "说明.txt")
	got, err := CollectFiles([]string{dir, explicit}, CollectOptions{Skip: []string{filepath.Join(dir, "批注")}})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, p := range got {
		r, _ := filepath.Rel(dir, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	want := []string{
		"a.pdf",
		"乙小学/附件1 主体责任清单.xlsx",
		"甲中学/说明.txt",
		"甲中学/附件2.xlsm",
		"甲中学/附件3.XLS",
		"甲中学/附件4.docx",
	}
	slices.Sort(want)
	if !slices.Equal(rel, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(rel, "\n"), strings.Join(want, "\n"))
	}
}

func TestCollectFilesMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "没有这个文件夹")
	_, err := CollectFiles([]string{missing}, CollectOptions{})
	if err == nil || !strings.Contains(err.Error(), "路径不存在") || !strings.Contains(err.Error(), missing) {
		t.Errorf("error %v, want 路径不存在 naming the path", err)
	}
}

func TestCollectFilesTakesTheExtensionsAsked(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.xlsx", "b.ods", "c.docx", "d.csv", "e.XLSB", "f.zip", "g.rar", "h.PDF", "i.jpg", "j.doc", "k.wps", "l.et", "m.txt", "n.mp4"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		exts []string
		want []string
	}{
		{"everything an inbox may hold by default", nil, []string{"a.xlsx", "b.ods", "c.docx", "d.csv", "e.XLSB", "f.zip", "g.rar", "h.PDF", "i.jpg", "j.doc", "k.wps", "l.et"}},
		{"spreadsheets only", []string{".xlsx", ".ods", ".xlsb"}, []string{"a.xlsx", "b.ods", "e.XLSB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CollectFiles([]string{dir}, CollectOptions{Exts: tt.exts})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range got {
				names = append(names, filepath.Base(p))
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("got %v, want %v", names, tt.want)
			}
		})
	}
}

func TestCollectFilesEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := CollectFiles([]string{dir}, CollectOptions{}); err == nil || !strings.Contains(err.Error(), "没有找到报送的文件") {
		t.Errorf("error %v, want 没有找到报送的文件", err)
	}
	if got, err := CollectFiles([]string{dir}, CollectOptions{AllowEmpty: true}); err != nil || len(got) != 0 {
		t.Errorf("AllowEmpty: got %v, %v", got, err)
	}
}
