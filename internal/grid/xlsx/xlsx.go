// Package xlsx reads .xlsx and .xlsm workbooks into a grid.Book straight
// from their zip parts with a streaming XML tokeniser: excelize's
// OpenReader also parses theme, styles and every part up front, which costs
// several times the sheet itself (SPEC §10). It reads what the readers of
// lists, 评分表 and rosters need — sheets with their visibility, shared
// strings, typed cell values, formulas with their cached results, merged
// ranges, the date system, date number formats and custom properties.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"qingdan/internal/grid"
)

func init() {
	grid.Register(grid.Format{Name: "xlsx", Exts: []string{".xlsx", ".xlsm"}, Sniff: Sniff, Read: Read})
}

// Sniff claims a zip holding a workbook part (xl/workbook.xml, or the part
// the package's officeDocument relationship names when it is a
// spreadsheet's), and a zip too broken to list, which no other format can
// claim either: its reader then says the archive is broken.
func Sniff(data []byte) bool {
	if !grid.IsZip(data) {
		return false
	}
	// Part names stand uncompressed in the archive: the common case needs no listing.
	if bytes.Contains(data, []byte("xl/workbook.xml")) {
		return true
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return true
	}
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[partKey(zf.Name)] = zf
	}
	if files["xl/workbook.xml"] != nil {
		return true
	}
	zf := files["_rels/.rels"]
	if zf == nil || zf.UncompressedSize64 > 1<<20 {
		return false
	}
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	var rels relationships
	if xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels) != nil {
		return false
	}
	for _, r := range rels.Rels {
		t := partKey(strings.TrimPrefix(r.Target, "/"))
		if strings.HasSuffix(r.Type, "/officeDocument") && files[t] != nil && isSpreadsheetPart(files, t) {
			return true
		}
	}
	return false
}

// isSpreadsheetPart says whether [Content_Types].xml gives part a
// spreadsheet's main content type (a .docx names its document part alike).
func isSpreadsheetPart(files map[string]*zip.File, part string) bool {
	zf := files["[content_types].xml"]
	if zf == nil || zf.UncompressedSize64 > 1<<20 {
		return false
	}
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	var ct struct {
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&ct) != nil {
		return false
	}
	for _, o := range ct.Overrides {
		if partKey(strings.TrimPrefix(o.PartName, "/")) == part {
			return strings.Contains(o.ContentType, "spreadsheetml") || strings.Contains(o.ContentType, "ms-excel")
		}
	}
	return false
}

func partKey(name string) string { return strings.ToLower(strings.ReplaceAll(name, `\`, "/")) }

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// Reasons a user reads, kept word for word from the list reader's.
const (
	reasonBrokenZip   = "文件已损坏或不完整（压缩包结构错误，可能下载或复制时中断），无法打开。请重新用 Excel/WPS 另存为 .xlsx 后报送"
	reasonNoWorkbook  = "文件不是 Excel 工作簿（缺少工作簿内容，可能是其他文件改了扩展名），无法读取。请用 Excel/WPS 另存为 .xlsx 后重新报送"
	reasonUnzipTooBig = "文件解压后过大，超出读取上限，不像是责任清单。请删除多余内容后另存为 .xlsx 重新报送"
	reasonNoSheets    = "文件中没有任何工作表，可能不是 Excel 工作簿或已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送"
)

// Read reads a workbook's bytes under lim. The error is a *grid.Error; a
// sheet that alone cannot be read is kept with its Err set.
func Read(data []byte, lim grid.Limits) (*grid.Book, error) {
	p, err := openPackage(data, lim)
	if err != nil {
		var ge *grid.Error
		if errors.As(err, &ge) {
			return nil, ge
		}
		return nil, grid.Corrupt(err, "压缩包或其中的 XML 结构错误")
	}
	b := &grid.Book{Date1904: p.date1904, Properties: p.properties()}
	if len(p.sheets) == 0 {
		return nil, grid.Refuse(grid.Unreadable, grid.ErrCorrupt, reasonNoSheets)
	}
	if len(p.sheets) > lim.MaxSheets {
		return nil, grid.TooLarge(fmt.Sprintf("文件有 %d 张工作表（上限 %d 张）", len(p.sheets), lim.MaxSheets))
	}
	parts := map[string]string{}
	for _, e := range p.sheets {
		if e.part == "" {
			continue
		}
		if other, ok := parts[partKey(e.part)]; ok {
			return nil, grid.Refuse(grid.Unreadable, grid.ErrCorrupt, "工作表「%s」和「%s」指向同一份数据（%s），文件结构异常，不同的软件会读出不同的内容，未读取。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", other, e.name, e.part)
		}
		parts[partKey(e.part)] = e.name
	}
	cells := 0
	defer func() { grid.Counted.Elements.Add(int64(p.elements)) }()
	for _, e := range p.sheets {
		s, err := p.readSheet(e, &cells)
		var be *bookError
		if errors.As(err, &be) {
			return nil, be.refusal
		}
		if err != nil {
			var ge *grid.Error
			if !errors.As(err, &ge) {
				ge = grid.Refuse(grid.Unreadable, err, "工作表无法读取（%v），可能已损坏。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", err)
			}
			ge.Sheet = e.name
			s = &grid.Sheet{Name: e.name, Hidden: e.hidden, Err: ge}
		}
		b.Sheets = append(b.Sheets, s)
	}
	return b, nil
}

// pkg is one opened package: its parts and what the workbook part says.
type pkg struct {
	lim       grid.Limits
	files     map[string]*zip.File // lower-case part name → entry
	wbPath    string
	sheets    []sheetEntry
	sstPath   string
	sst       []string
	sstRead   bool
	sstErr    error
	clock     *grid.Clock
	elements  int // cell and row elements visited, against lim.MaxElements
	date1904  bool
	propPath  string
	styles    *styles
	stylePath string
}

type sheetEntry struct {
	name   string
	hidden bool
	part   string
}

func openPackage(data []byte, lim grid.Limits) (*pkg, error) {
	if n, ok := grid.ZipEntries(data); ok && n > lim.MaxParts {
		return nil, grid.TooLarge(fmt.Sprintf("文件包含 %d 个部件（上限 %d 个）", n, lim.MaxParts))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, grid.Refuse(grid.Unreadable, fmt.Errorf("%w: %w", grid.ErrCorrupt, err), reasonBrokenZip)
	}
	if len(zr.File) > lim.MaxParts {
		return nil, grid.TooLarge(fmt.Sprintf("文件包含 %d 个部件（上限 %d 个）", len(zr.File), lim.MaxParts))
	}
	p := &pkg{lim: lim, files: map[string]*zip.File{}, clock: lim.Clock()}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.MaxUnzipped) {
			return nil, grid.Refuse(grid.Unreadable, grid.ErrTooLarge, reasonUnzipTooBig)
		}
		// Part names are equivalent ignoring ASCII case (OPC): a package
		// holding two is malformed, and programs differ in which they read.
		k := partKey(zf.Name)
		if other, ok := p.files[k]; ok {
			return nil, grid.Refuse(grid.Unreadable, grid.ErrCorrupt, "文件中有两个同名部件（%s 与 %s，名称只差大小写或完全相同），不同的软件会读出不同的内容，未读取。请用 Excel/WPS 打开检查后另存为 .xlsx 重新报送", other.Name, zf.Name)
		}
		p.files[k] = zf
	}
	p.wbPath, p.propPath = "xl/workbook.xml", "docProps/custom.xml"
	rootRels, err := p.rels("_rels/.rels")
	if err != nil {
		return nil, err
	}
	for _, r := range rootRels.Rels {
		switch {
		case strings.HasSuffix(r.Type, "/officeDocument"):
			p.wbPath = strings.TrimPrefix(r.Target, "/")
		case strings.HasSuffix(r.Type, "/custom-properties"):
			p.propPath = strings.TrimPrefix(r.Target, "/")
		}
	}
	if p.file(p.wbPath) == nil {
		return nil, grid.Refuse(grid.Unreadable, grid.ErrFormat, reasonNoWorkbook)
	}
	dir := path.Dir(p.wbPath)
	wbRels, err := p.rels(path.Join(dir, "_rels", path.Base(p.wbPath)+".rels"))
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	p.sstPath, p.stylePath = path.Join(dir, "sharedStrings.xml"), path.Join(dir, "styles.xml")
	for _, r := range wbRels.Rels {
		t := path.Join(dir, r.Target)
		if strings.HasPrefix(r.Target, "/") {
			t = path.Clean(strings.TrimPrefix(r.Target, "/"))
		}
		targets[r.ID] = t
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			p.sstPath = t
		case strings.HasSuffix(r.Type, "/styles"):
			p.stylePath = t
		}
	}
	if err := p.readWorkbook(targets); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *pkg) file(name string) *zip.File { return p.files[strings.ToLower(name)] }

// open returns a part's reader, refusing a part over MaxPartSize; nil, nil
// when it is absent.
func (p *pkg) open(name string) (io.ReadCloser, error) {
	zf := p.file(name)
	if zf == nil {
		return nil, nil
	}
	if zf.UncompressedSize64 > uint64(p.lim.MaxPartSize) {
		return nil, grid.TooLarge(fmt.Sprintf("文件中的 %s 解压后超过 %d MB", path.Base(name), p.lim.MaxPartSize>>20))
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	grid.Counted.Parts.Add(1)
	return struct {
		io.Reader
		io.Closer
	}{&limitReader{r: rc, left: p.lim.MaxPartSize, name: name, lim: p.lim}, rc}, nil
}

// limitReader refuses a part that yields more than its limit: a part is
// never cut short silently (the zip reader checks the declared size, but a
// limit below it must still say "too large", not "no list").
type limitReader struct {
	r    io.Reader
	left int64
	name string
	lim  grid.Limits
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.left < 0 {
		return 0, grid.TooLarge(fmt.Sprintf("文件中的 %s 解压后超过 %d MB", path.Base(l.name), l.lim.MaxPartSize>>20))
	}
	if int64(len(b)) > l.left+1 {
		b = b[:l.left+1]
	}
	n, err := l.r.Read(b)
	l.left -= int64(n)
	if l.left < 0 {
		n += int(l.left)
		return n, grid.TooLarge(fmt.Sprintf("文件中的 %s 解压后超过 %d MB", path.Base(l.name), l.lim.MaxPartSize>>20))
	}
	return n, err
}

func (p *pkg) rels(name string) (relationships, error) {
	var r relationships
	rc, err := p.open(name)
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
func (p *pkg) readWorkbook(targets map[string]string) error {
	rc, err := p.open(p.wbPath)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newTokens(rc, p.wbPath, p.clock)
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readErr(p.wbPath, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "sheet":
			if len(p.sheets) >= p.lim.MaxSheets {
				return grid.TooLarge(fmt.Sprintf("文件有超过 %d 张工作表", p.lim.MaxSheets))
			}
			state := attr(el, "state")
			p.sheets = append(p.sheets, sheetEntry{name: attr(el, "name"), hidden: state == "hidden" || state == "veryHidden", part: targets[attr(el, "id")]})
		case "workbookPr":
			v := attr(el, "date1904")
			p.date1904 = v == "1" || v == "true"
		}
	}
}

// readErr keeps a refusal as it is and names the part in any other error.
func readErr(part string, err error) error {
	var ge *grid.Error
	if errors.As(err, &ge) {
		return err
	}
	return fmt.Errorf("reading %s: %w", part, err)
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
func (p *pkg) sharedStrings() error {
	if p.sstRead {
		return p.sstErr
	}
	p.sstRead = true
	p.sstErr = p.readSharedStrings()
	return p.sstErr
}

func (p *pkg) readSharedStrings() error {
	rc, err := p.open(p.sstPath)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	d := newTokens(rc, p.sstPath, p.clock)
	var b strings.Builder
	inT, phonetic := false, 0
	for {
		tok, err := d.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readErr(p.sstPath, err)
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
				if len(p.sst) >= p.lim.MaxCells {
					return &bookError{grid.TooLarge(fmt.Sprintf("共享字符串表有超过 %d 项", p.lim.MaxCells))}
				}
				p.sst = append(p.sst, unescapeBSTR(b.String()))
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && b.Len() < p.lim.MaxCellBytes {
				b.Write(el)
			}
		}
	}
}

// properties reads the custom document properties' text values.
func (p *pkg) properties() map[string]string {
	rc, err := p.open(p.propPath)
	if err != nil || rc == nil {
		return nil
	}
	defer rc.Close()
	out := map[string]string{}
	d := xml.NewDecoder(rc)
	var b strings.Builder
	name := ""
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "property" {
				name = attr(el, "name")
				b.Reset()
			}
		case xml.EndElement:
			if el.Name.Local == "property" && name != "" {
				out[name] = strings.TrimSpace(b.String())
				name = ""
			}
		case xml.CharData:
			if name != "" && b.Len() < 256 {
				b.Write(el)
			}
		}
	}
}
