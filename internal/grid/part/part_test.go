package part

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRead(t *testing.T) {
	lim := grid.DefaultLimits()
	lim.MaxPartSize, lim.MaxUnzipped = 100, 150
	data := zipOf(t, map[string]string{"a.xml": strings.Repeat("a", 100), "b.xml": strings.Repeat("b", 101), "c.xml": strings.Repeat("c", 40)})
	cases := []struct {
		name    string
		part    string
		ok      bool
		tooLong bool
	}{
		{"part at the part limit", "a.xml", true, false},
		{"part over the part limit", "b.xml", true, true},
		{"missing part", "z.xml", false, false},
	}
	p, err := Open(data, grid.Limits{MaxPartSize: 100, MaxUnzipped: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := p.Read(c.part)
			if ok != c.ok || errors.Is(err, grid.ErrTooLarge) != c.tooLong || (err == nil && ok && len(got) == 0) {
				t.Errorf("Read(%s) = %d bytes, %v, %v", c.part, len(got), ok, err)
			}
		})
	}
	t.Run("declared total over the unzipped limit", func(t *testing.T) {
		if _, err := Open(data, lim); !errors.Is(err, grid.ErrTooLarge) {
			t.Errorf("Open = %v, want too large", err)
		}
	})
	t.Run("unzipped total counted across parts", func(t *testing.T) {
		p, err := Open(zipOf(t, map[string]string{"a.xml": strings.Repeat("a", 80), "c.xml": strings.Repeat("c", 80)}), grid.Limits{MaxPartSize: 100, MaxUnzipped: 160})
		if err != nil {
			t.Fatal(err)
		}
		p.lim.MaxUnzipped = 150
		_, _, err1 := p.Read("a.xml")
		_, _, err2 := p.Read("c.xml")
		if err1 != nil || !errors.Is(err2, grid.ErrTooLarge) {
			t.Errorf("errors %v, %v; want nil then too large", err1, err2)
		}
	})
	t.Run("not a zip", func(t *testing.T) {
		if _, err := Open([]byte("PK\x03\x04garbage"), lim); !errors.Is(err, grid.ErrCorrupt) {
			t.Errorf("Open = %v, want corrupt", err)
		}
	})
}

func TestResolve(t *testing.T) {
	for _, c := range [][3]string{
		{"", "word/document.xml", "word/document.xml"},
		{"", "./word/document.xml", "word/document.xml"},
		{"", "/word/document.xml", "word/document.xml"},
		{"word/document.xml", "../customXml/item1.xml", "customXml/item1.xml"},
	} {
		if got := Resolve(c[0], c[1]); got != c[2] {
			t.Errorf("Resolve(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
