package checklist

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// zipSource reads a workbook straight from its zip parts with a streaming
// XML tokeniser: excelize's OpenReader also parses styles, theme and every
// part up front, which costs several times the sheet itself (SPEC §10). It
// reads what a list needs — sheet names and visibility, shared strings, cell
// values, merged ranges, date1904, custom properties — and nothing else.
type zipSource struct {
	files    map[string]*zip.File // lower-case part name → entry
	wbPath   string
	sheets   []sheetEntry
	parts    map[string]string // sheet name → part
	sstPath  string
	sst      []string
	sstRead  bool
	is1904   bool
	propPath string
}

type sheetEntry struct {
	name   string
	hidden bool
}

var (
	errNotWorkbook = errors.New("no workbook part")
	errBrokenZip   = errors.New("broken zip archive")
)

func openZip(data []byte) (*zipSource, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBrokenZip, err)
	}
	s := &zipSource{files: map[string]*zip.File{}, parts: map[string]string{}}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > unzipSizeLimit {
			return nil, errUnzipTooLarge
		}
		s.files[strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))] = zf
	}
	s.wbPath, s.propPath = "xl/workbook.xml", "docProps/custom.xml"
	rootRels, err := s.rels("_rels/.rels")
	if err != nil {
		return nil, err
	}
	for _, r := range rootRels.Rels {
		switch {
		case strings.HasSuffix(r.Type, "/officeDocument"):
			s.wbPath = strings.TrimPrefix(r.Target, "/")
		case strings.HasSuffix(r.Type, "/custom-properties"):
			s.propPath = strings.TrimPrefix(r.Target, "/")
		}
	}
	if s.file(s.wbPath) == nil {
		return nil, errNotWorkbook
	}
	wbRels, err := s.rels(path.Join(path.Dir(s.wbPath), "_rels", path.Base(s.wbPath)+".rels"))
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	s.sstPath = path.Join(path.Dir(s.wbPath), "sharedStrings.xml")
	for _, r := range wbRels.Rels {
		t := path.Join(path.Dir(s.wbPath), r.Target)
		if strings.HasPrefix(r.Target, "/") {
			t = path.Clean(strings.TrimPrefix(r.Target, "/"))
		}
		targets[r.ID] = t
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			s.sstPath = t
		}
	}
	if err := s.readWorkbook(targets); err != nil {
		return nil, err
	}
	return s, nil
}

var errUnzipTooLarge = errors.New("unzip size exceeds the limit")

func (s *zipSource) file(name string) *zip.File {
	return s.files[strings.ToLower(name)]
}

// open returns a part's reader, bounded in size; nil, nil when it is absent.
func (s *zipSource) open(name string) (io.ReadCloser, error) {
	zf := s.file(name)
	if zf == nil {
		return nil, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, unzipXMLSizeLimit), rc}, nil
}

func (s *zipSource) rels(name string) (relationships, error) {
	var r relationships
	rc, err := s.open(name)
	if err != nil || rc == nil {
		return r, err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(&r); err != nil {
		return r, fmt.Errorf("reading %s: %w", name, err)
	}
	return r, nil
}

// readWorkbook reads the sheet list, visibility and date system.
func (s *zipSource) readWorkbook(targets map[string]string) error {
	rc, err := s.open(s.wbPath)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", s.wbPath, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "sheet":
			name, state, id := attr(el, "name"), attr(el, "state"), attr(el, "id")
			s.sheets = append(s.sheets, sheetEntry{name: name, hidden: state == "hidden" || state == "veryHidden"})
			if t, ok := targets[id]; ok {
				s.parts[name] = t
			}
		case "workbookPr":
			v := attr(el, "date1904")
			s.is1904 = v == "1" || v == "true"
		}
	}
}

// rowNumber is the row a <row> element stands for: its r attribute, or
// the row after prev when r is missing (the format allows it) or bad.
func rowNumber(el xml.StartElement, prev int) int {
	if r, err := strconv.Atoi(attr(el, "r")); err == nil && r > 0 {
		return r
	}
	return prev + 1
}

// colNumber is the column a <c> element stands for: its r reference, or
// the column after prev when r is missing or bad.
func colNumber(el xml.StartElement, prev int) int {
	if c, _, err := excelize.CellNameToCoordinates(attr(el, "r")); err == nil {
		return c
	}
	return prev + 1
}

func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sharedStrings reads the shared string table once: each <si>'s text runs,
// without phonetic runs (<rPh>), like excelize's xlsxSI.String.
func (s *zipSource) sharedStrings() error {
	if s.sstRead {
		return nil
	}
	s.sstRead = true
	rc, err := s.open(s.sstPath)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var b strings.Builder
	inT, phonetic := false, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", s.sstPath, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "si":
				b.Reset()
			case "rPh":
				phonetic++
			case "t":
				inT = phonetic == 0
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "si":
				s.sst = append(s.sst, unescapeBSTR(b.String()))
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && b.Len() < maxCellBytes {
				b.Write(el)
			}
		}
	}
}

// bstrEscape is the _xHHHH_ escape OOXML uses for characters XML cannot hold.
var bstrEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func unescapeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return bstrEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 32)
		if n == 0x5F {
			return "_"
		}
		r := rune(n)
		if !utf8.ValidRune(r) {
			return m
		}
		return string(r)
	})
}

func (s *zipSource) sheetList() []sheetEntry { return s.sheets }

func (s *zipSource) date1904() bool { return s.is1904 }

// customProperty reads a custom document property's text value.
func (s *zipSource) customProperty(name string) string {
	rc, err := s.open(s.propPath)
	if err != nil || rc == nil {
		return ""
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var b strings.Builder
	in := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return ""
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "property" {
				in = attr(el, "name") == name
				b.Reset()
			}
		case xml.EndElement:
			if el.Name.Local == "property" && in {
				return strings.TrimSpace(b.String())
			}
		case xml.CharData:
			if in && b.Len() < 256 {
				b.Write(el)
			}
		}
	}
}

// loadSheet streams one worksheet part into a grid.
func (s *zipSource) loadSheet(name string) (*sheetGrid, error) {
	part, ok := s.parts[name]
	if !ok {
		return nil, fmt.Errorf("工作表「%s」的数据缺失", name)
	}
	rc, err := s.open(part)
	if err != nil {
		return nil, err
	}
	if rc == nil {
		return nil, fmt.Errorf("工作表「%s」的数据缺失", name)
	}
	defer rc.Close()
	g := &sheetGrid{name: name, rows: map[int][]string{}}
	var (
		d                    = xml.NewDecoder(rc)
		cells                []string
		row, col             int
		cellType             string
		val                  strings.Builder
		inV, inT, inIS       bool
		phonetic             int
		merges               []string
		sstErr               error
		needSST              = true
		rowOpen, cellHasText bool
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", part, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				row = rowNumber(el, row)
				if row > maxRowNumber {
					return nil, errSheetTooLarge
				}
				cells, col, rowOpen = cells[:0], 0, true
			case "c":
				col = colNumber(el, col)
				cellType, cellHasText = attr(el, "t"), false
				val.Reset()
			case "v":
				inV = true
			case "is":
				inIS = true
			case "rPh":
				phonetic++
			case "t":
				inT = inIS && phonetic == 0
			case "mergeCell":
				merges = append(merges, attr(el, "ref"))
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "t":
				inT = false
			case "c":
				if !rowOpen || !cellHasText || col < 1 || col > maxColumns {
					continue
				}
				v := val.String()
				switch cellType {
				case "s":
					if needSST {
						sstErr, needSST = s.sharedStrings(), false
					}
					if sstErr != nil {
						return nil, sstErr
					}
					i, err := strconv.Atoi(strings.TrimSpace(v))
					if err != nil || i < 0 || i >= len(s.sst) {
						continue
					}
					v = s.sst[i]
				case "inlineStr":
					v = unescapeBSTR(v)
				}
				for len(cells) < col {
					cells = append(cells, "")
				}
				cells[col-1] = v
			case "row":
				rowOpen = false
				if err := g.addRow(row, cells); err != nil {
					return nil, err
				}
			}
		case xml.CharData:
			if (inV || inT) && val.Len() < maxCellBytes {
				val.Write(el)
				cellHasText = true
			}
		}
	}
	g.applyMerges(merges)
	return g, nil
}
