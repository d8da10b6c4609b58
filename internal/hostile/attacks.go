package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// Case names of the work-budget attacks of issue 14: small files that cost
// minutes or gigabytes, or that another program reads differently.
const (
	SameSheetPart   = "workbook listing one sheet part 200 times"
	DuplicateMerges = "20,000 duplicate merges over the heading"
	StackedLists    = "1,000 stacked lists under 20,000 one-cell merges"
	LongSharedText  = "one 32 KB shared string in 35,000 cells"
	WideRows        = "5,000 rows each reaching column IV"
	CaseTwinParts   = "sheet1.xml and Sheet1.xml in one zip"
	UnclosedXML     = "sheet XML with unclosed elements"
	OversizedPart   = "sheet part over 32 MB that compresses to a few hundred KB"
	ManyMembers     = "zip of 100,000 members"
	NestedZip       = "workbook whose sheet part is a zip"
	DotDotNames     = "entries and targets named with ../"
	BIFFLyingLength = "xls whose record lengths run past the stream"
	BIFFLyingSST    = "xls whose SST count claims a billion strings"
	CFBLoop         = "xls whose sector chain loops"
	ODSBillionCols  = "ods cell repeated a billion columns"
	DocxGridSpan    = "docx cell spanning a million columns"
	DocxVMerge      = "docx vMerge continue without restart"
)

// attacks writes the issue-14 cases.
func attacks(t testing.TB, add func(name, file string, data []byte)) {
	add(SameSheetPart, "同一工作表二百次.xlsx", memo("same part", func() []byte { return samePart(t, 200) }))
	add(DuplicateMerges, "重复合并.xlsx", memo("dup merges", func() []byte { return duplicateMerges(t) }))
	add(StackedLists, "千张清单.xlsx", memo("stacked", func() []byte { return stackedLists(t) }))
	add(LongSharedText, "长共享字符串.xlsx", memo("long sst", func() []byte { return longShared(t) }))
	add(WideRows, "宽行.xlsx", memo("wide rows", func() []byte { return wideRows(t) }))
	add(CaseTwinParts, "大小写两份.xlsx", caseTwins(t))
	add(UnclosedXML, "未闭合.xlsx", unclosed(t))
	add(OversizedPart, "超大工作表.xlsx", memo("oversized", func() []byte { return oversized(t) }))
	add(ManyMembers, "十万个成员.xlsx", memo("members", func() []byte { return manyMembers(t) }))
	add(NestedZip, "嵌套压缩包.xlsx", nestedZip(t))
	add(DotDotNames, "上级路径.xlsx", dotDot(t))
	add(BIFFLyingLength, "记录长度虚报.xls", cfbFile(lyingLength()))
	add(BIFFLyingSST, "共享字符串虚报.xls", cfbFile(lyingSST()))
	add(CFBLoop, "扇区循环.xls", cfbLoop())
	add(ODSBillionCols, "十亿列.ods", odsBillion(t))
	add(DocxGridSpan, "百万列合并.docx", docxOf(t, `<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000"/></w:tcPr><w:p><w:r><w:t>责任名称</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`))
	add(DocxVMerge, "纵向合并无起点.docx", docxOf(t, docxVMerge()))
}

// zipOf zips parts in the order given (name, content, name, content …).
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: zip.Deflate})
		if err == nil {
			_, err = w.Write([]byte(parts[i+1]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// workbookParts are the parts of a workbook around its sheets: the sheet
// entries of workbook.xml and the relationships of its rels part.
func workbookParts(sheets, rels string) []string {
	return []string{
		"[Content_Types].xml", fmt.Sprintf(contentTypes, fmt.Sprintf(sheetType, 1)),
		"_rels/.rels", rootRels,
		"xl/workbook.xml", workbookHead + sheets + workbookTail,
		"xl/_rels/workbook.xml.rels", relsHead + rels + relsTail,
	}
}

func oneSheet(t testing.TB, rows func(b *bytes.Buffer)) []byte {
	return rawWorkbook(t, []rawSheet{{name: "附件1", rows: rows}})
}

// samePart lists one sheet part n times, each entry under its own
// relationship: a reader that reads each entry reads the part n times.
func samePart(t testing.TB, n int) []byte {
	var sheets, rels strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sheets, workbookSheet, fmt.Sprintf("S%d", i), i, i)
		fmt.Fprintf(&rels, relsSheet, i, 1)
	}
	var b bytes.Buffer
	b.WriteString(sheetHead)
	listHead(&b)
	for r := 4; r < 1004; r++ {
		fmt.Fprintf(&b, `<row r="%d">`, r)
		cell(&b, 1, r, fmt.Sprint(r-3))
		cell(&b, 2, r, "加强组织领导")
		cell(&b, 3, r, "任务")
		b.WriteString(`</row>`)
	}
	b.WriteString(sheetTail)
	return zipOf(t, append(workbookParts(sheets.String(), rels.String()), "xl/worksheets/sheet1.xml", b.String())...)
}

// withMerges ends the sheet data and writes merges before the sheet tail.
func withMerges(b *bytes.Buffer, merges func(b *bytes.Buffer)) {
	b.WriteString(`</sheetData><mergeCells>`)
	merges(b)
	b.WriteString(`</mergeCells><sheetData>`)
}

// duplicateMerges merges the 工作措施 heading over four columns 19,999 times,
// with a quarter row filled below: the quarter lookup meets every copy.
func duplicateMerges(t testing.TB) []byte {
	return oneSheet(t, func(b *bytes.Buffer) {
		listHead(b)
		for r := 4; r < 4000; r++ {
			fmt.Fprintf(b, `<row r="%d">`, r)
			cell(b, 1, r, fmt.Sprint(r-3))
			cell(b, 2, r, "加强组织领导")
			cell(b, 3, r, "任务")
			b.WriteString(`</row>`)
		}
		withMerges(b, func(b *bytes.Buffer) {
			for range 19999 {
				b.WriteString(`<mergeCell ref="D3:G3"/>`)
			}
		})
	})
}

// stackedLists stacks 1,000 four-row lists, with 19,999 one-cell-wide
// merges down column H: a reader that walks every merge per list walks
// twenty million.
func stackedLists(t testing.TB) []byte {
	return oneSheet(t, func(b *bytes.Buffer) {
		heads := []string{"序号", "责任名称", "项目任务", "工作措施和目标要求", "责任人", "责任部门"}
		for l := range 1000 {
			r := 1 + 4*l
			fmt.Fprintf(b, `<row r="%d">`, r)
			for i, h := range heads {
				cell(b, i+1, r, h)
			}
			fmt.Fprintf(b, `</row><row r="%d">`, r+1)
			cell(b, 1, r+1, "1")
			cell(b, 2, r+1, "加强组织领导")
			cell(b, 3, r+1, "任务")
			b.WriteString(`</row>`)
		}
		withMerges(b, func(b *bytes.Buffer) {
			for i := range 19999 {
				fmt.Fprintf(b, `<mergeCell ref="H%d:H%d"/>`, i+1, i+2)
			}
		})
	})
}

// longShared puts one 32 KB shared string (a heading word repeated, so
// that every pattern finds a start) into 5,000 rows of 7 cells.
func longShared(t testing.TB) []byte {
	var sheet bytes.Buffer
	sheet.WriteString(sheetHead)
	listHead(&sheet)
	for r := 4; r < 5000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d">`, r)
		for c := 1; c <= 7; c++ {
			fmt.Fprintf(&sheet, `<c r="%c%d" t="s"><v>0</v></c>`, 'A'+c-1, r)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(sheetTail)
	text := strings.Repeat("第一季度责任签字", 32<<10/24)
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>` + text + `</t></si></sst>`
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1), fmt.Sprintf(relsSheet, 1, 1)+
		`<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
	return zipOf(t, append(parts, "xl/worksheets/sheet1.xml", sheet.String(), "xl/sharedStrings.xml", sst)...)
}

// wideRows is a list whose 5,000 rows each hold a cell in column IV (256),
// the last one kept: 80 KB of cells that a program filling rows up to their
// last column turns into 1.3 million.
func wideRows(t testing.TB) []byte {
	return oneSheet(t, func(b *bytes.Buffer) {
		listHead(b)
		for r := 4; r < 5000; r++ {
			fmt.Fprintf(b, `<row r="%d">`, r)
			cell(b, 256, r, "x")
			b.WriteString(`</row>`)
		}
	})
}

// caseTwins holds a good list as xl/worksheets/sheet1.xml and an empty
// sheet as xl/worksheets/Sheet1.xml: Excel reads the exact-case part the
// relationship names, a case-blind reader the last one.
func caseTwins(t testing.TB) []byte {
	var good bytes.Buffer
	good.WriteString(sheetHead)
	listHead(&good)
	good.WriteString(sheetTail)
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1), fmt.Sprintf(relsSheet, 1, 1))
	return zipOf(t, append(parts, "xl/worksheets/sheet1.xml", sheetHead+sheetTail, "xl/worksheets/Sheet1.xml", good.String())...)
}

// unclosed is a list whose <row> and <c> elements never close.
func unclosed(t testing.TB) []byte {
	var b bytes.Buffer
	b.WriteString(sheetHead)
	listHead(&b)
	b.WriteString(`<row r="4"><c r="A4" t="inlineStr"><is><t>1</t></is><c r="B4" t="inlineStr"><is><t>加强组织领导</t></is>`)
	b.WriteString(sheetTail)
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1), fmt.Sprintf(relsSheet, 1, 1))
	return zipOf(t, append(parts, "xl/worksheets/sheet1.xml", b.String())...)
}

// oversized is a list whose sheet part is 40 MB: the heading, then empty
// rows that compress to almost nothing.
func oversized(t testing.TB) []byte {
	var b bytes.Buffer
	b.WriteString(sheetHead)
	listHead(&b)
	b.WriteString(`<row r="4">`)
	b.WriteString(strings.Repeat(`<c r="A4"/>`, 40<<20/11))
	b.WriteString(`</row>`)
	b.WriteString(sheetTail)
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1), fmt.Sprintf(relsSheet, 1, 1))
	return zipOf(t, append(parts, "xl/worksheets/sheet1.xml", b.String())...)
}

// manyMembers is a one-sheet workbook with 100,000 more (empty) members.
func manyMembers(t testing.TB) []byte {
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1), fmt.Sprintf(relsSheet, 1, 1))
	parts = append(parts, "xl/worksheets/sheet1.xml", sheetHead+sheetTail)
	for i := range 100000 {
		parts = append(parts, fmt.Sprintf("x/%d", i), "")
	}
	return zipOf(t, parts...)
}

// nestedZip is a workbook whose sheet part is itself a workbook.
func nestedZip(t testing.TB) []byte {
	inner := oneSheet(t, listHead)
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1), fmt.Sprintf(relsSheet, 1, 1))
	return zipOf(t, append(parts, "xl/worksheets/sheet1.xml", string(inner))...)
}

// dotDot is a workbook whose sheet relationship climbs out of the package
// and which holds entries named ../ and /etc.
func dotDot(t testing.TB) []byte {
	var good bytes.Buffer
	good.WriteString(sheetHead)
	listHead(&good)
	good.WriteString(sheetTail)
	parts := workbookParts(fmt.Sprintf(workbookSheet, "附件1", 1, 1),
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../../../../etc/passwd"/>`)
	return zipOf(t, append(parts, "../../etc/passwd", good.String(), "/etc/qingdan.xml", good.String())...)
}

// BIFF records and a minimal compound file (version 3, 512-byte sectors,
// one FAT sector), as internal/grid/xls's tests build them.

func le16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func le32(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func rec(id int, body ...[]byte) []byte {
	b := cat(body...)
	return cat(le16(id), le16(len(b)), b)
}

const (
	recBOF, recEOF, recBoundSheet, recSST, recLabelSST = 0x0809, 0x000A, 0x0085, 0x00FC, 0x00FD
	endOfChain, freeSect, fatSect, noStream            = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
)

func bof(dt int) []byte { return rec(recBOF, le16(0x0600), le16(dt), make([]byte, 12)) }

// biffBook is a Workbook stream: globals, one sheet named Sheet1, its records.
func biffBook(globals [][]byte, sheet [][]byte) []byte {
	head := cat(bof(0x0005), cat(globals...))
	bs := func(off int) []byte {
		return rec(recBoundSheet, le32(off), []byte{0, 0}, []byte{6, 0}, []byte("Sheet1"))
	}
	off := len(head) + len(bs(0)) + 4
	return cat(head, bs(off), rec(recEOF), bof(0x0010), cat(sheet...), rec(recEOF))
}

// lyingLength is a book whose sheet's first record claims 60,000 bytes.
func lyingLength() []byte {
	return biffBook(nil, [][]byte{cat(le16(0x0204), le16(60000), make([]byte, 20))})
}

// lyingSST claims a billion unique strings in a table of one, then a
// label pointing at string 999,999,999.
func lyingSST() []byte {
	sst := rec(recSST, le32(1000000000), le32(1000000000), le16(1), []byte{0}, []byte("x"))
	return biffBook([][]byte{sst}, [][]byte{rec(recLabelSST, le16(0), le16(0), le16(15), le32(999999999))})
}

func cfbFile(stream []byte) []byte { return cfbWith(stream, nil) }

// cfbLoop is a book whose stream's sector chain points back at itself.
func cfbLoop() []byte {
	return cfbWith(lyingSST(), func(fat []uint32) { fat[3] = 2 })
}

func cfbWith(stream []byte, patch func(fat []uint32)) []byte {
	if len(stream) < 4096 {
		stream = append(stream, make([]byte, 4096-len(stream))...)
	}
	n := (len(stream) + 511) / 512
	fat := make([]uint32, 128)
	for i := range fat {
		fat[i] = freeSect
	}
	fat[0], fat[1] = fatSect, endOfChain
	for i := 0; i < n; i++ {
		fat[2+i] = uint32(3 + i)
	}
	fat[2+n-1] = endOfChain
	if patch != nil {
		patch(fat)
	}
	hdr := cat([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 16),
		le16(0x3E), le16(3), le16(0xFFFE), le16(9), le16(6), make([]byte, 6),
		le32(0), le32(1), le32(1), le32(0), le32(4096), le32(endOfChain), le32(0), le32(endOfChain), le32(0), le32(0))
	for len(hdr) < 512 {
		hdr = append(hdr, 0xFF)
	}
	var fatSector []byte
	for _, v := range fat {
		fatSector = append(fatSector, le32(int(v))...)
	}
	dir := cat(dirEntry("Root Entry", 5, 1, endOfChain, 0), dirEntry("Workbook", 2, noStream, 2, len(stream)), make([]byte, 256))
	data := append([]byte{}, stream...)
	if pad := n*512 - len(data); pad > 0 {
		data = append(data, make([]byte, pad)...)
	}
	return cat(hdr, fatSector, dir, data)
}

func dirEntry(name string, typ byte, child uint32, start uint32, size int) []byte {
	u := utf16.Encode([]rune(name))
	nameBytes := make([]byte, 64)
	for i, c := range u {
		binary.LittleEndian.PutUint16(nameBytes[2*i:], c)
	}
	return cat(nameBytes, le16(2*(len(u)+1)), []byte{typ, 1}, le32(noStream), le32(noStream), le32(int(child)),
		make([]byte, 16+4+16), le32(int(start)), le32(size), le32(0))
}

// odsBillion is a spreadsheet whose heading row repeats one cell a billion
// columns, and 5,000 rows repeated a million times.
func odsBillion(t testing.TB) []byte {
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="附件1">` +
		`<table:table-row><table:table-cell table:number-columns-repeated="1000000000"><text:p>责任名称</text:p></table:table-cell></table:table-row>` +
		`<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000000000"><text:p>x</text:p></table:table-cell></table:table-row>` +
		`</table:table></office:spreadsheet></office:body></office:document-content>`
	return zipOfStored(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", content,
		"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`)
}

// zipOfStored is zipOf with the first member stored, as ODF wants its mimetype.
func zipOfStored(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		m := zip.Deflate
		if i == 0 {
			m = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: m})
		if err == nil {
			_, err = w.Write([]byte(parts[i+1]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docxHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`

// docxOf is a Word document with the given body.
func docxOf(t testing.TB, body string) []byte {
	return zipOf(t,
		"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml", docxHead+body+`</w:body></w:document>`)
}

// docxVMerge is a table whose 4,000 rows each continue a vertical merge
// that never started, in four columns.
func docxVMerge() string {
	var b strings.Builder
	b.WriteString(`<w:tbl>`)
	for range 4000 {
		b.WriteString(`<w:tr>`)
		for range 4 {
			b.WriteString(`<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}
