// Package htmlpdf prints an HTML file to PDF with a headless browser
// (Chromium, Chrome, Edge) or, failing that, LibreOffice, when one is
// installed. The page size comes from the HTML's own @page rule, which
// the browsers and LibreOffice Writer's HTML import honour.
package htmlpdf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"qingdan/internal/convert"
	"strings"
	"time"
)

// DefaultTimeout bounds one print.
const DefaultTimeout = 90 * time.Second

// Printer runs one program headless.
type Printer struct {
	Bin     string
	Browser bool          // Chromium-like; false means LibreOffice
	Timeout time.Duration // DefaultTimeout when zero
}

// Name is the program's name for messages.
func (p *Printer) Name() string {
	if p.Browser {
		return "Chromium"
	}
	return "LibreOffice"
}

var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge"}

// Find looks on PATH for a browser, then for LibreOffice where convert.Find looks.
func Find() (*Printer, bool) {
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return &Printer{Bin: p, Browser: true}, true
		}
	}
	if c, ok := convert.Find(); ok {
		return &Printer{Bin: c.Bin}, true
	}
	return nil, false
}

// Print turns the HTML file into PDF bytes, in a private temporary folder
// (a fresh browser or LibreOffice profile, so an open window does not
// collide), killing the program's whole process group at the timeout.
func (p *Printer) Print(ctx context.Context, htmlPath string) ([]byte, error) {
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "qingdan-pdf-")
	if err != nil {
		return nil, fmt.Errorf("无法创建临时文件夹（%w）", err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "out.pdf")
	var args []string
	if p.Browser {
		args = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
			"--user-data-dir=" + filepath.Join(dir, "profile"), "--print-to-pdf=" + out, convert.FileURL(abs)}
	} else {
		// LibreOffice names its output after the input, so the input is copied in.
		in := filepath.Join(dir, "out.html")
		data, err := os.ReadFile(abs)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(in, data, 0o600); err != nil {
			return nil, err
		}
		// Writer's HTML import keeps the @page size; Writer/Web's loses page 1.
		args = []string{"-env:UserInstallation=" + convert.FileURL(filepath.Join(dir, "profile")), "--headless", "--norestore", "--nologo",
			"--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", dir, in}
	}
	output, runErr, err := convert.RunHeadless(ctx, p.Bin, dir, dir, p.Timeout, args)
	if err != nil {
		return nil, fmt.Errorf("%s 打印 PDF %w", p.Name(), err)
	}
	data, err := os.ReadFile(out)
	if err != nil || len(data) == 0 {
		return nil, fmt.Errorf("%s 未生成 PDF（%v：%s）", p.Name(), runErr, lastLine(output))
	}
	return data, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
