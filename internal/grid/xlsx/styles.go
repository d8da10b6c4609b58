package xlsx

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// styles is what the reader needs of styles.xml: which cell formats (the
// s attribute of a cell, an index into cellXfs) show a number as a date.
type styles struct {
	dateXf []bool
}

// isDateStyle says whether the cell format index s shows a date; styles.xml
// is read on the first number cell that has a format.
func (p *pkg) isDateStyle(s string) bool {
	if p.styles == nil {
		p.styles = p.readStyles()
	}
	i, err := strconv.Atoi(s)
	return err == nil && i >= 0 && i < len(p.styles.dateXf) && p.styles.dateXf[i]
}

// readStyles scans styles.xml's bytes for <numFmt> and the <xf> of
// <cellXfs> without a tokeniser: the part is mostly fonts and borders the
// reader does not need. A part it cannot read leaves every number a number.
func (p *pkg) readStyles() *styles {
	st := &styles{}
	rc, err := p.open(p.stylePath)
	if err != nil || rc == nil {
		return st
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return st
	}
	custom := map[int]bool{}
	for _, tag := range tags(section(data, "numFmts"), "numFmt") {
		if id, err := strconv.Atoi(tagAttr(tag, "numFmtId")); err == nil {
			custom[id] = isDateFormat(xmlUnescape(tagAttr(tag, "formatCode")))
		}
	}
	for _, tag := range tags(section(data, "cellXfs"), "xf") {
		id, err := strconv.Atoi(tagAttr(tag, "numFmtId"))
		date := false
		if err == nil {
			if d, ok := custom[id]; ok {
				date = d
			} else {
				date = builtinDate(id)
			}
		}
		st.dateXf = append(st.dateXf, date)
	}
	return st
}

// builtinDate says whether a built-in number format id shows a date or time.
func builtinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat says whether a format code shows a date: a y, m, d, h or s
// outside quotes, brackets and escapes ([Red], "年", \-); 0.00 and
// General are numbers, [h]:mm durations count as dates too.
func isDateFormat(code string) bool {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case strings.IndexByte("yYmMdDhHsS", c) >= 0:
			return true
		}
	}
	return false
}

// section returns the bytes between <name …> and </name> (any prefix).
func section(data []byte, name string) []byte {
	open := bytes.Index(data, []byte(name))
	for open > 0 && data[open-1] != '<' && data[open-1] != ':' {
		next := bytes.Index(data[open+1:], []byte(name))
		if next < 0 {
			return nil
		}
		open += 1 + next
	}
	if open < 0 {
		return nil
	}
	rest := data[open:]
	if end := bytes.Index(rest, []byte("/"+name)); end >= 0 {
		return rest[:end]
	}
	return rest
}

// tags returns the text of every <name …> start tag (any prefix) in data.
func tags(data []byte, name string) [][]byte {
	var out [][]byte
	pat := []byte(name + " ")
	for {
		i := bytes.Index(data, pat)
		if i < 0 {
			return out
		}
		isTag := i > 0 && (data[i-1] == '<' || data[i-1] == ':')
		data = data[i+len(pat):]
		end := bytes.IndexByte(data, '>')
		if end < 0 {
			return out
		}
		if isTag {
			out = append(out, data[:end])
		}
		data = data[end:]
	}
}

// tagAttr returns the value of attribute name in a start tag's text.
func tagAttr(tag []byte, name string) string {
	for _, q := range []string{`"`, `'`} {
		pat := []byte(" " + name + "=" + q)
		i := bytes.Index(append([]byte(" "), tag...), pat)
		if i < 0 {
			continue
		}
		v := tag[i+len(pat)-1:]
		if j := bytes.IndexByte(v, q[0]); j >= 0 {
			return string(v[:j])
		}
	}
	return ""
}

var xmlEntities = strings.NewReplacer("&quot;", `"`, "&apos;", "'", "&lt;", "<", "&gt;", ">", "&amp;", "&")

func xmlUnescape(s string) string { return xmlEntities.Replace(s) }
