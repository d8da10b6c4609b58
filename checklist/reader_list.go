package checklist

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// readLists reads the lists on one sheet: usually one, but a unit may put
// several one below the other (a list per 班子成员), each closed by its
// signature line. It returns nil when the sheet holds no list heading row.
func (r *workbookReader) readLists(g *sheetGrid) []*List {
	var out []*List
	top := 1
	for {
		if r.stopped() {
			return out
		}
		hr := g.findHeadingRow(r.c.reader, top)
		if hr == 0 {
			return out
		}
		l := &List{Path: r.path, Sheet: g.name, HeaderRow: hr, Columns: map[string]int{}, table: g.table}
		if g.table.n > 0 {
			l.cellText = g.textAt
		}
		start := r.readColumns(g, l)
		end := readRows(r.c.reader, g, l, start)
		next := g.findHeadingRow(r.c.reader, end)
		if len(out) > 0 && !hasContent(l) {
			return out // a heading repeated below a list, with nothing under it
		}
		bottom := g.lastRow() + 1
		if next > 0 {
			bottom = g.sectionBreak(r, end, next)
		}
		present := r.readFields(g, l, top, hr, end, bottom)
		kind := r.readTitle(g, l, top, hr)
		if kind == "" {
			kind = r.kindFromContent(l, present)
		}
		l.Kind = kind
		out = append(out, l)
		if next == 0 {
			return out
		}
		top = bottom
	}
}

// hasContent reports whether a list has a row with a name or a task.
func hasContent(l *List) bool {
	for _, rw := range l.Rows {
		if rw.Name.Value != "" || rw.Task.Value != "" {
			return true
		}
	}
	return false
}

// sectionBreak is the first row of the next list's header between a list's
// end (its signature line) and the next heading row: the row holding its
// 附件N or its title, else the row after the signature line.
func (g *sheetGrid) sectionBreak(r *workbookReader, end, next int) int {
	p := r.c.reader
	for _, row := range g.rowsBetween(end+1, next) {
		for _, v := range g.rows[row] {
			if k, _ := titleKind(p, v); k != "" || strings.HasPrefix(Normalize(v), "附件") {
				return row
			}
		}
	}
	return min(end+1, next)
}

// findHeadingRow returns the first row from top holding a 责任名称 heading
// and one of the catalog's heading-row words (序号, 项目任务).
func (g *sheetGrid) findHeadingRow(p *readerTables, top int) int {
	for _, row := range g.order[sort.SearchInts(g.order, top):] {
		if p.isHeadingRow(g.rows[row]) {
			return row
		}
	}
	return 0
}

func (p *readerTables) isHeadingRow(cells []string) bool {
	var name, other bool
	for _, v := range cells {
		if len(v) > readLimits.MaxMatchBytes || !strings.ContainsAny(v, p.headingRunes) {
			continue // a heading is a few words
		}
		n := Normalize(v)
		switch {
		case p.isNameHeading(n):
			name = true
		case slices.ContainsFunc(p.headingRow, func(w string) bool { return strings.Contains(n, w) }):
			other = true
		}
	}
	return name && other
}

// isNameHeading reports whether a normalised heading names the 责任名称
// column: 责任名称, or 责任事项 and 责任项目 as hand-built forms write it.
func (p *readerTables) isNameHeading(n string) bool {
	for i := range p.aliases {
		if a := &p.aliases[i]; a.Column == ColName && a.matches(n) {
			return true
		}
	}
	return false
}

// headingColumn names the column a heading text stands for: the catalog's
// headings first, then its heading aliases in order.
func (p *readerTables) headingColumn(n string) string {
	if col, ok := p.headings[n]; ok {
		return col
	}
	for i := range p.aliases {
		if p.aliases[i].matches(n) {
			return p.aliases[i].Column
		}
	}
	return ""
}

// quarterHeading matches 一季度, 第一季度, 1季度, Q1 after Normalize, also
// with the months or the column's subject after it, as hand-built forms
// head them: 一季度(1-3月), 第一季度工作措施; quarterMonths matches 1-3月.
var (
	quarterHeading = regexp.MustCompile(`^第?([一二三四1-4])季度?(?:\(\d{1,2}[-~—至到]\d{1,2}月份?\))?(?:工作措施和?目标要求|工作措施|措施|目标要求|工作)?$|^[Qq]([1-4])$`)
	quarterMonths  = regexp.MustCompile(`^(1|4|7|10)[-~—至到](3|6|9|12)月份?$`)
)

func quarterOf(n string) int {
	if m := quarterMonths.FindStringSubmatch(n); m != nil {
		first := map[string]int{"1": 0, "4": 1, "7": 2, "10": 3}[m[1]]
		if last := map[string]int{"3": 0, "6": 1, "9": 2, "12": 3}[m[2]]; last == first {
			return first
		}
		return -1
	}
	m := quarterHeading.FindStringSubmatch(n)
	if m == nil {
		return -1
	}
	return quarterDigit(m[1] + m[2])
}

func quarterDigit(s string) int {
	switch s {
	case "一", "1", "１":
		return 0
	case "二", "2", "２":
		return 1
	case "三", "3", "３":
		return 2
	case "四", "4", "４":
		return 3
	}
	return -1
}

// readColumns maps headings to columns and returns the first data row.
func (r *workbookReader) readColumns(g *sheetGrid, l *List) int {
	p := r.c.reader
	hr := l.HeaderRow
	quarters := 0
	for i, v := range g.rows[hr] {
		if v == "" {
			continue
		}
		n := Normalize(v)
		if q := quarterOf(n); q >= 0 {
			if l.Quarters[q] == 0 {
				l.Quarters[q] = i + 1
				quarters++
			}
			continue
		}
		if col := p.headingColumn(n); col != "" {
			if _, seen := l.Columns[col]; !seen {
				l.Columns[col] = i + 1
			}
		}
	}
	start := hr + 1
	if quarters == 0 {
		for i, v := range g.rows[hr+1] {
			if q := quarterOf(Normalize(v)); v != "" && q >= 0 && l.Quarters[q] == 0 {
				l.Quarters[q] = i + 1
				quarters++
			}
		}
		if quarters > 0 {
			start = hr + 2
		}
	}
	// A heading merged down over the next rows (its sub-heading row left
	// blank) ends the heading block there, not at hr.
	for _, m := range g.byTop[hr] {
		if m.bottom >= start && g.raw(m.top, m.left) != "" {
			start = m.bottom + 1
		}
	}
	measures, ok := l.Columns[ColMeasures]
	if quarters == 0 && ok {
		if cols, found := g.quartersUnderMerge(hr, measures); found {
			l.Quarters = cols
			quarters = 4
		}
	}
	switch {
	case quarters > 0 && !ok:
		for _, c := range l.Quarters {
			if c > 0 {
				l.Columns[ColMeasures] = c
				break
			}
		}
	case quarters == 0 && ok:
		l.SingleMeasures = true
		l.Quarters = [4]int{measures, measures, measures, measures}
	}
	return start
}

// quartersUnderMerge finds the four quarter columns of a form whose
// 工作措施和目标要求 heading (row hr, column col) is merged over four columns
// with the 一季度…四季度 sub-heading row left out: the columns count as the
// quarters in order when some row below fills one of the last three itself.
func (g *sheetGrid) quartersUnderMerge(hr, col int) ([4]int, bool) {
	for _, m := range g.byTop[hr] {
		if m.left != col || m.right-m.left != 3 {
			continue
		}
		for _, row := range g.rowsBetween(hr+1, g.lastRow()+1) {
			for c := col + 1; c <= col+3; c++ {
				if g.raw(row, c) != "" {
					return [4]int{col, col + 1, col + 2, col + 3}, true
				}
			}
		}
	}
	return [4]int{}, false
}

// signatureCell matches the signature block: (签字) 签字： (盖章) and the like;
// signatureEnd a short label ending in 签字 such as 主要负责人签字.
var (
	signatureCell = regexp.MustCompile(`\((?:签字|签名|盖章|签章)\)|(?:签字|签名|盖章|签章):`)
	signatureEnd  = regexp.MustCompile(`^.{0,12}(?:签字|签名)$`)
)

// isSignatureRow reports whether a row starts the signature block: a few
// cells, one of them a signature label. A task row that mentions 签字 has
// more cells filled.
func isSignatureRow(cells []string) bool {
	filled, sig := 0, false
	for _, v := range cells {
		if v == "" {
			continue
		}
		filled++
		if len(v) <= readLimits.MaxMatchBytes && strings.ContainsAny(v, "签章") {
			n := Normalize(v)
			sig = sig || signatureCell.MatchString(n) || signatureEnd.MatchString(n)
		}
	}
	return sig && filled <= 3
}

func isQuarterRow(cells []string) bool {
	found := false
	for _, v := range cells {
		if v == "" {
			continue
		}
		if len(v) > readLimits.MaxMatchBytes || !strings.ContainsAny(v, "季QqＱｑ") || quarterOf(Normalize(v)) < 0 {
			return false
		}
		found = true
	}
	return found
}

// readRows reads the task rows from start until the signature block and
// returns the first row after the list.
func readRows(p *readerTables, g *sheetGrid, l *List, start int) int {
	last := g.lastRow()
	col := func(name string) int { return l.Columns[name] }
	var spread []int
	if !l.SingleMeasures {
		spread = l.Quarters[:]
	}
	for row := start; row <= last; row++ {
		cells := g.rows[row]
		if len(cells) > 0 {
			if isSignatureRow(cells) {
				return row
			}
			if p.isHeadingRow(cells) || isQuarterRow(cells) {
				continue
			}
		}
		rw := Row{
			Row:        row,
			Name:       g.value(row, col(ColName), nil),
			Seq:        g.value(row, col(ColSeq), nil),
			Task:       g.value(row, col(ColTask), nil),
			Owner:      g.value(row, col(ColOwner), nil),
			Department: g.value(row, col(ColDepartment), nil),
		}
		if l.SingleMeasures {
			rw.MeasuresRaw = g.value(row, l.Quarters[0], nil)
			rw.Measures = splitMeasures(rw.MeasuresRaw)
		} else {
			for q, c := range l.Quarters {
				rw.Measures[q] = g.value(row, c, spread)
			}
		}
		if !rowCarries(&rw) {
			continue
		}
		l.Rows = append(l.Rows, rw)
	}
	return last + 1
}

// quarterMarker finds a quarter named inside a measures text: 一季度：,
// （第一季度）, 1季度, Q1, 一、二季度, 一至三季度, 上半年. It must start the text
// or follow a break or punctuation, so 召开一季度分析会 is not one.
var quarterMarker = regexp.MustCompile(`(^|[\s\x{3000};；。，,、(（【\[:：])(第?[一二三四1-4１-４](?:\s*(?:[、,，和及]|至|到|[-~—－～])\s*第?[一二三四1-4１-４])*\s*季度?|[QqＱｑ][1-4１-４]|上半年|下半年)`)

// markerTrail is what follows a marker before its text: ：, ）, 】, spaces.
const markerTrail = " \t\r\n\u3000:：)）】]、,，.。"

const segmentTrail = " \t\r\n\u3000;；,，(（【["

// splitMeasures splits a single measures cell into the four quarters by the
// markers inside it. Text with no marker covers all four quarters; text
// before the first marker goes to the quarters no marker names.
func splitMeasures(t Text) [4]Text {
	var out [4]Text
	if t.Value == "" {
		return out
	}
	ms := quarterMarker.FindAllStringSubmatchIndex(t.Value, -1)
	if len(ms) == 0 {
		for q := range out {
			out[q] = t
		}
		return out
	}
	var parts [4][]string
	for i, m := range ms {
		end := len(t.Value)
		if i+1 < len(ms) {
			end = ms[i+1][4]
		}
		seg := strings.TrimRight(strings.TrimLeft(t.Value[m[5]:end], markerTrail), segmentTrail)
		if seg == "" {
			continue
		}
		for _, q := range markerQuarters(t.Value[m[4]:m[5]]) {
			parts[q] = append(parts[q], seg)
		}
	}
	pre := strings.TrimRight(strings.TrimSpace(t.Value[:ms[0][4]]), segmentTrail)
	for q := range out {
		switch {
		case len(parts[q]) > 0:
			out[q] = Text{Value: strings.Join(parts[q], "\n"), Ref: t.Ref}
		case pre != "":
			out[q] = Text{Value: pre, Ref: t.Ref}
		}
	}
	return out
}

var quarterDigits = regexp.MustCompile(`[一二三四1-4１-４]`)

var quarterRange = regexp.MustCompile(`至|到|[-~—－～]`)

// markerQuarters lists the quarters a marker names (0-based).
func markerQuarters(marker string) []int {
	switch marker {
	case "上半年":
		return []int{0, 1}
	case "下半年":
		return []int{2, 3}
	}
	var qs []int
	ds := quarterDigits.FindAllString(marker, -1)
	if len(ds) == 2 && quarterRange.MatchString(marker) {
		from, to := quarterDigit(ds[0]), quarterDigit(ds[1])
		for q := from; q <= to && q >= 0; q++ {
			qs = append(qs, q)
		}
		return qs
	}
	for _, d := range ds {
		if q := quarterDigit(d); q >= 0 {
			qs = append(qs, q)
		}
	}
	return qs
}

// readerTables is what the reader derives from a catalog at load: the
// header field labels (written "label：value" in one cell, or as a label
// cell followed by a value cell), the title patterns, the column headings
// and their aliases, and the placeholders of an empty quarter.
type readerTables struct {
	inCell *regexp.Regexp // group i+1 matched means fields[i]
	fields []string
	labels map[string]string // label cell text, normalised without brackets or colon → field
	// titles, headings and scorecardTitles are the catalog's title patterns,
	// column headings and 评分表 title patterns, normalised once.
	titles          []titlePattern
	headings        map[string]string // every kind's heading, normalised → column
	aliases         []HeadingAlias    // normalised, in the catalog's order
	headingRow      []string          // normalised
	headingRunes    string            // a cell naming a heading-row word holds one of these
	scorecardTitles []string
	scorecardReq    []string // 评分表 requirement and score headings, normalised
	scorecardScore  []string
	placeholders    map[string]bool // normalised
}

func newReaderTables(c *Catalog) *readerTables {
	p := &readerTables{labels: map[string]string{}, titles: newTitlePatterns(c), headings: map[string]string{}, placeholders: map[string]bool{}}
	for _, k := range c.Kinds {
		for col, h := range k.Headings {
			p.headings[Normalize(h)] = col
		}
	}
	norm := func(ws []string) []string {
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = Normalize(w)
		}
		return out
	}
	var words []string
	for _, a := range c.Reading.HeadingAliases {
		a = HeadingAlias{Column: a.Column, Equals: norm(a.Equals), Contains: norm(a.Contains), Suffixes: norm(a.Suffixes)}
		p.aliases = append(p.aliases, a)
		if a.Column == ColName {
			words = slices.Concat(words, a.Equals, a.Contains, a.Suffixes)
		}
	}
	p.headingRow = norm(c.Reading.HeadingRow)
	var runes strings.Builder
	for _, w := range append(words, p.headingRow...) {
		// A cell holding a word holds its first character: a cheap test before Normalize.
		r, _ := utf8.DecodeRuneInString(w)
		if !strings.ContainsRune(runes.String(), r) {
			runes.WriteRune(r)
		}
	}
	p.headingRunes = runes.String()
	p.scorecardTitles = norm(c.Scorecard.TitlePatterns)
	sr := c.Scorecard.Reading
	p.scorecardReq, p.scorecardScore = norm(sr.Requirement), norm(slices.Concat(sr.Score, sr.Inspectors, sr.Self))
	for _, v := range c.Reading.Placeholders {
		p.placeholders[Normalize(v)] = true
	}
	var groups []string
	for _, field := range []string{FieldContacts, FieldPortfolio, FieldUnit, FieldName, FieldPosition, FieldDate} {
		label := Normalize(c.FieldLabel(field))
		alts := []string{label}
		for _, a := range c.Reading.FieldAliases[field] {
			alts = append(alts, Normalize(a))
		}
		var res []string
		for _, a := range alts {
			p.labels[a] = field
			rs := make([]string, 0, len(a))
			for _, r := range a {
				rs = append(rs, regexp.QuoteMeta(string(r)))
			}
			res = append(res, strings.Join(rs, `[\s\x{3000}]*`))
		}
		groups = append(groups, "("+strings.Join(res, "|")+")")
		p.fields = append(p.fields, field)
	}
	p.inCell = regexp.MustCompile(`(?:` + strings.Join(groups, "|") + `)[\s\x{3000}]*(?:[(（][^)）]{0,12}[)）][\s\x{3000}]*)?[:：]`)
	return p
}

var bracketGroup = regexp.MustCompile(`\([^()]*\)`)

// labelKey folds a label cell: 单 位（盖章）： → 单位.
func labelKey(v string) string {
	return strings.TrimRight(bracketGroup.ReplaceAllString(Normalize(v), ""), ":")
}

const valueTrim = " \t\r\n\u3000_＿"

// readFields reads the header fields above the headings (from row top) and
// in the signature block (rows end to bottom), and reports which labels were
// present at all.
func (r *workbookReader) readFields(g *sheetGrid, l *List, top, hr, end, bottom int) map[string]bool {
	p := r.c.reader
	present := map[string]bool{}
	targets := map[string]*Text{
		FieldUnit: &l.Unit, FieldName: &l.Person, FieldPosition: &l.Position,
		FieldPortfolio: &l.Portfolio, FieldContacts: &l.Contacts, FieldDate: &l.DateText,
	}
	set := func(field string, t Text) {
		present[field] = true
		dst := targets[field]
		if dst.Value == "" && (t.Value != "" || dst.Ref == "") {
			*dst = t
		}
	}
	rows := append(append([]int(nil), g.rowsBetween(top, hr)...), g.rowsBetween(end, bottom)...)
	for _, row := range rows {
		cells := g.rows[row]
		for i, v := range cells {
			if v == "" {
				continue
			}
			if ms := p.inCell.FindAllStringSubmatchIndex(v, -1); len(ms) > 0 {
				for j, m := range ms {
					end := len(v)
					if j+1 < len(ms) {
						end = ms[j+1][0]
					}
					field := p.fieldOf(m)
					val := strings.Trim(v[m[1]:end], valueTrim)
					t := Text{Value: val, Ref: g.ref(row, i+1)}
					if val == "" && j == len(ms)-1 {
						t = p.valueRight(g, cells, row, i)
					}
					set(field, t)
				}
				continue
			}
			if field, ok := p.labels[labelKey(v)]; ok {
				set(field, p.valueRight(g, cells, row, i))
			}
		}
	}
	r.readDate(l)
	return present
}

func (p *readerTables) fieldOf(m []int) string {
	for i := range p.fields {
		if m[2+2*i] >= 0 {
			return p.fields[i]
		}
	}
	return ""
}

// valueRight is the first non-empty cell right of a label cell, unless that
// is another label; when there is none, the cell right of the label, empty.
func (p *readerTables) valueRight(g *sheetGrid, cells []string, row, labelIdx int) Text {
	for j := labelIdx + 1; j < len(cells); j++ {
		v := cells[j]
		if v == "" {
			continue
		}
		if _, isLabel := p.labels[labelKey(v)]; isLabel || p.startsWithLabel(v) {
			break
		}
		return Text{Value: strings.Trim(v, valueTrim), Ref: g.ref(row, j+1)}
	}
	return Text{Ref: g.ref(row, labelIdx+2)}
}

func (p *readerTables) startsWithLabel(v string) bool {
	m := p.inCell.FindStringIndex(v)
	return m != nil && strings.TrimSpace(v[:m[0]]) == ""
}

// readDate parses DateText: a written date, an Excel date's serial (then
// DateText becomes 2006-01-02), or the unfilled 年 月 日 (then empty).
func (r *workbookReader) readDate(l *List) {
	v := l.DateText.Value
	if v == "" {
		return
	}
	if unfilledDate(v) {
		l.DateText.Value = ""
		return
	}
	if t, ok := ParseDate(v); ok {
		l.Date = t
		return
	}
	if t, ok := SerialDate(v, r.book.Date1904); ok {
		l.Date = t
		l.DateText.Value = t.Format("2006-01-02")
	}
}

// readTitle finds the title above the headings, from row top, and the kind
// it names.
func (r *workbookReader) readTitle(g *sheetGrid, l *List, top, hr int) Kind {
	p := r.c.reader
	var best Kind
	bestLen := 0
	var fallback Text
	for _, row := range g.rowsBetween(top, hr) {
		for i, v := range g.rows[row] {
			if v == "" {
				continue
			}
			if k, n := titleKind(p, v); n > bestLen {
				best, bestLen = k, n
				l.Title = Text{Value: v, Ref: g.ref(row, i+1)}
			}
			if fallback.Value == "" && strings.Contains(v, "清单") {
				fallback = Text{Value: v, Ref: g.ref(row, i+1)}
			}
		}
	}
	if best == "" {
		l.Title = fallback
	}
	return best
}

// titlePattern is one kind's title pattern, normalised, with and without
// its bracketed parts.
type titlePattern struct {
	kind       Kind
	full, bare string
}

func newTitlePatterns(c *Catalog) []titlePattern {
	var out []titlePattern
	for _, k := range c.Kinds {
		for _, pat := range append([]string{k.Title}, k.TitlePatterns...) {
			pn := Normalize(pat)
			out = append(out, titlePattern{kind: k.ID, full: pn, bare: bracketGroup.ReplaceAllString(pn, "")})
		}
	}
	return out
}

// titleKind matches a title against every kind's title patterns, with and
// without bracketed parts (纪委(纪检组)监督责任清单), and returns the kind of the
// longest pattern found and its length.
func titleKind(p *readerTables, v string) (Kind, int) {
	if !strings.Contains(v, "清") {
		return "", 0
	}
	n := Normalize(v)
	if !strings.Contains(n, "清单") {
		return "", 0
	}
	bare := bracketGroup.ReplaceAllString(n, "")
	var best Kind
	bestLen := 0
	for _, tp := range p.titles {
		for _, cand := range [][2]string{{n, tp.full}, {bare, tp.bare}} {
			if cand[1] != "" && strings.Contains(cand[0], cand[1]) && len(cand[1]) > bestLen {
				best, bestLen = tp.kind, len(cand[1])
			}
		}
	}
	return best, bestLen
}

// kindFromContent decides a list's kind without a title: header fields
// (分管工作/联系单位 → member, 姓名 → principal), the headings (责任人 and
// 责任部门 → collective or supervision), which kind's items the rows name,
// then the document property.
func (r *workbookReader) kindFromContent(l *List, present map[string]bool) Kind {
	_, owner := l.Columns[ColOwner]
	_, dept := l.Columns[ColDepartment]
	if !owner && !dept {
		if present[FieldPortfolio] || present[FieldContacts] {
			return KindMember
		}
		if present[FieldName] {
			return KindPrincipal
		}
	}
	candidates := []Kind{KindPrincipal, KindMember}
	if owner || dept {
		candidates = []Kind{KindCollective, KindSupervision}
	}
	counts := r.itemCounts(l)
	if a, b := counts[candidates[0]], counts[candidates[1]]; a != b {
		if a > b {
			return candidates[0]
		}
		return candidates[1]
	}
	if k := r.propertyKind(); k == candidates[0] || k == candidates[1] {
		return k
	}
	return candidates[0]
}

// itemCounts counts, per kind, the rows whose 责任名称 is one of its items.
func (r *workbookReader) itemCounts(l *List) map[Kind]int {
	m := r.c.Matcher()
	seen := map[string]bool{}
	for _, row := range l.Rows {
		if row.Name.Value == "" {
			continue
		}
		if e := m.Lookup(row.Name.Value).Entry; e != nil && !e.Safeguard() {
			seen[e.ID] = true
		}
	}
	counts := map[Kind]int{}
	for _, k := range r.c.Kinds {
		for _, id := range k.Items {
			if seen[id] {
				counts[k.ID]++
			}
		}
	}
	return counts
}

// propertyKind is the kind the qingdan.kind document property names, if any.
func (r *workbookReader) propertyKind() Kind {
	if v := Kind(r.book.Properties[KindProperty]); r.c.Kind(v) != nil {
		return v
	}
	return ""
}
