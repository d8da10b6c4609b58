package scoring

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
	gridpkg "qingdan/internal/grid"
)

// minSimilarity is how close a retyped 具体要求 must stay to the catalog's
// text to count as that line (checklist.Similarity, 1 for equal).
const minSimilarity = 0.8

// closestShown is the similarity from which an unmatched row names the
// catalog line it resembles.
const closestShown = 0.4

// tolerance is how far a sheet's own total may be from the computed one.
const tolerance = 0.005

// Words of total rows, compared after checklist.Normalize.
var (
	totalWords   = []string{"小计", "合计", "总分", "总计", "得分合计"}
	overallWords = []string{"总分", "总计"}
)

// parenthesized drops notes such as (40分) or (满分100分) from a row label.
var parenthesized = regexp.MustCompile(`\([^()]*\)`)

// catLine is one 具体要求 of the catalog.
type catLine struct {
	cat, item, line int // indices into the catalog
	req             *checklist.Requirement
	norm            string
}

// sheetRow is one 具体要求 row of the sheet.
type sheetRow struct {
	row   int
	text  string
	norm  string
	score string
	ref   string // the 考核得分 cell
	line  int    // index into the catalog lines; -1 when unmatched
	// closest is the most similar catalog line of an unmatched row (-1 for none).
	closest    int
	closestSim float64
}

// sheetTotal is a total the sheet states itself, in a row or a column.
type sheetTotal struct {
	row   int
	ref   string
	value float64
	label string
	cat   int // band rows: the category; -1 otherwise
}

// cardReader holds what scoring one sheet needs.
type cardReader struct {
	src      *source
	g        *grid
	lay      layout
	path     string
	cat      *checklist.Catalog
	opts     Options
	card     *Card
	computed []string // formula cells computed because they had no cached value
	calcs    int
	// refused is why a formula could not be computed: excelize would not
	// open the file (its formulas reach too far); the file is then unreadable.
	refused string
	// credit is what a sheet formula cannot see, per item id: a SUM counts
	// empty and text cells 0, so its total may be short by that much.
	credit map[string]credit
	// explained holds the totals short only by text scores, reported once.
	explained []string
}

// scoreSheet scores one sheet; refusal is set when a formula that must be
// computed cannot be, and the file is then unreadable.
func scoreSheet(src *source, g *grid, lay layout, path string, cat *checklist.Catalog, opts Options) (card *Card, refusal string) {
	if opts.Blank == "" {
		opts.Blank = BlankError
	}
	cr := &cardReader{src: src, g: g, lay: lay, path: path, cat: cat, opts: opts,
		card: &Card{Path: path, Sheet: g.sheet, Scored: true}, credit: map[string]credit{}}
	lines := tablesFor(cat).lines
	rows, totals := cr.classifyRows()
	if matched := cr.pair(rows, lines); matched == 0 || matched*2 < len(rows) {
		return cr.unrecognised(matched, len(rows)), cr.refused
	}
	cr.readHeaders()
	if lay.self != 0 {
		ref, _ := excelize.CoordinatesToCellName(lay.score, lay.heading)
		inspectors := checklist.Normalize(g.at(lay.heading, lay.score))
		cr.add(CodeInspectorsColumn, ref, "", "评分表有“%s”（%s列）和“%s”（%s列）两列得分：按检查考核组的“%s”评分，“%s”不计入得分。",
			checklist.Normalize(g.at(lay.heading, lay.self)), colName(lay.self), inspectors, colName(lay.score),
			inspectors, checklist.Normalize(g.at(lay.heading, lay.self)))
	}
	cr.report(rows, lines)
	byLine := make([]*sheetRow, len(lines))
	for i := range rows {
		if rows[i].line >= 0 {
			byLine[rows[i].line] = &rows[i]
		}
	}
	cr.score(lines, byLine)
	cr.checkTotals(rows, lines, totals)
	switch n := len(cr.computed); {
	case n == 1:
		cr.add(CodeFormulaComputed, cr.computed[0], "",
			"%s 的公式没有保存计算结果（文件可能由程序生成、未在 Excel/WPS 中保存过），已按公式重新计算。", cr.computed[0])
	case n > 1:
		sort.Slice(cr.computed, func(i, j int) bool { return cellBefore(cr.computed[i], cr.computed[j]) })
		cr.add(CodeFormulaComputed, cr.computed[0], "",
			"%s 等 %d 个公式单元格没有保存计算结果（文件可能由程序生成、未在 Excel/WPS 中保存过），已按公式重新计算：%s。",
			cr.computed[0], n, strings.Join(firstN(cr.computed, 10), "、"))
	}
	return cr.card, cr.refused
}

// cellBefore orders A1 references by row, then column.
func cellBefore(a, b string) bool {
	ac, ar, _ := excelize.CellNameToCoordinates(a)
	bc, br, _ := excelize.CellNameToCoordinates(b)
	if ar != br {
		return ar < br
	}
	return ac < bc
}

func firstN[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (cr *cardReader) add(code, cell, item, format string, args ...any) {
	cr.card.Findings = append(cr.card.Findings, finding(code, cr.path, cr.g.sheet, cell, item, format, args...))
}

// value reads a cell: its cached value, or for a formula without one the
// value excelize computes, excelize opened on the file's bytes only then.
func (cr *cardReader) value(row, col int) string {
	v := cr.g.at(row, col)
	if strings.TrimSpace(v) != "" || col == 0 {
		return v
	}
	c := cr.g.src.Cell(row, col)
	if c == nil || c.Formula == "" || cr.calcs >= maxFormulaCalcs || cr.refused != "" {
		return ""
	}
	ref := gridpkg.CellName(col, row)
	if v, err := evalFormula(cr.g.src, row, col); err == nil {
		cr.calcs++
		cr.computed = append(cr.computed, ref)
		return v
	}
	f, refused := cr.src.excelize()
	if f == nil {
		cr.refused = refused
		return ""
	}
	cr.calcs++
	computed, err := cr.calc(f, ref)
	if err != nil {
		return ""
	}
	// A total that is empty until scores are entered lost nothing by having no cache.
	if strings.TrimSpace(computed) != "" {
		cr.computed = append(cr.computed, ref)
	}
	return computed
}

func (cr *cardReader) calc(f *excelize.File, ref string) (v string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return f.CalcCellValue(cr.g.sheet, ref, excelize.Options{RawCellValue: true})
}

func (cr *cardReader) readHeaders() {
	t := tablesFor(cr.cat)
	unitLabels, dateLabels := t.unitLabels, t.dateLabels
	unit, found := header{}, false
	for _, l := range unitLabels {
		if unit, found = readHeader(cr.g, cr.lay, l, dateLabels); found {
			break
		}
	}
	cr.card.Unit = unit.value
	if unit.value == "" {
		where := "表头"
		if unit.ref != "" {
			where = unit.ref
		}
		cr.add(CodeMissingInspectedUnit, unit.ref, "",
			"%s 未填写被检查考核单位：请在“被检查考核单位：”后填写单位全称（排名中暂用文件名“%s”）。", where, fileStem(cr.path))
	}
	for _, l := range dateLabels {
		if d, ok := readHeader(cr.g, cr.lay, l, unitLabels); ok {
			cr.card.Date = parseDate(d.value, cr.src.book.Date1904)
			break
		}
	}
}

func catalogLines(cat *checklist.Catalog) []catLine {
	var out []catLine
	for ci := range cat.Categories {
		for ii := range cat.Categories[ci].Items {
			it := &cat.Categories[ci].Items[ii]
			for li := range it.Requirements {
				out = append(out, catLine{cat: ci, item: ii, line: li, req: &it.Requirements[li],
					norm: reqNorm(it.Requirements[li].Text)})
			}
		}
	}
	return out
}

// classifyRows walks the rows under the heading: 具体要求 rows to match,
// and the sheet's own totals (total rows, category bands with a number).
func (cr *cardReader) classifyRows() ([]sheetRow, []sheetTotal) {
	var rows []sheetRow
	var totals []sheetTotal
	g, lay := cr.g, cr.lay
	for r := lay.heading + 1; r <= len(g.rows); r++ {
		text := g.at(r, lay.req)
		norm := reqNorm(text)
		if strings.Contains(norm, "具体要求") {
			continue
		}
		label := norm
		if label == "" {
			label = cr.rowLabel(r)
		}
		label = parenthesized.ReplaceAllString(label, "")
		if ci := cr.bandCategory(label); ci >= 0 {
			if v, ok := isNumber(cr.value(r, lay.score)); ok {
				ref, _ := excelize.CoordinatesToCellName(lay.score, r)
				totals = append(totals, sheetTotal{row: r, ref: ref, value: v, label: label, cat: ci})
			}
			continue
		}
		if utf8.RuneCountInString(label) <= 12 && containsAny(label, totalWords) {
			if v, ok := isNumber(cr.value(r, lay.score)); ok {
				ref, _ := excelize.CoordinatesToCellName(lay.score, r)
				totals = append(totals, sheetTotal{row: r, ref: ref, value: v, label: label, cat: -1})
			}
			continue
		}
		if norm == "" {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(lay.score, r)
		rows = append(rows, sheetRow{row: r, text: strings.TrimSpace(text), norm: norm,
			score: cr.value(r, lay.score), ref: ref, line: -1})
	}
	return rows, totals
}

// rowLabel joins a row's texts outside the score column, numbers left out.
func (cr *cardReader) rowLabel(r int) string {
	var b strings.Builder
	for c := 1; c <= cr.g.width(r); c++ {
		if c == cr.lay.score || c == cr.lay.self || c == cr.lay.itemSum || c == cr.lay.catSum {
			continue
		}
		v := cr.g.at(r, c)
		if _, num := isNumber(v); !num {
			b.WriteString(v)
		}
	}
	return checklist.NormalizeName(b.String())
}

// bandCategory returns the category a band row such as
// 党委领导班子集体责任(40分) names, or -1.
func (cr *cardReader) bandCategory(label string) int {
	for ci, name := range tablesFor(cr.cat).categoryNames {
		if strings.Contains(label, name) && utf8.RuneCountInString(label) <= utf8.RuneCountInString(name)+8 {
			return ci
		}
	}
	return -1
}

// note reads the 扣分说明 of a row; a note merged over several rows
// applies to each of them. Only deductions ask, so a sheet without one
// never loads its merged ranges.
func (cr *cardReader) note(r int) string {
	if cr.lay.note == 0 {
		return ""
	}
	if v := strings.TrimSpace(cr.g.at(r, cr.lay.note)); v != "" {
		return v
	}
	// The sheet's merge index answers without walking every merge per row.
	if m, ok := cr.g.src.MergeAt(r, cr.lay.note); ok {
		return strings.TrimSpace(cr.g.at(m.Top, m.Left))
	}
	return ""
}

// pair matches rows with catalog lines: exact texts first, then the most
// similar pairs above minSimilarity; each line is used once. It returns
// how many rows were matched, and leaves each unmatched row its closest line.
func (cr *cardReader) pair(rows []sheetRow, lines []catLine) int {
	used := make([]bool, len(lines))
	exact := map[string][]int{}
	for i, l := range lines {
		exact[l.norm] = append(exact[l.norm], i)
	}
	matched := 0
	for ri := range rows {
		rows[ri].closest = -1
		for _, li := range exact[rows[ri].norm] {
			if !used[li] {
				rows[ri].line, used[li] = li, true
				matched++
				break
			}
		}
	}
	type pair struct {
		row, line int
		sim       float64
	}
	var pairs []pair
	for ri := range rows {
		// closest is only read for rows left unmatched, so exact rows skip the fuzzy pass.
		if rows[ri].line >= 0 {
			continue
		}
		for li := range lines {
			s := checklist.Similarity(rows[ri].norm, lines[li].norm)
			if s > rows[ri].closestSim {
				rows[ri].closest, rows[ri].closestSim = li, s
			}
			if !used[li] && s >= minSimilarity {
				pairs = append(pairs, pair{ri, li, s})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].sim > pairs[j].sim })
	for _, p := range pairs {
		if rows[p.row].line < 0 && !used[p.line] {
			rows[p.row].line, used[p.line] = p.line, true
			matched++
		}
	}
	return matched
}

// report tells each row left unmatched: a repeat of a matched line, or a
// text that is no catalog line.
func (cr *cardReader) report(rows []sheetRow, lines []catLine) {
	for _, row := range rows {
		if row.line >= 0 {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(cr.lay.req, row.row)
		switch {
		case row.closestSim >= minSimilarity:
			other := ""
			for _, o := range rows {
				if o.line == row.closest {
					other, _ = excelize.CoordinatesToCellName(cr.lay.req, o.row)
				}
			}
			cr.add(CodeDuplicateRequirement, ref, cr.itemID(lines[row.closest]),
				"%s 的具体要求与 %s 重复（%s），本行未计分：请删除重复的一行或核对文字。", ref, other, cr.lineName(lines[row.closest]))
		case row.closestSim >= closestShown:
			cr.add(CodeUnknownRequirement, ref, "",
				"%s 的具体要求「%s」与规则中的任何一条都对不上（最接近的是%s「%s」），本行未计分：请核对文字。",
				ref, clip(row.text, 30), cr.lineName(lines[row.closest]), clip(lines[row.closest].req.Text, 30))
		default:
			cr.add(CodeUnknownRequirement, ref, "",
				"%s 的具体要求「%s」与规则中的任何一条都对不上，本行未计分：请核对文字。", ref, clip(row.text, 30))
		}
	}
}

// unrecognised is the card of a sheet headed like a 评分表 whose lines are
// mostly not the catalog's: one error naming the columns weighed as
// 具体要求, and no score that could pass for the card's.
func (cr *cardReader) unrecognised(matched, rows int) *Card {
	var tried []string
	for _, c := range firstN(cr.lay.tried, 4) {
		heading := c.heading
		if heading == "" {
			heading = "无表头"
		}
		tried = append(tried, fmt.Sprintf("%s列（%s，%d/%d 行对上）", colName(c.col), clip(heading, 10), c.matches, c.texts))
	}
	weighed := "没有一列写有具体要求的文字"
	if len(tried) > 0 {
		weighed = "已逐列核对：" + strings.Join(tried, "、")
	}
	ref, _ := excelize.CoordinatesToCellName(cr.lay.score, cr.lay.heading)
	card := &Card{Path: cr.path, Sheet: cr.g.sheet}
	card.Findings = []checklist.Finding{finding(CodeLayoutNotRecognised, cr.path, cr.g.sheet, ref, "",
		"工作表“%s”第 %d 行像评分表的表头，但 %d 行具体要求中只有 %d 行与规则中的具体要求对上（%s），未评分：请按附件5的格式，把规则中的 70 条具体要求原文填在一列，得分填在“考核得分”列（可用 qingdan template 5 生成空白评分表）。",
		cr.g.sheet, cr.lay.heading, rows, matched, weighed)}
	return card
}

// colName is a column's letters, as E.
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return fmt.Sprint(col)
	}
	return name
}

func (cr *cardReader) item(l catLine) *checklist.Item {
	return &cr.cat.Categories[l.cat].Items[l.item]
}

func (cr *cardReader) itemID(l catLine) string { return cr.item(l).ID }

func (cr *cardReader) lineName(l catLine) string {
	it := cr.item(l)
	return fmt.Sprintf("事项%s「%s」第%d条", it.ID, it.Name, l.line+1)
}

// score computes every line, item and category from the matched rows.
func (cr *cardReader) score(lines []catLine, byLine []*sheetRow) {
	card := cr.card
	li := 0
	for ci := range cr.cat.Categories {
		c := &cr.cat.Categories[ci]
		cs := CategoryScore{Name: c.Name, Max: float64(c.Points)}
		for ii := range c.Items {
			it := &c.Items[ii]
			n := len(it.Requirements)
			itemLines, itemRows := lines[li:li+n], byLine[li:li+n]
			li += n
			for k, l := range itemLines {
				if itemRows[k] == nil {
					cr.add(CodeRequirementMissing, "", it.ID,
						"评分表缺少%s「%s」（%d分）：请补上这一行并评分（暂按 0 分计算）。", cr.lineName(l), clip(l.req.Text, 40), l.req.Points)
				}
			}
			var score float64
			if first := itemLevelRow(itemRows); first != nil {
				score = cr.scoreItem(it, itemLines, itemRows, first)
			} else {
				score = cr.scoreLines(it, itemLines, itemRows)
			}
			card.Items = append(card.Items, ItemScore{No: it.ID, Name: it.Name, Score: round(score), Max: float64(it.Points)})
			cs.Score += score
		}
		cs.Score = round(cs.Score)
		card.Categories = append(card.Categories, cs)
		card.Total += cs.Score
		card.Max += cs.Max
	}
	card.Total = round(card.Total)
}

// itemLevelRow returns the item's first sheet row when it alone holds a
// score for an item of several lines: one number for the whole 考核项目.
func itemLevelRow(rows []*sheetRow) *sheetRow {
	var present []*sheetRow
	for _, r := range rows {
		if r != nil {
			present = append(present, r)
		}
	}
	if len(present) < 2 {
		return nil
	}
	sort.Slice(present, func(i, j int) bool { return present[i].row < present[j].row })
	if parseScore(present[0].score).kind == notationEmpty {
		return nil
	}
	for _, r := range present[1:] {
		if parseScore(r.score).kind != notationEmpty {
			return nil
		}
	}
	return present[0]
}

// checkRange reports a value outside 0..max and returns it clipped.
func (cr *cardReader) checkRange(p parsed, v, max float64, ref, item, what string) float64 {
	switch {
	case v > max+1e-9:
		cr.add(CodeOverMax, ref, item, "%s 的得分 %s 超过%s的分值 %s 分：请改为 0—%s 之间的分数（暂按 %s 分计算）。",
			ref, FormatPoints(v), what, FormatPoints(max), FormatPoints(max), FormatPoints(max))
		return max
	case v < -1e-9:
		how := ""
		if p.kind == notationDeduct {
			how = fmt.Sprintf("（扣 %s 分，超过了分值 %s 分）", FormatPoints(p.value), FormatPoints(max))
		}
		cr.add(CodeNegative, ref, item, "%s 的得分为 %s%s，%s的得分不能为负：请改为 0—%s 之间的分数（暂按 0 分计算）。",
			ref, FormatPoints(v), how, what, FormatPoints(max))
		return 0
	}
	return v
}

func (cr *cardReader) badScore(raw, ref, item, what string) {
	cr.add(CodeBadScore, ref, item, "%s 的内容「%s」不是有效的得分（%s）：请填写数字，或 √/×、是/否、符合/不符合、合格/不合格、半扣、“扣N分”（暂按 0 分计算）。",
		ref, clip(raw, 20), what)
}

// scoreItem scores an item from the one number on its first row; the
// points lost are spread over its lines by their points.
func (cr *cardReader) scoreItem(it *checklist.Item, lines []catLine, rows []*sheetRow, first *sheetRow) float64 {
	max := float64(it.Points)
	what := fmt.Sprintf("事项%s「%s」", it.ID, it.Name)
	p := parseScore(first.score)
	var score float64
	if p.kind == notationBad {
		cr.badScore(first.score, first.ref, it.ID, what)
	} else {
		score = cr.checkRange(p, p.scoreAgainst(max), max, first.ref, it.ID, what)
		cr.credit[it.ID] = cr.credit[it.ID].plus(credit{text: cr.unsummed(first.ref, first.score, score)})
	}
	score = round(score)
	cr.add(CodeItemScore, first.ref, it.ID, "%s只在第一行（%s）填写了得分 %s，按整项得分读取（满分 %s 分）；如要逐条评分，请把其余各行也填上。",
		what, first.ref, clip(first.score, 10), FormatPoints(max))
	lost := max - score
	if lost > 1e-9 {
		var notes []string
		for _, r := range rows {
			if r == nil {
				continue
			}
			if n := cr.note(r.row); n != "" && !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
		note := joinNotes(strings.Join(notes, "；"), p.note)
		cr.card.Deductions = append(cr.card.Deductions, Deduction{Item: it.ID, Lost: round(lost), Note: note})
	}
	for k, l := range lines {
		share := round(lost * float64(l.req.Points) / max)
		cr.card.Lines = append(cr.card.Lines, LineScore{Item: it.ID, Line: k + 1, Text: l.req.Text,
			Max: float64(l.req.Points), Score: float64(l.req.Points) - share, Lost: share})
	}
	return score
}

// unsummed is what a score cell credits beyond what a SUM over it adds:
// SUM counts a number as itself and text (√, 扣1分, even "-0.5") as 0.
func (cr *cardReader) unsummed(ref, raw string, score float64) float64 {
	col, row, ok := gridpkg.ParseCellName(ref)
	if !ok {
		return 0
	}
	if c := cr.g.src.Cell(row, col); c == nil || c.Type == gridpkg.Number || c.Type == gridpkg.Date || c.Type == gridpkg.Empty {
		v, _ := isNumber(raw)
		return score - v
	}
	return score
}

// scoreLines scores an item line by line.
func (cr *cardReader) scoreLines(it *checklist.Item, lines []catLine, rows []*sheetRow) float64 {
	var total float64
	for k, l := range lines {
		max := float64(l.req.Points)
		row := rows[k]
		var score float64
		var p parsed
		if row != nil {
			what := fmt.Sprintf("事项%s「%s」第%d条", it.ID, it.Name, k+1)
			p = parseScore(row.score)
			switch p.kind {
			case notationEmpty:
				switch cr.opts.Blank {
				case BlankFull:
					score = max
					cr.credit[it.ID] = cr.credit[it.ID].plus(credit{blank: max})
				case BlankError:
					cr.add(CodeUnscored, row.ref, it.ID, "%s（%s，%s分）未评分：请填写考核得分，或指定空格按 0 分或满分计算（暂按 0 分计算）。",
						row.ref, what, FormatPoints(max))
				}
			case notationBad:
				cr.badScore(row.score, row.ref, it.ID, what)
			default:
				score = cr.checkRange(p, p.scoreAgainst(max), max, row.ref, it.ID, what)
				cr.credit[it.ID] = cr.credit[it.ID].plus(credit{text: cr.unsummed(row.ref, row.score, score)})
			}
		}
		score = round(score)
		lost := round(max - score)
		if lost > 1e-9 {
			note := ""
			if row != nil {
				note = joinNotes(cr.note(row.row), p.note)
			}
			cr.card.Deductions = append(cr.card.Deductions, Deduction{Item: it.ID, Requirement: l.req.Text, Lost: lost, Note: note, Line: k + 1})
		}
		cr.card.Lines = append(cr.card.Lines, LineScore{Item: it.ID, Line: k + 1, Text: l.req.Text, Max: max, Score: score, Lost: lost})
		total += score
	}
	return total
}

// joinNotes gives a deduction its 扣分说明: the note column's text, the note
// in brackets after the score, or both when they differ.
func joinNotes(column, mark string) string {
	switch {
	case mark == "" || strings.Contains(column, mark):
		return column
	case column == "" || strings.Contains(mark, column):
		return mark
	}
	return column + "；" + mark
}

// level of a sheet total.
type level int

const (
	levelNone level = iota
	levelItem
	levelCategory
	levelOverall
)

// checkTotals compares the sheet's own totals (subtotal columns, total
// rows, numbers on band rows) with the computed scores.
func (cr *cardReader) checkTotals(rows []sheetRow, lines []catLine, totals []sheetTotal) {
	itemIndex := map[string]int{}
	catOfItem := map[string]int{}
	for i, it := range cr.card.Items {
		itemIndex[it.No] = i
	}
	for ci, c := range cr.cat.Categories {
		for _, it := range c.Items {
			catOfItem[it.ID] = ci
		}
	}
	catCredit := map[int]credit{}
	var totalCredit credit
	for id, c := range cr.credit {
		catCredit[catOfItem[id]] = catCredit[catOfItem[id]].plus(c)
		totalCredit = totalCredit.plus(c)
	}
	// mismatch accepts the computed total and the computed one without what
	// --blank full gave; one short by the text scores too is the sheet's SUM
	// skipping √ or 扣1分, told once for the card; anything else warns.
	mismatch := func(ref, what string, stated, computed float64, c credit) {
		near := func(v float64) bool { return math.Abs(stated-v) <= tolerance }
		switch {
		case near(computed) || near(computed-c.blank):
		case math.Abs(c.text) > tolerance && (near(computed-c.text) || near(computed-c.blank-c.text)):
			cr.explained = append(cr.explained, ref)
		default:
			cr.add(CodeTotalMismatch, ref, "", "%s 的%s为 %s，与逐条计算的 %s 不一致：请检查表内的公式或合计（评分以逐条计算为准）。",
				ref, what, FormatPoints(stated), FormatPoints(computed))
		}
	}
	// Subtotal columns: the value on the first row of each item or category.
	firstRow := map[string]int{}
	firstCatRow := map[int]int{}
	for _, r := range rows {
		if r.line < 0 {
			continue
		}
		id := cr.itemID(lines[r.line])
		if f, ok := firstRow[id]; !ok || r.row < f {
			firstRow[id] = r.row
		}
		ci := lines[r.line].cat
		if f, ok := firstCatRow[ci]; !ok || r.row < f {
			firstCatRow[ci] = r.row
		}
	}
	if col := cr.lay.itemSum; col != 0 {
		for _, it := range cr.card.Items {
			if r, ok := firstRow[it.No]; ok {
				if v, ok := isNumber(cr.value(r, col)); ok {
					ref, _ := excelize.CoordinatesToCellName(col, r)
					mismatch(ref, fmt.Sprintf("事项%s「%s」小计", it.No, it.Name), v, it.Score, cr.credit[it.No])
				}
			}
		}
	}
	if col := cr.lay.catSum; col != 0 {
		for ci, c := range cr.card.Categories {
			if r, ok := firstCatRow[ci]; ok {
				if v, ok := isNumber(cr.value(r, col)); ok {
					ref, _ := excelize.CoordinatesToCellName(col, r)
					mismatch(ref, "“"+c.Name+"”得分", v, c.Score, catCredit[ci])
				}
			}
		}
	}
	// Total rows: what they add up is told by the rows since the previous total.
	lastLevel, lastItem := levelNone, ""
	ri := 0
	prev := cr.lay.heading
	for _, t := range totals {
		if t.cat >= 0 {
			c := cr.card.Categories[t.cat]
			mismatch(t.ref, "“"+c.Name+"”得分", t.value, c.Score, catCredit[t.cat])
			continue
		}
		items := map[string]bool{}
		cats := map[int]bool{}
		lastID := ""
		for ; ri < len(rows) && rows[ri].row < t.row; ri++ {
			if rows[ri].row > prev && rows[ri].line >= 0 {
				id := cr.itemID(lines[rows[ri].line])
				items[id], cats[catOfItem[id]], lastID = true, true, id
			}
		}
		prev = t.row
		lv := levelOverall
		switch {
		case containsAny(t.label, overallWords):
		case len(items) == 1 && len(cr.cat.Categories[catOfItem[lastID]].Items) > 1:
			lv = levelItem
		case len(cats) == 1 && len(cr.cat.Categories) > 1:
			lv = levelCategory
		case len(items) == 0 && lastLevel == levelItem:
			lv, lastID = levelCategory, lastItem
		}
		switch lv {
		case levelItem:
			it := cr.card.Items[itemIndex[lastID]]
			mismatch(t.ref, fmt.Sprintf("事项%s「%s」小计", it.No, it.Name), t.value, it.Score, cr.credit[it.No])
		case levelCategory:
			ci := catOfItem[lastID]
			c := cr.card.Categories[ci]
			mismatch(t.ref, "“"+c.Name+"”小计", t.value, c.Score, catCredit[ci])
		default:
			mismatch(t.ref, "总分", t.value, cr.card.Total, totalCredit)
		}
		lastLevel, lastItem = lv, lastID
	}
	cr.explainTotals()
}

// explainTotals tells once that the sheet's totals skip text scores, a
// SUM's doing rather than a wrong total in each place.
func (cr *cardReader) explainTotals() {
	n := len(cr.explained)
	if n == 0 {
		return
	}
	sort.Slice(cr.explained, func(i, j int) bool { return cellBefore(cr.explained[i], cr.explained[j]) })
	where := strings.Join(firstN(cr.explained, 10), "、")
	if n > 10 {
		where += fmt.Sprintf(" 等 %d 处", n)
	}
	cr.add(CodeTotalMismatch, cr.explained[0], "",
		"表内合计（%s）把用 √、×、扣N分 等文字填写的考核得分算作 0，与逐条计算不一致：如需打印这些合计，请把考核得分改填数字（评分以逐条计算为准）。", where)
}

// credit is what a SUM over a total's cells misses: the points --blank full
// gave empty cells, and the points of cells written as text.
type credit struct{ blank, text float64 }

func (c credit) plus(d credit) credit { return credit{c.blank + d.blank, c.text + d.text} }
