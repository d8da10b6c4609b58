package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"testing"

	"qingdan/internal/grid"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../../testdata/formats/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// BenchmarkRead reads the example 附件2 as LibreOffice writes it to .docx.
func BenchmarkRead(b *testing.B) {
	data := readFixture(b, "principal.docx")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(data, grid.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloor is the least any reader of the same file must do: open
// the zip, unzip document.xml and pass its tokens through xml.Decoder.Token.
func BenchmarkFloor(b *testing.B) {
	data := readFixture(b, "principal.docx")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		rc, err := zr.Open("word/document.xml")
		if err != nil {
			b.Fatal(err)
		}
		doc, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			b.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
