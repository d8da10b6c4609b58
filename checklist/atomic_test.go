package checklist

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
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

func TestSaveReasonSaysWhatToDo(t *testing.T) {
	rename := func(errno syscall.Errno) error {
		return &os.LinkError{Op: "rename", Old: `D:\收件箱\.qingdan-1.xlsx`, New: `D:\收件箱\汇总.xlsx`, Err: errno}
	}
	tests := []struct {
		name string
		err  error
		goos string
		want string
	}{
		{"Excel holds the file open on Windows", rename(winSharingViolation), "windows", "请先关闭 Excel/WPS 中的 汇总.xlsx 后重试"},
		{"a lock violation on Windows", rename(winLockViolation), "windows", "请先关闭 Excel/WPS 中的 汇总.xlsx 后重试"},
		{"access denied on Windows", rename(syscall.EACCES), "windows", "请先关闭 Excel/WPS 中的 汇总.xlsx 后重试"},
		{"errno 32 is a broken pipe off Windows, not a lock", rename(winSharingViolation), "linux", "系统错误"},
		{"permission on Linux", rename(syscall.EACCES), "linux", "没有写入权限，或 汇总.xlsx 正被其他程序占用"},
		{"a full disk", &fs.PathError{Op: "write", Path: "汇总.xlsx", Err: syscall.ENOSPC}, "linux", "磁盘空间不足"},
		{"a read-only disk", &fs.PathError{Op: "open", Path: "汇总.xlsx", Err: syscall.EROFS}, "linux", "只读"},
		{"a file where a folder should be", &fs.PathError{Op: "lstat", Path: "a/汇总.xlsx", Err: syscall.ENOTDIR}, "linux", "不是文件夹"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A slash path: filepath.Base splits \ only when the test runs on Windows.
			got := saveReason(tt.err, "D:/收件箱/汇总.xlsx", tt.goos)
			if !strings.Contains(got, tt.want) {
				t.Errorf("reason %q lacks %q", got, tt.want)
			}
			if strings.Contains(got, "rename") || strings.Contains(got, "denied") {
				t.Errorf("English in %q", got)
			}
		})
	}
}

func TestSaveErrorKeepsTheCause(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "文件")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(filepath.Join(blocker, "汇总.xlsx"), false, func(io.Writer) error { return nil })
	var se *SaveError
	if !errors.As(err, &se) || !errors.Is(err, syscall.ENOTDIR) {
		t.Fatalf("error %v (%T), want a SaveError wrapping ENOTDIR", err, err)
	}
	if !strings.HasPrefix(err.Error(), "无法保存 "+filepath.Join(blocker, "汇总.xlsx")+"：") {
		t.Errorf("message %q", err)
	}
}

// TestWriteFileAtomicContextStops: a signal (ctx cancelled) before or
// during the write leaves neither the file nor its temp file.
func TestWriteFileAtomicContextStops(t *testing.T) {
	tests := []struct {
		name   string
		before bool // cancelled before the call, else after the first write
	}{
		{"cancelled before the write", true},
		{"cancelled while writing", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "汇总.xlsx")
			ctx, cancel := context.WithCancel(context.Background())
			if tt.before {
				cancel()
			}
			writes := 0
			err := WriteFileAtomicContext(ctx, path, false, func(w io.Writer) error {
				for range 3 {
					if _, err := io.WriteString(w, "part"); err != nil {
						return err
					}
					writes++
					cancel()
				}
				return nil
			})
			cancel()
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "未写入") {
				t.Errorf("error %v, want 未写入 and context.Canceled", err)
			}
			if want := map[bool]int{true: 0, false: 1}[tt.before]; writes != want {
				t.Errorf("%d writes went through, want %d", writes, want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				t.Errorf("left behind: %s", e.Name())
			}
		})
	}
}
