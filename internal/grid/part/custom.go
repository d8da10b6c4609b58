package part

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"qingdan/internal/grid"
)

// CustomProperties reads the OOXML custom document properties
// (docProps/custom.xml: qingdan.kind …) as text; nil when there are none.
func (p *Package) CustomProperties() (map[string]string, error) {
	const name = "docProps/custom.xml"
	data, ok, err := p.Read(name)
	if !ok || err != nil {
		return nil, err
	}
	props := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(data))
	var key string
	var val strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return props, nil
		}
		if err != nil {
			return nil, grid.Corrupt(err, name+" 不是有效的 XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "property" && depth == 2 {
				key = attr(t, "name")
				val.Reset()
			}
		case xml.CharData:
			if key != "" && depth >= 3 && val.Len() < 1<<10 {
				val.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "property" && depth == 2 && key != "" {
				props[key] = strings.TrimSpace(val.String())
				key = ""
			}
			depth--
		}
	}
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
