// Package htmlpdf prints an HTML file to PDF with a headless browser
// (Chromium, Chrome, Edge) or, failing that, LibreOffice, when one is
// installed. The page size comes from the HTML's own @page rule, which
// the browsers and LibreOffice Writer's HTML import honour.
package htmlpdf

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
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

// Find looks on PATH for a browser, then for LibreOffice.
func Find() (*Printer, bool) {
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return &Printer{Bin: p, Browser: true}, true
		}
	}
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return &Printer{Bin: p}, true
		}
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
			"--user-data-dir=" + filepath.Join(dir, "profile"), "--print-to-pdf=" + out, fileURL(abs)}
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
		args = []string{"-env:UserInstallation=" + fileURL(filepath.Join(dir, "profile")), "--headless", "--norestore", "--nologo",
			"--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", dir, in}
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.Bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	setProcessGroup(cmd)
	runErr := cmd.Run()
	if ctx.Err() != nil {
		killProcessGroup(cmd)
		return nil, fmt.Errorf("%s 打印 PDF 超时（超过 %d 秒）或被中止：%w", p.Name(), int(timeout.Seconds()), ctx.Err())
	}
	data, err := os.ReadFile(out)
	if err != nil || len(data) == 0 {
		return nil, fmt.Errorf("%s 未生成 PDF（%v：%s）", p.Name(), runErr, lastLine(stderr.String()))
	}
	return data, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// fileURL makes a file:// URL of an absolute path.
func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
