package checklist

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk fails every write after the first n bytes of each file with
// ENOSPC, as a full disk does.
type fullDisk struct {
	w    io.Writer
	left int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) > d.left {
		n, _ := d.w.Write(p[:d.left])
		d.left = 0
		return n, &fs.PathError{Op: "write", Path: "temp", Err: syscall.ENOSPC}
	}
	d.left -= len(p)
	return d.w.Write(p)
}

// TestAnnotateFullDiskLeavesNoFolders: when no copy can be written, the
// 退回 folder holds no subfolder, no temp file and no manifest, and the
// error says the disk is full.
func TestAnnotateFullDiskLeavesNoFolders(t *testing.T) {
	inbox := t.TempDir()
	for _, f := range []struct {
		path string
		att  int
	}{{"区直/第一中学/附件1.xlsx", 1}, {"区直/第二中学/附件2.xlsx", 2}, {"街道/第三小学/附件1.xlsx", 1}} {
		p := filepath.Join(inbox, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, listFixture(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Validate(context.Background(), Request{Inputs: []Input{{Path: inbox}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Files {
		fr := &r.Files[i]
		if len(fr.Lists) == 0 {
			t.Fatalf("%s read no list: %+v", fr.Path, fr.Findings)
		}
		// An error for the school to fix, so that every file gets a copy.
		fr.Findings = append(fr.Findings, Finding{Code: "missing-quarter", Severity: Error, File: fr.Path, Sheet: fr.Lists[0].Sheet, Cell: "A7", List: 1, Message: "缺少一季度措施"})
	}
	wrapTemp = func(w io.Writer) io.Writer { return &fullDisk{w: w, left: 100} }
	defer func() { wrapTemp = nil }()
	out := filepath.Join(t.TempDir(), "退回")
	res, err := Annotate(context.Background(), DefaultCatalog(), r, AnnotateOptions{Roots: []string{inbox}, OutDir: out, Jobs: 2})
	if err == nil || !strings.Contains(err.Error(), "磁盘空间不足") {
		t.Errorf("error %v, want 磁盘空间不足", err)
	}
	if len(res.Written) != 0 {
		t.Errorf("written %v", res.Written)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in 退回: %s", e.Name())
	}
}
