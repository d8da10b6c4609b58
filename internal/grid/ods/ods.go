// Package ods reads OpenDocument spreadsheets (.ods, as LibreOffice Calc and
// WPS write them) into a grid.Book. It registers itself with grid on import.
package ods

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
	grid.Register(grid.Format{Name: "ods", Exts: []string{".ods", ".ots"}, Sniff: Sniff, Read: Read})
}

const (
	mimeType = "application/vnd.oasis.opendocument.spreadsheet"
	officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	tableNS  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	textNS   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	styleNS  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	metaNS   = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
	calcNS   = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
)

// Sniff claims a zip package whose mimetype member names an OpenDocument
// spreadsheet (or template), or whose content.xml holds office:spreadsheet.
func Sniff(data []byte) bool {
	if !grid.IsZip(data) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	var content *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "mimetype":
			m := strings.TrimSpace(string(head(f, 128)))
			if m == mimeType || m == mimeType+"-template" {
				return true
			}
		case "content.xml":
			content = f
		}
	}
	return content != nil && bytes.Contains(head(content, 64<<10), []byte("office:spreadsheet"))
}

// head returns at most n bytes from the start of f.
func head(f *zip.File, n int64) []byte {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, n))
	return b
}

// Read reads an .ods. The error is a *grid.Error.
func Read(data []byte, lim grid.Limits) (*grid.Book, error) {
	p, err := part.Open(data, lim)
	if err != nil {
		return nil, err
	}
	content, ok, err := p.Read("content.xml")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, grid.Corrupt(errors.New("no content.xml"), "缺少表格内容 content.xml")
	}
	r := newReader(lim)
	if err := r.read(content); err != nil {
		return nil, err
	}
	meta, ok, err := p.Read("meta.xml")
	if err != nil {
		return nil, err
	}
	if ok {
		if r.book.Properties, err = userDefined(meta); err != nil {
			return nil, err
		}
	}
	return r.book, nil
}

// userDefined reads the meta:user-defined properties of meta.xml
// (qingdan.kind …); LibreOffice keeps an .xlsx's custom properties there.
func userDefined(meta []byte) (map[string]string, error) {
	var props map[string]string
	d := xml.NewDecoder(bytes.NewReader(meta))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return props, nil
		}
		if err != nil {
			return nil, grid.Corrupt(err, "meta.xml 不是有效的 XML")
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Space != metaNS || e.Name.Local != "user-defined" {
			continue
		}
		var val strings.Builder
		for depth := 1; depth > 0; {
			tok, err := d.Token()
			if err != nil {
				return nil, grid.Corrupt(err, "meta.xml 不是有效的 XML")
			}
			switch t := tok.(type) {
			case xml.StartElement:
				depth++
			case xml.EndElement:
				depth--
			case xml.CharData:
				if val.Len() < 1<<10 {
					val.Write(t)
				}
			}
		}
		if props == nil {
			props = map[string]string{}
		}
		props[attr(e, metaNS, "name")] = strings.TrimSpace(val.String())
	}
}

// attr returns the value of the attribute space:local.
func attr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}
