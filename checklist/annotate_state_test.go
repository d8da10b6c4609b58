package checklist

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"qingdan/internal/xlsxtest"
)

// failing is a report of the given files, each with one error on 附件1!B5.
func failing(paths ...string) *Report {
	r := &Report{}
	for _, p := range paths {
		r.Files = append(r.Files, FileReport{Path: p, Findings: []Finding{
			{Code: "missing-owner", Severity: Error, File: p, Sheet: "附件1", Cell: "B5", Item: "1", Message: "责任人为空"},
		}})
	}
	return r
}

func readManifestFile(t *testing.T, dir string) manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func TestAnnotateWhatToFix(t *testing.T) {
	c := DefaultCatalog()
	late := Finding{Code: CodeLate, Severity: Warning, Sheet: "附件1", Cell: "B3", Message: "填报日期晚于截止日期"}
	warn := Finding{Code: "row-missing-quarter", Severity: Warning, Sheet: "附件1", Cell: "B6", Message: "缺少四季度措施"}
	bad := Finding{Code: "missing-owner", Severity: Error, Sheet: "附件1", Cell: "B5", Message: "责任人为空"}
	info := Finding{Code: "not-quantified", Severity: Info, Sheet: "附件1", Cell: "C7", Message: "措施未量化"}
	tests := []struct {
		name     string
		findings []Finding
		strict   bool
		copied   bool
	}{
		{"late alone: no copy", []Finding{late, info}, false, false},
		{"late alone with strict: still no copy", []Finding{late}, true, false},
		{"a warning without strict: no copy", []Finding{warn}, false, false},
		{"a warning with strict: copy", []Finding{warn, late}, true, true},
		{"an error: copy", []Finding{bad}, false, true},
		{"an error beside late: copy", []Finding{late, bad}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "附件1.xlsx")
			submission(t, src)
			out := filepath.Join(t.TempDir(), "退回")
			r := &Report{Files: []FileReport{{Path: src, Findings: tt.findings}}}
			res, err := Annotate(context.Background(), c, r, AnnotateOptions{Roots: []string{src}, OutDir: out, Strict: tt.strict})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(res.Written) == 1; got != tt.copied {
				t.Fatalf("copied %v, want %v", got, tt.copied)
			}
			if !tt.copied && exists(out) {
				t.Error("the folder was created though no copy was written")
			}
		})
	}
}

func TestSchoolNote(t *testing.T) {
	now := func() time.Time { return time.Date(2017, 2, 16, 9, 0, 0, 0, time.Local) }
	fs := []Finding{
		{Code: "missing-owner", Severity: Error},
		{Code: "row-missing-quarter", Severity: Warning},
		{Code: CodeLate, Severity: Warning},
		{Code: "not-quantified", Severity: Info},
	}
	tests := []struct {
		name string
		note schoolNote
		want []string
	}{
		{"no deadline", schoolNote{now: now}, []string{"请按下表逐条修改标红的 1 条错误（批注中有具体说明），改好后重新报送。", "错误 1 条，警告 2 条，提示 1 条"}},
		{"deadline ahead", schoolNote{now: now, due: time.Date(2017, 2, 20, 0, 0, 0, 0, time.UTC)}, []string{"，于 2017年2月20日 前重新报送。"}},
		{"deadline today is not past", schoolNote{now: now, due: time.Date(2017, 2, 16, 0, 0, 0, 0, time.UTC)}, []string{"于 2017年2月16日 前"}},
		{"deadline past", schoolNote{now: now, due: time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC)}, []string{"报送截止日期 2017年2月14日 已过，请改好后尽快重新报送。"}},
		{"strict counts the warning, not late", schoolNote{now: now, strict: true}, []string{"标红的 1 条错误和标黄的 1 条警告"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.note.line(fs)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("line %q lacks %q", got, w)
				}
			}
		})
	}
}

func TestAnnotateFolderState(t *testing.T) {
	c := DefaultCatalog()
	root := filepath.Join(t.TempDir(), "收件箱")
	a, b := filepath.Join(root, "甲校", "附件1.xlsx"), filepath.Join(root, "乙校", "附件1.xlsx")
	submission(t, a)
	submission(t, b)
	out := filepath.Join(t.TempDir(), "退回")
	opts := AnnotateOptions{Roots: []string{root}, OutDir: out, Jobs: 1}
	first, err := Annotate(context.Background(), c, failing(a, b), opts)
	if err != nil {
		t.Fatal(err)
	}
	copyA, copyB := filepath.Join(out, "甲校", "附件1.xlsx"), filepath.Join(out, "乙校", "附件1.xlsx")
	if !slices.Equal(first.Written, []string{copyA, copyB}) {
		t.Fatalf("written %v", first.Written)
	}
	m := readManifestFile(t, out)
	if got := pathsOf(m.Files); !slices.Equal(got, []string{"乙校/附件1.xlsx", "甲校/附件1.xlsx"}) || !slices.Equal(m.Folders, []string{"乙校", "甲校"}) {
		t.Fatalf("manifest files %v folders %v", got, m.Folders)
	}
	// What the clerk keeps in the folder is never touched.
	foreign := []string{filepath.Join(out, "乙校", "电话记录.txt"), filepath.Join(out, "甲校", "附件2.xlsx"), filepath.Join(out, "说明.docx")}
	for _, p := range foreign {
		if err := os.WriteFile(p, []byte("clerk's own"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("without force an earlier run's copies refuse the whole run", func(t *testing.T) {
		before, _ := os.ReadFile(copyA)
		res, err := Annotate(context.Background(), c, failing(a), opts)
		if !errors.Is(err, ErrExists) || len(res.Written)+len(res.Removed) != 0 {
			t.Fatalf("written %v removed %v, error %v", res.Written, res.Removed, err)
		}
		if now, _ := os.ReadFile(copyA); string(now) != string(before) || !exists(copyB) {
			t.Error("the folder changed")
		}
	})
	t.Run("own files are the manifest's, checked by content", func(t *testing.T) {
		own, err := OwnFiles(out)
		absA, _ := filepath.Abs(copyA)
		absB, _ := filepath.Abs(copyB)
		if err != nil || !slices.Equal(own, []string{absB, absA}) {
			t.Errorf("own %v, %v", own, err)
		}
	})
	t.Run("with force a file now clean loses its copy, and only its copy", func(t *testing.T) {
		// 乙校's folder holds the clerk's note, so it stays; 甲校's copy is rewritten.
		res, err := Annotate(context.Background(), c, failing(a), AnnotateOptions{Roots: []string{root}, OutDir: out, Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Written, []string{copyA}) || !slices.Equal(res.Removed, []string{copyB}) {
			t.Errorf("written %v removed %v", res.Written, res.Removed)
		}
		if exists(copyB) || !exists(copyA) {
			t.Error("copy B left or copy A gone")
		}
		for _, p := range foreign {
			if !exists(p) {
				t.Errorf("%s removed", p)
			}
		}
		if got := pathsOf(readManifestFile(t, out).Files); !slices.Equal(got, []string{"甲校/附件1.xlsx"}) {
			t.Errorf("manifest %v", got)
		}
	})
	t.Run("an emptied folder qingdan made goes with the copy", func(t *testing.T) {
		if err := os.Remove(foreign[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := Annotate(context.Background(), c, failing(a), AnnotateOptions{Roots: []string{root}, OutDir: out, Force: true}); err != nil {
			t.Fatal(err)
		}
		if exists(filepath.Join(out, "乙校")) {
			t.Error("the empty folder 乙校 stayed")
		}
	})
	t.Run("a copy changed since it was written is neither replaced nor removed", func(t *testing.T) {
		if err := os.WriteFile(copyA, []byte("edited by the clerk"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Annotate(context.Background(), c, failing(a), AnnotateOptions{Roots: []string{root}, OutDir: out, Force: true})
		if !errors.Is(err, ErrNotOurs) || len(res.Written) != 0 {
			t.Errorf("written %v, error %v", res.Written, err)
		}
		res, err = Annotate(context.Background(), c, &Report{}, AnnotateOptions{Roots: []string{root}, OutDir: out, Force: true})
		if err != nil || len(res.Removed) != 0 {
			t.Errorf("removed %v, error %v", res.Removed, err)
		}
		if now, _ := os.ReadFile(copyA); string(now) != "edited by the clerk" {
			t.Error("the edited copy changed")
		}
		if m := readManifestFile(t, out); len(m.Files) != 0 || !slices.Equal(m.Folders, []string{"甲校"}) {
			t.Errorf("manifest files %v folders %v; want no file (the edited copy is the clerk's now) and 甲校, not empty", pathsOf(m.Files), m.Folders)
		}
	})
}

func TestAnnotateForgedManifest(t *testing.T) {
	c := DefaultCatalog()
	dir := t.TempDir()
	out := filepath.Join(dir, "退回")
	victim := filepath.Join(dir, "别处.xlsx")
	data := submission(t, victim)
	e := entryFor(dir, victim, manifestCopy, "", data)
	e.Path = "../别处.xlsx"
	forged, _ := json.Marshal(manifest{Files: []manifestEntry{e}})
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ManifestName), forged, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Annotate(context.Background(), c, &Report{}, AnnotateOptions{OutDir: out, Force: true}); err == nil || !strings.Contains(err.Error(), "不在本文件夹内") {
		t.Errorf("error %v", err)
	}
	if _, err := OwnFiles(out); err == nil {
		t.Error("OwnFiles took the forged manifest")
	}
	if !exists(victim) {
		t.Error("a file outside the folder was removed")
	}
}

func TestAnnotateSameCopyName(t *testing.T) {
	c := DefaultCatalog()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "一组", "附件1.xlsx"), filepath.Join(dir, "二组", "附件1.xlsx")
	submission(t, a)
	submission(t, b)
	out := filepath.Join(dir, "退回")
	opts := AnnotateOptions{Roots: []string{filepath.Dir(a), filepath.Dir(b)}, OutDir: out, Jobs: 1}
	res, err := Annotate(context.Background(), c, failing(a, b), opts)
	if err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(out, "附件1(2).xlsx")
	if !slices.Equal(res.Renamed, []CopyName{{Input: b, Copy: second}}) || res.Mapping != filepath.Join(out, mappingName) {
		t.Fatalf("renamed %v mapping %q", res.Renamed, res.Mapping)
	}
	f := xlsxtest.Open(t, res.Mapping)
	rows, err := f.GetRows("对照表")
	if err != nil || len(rows) != 3 || rows[1][1] != "附件1.xlsx" || rows[1][2] != a || rows[2][1] != "附件1(2).xlsx" || rows[2][2] != b || !strings.Contains(rows[2][3], "同名") {
		t.Fatalf("对照表 %q, %v", rows, err)
	}
	kinds := map[string]string{}
	for _, e := range readManifestFile(t, out).Files {
		kinds[e.Path] = e.Kind
	}
	if kinds[mappingName] != manifestMapping || kinds["附件1(2).xlsx"] != manifestCopy {
		t.Errorf("manifest kinds %v", kinds)
	}
	opts.Force = true
	if _, err := Annotate(context.Background(), c, failing(a), opts); err != nil {
		t.Fatal(err)
	}
	if exists(res.Mapping) || exists(second) {
		t.Error("the 对照表 or the second copy outlived the run that no longer needs them")
	}
}

func TestAnnotateCleanEntryNames(t *testing.T) {
	c := DefaultCatalog()
	src := filepath.Join(t.TempDir(), "附件1.xlsx")
	submission(t, src)
	xlsxtest.RewriteParts(t, src, func(name string, data []byte) (string, []byte) {
		switch name {
		case "docProps/app.xml":
			return "../x.xml", data
		case "docProps/core.xml":
			return "/abs.xml", data
		}
		return name, data
	})
	out := filepath.Join(t.TempDir(), "退回")
	res, err := Annotate(context.Background(), c, failing(src), AnnotateOptions{Roots: []string{src}, OutDir: out})
	if err != nil || len(res.Written) != 1 {
		t.Fatalf("written %v, %v", res.Written, err)
	}
	zr, err := zip.OpenReader(res.Written[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !CleanEntryName(f.Name) {
			t.Errorf("copy holds entry %q", f.Name)
		}
	}
	if sheets := xlsxtest.Open(t, res.Written[0]).GetSheetList(); !slices.Equal(sheets, []string{"问题清单", "附件1", "附件2"}) {
		t.Errorf("sheets %v", sheets)
	}
}

func TestCleanEntryName(t *testing.T) {
	for name, want := range map[string]bool{
		"xl/workbook.xml": true, "[Content_Types].xml": true, "../x.xml": false, "/abs.xml": false,
		"xl/../../x.xml": false, `xl\x.xml`: false, "C:/x.xml": false, "xl//x.xml": false, "./x.xml": false, "": false,
	} {
		if got := CleanEntryName(name); got != want {
			t.Errorf("CleanEntryName(%q) = %v, want %v", name, got, want)
		}
	}
}

// countingCtx is cancelled by the n-th call of Err: a cancellation at a
// point of the run counted, not timed.
type countingCtx struct {
	context.Context
	cancel func()
	left   atomic.Int64
}

func cancelAfter(n int64) *countingCtx {
	ctx, cancel := context.WithCancel(context.Background())
	c := &countingCtx{Context: ctx, cancel: cancel}
	c.left.Store(n)
	return c
}

func (c *countingCtx) Err() error {
	if c.left.Add(-1) < 0 {
		c.cancel()
	}
	return c.Context.Err()
}

func TestAnnotateCancelled(t *testing.T) {
	c := DefaultCatalog()
	root := filepath.Join(t.TempDir(), "收件箱")
	var paths []string
	for _, school := range []string{"甲校", "乙校", "丙校", "丁校"} {
		p := filepath.Join(root, school, "附件1.xlsx")
		submission(t, p)
		paths = append(paths, p)
	}
	cancelled := 0
	for n := int64(0); n < 40; n++ {
		out := filepath.Join(t.TempDir(), "退回")
		res, err := Annotate(cancelAfter(n), c, failing(paths...), AnnotateOptions{Roots: []string{root}, OutDir: out, Jobs: 1})
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("after %d checks: %v", n, err)
		}
		if err != nil {
			cancelled++
		}
		var left []string
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), ".qingdan-") && d.Name() != ManifestName {
				left = append(left, p)
			}
			if err == nil && d.IsDir() && p != out {
				if entries, _ := os.ReadDir(p); len(entries) == 0 {
					left = append(left, p+"/")
				}
			}
			return nil
		})
		if len(left) > 0 {
			t.Errorf("cancelled after %d checks: left %v", n, left)
		}
		if len(res.Written) > 0 {
			if got := len(readManifestFile(t, out).Files); got != len(res.Written) {
				t.Errorf("cancelled after %d checks: %d copies, %d recorded", n, len(res.Written), got)
			}
		}
		if err == nil && len(res.Written) != len(paths) {
			t.Errorf("not cancelled after %d checks, but %d copies", n, len(res.Written))
		}
	}
	if cancelled < 5 {
		t.Errorf("only %d of 40 runs were cancelled mid-way", cancelled)
	}
}

func TestWriteCopyLeavesNoFolderOnFailure(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	target := filepath.Join(dir, "区直", "第一中学", "附件1.xlsx")
	if _, err := writeCopy(ctx, dir, target, false, []byte("data")); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
}
