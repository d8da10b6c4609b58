package checklist

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	failing := func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk full")
	}
	tests := []struct {
		name     string
		existing string // content already at the path; "" none, "DIR" a folder
		force    bool
		write    func(io.Writer) error
		wantErr  string
		want     string // content afterwards
	}{
		{"a new file in a new folder", "", false, write("new"), "", "new"},
		{"an existing file is kept without force", "old", false, write("new"), "文件已存在", "old"},
		{"an existing file is replaced with force", "old", true, write("new"), "", "new"},
		{"a folder is never replaced", "DIR", true, write("new"), "这是一个文件夹", ""},
		{"a failed write keeps the old file", "old", true, failing, "disk full", "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "新 文件夹")
			path := filepath.Join(dir, "汇总.xlsx")
			switch tt.existing {
			case "":
			case "DIR":
				if err := os.MkdirAll(path, 0o755); err != nil {
					t.Fatal(err)
				}
			default:
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteFileAtomic(path, tt.force, tt.write)
			if (err != nil) != (tt.wantErr != "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if tt.wantErr == "文件已存在" && !errors.Is(err, ErrExists) {
				t.Errorf("error %q does not wrap ErrExists", err)
			}
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if tt.want != "" {
				got, err := os.ReadFile(path)
				if err != nil || string(got) != tt.want {
					t.Errorf("content = %q, %v; want %q", got, err, tt.want)
				}
				info, err := os.Stat(path)
				if err == nil && runtime.GOOS != "windows" && info.Mode().Perm() != 0o644 {
					t.Errorf("mode = %v, want 0644", info.Mode().Perm())
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".qingdan-") {
					t.Errorf("temp file %s left behind", e.Name())
				}
			}
		})
	}
}
