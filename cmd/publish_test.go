package cmd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// fakePrinter stands in for Chromium: it records what it printed.
type fakePrinter struct{ printed []string }

func (p *fakePrinter) Name() string { return "测试打印机" }

func (p *fakePrinter) Print(_ context.Context, htmlPath string) ([]byte, error) {
	p.printed = append(p.printed, htmlPath)
	return []byte("%PDF-1.4 fake"), nil
}

func publishInbox(t *testing.T, units ...string) string {
	t.Helper()
	c := checklist.DefaultCatalog()
	dir := t.TempDir()
	for i, unit := range units {
		attachments := []int{1, 2, 3, 4}
		if i > 0 {
			attachments = attachments[:1] // every unit after the first lacks three kinds
		}
		for _, a := range attachments {
			p := filepath.Join(dir, unit, forms.FormSheetName(a)+".xlsx")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := checklist.WriteFileAtomic(p, false, func(w io.Writer) error { return forms.WriteExample(w, c, a, forms.ExampleOptions{Unit: unit}) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func TestPublish(t *testing.T) {
	tests := []struct {
		name      string
		units     []string
		args      func(o *publishOptions)
		noPrinter bool
		wantErr   string // "usage", "findings" or ""
		wantFiles []string
		wantOut   []string
	}{
		{name: "a valid unit gets HTML and PDF", units: []string{"示例学校"},
			args:      func(o *publishOptions) { o.From, o.To, o.Contact = "2017-02-15", "2017-02-21", "电话 123" },
			wantFiles: []string{"示例学校 公示版.html", "示例学校 公示版.pdf"},
			wantOut:   []string{"✓ 示例学校", "测试打印机 打印"}},
		{name: "no printer: HTML alone", units: []string{"示例学校"}, noPrinter: true,
			wantFiles: []string{"示例学校 公示版.html"}},
		{name: "an incomplete unit is refused with the findings", units: []string{"示例学校", "乙校"}, wantErr: "findings",
			wantFiles: []string{"示例学校 公示版.html", "示例学校 公示版.pdf"},
			wantOut:   []string{"✗ 乙校：未生成公示版", "missing-list", "没有收到附件2《领导班子主要负责人责任清单》"}},
		{name: "--from without --to", units: []string{"示例学校"}, wantErr: "usage",
			args: func(o *publishOptions) { o.From = "2017-02-15" }},
		{name: "--to before --from", units: []string{"示例学校"}, wantErr: "usage",
			args: func(o *publishOptions) { o.From, o.To = "2017-02-21", "2017-02-15" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := publishInbox(t, tt.units...)
			out := filepath.Join(t.TempDir(), "公示")
			var stdout, stderr bytes.Buffer
			printer := &fakePrinter{}
			opts := &publishOptions{g: &globalOptions{Out: &stdout, Err: &stderr}, Paths: []string{in}, OutDir: out,
				Now:         func() time.Time { return time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC) },
				FindPrinter: func() (pdfPrinter, bool) { return printer, !tt.noPrinter }}
			if tt.args != nil {
				tt.args(opts)
			}
			err := runPublish(opts)
			var ue usageError
			switch {
			case tt.wantErr == "usage" && !errors.As(err, &ue):
				t.Fatalf("err = %v, want a usage error", err)
			case tt.wantErr == "findings" && !errors.As(err, &findingsError{}):
				t.Fatalf("err = %v, want findings", err)
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			}
			entries, _ := os.ReadDir(out)
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			if strings.Join(got, "|") != strings.Join(tt.wantFiles, "|") {
				t.Errorf("files %v, want %v", got, tt.wantFiles)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
		})
	}
}

func TestPublishNeverOverwritesWithoutForce(t *testing.T) {
	in := publishInbox(t, "示例学校")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	opts := &publishOptions{g: &globalOptions{Out: &stdout, Err: &stderr}, Paths: []string{in}, OutDir: out, NoPDF: true, Now: time.Now}
	if err := runPublish(opts); err != nil {
		t.Fatal(err)
	}
	if err := runPublish(opts); err == nil {
		t.Fatal("second run overwrote the 公示版 without --force")
	}
	opts.Force = true
	if err := runPublish(opts); err != nil {
		t.Fatalf("with --force: %v", err)
	}
}
