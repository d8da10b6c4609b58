// Package docx reads Word .docx files into a grid.Book: each top-level
// table becomes a sheet 表N, with the paragraphs above and below it as rows
// before and after the table's rows (the header fields and signatures of a
// list). It registers itself with grid on import.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"qingdan/internal/grid"
	"qingdan/internal/grid/part"
)

func init() {
	grid.Register(grid.Format{Name: "docx", Exts: []string{".docx", ".docm", ".dotx"}, Sniff: Sniff, Read: Read})
}

// mainTypes are the content types of a Word document's main part.
var mainTypes = []string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
	"application/vnd.ms-word.document.macroEnabled.main+xml",
	"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}

// Sniff claims a zip package holding a Word document: word/document.xml,
// or a main part of a Word content type. A workbook (xl/workbook.xml) is
// left to the xlsx reader.
func Sniff(data []byte) bool {
	if !grid.IsZip(data) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	var types *zip.File
	word := false
	for _, f := range zr.File {
		switch f.Name {
		case "xl/workbook.xml":
			return false
		case "word/document.xml":
			word = true
		case "[Content_Types].xml":
			types = f
		}
	}
	if word || types == nil {
		return word
	}
	rc, err := types.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	head, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	for _, t := range mainTypes {
		if bytes.Contains(head, []byte(t)) {
			return true
		}
	}
	return false
}

// Read reads a .docx. The error is a *grid.Error.
func Read(data []byte, lim grid.Limits) (*grid.Book, error) {
	p, err := part.Open(data, lim)
	if err != nil {
		return nil, err
	}
	name, err := documentPart(p)
	if err != nil {
		return nil, err
	}
	doc, _, err := p.Read(name)
	if err != nil {
		return nil, err
	}
	book, err := readDocument(doc, lim)
	if err != nil {
		return nil, err
	}
	if book.Properties, err = p.CustomProperties(); err != nil {
		return nil, err
	}
	return book, nil
}

// documentPart finds the main part: the officeDocument target of
// _rels/.rels, else word/document.xml.
func documentPart(p *part.Package) (string, error) {
	const fallback = "word/document.xml"
	rels, ok, err := p.Read("_rels/.rels")
	if err != nil {
		return "", err
	}
	if ok {
		d := xml.NewDecoder(bytes.NewReader(rels))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", grid.Corrupt(err, "_rels/.rels 不是有效的 XML")
			}
			if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" &&
				strings.HasSuffix(attr(e, "Type"), "/officeDocument") && attr(e, "TargetMode") != "External" {
				if name := part.Resolve("", attr(e, "Target")); p.Has(name) {
					return name, nil
				}
			}
		}
	}
	if !p.Has(fallback) {
		return "", grid.Corrupt(errors.New("no main document part"), "缺少 Word 正文 word/document.xml")
	}
	return fallback, nil
}

// attr returns the value of the attribute with local name local.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
