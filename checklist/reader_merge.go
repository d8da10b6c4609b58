package checklist

import (
	"bytes"
	"encoding/xml"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize's GetMergeCells unmarshals the whole worksheet again; the merged
// ranges are a short list after the sheet data, so they are scanned from the
// part's bytes instead, which the streaming read has already left in f.Pkg.

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookSheets struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"id,attr"`
	} `xml:"sheets>sheet"`
}

// loadPart returns a package part's bytes as excelize holds them in memory;
// false when the part is not there (or was spilled to a temp file).
func loadPart(f *excelize.File, name string) ([]byte, bool) {
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil, false
	}
	data, ok := v.([]byte)
	return data, ok
}

// sheetParts maps each sheet name to its XML part, resolved the way excelize
// resolves it: _rels/.rels → workbook → its relationships.
func sheetParts(f *excelize.File) map[string]string {
	wbPath := "xl/workbook.xml"
	var root relationships
	if data, _ := loadPart(f, "_rels/.rels"); xml.Unmarshal(data, &root) == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var rels relationships
	if data, _ := loadPart(f, path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels")); xml.Unmarshal(data, &rels) != nil {
		return nil
	}
	var wb workbookSheets
	if data, _ := loadPart(f, wbPath); xml.Unmarshal(data, &wb) != nil {
		return nil
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := path.Join(path.Dir(wbPath), r.Target)
		if strings.HasPrefix(r.Target, "/") {
			t = path.Clean(strings.TrimPrefix(r.Target, "/"))
		}
		targets[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok {
			parts[s.Name] = t
		}
	}
	return parts
}

var (
	mergeCellTag = []byte("mergeCell ")
	refAttr      = []byte(`ref="`)
)

// scanMerges returns the ref of every <mergeCell ref="…"/> (any namespace
// prefix) in a worksheet part.
func scanMerges(data []byte) []string {
	var refs []string
	for {
		i := bytes.Index(data, mergeCellTag)
		if i < 0 {
			return refs
		}
		isTag := i > 0 && (data[i-1] == '<' || data[i-1] == ':')
		data = data[i+len(mergeCellTag):]
		end := bytes.IndexByte(data, '>')
		if end < 0 {
			return refs
		}
		if tag := data[:end]; isTag {
			if j := bytes.Index(tag, refAttr); j >= 0 {
				v := tag[j+len(refAttr):]
				if k := bytes.IndexByte(v, '"'); k >= 0 {
					refs = append(refs, string(v[:k]))
				}
			}
		}
		data = data[end:]
	}
}
