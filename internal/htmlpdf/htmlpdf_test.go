package htmlpdf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)

// The printer found on this machine honours the page's @page A4 landscape.
func TestPrintKeepsLandscape(t *testing.T) {
	p, ok := Find()
	if !ok {
		t.Skip("no Chromium or LibreOffice installed")
	}
	page := filepath.Join(t.TempDir(), "公示 版.html")
	html := `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4 landscape; }</style></head><body><h1>公示</h1></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf, err := p.Print(context.Background(), page)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("%s wrote no PDF", p.Name())
	}
	m := mediaBox.FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("%s: no MediaBox in the PDF", p.Name())
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	if w <= h {
		t.Errorf("%s printed %gx%g, want landscape", p.Name(), w, h)
	}
}
