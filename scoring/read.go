package scoring

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	gridpkg "qingdan/internal/grid"
)

// Bounds that keep a hostile file from eating the machine: grid's limits
// for the reading, and these for scoring.
const (
	maxRows         = 2000 // a 评分表 has about 100 rows
	headingRows     = checklist.ScorecardRows
	maxFormulaCalcs = 500 // formulas computed per sheet
)

// SpreadsheetExts are the extensions score collects from folders: every
// format the readers take (a 评分表 may come as a Word table too), and
// .xlsb and the Word formats LibreOffice converts (unsupported-format
// without it); any other file is skipped.
var SpreadsheetExts = append(checklist.ReadableExts(), ".xlsb", ".doc", ".wps")

// grid is a sheet's first rows, raw values, 1-based access, over the
// sheet as grid read it.
type grid struct {
	sheet string
	rows  [][]string
	src   *gridpkg.Sheet
}

// newGrid lays out the first maxRows rows of a sheet densely.
func newGrid(s *gridpkg.Sheet) *grid {
	g := &grid{sheet: s.Name, src: s, rows: make([][]string, min(s.LastRow(), maxRows))}
	for _, r := range s.Rows {
		if r.Num > maxRows {
			break
		}
		cells := make([]string, r.Cells[len(r.Cells)-1].Col)
		for _, c := range r.Cells {
			cells[c.Col-1] = c.Value
		}
		g.rows[r.Num-1] = cells
	}
	return g
}

func (g *grid) at(row, col int) string {
	if row < 1 || row > len(g.rows) || col < 1 || col > len(g.rows[row-1]) {
		return ""
	}
	return g.rows[row-1][col-1]
}

func (g *grid) width(row int) int {
	if row < 1 || row > len(g.rows) {
		return 0
	}
	return len(g.rows[row-1])
}

// ScoreFile reads one file and scores every 评分表 in it, one card per
// sheet. A file that cannot be read gives one unscored card holding the
// finding; a workbook without a 评分表 gives a no-scorecard card when
// opts.Explicit, else nothing.
func ScoreFile(path string, cat *checklist.Catalog, opts Options) []*Card {
	cards := scoreFile(path, cat, opts)
	for _, c := range cards {
		c.fillSlices()
	}
	return cards
}

// fillSlices makes empty lists print as [] in JSON, never null.
func (c *Card) fillSlices() {
	if c.Categories == nil {
		c.Categories = []CategoryScore{}
	}
	if c.Items == nil {
		c.Items = []ItemScore{}
	}
	if c.Deductions == nil {
		c.Deductions = []Deduction{}
	}
	if c.Findings == nil {
		c.Findings = []checklist.Finding{}
	}
}

func scoreFile(path string, cat *checklist.Catalog, opts Options) (cards []*Card) {
	fail := func(code, format string, args ...any) []*Card {
		return []*Card{{Path: path, Findings: []checklist.Finding{finding(code, path, "", "", "", format, args...)}}}
	}
	defer func() {
		if r := recover(); r != nil {
			cards = fail(CodeUnreadable, "读取文件时出错（%v）：文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx 再评分。", r)
		}
	}()
	// A subfolder the walk could not read, or a folder named like a
	// workbook: grid says which, as for lists.
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fail(CodeUnreadable, "%s。", strings.TrimRight(gridpkg.FolderReason(path), "。"))
	}
	ext := strings.ToLower(filepath.Ext(path))
	if !slices.Contains(checklist.ReadableExts(), ext) {
		return fail(CodeUnsupportedFormat, "不支持 %s 格式的文件：请在 Excel 或 WPS 中打开，“另存为” .xlsx 格式后再评分。", displayExt(ext))
	}
	// One opening policy for every input, as for lists.
	data, err := gridpkg.ReadBounded(path, gridpkg.DefaultLimits().MaxFileSize)
	if err != nil {
		return refused(path, err)
	}
	return scoreData(path, path, data, cat, opts)
}

// fileLimits are the limits each file is read under; tests shorten them.
var fileLimits = gridpkg.DefaultLimits

// scoreData scores the 评分表 in bytes read from path; name gives the
// format's extension (a converted .doc is read as .docx).
func scoreData(path, name string, data []byte, cat *checklist.Catalog, opts Options) []*Card {
	// Each file's read has its own deadline, as for lists: no 评分表 holds a worker for long.
	lim := fileLimits()
	lim.Deadline = time.Now().Add(lim.FileTime)
	b, err := gridpkg.Read(name, data, lim)
	if err != nil {
		return refused(path, err)
	}
	return scoreBook(&source{path: path, data: data, book: b}, cat, opts)
}

// refused is the card of a file that could not be read.
func refused(path string, err error) []*Card {
	fail := func(code, format string, args ...any) []*Card {
		return []*Card{{Path: path, Findings: []checklist.Finding{finding(code, path, "", "", "", format, args...)}}}
	}
	ge := (*gridpkg.Error)(nil)
	if !errors.As(err, &ge) {
		return fail(CodeUnreadable, "无法读取工作簿：%v。请确认文件完整、没有加密，并用 Excel 或 WPS 另存为 .xlsx 后重试。", err)
	}
	code := CodeUnreadable
	if ge.Kind == gridpkg.Unsupported {
		code = CodeUnsupportedFormat
	}
	return fail(code, "%s。", strings.TrimRight(ge.Reason, "。"))
}

// scoreBook scores every visible 评分表 of a book read.
func scoreBook(src *source, cat *checklist.Catalog, opts Options) (cards []*Card) {
	path := src.path
	fail := func(code, format string, args ...any) []*Card {
		return []*Card{{Path: path, Findings: []checklist.Finding{finding(code, path, "", "", "", format, args...)}}}
	}
	defer src.close()
	for _, sh := range src.book.Sheets {
		if sh.Hidden {
			continue
		}
		if sh.Err != nil {
			return fail(CodeUnreadable, "无法读取工作表“%s”：%s。", sh.Name, strings.TrimRight(sh.Err.Reason, "。"))
		}
		if !checklist.IsScorecard(cat, sh) {
			continue
		}
		g := newGrid(sh)
		lay, ok := findLayout(g, cat)
		if !ok {
			continue
		}
		card, refusal := scoreSheet(src, g, lay, path, cat, opts)
		if refusal != "" {
			return fail(CodeUnreadable, "%s。", strings.TrimRight(refusal, "。"))
		}
		cards = append(cards, card)
	}
	if len(cards) == 0 && opts.Explicit {
		return fail(CodeNoScorecard, "文件中没有找到评分表（表头应含“具体要求”和“考核得分”两列）：请使用附件5《%s》的格式填写。", cat.Scorecard.Title)
	}
	return cards
}

// source is one file read: its bytes, the book grid read from them, and
// excelize opened on the same bytes only when a formula has no cached
// value to compute it.
type source struct {
	path    string
	data    []byte
	book    *gridpkg.Book
	excel   *excelize.File
	refused string // why excelize would not open the bytes, once tried
	tried   bool
}

// excelize opens the bytes for computing, once; "" refusal when it did.
func (s *source) excelize() (*excelize.File, string) {
	if !s.tried {
		s.tried = true
		f, err := checklist.OpenWorkbook(s.path, s.data, excelize.Options{UnzipSizeLimit: gridpkg.DefaultLimits().MaxUnzipped, UnzipXMLSizeLimit: gridpkg.DefaultLimits().MaxPartSize})
		switch ie := (*checklist.InputError)(nil); {
		case errors.As(err, &ie):
			s.refused = ie.Reason
		case err != nil:
			s.refused = fmt.Sprintf("无法计算公式：%v。请在 Excel 或 WPS 中打开后保存，再评分", err)
		default:
			s.excel = f
		}
	}
	return s.excel, s.refused
}

func (s *source) close() {
	if s.excel != nil {
		s.excel.Close()
	}
}

func displayExt(ext string) string {
	if ext == "" {
		return "无扩展名"
	}
	return ext
}

// layout is where the parts of a 评分表 stand on its sheet.
type layout struct {
	heading  int // 1-based row of the column headings
	req      int // 具体要求, the column whose texts are the catalog's
	score    int // 考核得分, or the inspectors' column
	self     int // 自评分 beside the inspectors' column; 0 when absent
	note     int // 扣分说明; 0 when absent
	itemSum  int // an item subtotal column; 0 when absent
	catSum   int // a category subtotal column; 0 when absent
	titleHit bool
	tried    []reqColumn // the columns weighed as 具体要求, best first
}

// reqColumn is a column weighed as the 具体要求 column: how many of its
// texts are catalog lines.
type reqColumn struct {
	col, matches, texts int
	heading             string
}

// headingWords are the catalog's 评分表 headings (scorecard.reading),
// normalised. Extra columns are recognised first so that 评分标准 or 检查方法
// is never read as scores.
type headingWords struct {
	req, score, note, extra, itemSum, catSum, inspectors, self, weakScore []string
}

// minReqRunes is the shortest text weighed as a 具体要求: item names and
// notes are shorter than any of the catalog's lines.
const minReqRunes = 8

// findLayout finds the heading row by its headings (具体要求 and a score
// column), then the columns by content: the 具体要求 column is the one
// whose texts are the catalog's lines, wherever its heading stands.
func findLayout(g *grid, cat *checklist.Catalog) (layout, bool) {
	t := tablesFor(cat)
	titleHit := false
	for r := 1; r <= len(g.rows) && r <= headingRows && !titleHit; r++ {
		for c := 1; c <= g.width(r) && !titleHit; c++ {
			titleHit = containsAny(checklist.Normalize(g.at(r, c)), t.titlePatterns)
		}
	}
	for r := 1; r <= len(g.rows) && r <= headingRows; r++ {
		lay, ok := headingsAt(g, r, titleHit, &t.headings)
		if !ok {
			continue
		}
		lay.tried = reqColumns(g, lay, t)
		if len(lay.tried) == 0 || lay.tried[0].matches == 0 {
			lay = shiftedHeadings(g, lay, t)
		}
		if len(lay.tried) > 0 && lay.tried[0].matches > 0 {
			lay.req = lay.tried[0].col
		}
		return lay, true
	}
	return layout{}, false
}

// shiftedHeadings reads the notice's six headings typed into six
// adjacent cells over its seven columns: 具体要求 then stands over the line
// points and 考核得分 over the requirement texts, every heading from there
// on one column left of its column. When the texts under the score heading
// are the catalog's, the headings from the score column rightwards are
// moved one column right; otherwise lay is returned as it was.
func shiftedHeadings(g *grid, lay layout, t *catalogTables) layout {
	from := lay.score
	shifted := lay
	for _, col := range []*int{&shifted.score, &shifted.self, &shifted.note, &shifted.itemSum, &shifted.catSum} {
		if *col >= from {
			*col++
		}
	}
	shifted.tried = reqColumns(g, shifted, t)
	if len(shifted.tried) == 0 || shifted.tried[0].col != from || shifted.tried[0].matches == 0 {
		return lay
	}
	return shifted
}

// headingsAt reads row r as the heading row: it must hold 具体要求 and a
// score column. A row of 自评分 / 考核组评分 under a merged 考核得分 is
// read with it, the table starting below.
func headingsAt(g *grid, r int, titleHit bool, h *headingWords) (layout, bool) {
	lay := layout{heading: r, titleHit: titleHit}
	var strong, self, inspectors, weak int
	hasReq := false
	classify := func(row int) {
		for c := 1; c <= g.width(row); c++ {
			n := checklist.Normalize(g.at(row, c))
			switch {
			case n == "":
			case containsAny(n, h.req):
				hasReq = true
				if lay.req == 0 {
					lay.req = c
				}
			case containsAny(n, h.extra):
			case containsAny(n, h.note):
				if lay.note == 0 {
					lay.note = c
				}
			case containsAny(n, h.inspectors):
				if inspectors == 0 {
					inspectors = c
				}
			case containsAny(n, h.self):
				if self == 0 {
					self = c
				}
			case containsAny(n, h.score):
				if strong == 0 {
					strong = c
				}
			case containsAny(n, h.catSum):
				if lay.catSum == 0 {
					lay.catSum = c
				}
			case containsAny(n, h.itemSum):
				if lay.itemSum == 0 {
					lay.itemSum = c
				}
			case slices.Contains(h.weakScore, n):
				if weak == 0 {
					weak = c
				}
			}
		}
	}
	classify(r)
	if !hasReq {
		return layout{}, false
	}
	if r < len(g.rows) && inspectors == 0 && self == 0 {
		saved, savedStrong, savedWeak := lay, strong, weak
		classify(r + 1)
		if inspectors != 0 || self != 0 {
			lay.heading = r + 1
		} else {
			lay, strong, weak = saved, savedStrong, savedWeak
		}
	}
	switch {
	case inspectors != 0:
		lay.score = inspectors
		if self != 0 {
			lay.self = self
		}
	case strong != 0:
		lay.score = strong
	case self != 0:
		lay.score = self
	case titleHit:
		lay.score = weak
	}
	return lay, lay.score != 0
}

// reqColumns weighs every column but the score columns as the 具体要求
// column, best first: most texts that are catalog lines, then the one
// headed 具体要求, then the leftmost. Exact texts decide when they can;
// retyped texts are compared by similarity only when they cannot.
func reqColumns(g *grid, lay layout, t *catalogTables) []reqColumn {
	width := tableWidth(g, lay)
	var cols []reqColumn
	texts := map[int][]string{}
	for c := 1; c <= width; c++ {
		if c == lay.score || c == lay.self {
			continue
		}
		rc := reqColumn{col: c, heading: checklist.Normalize(g.at(lay.heading, c))}
		for r := lay.heading + 1; r <= len(g.rows); r++ {
			v := g.at(r, c)
			if _, num := isNumber(v); num {
				continue
			}
			n := reqNorm(v)
			if utf8.RuneCountInString(n) < minReqRunes {
				continue
			}
			rc.texts++
			if _, ok := t.exact[n]; ok {
				rc.matches++
			} else {
				texts[c] = append(texts[c], n)
			}
		}
		if rc.texts > 0 {
			cols = append(cols, rc)
		}
	}
	better := func(a, b reqColumn) int {
		if a.matches != b.matches {
			return b.matches - a.matches
		}
		ah, bh := containsAny(a.heading, t.headings.req), containsAny(b.heading, t.headings.req)
		if ah != bh {
			if ah {
				return -1
			}
			return 1
		}
		return a.col - b.col
	}
	slices.SortFunc(cols, better)
	if len(cols) > 0 && cols[0].matches*2 < cols[0].texts {
		for i := range cols {
			for _, n := range texts[cols[i].col] {
				if t.similar(n) {
					cols[i].matches++
				}
			}
		}
		slices.SortFunc(cols, better)
	}
	return cols
}

// tableWidth is the widest row under the headings.
func tableWidth(g *grid, lay layout) int {
	w := 0
	for r := lay.heading + 1; r <= len(g.rows); r++ {
		w = max(w, g.width(r))
	}
	return w
}

// pointsNote matches a points note written in a 具体要求, as （2分）.
var pointsNote = regexp.MustCompile(`\([0-9.]+分\)`)

// reqNorm folds a 具体要求 for matching: checklist.NormalizeName, and
// any points note dropped wherever it stands.
func reqNorm(s string) string {
	n := checklist.NormalizeName(s)
	if strings.Contains(n, "分)") {
		n = checklist.NormalizeName(pointsNote.ReplaceAllString(n, ""))
	}
	return n
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// header is a label field above the table: 被检查考核单位, 检查考核时间.
type header struct {
	value string
	ref   string // the cell holding the label
}

// readHeader finds a label anywhere above the heading row, with its value
// after the label in the same cell (up to another label) or in the next
// non-empty cell to its right.
func readHeader(g *grid, lay layout, label *regexp.Regexp, others []*regexp.Regexp) (header, bool) {
	for r := 1; r < lay.heading; r++ {
		for c := 1; c <= g.width(r); c++ {
			cell := g.at(r, c)
			loc := label.FindStringIndex(cell)
			if loc == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c, r)
			rest := cell[loc[1]:]
			for _, o := range others {
				if l := o.FindStringIndex(rest); l != nil {
					rest = rest[:l[0]]
				}
			}
			if v := cleanValue(rest); v != "" {
				return header{value: v, ref: ref}, true
			}
			if loc[1] < len(strings.TrimRightFunc(cell, isBlankRune)) {
				return header{ref: ref}, true
			}
			for cc := c + 1; cc <= g.width(r); cc++ {
				next := g.at(r, cc)
				if strings.TrimSpace(next) == "" {
					continue
				}
				if matchesAny(next, others) {
					break
				}
				return header{value: cleanValue(next), ref: ref}, true
			}
			return header{ref: ref}, true
		}
	}
	return header{}, false
}

func matchesAny(s string, res []*regexp.Regexp) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func isBlankRune(r rune) bool { return r == ' ' || r == '\u3000' || r == '\t' || r == '\n' || r == '_' }

// cleanValue trims spaces, underscores (the form's blanks) and a leading colon.
func cleanValue(s string) string {
	s = strings.TrimFunc(s, isBlankRune)
	s = strings.TrimLeft(s, ":：")
	return strings.TrimFunc(s, isBlankRune)
}

// labelRegexp matches a label with any spacing between its characters and
// an optional colon after it.
func labelRegexp(label string) *regexp.Regexp {
	label = strings.TrimRight(checklist.Normalize(label), ":：")
	var b strings.Builder
	for i, r := range label {
		if i > 0 {
			b.WriteString(`[\s　]*`)
		}
		b.WriteString(regexp.QuoteMeta(string(r)))
	}
	b.WriteString(`[\s　]*[:：]?`)
	return regexp.MustCompile(b.String())
}

// headerLabels returns the unit and date labels from the catalog's header
// lines, with the short forms people also write.
func headerLabels(cat *checklist.Catalog) (unit, date []*regexp.Regexp) {
	for _, l := range cat.Scorecard.HeaderLines {
		n := checklist.Normalize(l)
		switch {
		case strings.Contains(n, "单位"):
			unit = append(unit, labelRegexp(l))
		case strings.Contains(n, "时间") || strings.Contains(n, "日期"):
			date = append(date, labelRegexp(l))
		}
	}
	for _, l := range cat.Scorecard.Reading.UnitLabels {
		unit = append(unit, labelRegexp(l))
	}
	for _, l := range cat.Scorecard.Reading.DateLabels {
		date = append(date, labelRegexp(l))
	}
	return unit, date
}

// catalogTables is what scoring derives from a catalog: built once per
// catalog (kept with it, Catalog.Derived), not again for every sheet.
type catalogTables struct {
	headings               headingWords
	lines                  []catLine
	exact                  map[string]int // a line's reqNorm → its first index in lines
	unitLabels, dateLabels []*regexp.Regexp
	titlePatterns          []string // normalised
	categoryNames          []string // checklist.NormalizeName of each category
}

// similar reports whether a retyped text is close enough to a catalog
// line to be matched to it.
func (t *catalogTables) similar(n string) bool {
	ln := utf8.RuneCountInString(n)
	for _, l := range t.lines {
		// Similarity cannot reach minSimilarity across this length gap.
		ll := utf8.RuneCountInString(l.norm)
		if float64(abs(ln-ll)) > (1-minSimilarity)*float64(max(ln, ll)) {
			continue
		}
		if checklist.Similarity(n, l.norm) >= minSimilarity {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// tablesKey names scoring's tables among what the catalog keeps derived.
type tablesKey struct{}

func tablesFor(cat *checklist.Catalog) *catalogTables {
	return cat.Derived(tablesKey{}, func() any { return newCatalogTables(cat) }).(*catalogTables)
}

func newCatalogTables(cat *checklist.Catalog) *catalogTables {
	t := &catalogTables{lines: catalogLines(cat), exact: map[string]int{}}
	for i := len(t.lines) - 1; i >= 0; i-- {
		t.exact[t.lines[i].norm] = i
	}
	t.unitLabels, t.dateLabels = headerLabels(cat)
	for _, p := range cat.Scorecard.TitlePatterns {
		t.titlePatterns = append(t.titlePatterns, checklist.Normalize(p))
	}
	for _, c := range cat.Categories {
		t.categoryNames = append(t.categoryNames, checklist.NormalizeName(c.Name))
	}
	h := cat.Scorecard.Reading
	norm := func(ws []string) []string {
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = checklist.Normalize(w)
		}
		return out
	}
	t.headings = headingWords{req: norm(h.Requirement), score: norm(h.Score), note: norm(h.Note), extra: norm(h.Extra),
		itemSum: norm(h.ItemSum), catSum: norm(h.CategorySum), inspectors: norm(h.Inspectors), self: norm(h.Self), weakScore: norm(h.WeakScore)}
	return t
}

var dateEmpty = regexp.MustCompile(`^[年月日\-/.]*$`)

// parseDate reads 检查考核时间 with the list reader's date parser: an Excel
// serial in the book's date system, 2017-03-01, 2017/3/1, 2017.3.1,
// 2017年3月1日, 二〇一七年三月一日 (full-width digits too). It returns
// YYYY-MM-DD, the text as written when it is no date, or "" for the
// unfilled 年月日.
func parseDate(s string, date1904 bool) string {
	n := checklist.Normalize(s)
	if dateEmpty.MatchString(n) {
		return ""
	}
	if t, ok := checklist.SerialDate(n, date1904); ok {
		return t.Format("2006-01-02")
	}
	if t, ok := checklist.ParseDate(n); ok {
		return t.Format("2006-01-02")
	}
	return strings.TrimSpace(s)
}
