package checklist

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateSymlinks: a link is followed only to a file inside the input
// folder; one pointing out of it is reported, never read, never copied
// into the 退回 folder.
func TestValidateSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := listFixture(t)
	if err := os.WriteFile(filepath.Join(outside, "secret.xlsx"), secret, 0o644); err != nil {
		t.Fatal(err)
	}
	inbox := t.TempDir()
	real := filepath.Join(inbox, "甲中学", "附件1.xlsx")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, listFixture(t), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"甲中学/外部.xlsx": filepath.Join(outside, "secret.xlsx"),
		"甲中学/内部.xlsx": "附件1.xlsx",
		"乙":           outside,
		"丙":           "甲中学",
		"断.xlsx":      filepath.Join(inbox, "没有.xlsx"),
		"环.xlsx":      "环.xlsx",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(inbox, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Validate(context.Background(), Request{Inputs: []Input{{Path: inbox}}})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]FileReport{}
	for _, f := range r.Files {
		rel, _ := filepath.Rel(inbox, f.Path)
		byPath[filepath.ToSlash(rel)] = f
	}
	tests := []struct {
		name  string
		path  string
		code  string // the file's error code; "" when read without one of those
		lists int
		taken bool
	}{
		{"a link to a file outside is reported, not read", "甲中学/外部.xlsx", CodeLinkOutside, 0, true},
		{"a link to a file inside is read", "甲中学/内部.xlsx", "", 1, true},
		{"a link to a folder outside is reported", "乙", CodeLinkOutside, 0, true},
		{"a link to a folder inside is not walked twice", "丙", "", 0, false},
		{"a dangling link is unreadable", "断.xlsx", CodeUnreadable, 0, true},
		{"a link loop is unreadable", "环.xlsx", CodeUnreadable, 0, true},
		{"the real file is read", "甲中学/附件1.xlsx", "", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := byPath[tt.path]
			if ok != tt.taken {
				t.Fatalf("taken %v, want %v (files %v)", ok, tt.taken, byPath)
			}
			if !ok {
				return
			}
			if len(f.Lists) != tt.lists {
				t.Errorf("%d lists, want %d", len(f.Lists), tt.lists)
			}
			for _, fd := range f.Findings {
				if (fd.Code == CodeLinkOutside || fd.Code == CodeUnreadable) && fd.Code != tt.code {
					t.Errorf("finding %s: %s", fd.Code, fd.Message)
				}
			}
			if tt.code == "" {
				return
			}
			var msg string
			for _, fd := range f.Findings {
				if fd.Code == tt.code {
					msg = fd.Message
				}
			}
			if msg == "" {
				t.Fatalf("no %s finding in %+v", tt.code, f.Findings)
			}
			if tt.code == CodeLinkOutside && (!strings.Contains(msg, filepath.Base(tt.path)) || !strings.Contains(msg, "未读取")) {
				t.Errorf("message %q names neither the link nor that it was not read", msg)
			}
		})
	}
	t.Run("nothing from outside reaches the 退回 folder", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "退回")
		res, _ := Annotate(context.Background(), DefaultCatalog(), r, AnnotateOptions{Roots: []string{inbox}, OutDir: out})
		skipped := false
		for _, s := range res.Skipped {
			skipped = skipped || filepath.Base(s.Path) == "外部.xlsx"
		}
		if !skipped {
			t.Errorf("the outside link was not among the skipped: %+v", res.Skipped)
		}
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.Contains(p, "外部") {
				t.Errorf("%s is a copy of the link", p)
			}
			for _, l := range ReadFile(DefaultCatalog(), p).Lists {
				if l.Unit.Value == "外校" {
					t.Errorf("%s carries the outside file", p)
				}
			}
			return nil
		})
	})
}

// listFixture is the shipped 附件1 example as testdata keeps it: these
// in-package tests cannot import checklist/forms, which generates it.
func listFixture(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "formats", "xls", "fujian1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
