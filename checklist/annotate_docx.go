package checklist

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"qingdan/internal/grid"
	"qingdan/internal/grid/docx"
	"qingdan/internal/grid/part"
)

// WordprocessingML names the copy of a .docx adds.
const (
	wordNS          = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	relTypeComments = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	ctComments      = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)

// maxDocxMarks bounds the cells located in one document: each Locate
// scans the document once.
const maxDocxMarks = 500

// edit replaces doc[at:at+del] with text.
type edit struct {
	at, del int
	text    string
}

// annotatedDocx makes the .docx copy: each problem table cell shaded red
// or yellow with a Word comment holding its messages, and the findings in
// a table at the end of the document, after the line for the school.
func annotatedDocx(c *Catalog, fr *FileReport, data []byte, book *grid.Book, note schoolNote) ([]byte, string) {
	lim := grid.DefaultLimits()
	fail := func(err error) ([]byte, string) { return nil, fmt.Sprintf("生成 Word 副本时出错（%v）", err) }
	type mark struct {
		loc   docx.Location
		worst Severity
		lines []string
	}
	var marks []*mark
	byStart := map[int64]*mark{}
	for _, x := range fr.Findings {
		s := book.Sheet(x.Sheet)
		row, col, ok := s.Pos(x.Cell)
		if !ok || len(byStart) >= maxDocxMarks {
			continue
		}
		loc, ok, err := docx.Locate(data, s, row, col, lim)
		if err != nil {
			return fail(err)
		}
		if !ok {
			continue
		}
		m := byStart[loc.Start]
		if m == nil {
			m = &mark{loc: loc, worst: x.Severity}
			byStart[loc.Start] = m
			marks = append(marks, m)
		}
		if severityRank(x.Severity) > severityRank(m.worst) {
			m.worst = x.Severity
		}
		m.lines = append(m.lines, "【"+SeverityName(x.Severity)+"】"+x.Message)
	}
	pkg, err := part.Open(data, lim)
	if err != nil {
		return fail(err)
	}
	docName := "word/document.xml"
	if len(marks) > 0 {
		docName = marks[0].loc.Part
	} else if name, ok := mainPart(pkg); ok {
		docName = name
	}
	doc, ok, err := pkg.Read(docName)
	if err != nil || !ok {
		return fail(fmt.Errorf("读不到 %s", docName))
	}
	prefix := wordPrefix(doc)
	w := wordMarkup{prefix: prefix}
	relsName := path.Join(path.Dir(docName), "_rels", path.Base(docName)+".rels")
	rels, _, err := pkg.Read(relsName)
	if err != nil {
		return fail(err)
	}
	commentsName, commentsData, nextID, err := existingComments(pkg, docName, rels)
	if err != nil {
		return fail(err)
	}
	var edits []edit
	type comment struct {
		id    int
		lines []string
	}
	var notes []comment
	for _, m := range marks {
		fill := fillYellow
		if m.worst == Error {
			fill = fillRed
		} else if m.worst != Warning {
			fill = ""
		}
		es, err := cellEdits(doc, int(m.loc.Start), int(m.loc.End), fill, nextID, w)
		if err != nil {
			return fail(err)
		}
		edits = append(edits, es...)
		notes = append(notes, comment{nextID, m.lines})
		nextID++
	}
	edits = append(edits, edit{at: bodyEnd(doc, prefix), text: w.findingsTable(c, fr, note)})
	slices.SortStableFunc(edits, func(a, b edit) int { return b.at - a.at })
	out := slices.Clone(doc)
	for _, e := range edits {
		out = slices.Concat(out[:e.at], []byte(e.text), out[e.at+e.del:])
	}
	// Without a date LibreOffice shows 0000-00-00 on every comment.
	date := note.clock().UTC().Format("2006-01-02T15:04:05Z")
	commentsXML := func(w wordMarkup) string {
		var b strings.Builder
		for _, n := range notes {
			b.WriteString(w.comment(n.id, date, n.lines))
		}
		return b.String()
	}
	replaced := map[string][]byte{docName: out}
	if len(marks) > 0 {
		if commentsName == "" {
			commentsName = path.Join(path.Dir(docName), "comments.xml")
			replaced[commentsName] = []byte(xml.Header + `<w:comments xmlns:w="` + wordNS + `">` + commentsXML(wordMarkup{prefix: "w"}) + `</w:comments>`)
			if replaced[relsName], err = addRelationship(rels, relTypeComments, path.Base(commentsName)); err != nil {
				return fail(err)
			}
			types, _, err := pkg.Read("[Content_Types].xml")
			if err != nil {
				return fail(err)
			}
			replaced["[Content_Types].xml"] = addOverride(types, "/"+commentsName, ctComments)
		} else {
			cp := wordPrefix(commentsData)
			text := commentsXML(wordMarkup{prefix: cp})
			closeTag := "</" + qualified(cp, "comments") + ">"
			i := bytes.LastIndex(commentsData, []byte(closeTag))
			if i < 0 {
				return fail(fmt.Errorf("%s 不完整", commentsName))
			}
			replaced[commentsName] = slices.Concat(commentsData[:i], []byte(text), commentsData[i:])
		}
	}
	return rezip(data, replaced)
}

// mainPart is the document part the package's relationships name.
func mainPart(p *part.Package) (string, bool) {
	rels, ok, err := p.Read("_rels/.rels")
	if err != nil || !ok {
		return "", false
	}
	var doc relsDoc
	if xml.Unmarshal(rels, &doc) != nil {
		return "", false
	}
	for _, r := range doc.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return part.Resolve("", r.Target), true
		}
	}
	return "", false
}

// existingComments finds the document's comments part, if any, and the
// first comment id not yet taken.
func existingComments(p *part.Package, docName string, rels []byte) (name string, data []byte, next int, err error) {
	if len(rels) == 0 {
		return "", nil, 0, nil
	}
	var doc relsDoc
	if err := xml.Unmarshal(rels, &doc); err != nil {
		return "", nil, 0, err
	}
	for _, r := range doc.Rels {
		if r.Type != relTypeComments {
			continue
		}
		name = part.Resolve(docName, r.Target)
		data, ok, err := p.Read(name)
		if err != nil {
			return "", nil, 0, err
		}
		if !ok {
			return "", nil, 0, fmt.Errorf("批注部分 %s 不存在", name)
		}
		for _, m := range commentID.FindAllSubmatch(data, -1) {
			if n, err := strconv.Atoi(string(m[1])); err == nil && n >= next {
				next = n + 1
			}
		}
		return name, data, next, nil
	}
	return "", nil, 0, nil
}

var (
	commentID  = regexp.MustCompile(`<(?:\w+:)?comment\b[^>]*?\b(?:\w+:)?id="(\d{1,9})"`)
	rootPrefix = regexp.MustCompile(`<(?:(\w+):)?(?:document|comments)\b`)
)

// wordPrefix is the prefix the part gives WordprocessingML ("w" nearly
// always; "" for a default namespace).
func wordPrefix(doc []byte) string {
	if m := rootPrefix.FindSubmatch(doc); m != nil {
		return string(m[1])
	}
	return "w"
}

func qualified(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

// wordMarkup writes elements with the document's prefix. Under a default
// namespace the attributes still need one, declared on each element.
type wordMarkup struct{ prefix string }

func (w wordMarkup) el(local, attrs, body string) string {
	name := qualified(w.prefix, local)
	decl := ""
	if w.prefix == "" && attrs != "" {
		decl = ` xmlns:w="` + wordNS + `"`
	}
	if body == "" {
		return "<" + name + decl + attrs + "/>"
	}
	return "<" + name + decl + attrs + ">" + body + "</" + name + ">"
}

// a is one attribute in the w namespace.
func (w wordMarkup) a(local, val string) string {
	var b strings.Builder
	b.WriteString(` w:` + local + `="`)
	xml.EscapeText(&b, []byte(val))
	b.WriteString(`"`)
	if w.prefix != "" && w.prefix != "w" {
		return strings.Replace(b.String(), " w:", " "+w.prefix+":", 1)
	}
	return b.String()
}

func (w wordMarkup) text(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	name := qualified(w.prefix, "t")
	return "<" + name + ` xml:space="preserve">` + b.String() + "</" + name + ">"
}

func (w wordMarkup) shd(fill string) string {
	return w.el("shd", w.a("val", "clear")+w.a("color", "auto")+w.a("fill", fill), "")
}

// comment is one w:comment, a paragraph per message.
func (w wordMarkup) comment(id int, date string, lines []string) string {
	var body strings.Builder
	body.WriteString(w.el("p", "", w.el("r", "", w.el("rPr", "", w.el("b", "", ""))+w.text(annotateAuthor+"："))))
	for _, l := range lines {
		body.WriteString(w.el("p", "", w.el("r", "", w.text(l))))
	}
	return w.el("comment", w.a("id", strconv.Itoa(id))+w.a("author", annotateAuthor)+w.a("initials", "监")+w.a("date", date), body.String())
}

// tcPr children that come after w:shd in the schema's sequence.
var afterShd = []string{"noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange"}

// cellEdits shades the cell doc[start:end] (a whole <w:tc>) with fill
// (none when "") and wraps its first paragraph's content in comment id.
func cellEdits(doc []byte, start, end int, fill string, id int, w wordMarkup) ([]edit, error) {
	var (
		depth, tcOpen       = 0, -1
		tcPr, shd, afterPos = none, none, -1
		p, pPr              = none, none
		pDepth              int
	)
	d := xml.NewDecoder(bytes.NewReader(doc[start:end]))
	for {
		before := int(d.InputOffset())
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		after := int(d.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			inTcPr := tcPr.at >= 0 && tcPr.end < 0
			switch {
			case depth == 1:
				tcOpen = after
			case depth == 2 && t.Name.Local == "tcPr" && tcPr.at < 0:
				tcPr = span{before, after, -1, -1}
			case depth == 3 && inTcPr && t.Name.Local == "shd":
				shd = span{before, after, -1, -1}
			case depth == 3 && inTcPr && afterPos < 0 && slices.Contains(afterShd, t.Name.Local):
				afterPos = before
			case !inTcPr && t.Name.Local == "p" && p.at < 0:
				p, pDepth = span{before, after, -1, -1}, depth
			case p.at >= 0 && p.end < 0 && depth == pDepth+1 && t.Name.Local == "pPr" && pPr.at < 0:
				pPr = span{before, after, -1, -1}
			}
		case xml.EndElement:
			switch {
			case depth == 2 && t.Name.Local == "tcPr" && tcPr.end < 0:
				tcPr.end, tcPr.close = before, after
			case depth == 3 && shd.at >= 0 && shd.end < 0 && t.Name.Local == "shd":
				shd.end, shd.close = before, after
			case depth == pDepth+1 && pPr.at >= 0 && pPr.end < 0 && t.Name.Local == "pPr":
				pPr.end, pPr.close = before, after
			case depth == pDepth && p.at >= 0 && p.end < 0 && t.Name.Local == "p":
				p.end, p.close = before, after
			}
			depth--
		}
	}
	if tcOpen < 0 {
		return nil, fmt.Errorf("表格单元格不完整")
	}
	var edits []edit
	if fill != "" {
		shdXML := w.shd(fill)
		switch {
		case tcPr.at < 0:
			edits = append(edits, edit{at: start + tcOpen, text: w.el("tcPr", "", shdXML)})
		case tcPr.selfClosing():
			edits = append(edits, edit{at: start + tcPr.at, del: tcPr.tag - tcPr.at, text: w.el("tcPr", "", shdXML)})
		case shd.at >= 0 && shd.end >= 0:
			edits = append(edits, edit{at: start + shd.at, del: shd.close - shd.at, text: shdXML})
		case afterPos >= 0:
			edits = append(edits, edit{at: start + afterPos, text: shdXML})
		default:
			edits = append(edits, edit{at: start + tcPr.end, text: shdXML})
		}
	}
	n := strconv.Itoa(id)
	rangeStart := w.el("commentRangeStart", w.a("id", n), "")
	rangeEnd := w.el("commentRangeEnd", w.a("id", n), "") + w.el("r", "", w.el("commentReference", w.a("id", n), ""))
	switch {
	case p.at < 0 || p.end < 0:
		// A cell must hold a paragraph; one is added before </w:tc> for the comment.
		closeAt := bytes.LastIndex(doc[start:end], []byte("</"))
		edits = append(edits, edit{at: start + closeAt, text: w.el("p", "", rangeStart+rangeEnd)})
	case p.selfClosing():
		edits = append(edits, edit{at: start + p.at, del: p.tag - p.at, text: w.el("p", "", rangeStart+rangeEnd)})
	default:
		at := p.tag
		if pPr.close >= 0 {
			at = pPr.close
		}
		edits = append(edits, edit{at: start + at, text: rangeStart}, edit{at: start + p.end, text: rangeEnd})
	}
	return edits, nil
}

// span is an element's byte offsets: its start, the end of its start tag,
// the start and the end of its end tag (both tag when it closes itself);
// -1 while not seen.
type span struct{ at, tag, end, close int }

var none = span{-1, -1, -1, -1}

func (s span) selfClosing() bool { return s.at >= 0 && s.close == s.tag }

// bodyEnd is where content appended to the document goes: before the body's
// own sectPr, or before </w:body>.
func bodyEnd(doc []byte, prefix string) int {
	sect := bytes.LastIndex(doc, []byte("<"+qualified(prefix, "sectPr")))
	last := max(bytes.LastIndex(doc, []byte("</"+qualified(prefix, "p")+">")), bytes.LastIndex(doc, []byte("</"+qualified(prefix, "tbl")+">")))
	if sect > last {
		return sect
	}
	if i := bytes.LastIndex(doc, []byte("</"+qualified(prefix, "body")+">")); i >= 0 {
		return i
	}
	return len(doc)
}

// findingsTable is the page appended to the copy: 问题清单, the line for the
// school, and every finding with its position.
func (w wordMarkup) findingsTable(c *Catalog, fr *FileReport, note schoolNote) string {
	var b strings.Builder
	b.WriteString(w.el("p", "", w.el("r", "", w.el("br", w.a("type", "page"), ""))))
	b.WriteString(w.el("p", "", w.el("pPr", "", w.el("jc", w.a("val", "center"), ""))+w.el("r", "", w.el("rPr", "", w.el("b", "", "")+w.el("sz", w.a("val", "32"), ""))+w.text(sheetFindings))))
	b.WriteString(w.el("p", "", w.el("r", "", w.text(note.line(fr.Findings)+"底纹红色的单元格为错误，黄色为警告，批注中有具体说明。"))))
	widths := []int{700, 2200, 800, 1800, 3900}
	border := func(side string) string {
		return w.el(side, w.a("val", "single")+w.a("sz", "4")+w.a("space", "0")+w.a("color", "808080"), "")
	}
	var grid strings.Builder
	for _, wd := range widths {
		grid.WriteString(w.el("gridCol", w.a("w", strconv.Itoa(wd)), ""))
	}
	tblPr := w.el("tblPr", "", w.el("tblW", w.a("w", "9400")+w.a("type", "dxa"), "")+
		w.el("tblBorders", "", border("top")+border("left")+border("bottom")+border("right")+border("insideH")+border("insideV"))+
		w.el("tblLayout", w.a("type", "fixed"), ""))
	cell := func(i int, text, fill string, bold bool) string {
		pr := w.el("tcW", w.a("w", strconv.Itoa(widths[i]))+w.a("type", "dxa"), "")
		if fill != "" {
			pr += w.shd(fill)
		}
		rPr := ""
		if bold {
			rPr = w.el("rPr", "", w.el("b", "", ""))
		}
		var paras strings.Builder
		for _, line := range strings.Split(text, "\n") {
			paras.WriteString(w.el("p", "", w.el("r", "", rPr+w.text(line))))
		}
		return w.el("tc", "", w.el("tcPr", "", pr)+paras.String())
	}
	var rows strings.Builder
	var head strings.Builder
	for i, h := range []string{"序号", "位置", "级别", "事项", "说明"} {
		head.WriteString(cell(i, h, fillHead, true))
	}
	rows.WriteString(w.el("tr", "", w.el("trPr", "", w.el("tblHeader", "", ""))+head.String()))
	sev := map[Severity]string{Error: fillRed, Warning: fillYellow}
	for i, x := range fr.Findings {
		where := x.Cell
		if where == "" {
			where = x.Sheet
		}
		rows.WriteString(w.el("tr", "",
			cell(0, strconv.Itoa(i+1), "", false)+cell(1, where, "", false)+cell(2, SeverityName(x.Severity), sev[x.Severity], false)+
				cell(3, entryLabel(c, x.Item), "", false)+cell(4, x.Message, "", false)))
	}
	b.WriteString(w.el("tbl", "", tblPr+w.el("tblGrid", "", grid.String())+rows.String()))
	b.WriteString(w.el("p", "", ""))
	return b.String()
}

// addRelationship adds a relationship of type typ to target, with an id
// not yet used, to a relationships part (made when missing).
func addRelationship(rels []byte, typ, target string) ([]byte, error) {
	if len(rels) == 0 {
		rels = []byte(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	id := "rIdQingdan1"
	for n := 2; bytes.Contains(rels, []byte(`"`+id+`"`)); n++ {
		id = "rIdQingdan" + strconv.Itoa(n)
	}
	i := bytes.LastIndex(rels, []byte("</Relationships>"))
	if i < 0 {
		return nil, fmt.Errorf("关系部分不完整")
	}
	rel := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, target)
	return slices.Concat(rels[:i], []byte(rel), rels[i:]), nil
}

// addOverride gives a part its content type in [Content_Types].xml.
func addOverride(types []byte, partName, contentType string) []byte {
	i := bytes.LastIndex(types, []byte("</Types>"))
	if i < 0 || bytes.Contains(types, []byte(`PartName="`+partName+`"`)) {
		return types
	}
	o := fmt.Sprintf(`<Override PartName="%s" ContentType="%s"/>`, partName, contentType)
	return slices.Concat(types[:i], []byte(o), types[i:])
}

// rezip writes the package again: the replaced parts with their new
// content, new parts at the end, every other entry copied as it was.
func rezip(data []byte, replaced map[string][]byte) ([]byte, string) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Sprintf("生成 Word 副本时出错（%v）", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	done := map[string]bool{}
	write := func(name string, content []byte) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err == nil {
			_, err = fw.Write(content)
		}
		return err
	}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if done[name] || !CleanEntryName(name) {
			continue
		}
		done[name] = true
		if content, ok := replaced[name]; ok {
			err = write(name, content)
		} else {
			err = zw.Copy(f)
		}
		if err != nil {
			return nil, fmt.Sprintf("生成 Word 副本时出错（%v）", err)
		}
	}
	names := make([]string, 0, len(replaced))
	for name := range replaced {
		if !done[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if err := write(name, replaced[name]); err != nil {
			return nil, fmt.Sprintf("生成 Word 副本时出错（%v）", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Sprintf("生成 Word 副本时出错（%v）", err)
	}
	return buf.Bytes(), ""
}
