package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qingdan/checklist"
)

// lateFiles lists the files of a report with a late finding, relative to inbox.
func lateFiles(t *testing.T, r checklist.Report, inbox string) []string {
	t.Helper()
	var out []string
	for _, f := range r.Files {
		if slices.Contains(codes(f.Findings), checklist.CodeLate) {
			rel, err := filepath.Rel(inbox, f.Path)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, filepath.ToSlash(rel))
		}
	}
	slices.Sort(out)
	return out
}

func TestValidateReceived(t *testing.T) {
	dir := t.TempDir()
	inbox := officeInbox(t, dir)
	table := filepath.Join(dir, "收到时间.csv")
	writeFile(t, table, "文件,收到时间\n"+
		"区直/实验小学/附件1.xlsx,2017-02-16 09:30\n"+ // dated 2017-02-10, arrived late
		"区直/第一中学/附件1.xlsx,2017-02-14 18:00\n"+ // dated 2017-02-20, arrived on the deadline day
		"区直/已撤回.xlsx,2017-02-10\n")
	tests := []struct {
		name     string
		received string
		want     []string
		stderr   string
	}{
		{"without --received the 填报日期 decides", "", []string{"区直/第一中学/附件1.xlsx"}, ""},
		{"a table's arrival time decides where given", table, []string{"区直/实验小学/附件1.xlsx"}, "第4行的“区直/已撤回.xlsx”不在检查的文件中"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--deadline", "2017-02-14", inbox}
			if tt.received != "" {
				args = append(args, "--received", tt.received)
			}
			r, _, errOut := runValidateJSON(t, args...)
			if got := lateFiles(t, r, inbox); !slices.Equal(got, tt.want) {
				t.Errorf("late %q, want %q", got, tt.want)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
		})
	}
	t.Run("mtime: each file's modification time", func(t *testing.T) {
		on := time.Date(2017, 2, 10, 9, 0, 0, 0, time.Local)
		late := time.Date(2017, 2, 15, 9, 0, 0, 0, time.Local)
		err := filepath.WalkDir(inbox, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			at := on
			if strings.HasSuffix(p, filepath.Join("城关镇中心小学", "附件1.xlsx")) {
				at = late
			}
			return os.Chtimes(p, at, at)
		})
		if err != nil {
			t.Fatal(err)
		}
		r, _, _ := runValidateJSON(t, "--deadline", "2017-02-14", "--received", "mtime", inbox)
		if got, want := lateFiles(t, r, inbox), []string{"镇区/城关镇中心小学/附件1.xlsx"}; !slices.Equal(got, want) {
			t.Errorf("late %q, want %q", got, want)
		}
		if r.Files[0].Received.IsZero() {
			t.Error("JSON has no received time")
		}
	})
	t.Run("a bad table stops the run before any file is read", func(t *testing.T) {
		bad := filepath.Join(dir, "坏.csv")
		writeFile(t, bad, "文件,收到时间\n区直/实验小学/附件1.xlsx,下周一\n")
		code, _, errOut := run(t, "validate", "--received", bad, inbox)
		if code != 2 || !strings.Contains(errOut, "--received") || !strings.Contains(errOut, "第2行") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
}
