package checklist

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Rule is one list-level check, a value like go/analysis's Analyzer: the
// driver (CheckList) loops over Rules, adding a check never edits it.
type Rule struct {
	Code     string
	Severity Severity
	Strict   Severity // the severity under --strict; "" keeps Severity
	Doc      string   // what the rule checks, in Chinese, one line
	Kinds    []Kind   // the list kinds it applies to; nil for all
	Check    func(*Pass) []Finding
}

// appliesTo reports whether the rule checks lists of kind k.
func (r *Rule) appliesTo(k Kind) bool {
	return r.Kinds == nil || slices.Contains(r.Kinds, k)
}

// Pass is what a rule sees of one list: the catalog, the list and its rows
// grouped into items, computed once for all rules.
type Pass struct {
	Catalog *Catalog
	List    *List
	Spec    *KindSpec
	Items   []*ItemBlock // in order of first appearance
	rule    *Rule
	strict  bool              // --strict: rules with a Strict severity use it
	reqs    []plannedLine     // requirementLines, computed once
	words   ContentRules      // the catalog's content words, normalised once for all rules
	norms   map[string]string // cell text → Normalize, as rules read a cell many times
	folded  []string          // texts(), normalised; nil until anyText needs it
	cells   map[*Row][]Text   // measureCells of each row, computed once
	content []*ItemBlock      // contentBlocks, computed once
}

// ItemBlock is the rows of one 责任名称: the rows naming it and the rows with
// an empty 责任名称 below them.
type ItemBlock struct {
	Name  Text   // the 责任名称 as first written
	Match Match  // what the catalog made of it
	Rows  []*Row // non-blank rows, in sheet order
	tasks []*Row // taskRows, computed once
}

// Entry is the catalog item or safeguard of the block, nil when unknown.
func (b *ItemBlock) Entry() *Entry { return b.Match.Entry }

// heading reports whether the block is a band title such as 保障措施: an
// unknown name over rows holding nothing else.
func (b *ItemBlock) heading() bool {
	return b.Match.Entry == nil && b.Name.Value != "" && !slices.ContainsFunc(b.Rows, filled)
}

// id is the catalog id of the block, "" when unknown.
func (b *ItemBlock) id() string {
	if b.Match.Entry == nil {
		return ""
	}
	return b.Match.Entry.ID
}

// label names the block in messages: the catalog name, else what was written.
func (b *ItemBlock) label() string {
	if b.Match.Entry != nil {
		return "「" + b.Match.Entry.Name + "」"
	}
	if b.Name.Value == "" {
		return "未写责任名称的行"
	}
	return "「" + b.Name.Value + "」"
}

// Rules are every list-level check of SPEC §5, in report order.
var Rules = []*Rule{
	ruleMissingUnit,
	ruleMissingPerson,
	ruleMissingPortfolio,
	ruleMissingDate,
	ruleBadDate,
	ruleMissingItem,
	ruleUnknownItem,
	ruleMisplacedItem,
	ruleItemWithoutTask,
	ruleEmptyTask,
	ruleMissingQuarter,
	ruleRowMissingQuarter,
	ruleMissingOwner,
	ruleMissingDepartment,
	ruleNotQuantified,
	ruleBadSequence,
	ruleTalkRatioLow,
	ruleNoMonthlyTalk,
	ruleNoPartyLecture,
	ruleNoQuarterlyMeeting,
	ruleRequirementUnplanned,
}

// CheckList runs every rule that applies to the list's kind.
func CheckList(c *Catalog, l *List) []Finding {
	return newPass(c, l).run()
}

// CheckOptions change how the rules report.
type CheckOptions struct {
	Strict bool // --strict: a rule's Strict severity replaces its Severity
}

func (p *Pass) run() []Finding {
	l := p.List
	var out []Finding
	for _, r := range Rules {
		if !r.appliesTo(l.Kind) {
			continue
		}
		p.rule = r
		out = append(out, r.Check(p)...)
	}
	return out
}

func newPass(c *Catalog, l *List) *Pass {
	p := &Pass{Catalog: c, List: l, Spec: c.Kind(l.Kind), words: foldContent(c.Content)}
	p.Items = groupItems(c, l.Rows)
	return p
}

// foldContent normalises every word of the content rules once per pass, not
// on every containsFolded call.
func foldContent(cr ContentRules) ContentRules {
	cr.Quantifiers = foldWords(cr.Quantifiers)
	cr.Talk.Keywords = foldWords(cr.Talk.Keywords)
	cr.Talk.Monthly = foldWords(cr.Talk.Monthly)
	cr.Lecture.Keywords = foldWords(cr.Lecture.Keywords)
	cr.QuarterlyMeeting.Keywords = foldWords(cr.QuarterlyMeeting.Keywords)
	cr.QuarterlyMeeting.Meeting = foldWords(cr.QuarterlyMeeting.Meeting)
	cr.QuarterlyMeeting.Quarterly = foldWords(cr.QuarterlyMeeting.Quarterly)
	return cr
}

// foldWords normalises words, leaving out the empty ones, which would match
// any text.
func foldWords(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if w != "" {
			out = append(out, Normalize(w))
		}
	}
	return out
}

// norm is Normalize, computed once per cell text in a pass.
func (p *Pass) norm(s string) string {
	n, ok := p.norms[s]
	if !ok {
		if p.norms == nil {
			p.norms = map[string]string{}
		}
		n = Normalize(s)
		p.norms[s] = n
	}
	return n
}

// groupItems puts each non-blank row under the item named in its 责任名称, or
// under the item above when the name is empty. A name seen again later joins
// its first block, so an item split in two parts is still one item.
func groupItems(c *Catalog, rows []Row) []*ItemBlock {
	var blocks []*ItemBlock
	byKey := map[string]*ItemBlock{}
	type named struct {
		match Match
		key   string
	}
	seen := map[string]named{} // a merged name repeats on each of its rows
	var cur *ItemBlock
	for i := range rows {
		r := &rows[i]
		if !r.Carries() {
			continue
		}
		if r.Name.Value != "" {
			n, ok := seen[r.Name.Value]
			if !ok {
				n.match = c.Matcher().Lookup(r.Name.Value)
				if n.match.Entry != nil {
					n.key = n.match.Entry.ID
				} else {
					n.key = "?" + NormalizeName(r.Name.Value)
				}
				seen[r.Name.Value] = n
			}
			m, key := n.match, n.key
			b := byKey[key]
			if b == nil {
				b = &ItemBlock{Name: r.Name, Match: m}
				byKey[key] = b
				blocks = append(blocks, b)
			}
			cur = b
		}
		if cur == nil {
			cur = &ItemBlock{}
			blocks = append(blocks, cur)
		}
		cur.Rows = append(cur.Rows, r)
	}
	return blocks
}

// Carries reports whether a row holds anything but a 序号: a row with
// only a number is an unfilled template row.
func (r *Row) Carries() bool {
	return r.Name.Value != "" || filled(r)
}

// rowCarries is (*Row).Carries under the name the list reader calls.
func rowCarries(r *Row) bool { return r.Carries() }

// filled reports whether the row holds a task, a measure, an owner or a
// department: anything a unit wrote beyond the pre-filled 责任名称.
func filled(r *Row) bool {
	if r.Task.Value != "" || r.Owner.Value != "" || r.Department.Value != "" || r.MeasuresRaw.Value != "" {
		return true
	}
	return slices.ContainsFunc(r.Measures[:], func(m Text) bool { return m.Value != "" })
}

// blockCovers reports whether any row of the block has a measure for quarter q.
func (p *Pass) blockCovers(b *ItemBlock, q int) bool {
	return slices.ContainsFunc(b.Rows, func(r *Row) bool { return p.quarterCovered(r, q) })
}

// quarterCovered reports whether the row has a measure for quarter q. In the
// official single-column layout a measure without quarter markers is read
// as a whole-year measure and covers every quarter.
func (p *Pass) quarterCovered(r *Row, q int) bool {
	if r.Measures[q].Value != "" {
		return !p.noMeasure(r.Measures[q].Value)
	}
	if p.List.SingleMeasures && r.MeasuresRaw.Value != "" {
		for _, m := range r.Measures {
			if m.Value != "" {
				return false
			}
		}
		return true
	}
	return false
}

// noMeasure reports whether a quarter cell holds only a placeholder (a
// slash, a dash, 无: the catalog's reading.placeholders), which is no
// measure for that quarter.
func (p *Pass) noMeasure(v string) bool { return p.Catalog.reader.placeholders[p.norm(v)] }

// finding builds a finding of the running rule on the list.
func (p *Pass) finding(cell, item, format string, args ...any) Finding {
	sev := p.rule.Severity
	if p.strict && p.rule.Strict != "" {
		sev = p.rule.Strict
	}
	return Finding{
		Code:     p.rule.Code,
		Severity: sev,
		File:     p.List.Path,
		Sheet:    p.List.Sheet,
		Cell:     cell,
		Item:     item,
		Message:  fmt.Sprintf(format, args...),
	}
}

// cell is the A1 reference of a column of the list on a row, "" when the
// column or the row is unknown.
func (p *Pass) cell(col string, row int) string {
	return p.List.Ref(p.List.Columns[col], row)
}

// quarterCell is the A1 reference of quarter q's measure on a row.
func (p *Pass) quarterCell(q, row int) string {
	return p.List.Ref(p.List.Quarters[q], row)
}

// textCell prefers where the reader found the text, else the column on the row.
func (p *Pass) textCell(t Text, col string, row int) string {
	if t.Ref != "" {
		return t.Ref
	}
	return p.cell(col, row)
}

// quarterName is the Chinese name of quarter q (0-based): 一季度…四季度.
func (p *Pass) quarterName(q int) string {
	if q < len(p.Catalog.Quarters) {
		return p.Catalog.Quarters[q]
	}
	return fmt.Sprintf("第%d季度", q+1)
}

// AttachmentLabel names a kind as the notice does: 附件3《班子成员责任清单》.
func AttachmentLabel(c *Catalog, k Kind) string {
	spec := c.Kind(k)
	if spec == nil {
		return string(k)
	}
	return fmt.Sprintf("附件%d《%s》", spec.Attachment, spec.Title)
}

// quote shortens a cell text for a message.
func quote(s string) string {
	const max = 24
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return "「" + s + "」"
	}
	return "「" + string([]rune(s)[:max]) + "…」"
}

// measureCells returns each measure cell of a row once: the single measures
// cell as written, or each quarter's cell. Callers must not modify it.
func (p *Pass) measureCells(r *Row) []Text {
	out, ok := p.cells[r]
	if !ok {
		if p.cells == nil {
			p.cells = map[*Row][]Text{}
		}
		out = p.rowMeasureCells(r)
		p.cells[r] = out
	}
	return out
}

func (p *Pass) rowMeasureCells(r *Row) []Text {
	var out []Text
	if r.MeasuresRaw.Value != "" {
		t := r.MeasuresRaw
		if t.Ref == "" {
			t.Ref = p.cell(ColMeasures, r.Row)
		}
		return append(out, t)
	}
	for q, m := range r.Measures {
		if m.Value == "" || p.noMeasure(m.Value) {
			continue
		}
		if m.Ref == "" {
			m.Ref = p.quarterCell(q, r.Row)
		}
		// A measure merged across quarter columns is one cell, checked once.
		if slices.ContainsFunc(out, func(t Text) bool { return t.Ref == m.Ref }) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// where names a cell in a message, or says 相应单元格 when the list has no
// such column.
func where(cell string) string {
	if cell == "" {
		return "相应单元格"
	}
	return cell
}

// texts returns every text a unit wrote on the list's task rows: tasks and
// measures, each with its cell.
func (p *Pass) texts() []Text {
	var out []Text
	for _, b := range p.Items {
		out = append(out, p.blockTexts(b)...)
	}
	return out
}

// blockTexts returns the tasks and measures of one block, each with its cell.
func (p *Pass) blockTexts(b *ItemBlock) []Text {
	var out []Text
	for _, r := range b.Rows {
		if r.Task.Value != "" {
			t := r.Task
			if t.Ref == "" {
				t.Ref = p.cell(ColTask, r.Row)
			}
			out = append(out, t)
		}
		out = append(out, p.measureCells(r)...)
	}
	return out
}

// containsFolded reports whether the normalised text holds one of the words
// normalised by foldWords.
func containsFolded(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// entryFor is the first entry the list's kind must contain whose 具体要求
// mention one of each set of folded words: the item a content finding
// belongs to.
func (p *Pass) entryFor(sets ...[]string) *Entry {
	for _, e := range p.Catalog.KindEntries(p.List.Kind) {
		text := Normalize(e.RequirementsText())
		ok := true
		for _, words := range sets {
			if !containsFolded(text, words) {
				ok = false
				break
			}
		}
		if ok {
			return e
		}
	}
	return nil
}

// entryCell is where a list-level content finding points: the 责任名称 of
// the entry's first row, else the 责任名称 heading.
func (p *Pass) entryCell(e *Entry) (cell, id string) {
	if e == nil {
		return p.headingCell(), ""
	}
	for _, b := range p.Items {
		if b.Entry() == e && len(b.Rows) > 0 {
			return p.textCell(b.Rows[0].Name, ColName, b.Rows[0].Row), e.ID
		}
	}
	return p.headingCell(), e.ID
}

// headingCell is the 责任名称 heading of the list.
func (p *Pass) headingCell() string {
	return p.cell(ColName, p.List.HeaderRow)
}

// taskRows returns the rows with 项目任务 text. Callers must not modify it.
func (b *ItemBlock) taskRows() []*Row {
	if b.tasks == nil {
		b.tasks = []*Row{}
		for _, r := range b.Rows {
			if r.Task.Value != "" {
				b.tasks = append(b.tasks, r)
			}
		}
	}
	return b.tasks
}

// misplaced reports whether the block's entry belongs to another kind.
func (p *Pass) misplaced(b *ItemBlock) bool {
	return b.Entry() != nil && p.Spec != nil && !slices.Contains(p.Spec.Items, b.Entry().ID)
}

// contentBlocks are the blocks whose content is checked: every block but
// the misplaced ones, which the unit is told to remove or move, and band
// titles.
func (p *Pass) contentBlocks() []*ItemBlock {
	if p.content == nil {
		p.content = []*ItemBlock{}
		for _, b := range p.Items {
			if !p.misplaced(b) && !b.heading() {
				p.content = append(p.content, b)
			}
		}
	}
	return p.content
}

// repeats gathers the cells of one mistake written again and again within
// an item, as the same low ratio in all four quarters, so the rule reports
// it once with its cells listed.
type repeats struct {
	keys  []string            // in order of first appearance
	cells map[string][]string // key → the cells, each once
}

// add records that the mistake key is at cell.
func (r *repeats) add(key, cell string) {
	if r.cells == nil {
		r.cells = map[string][]string{}
	}
	cells, seen := r.cells[key]
	if !seen {
		r.keys = append(r.keys, key)
	}
	if !slices.Contains(cells, cell) {
		r.cells[key] = append(cells, cell)
	}
}

// at returns the first cell of a mistake, where its finding points, and
// the list of its cells to add to the message when there are several
// (「（D6、E6、F6 三处）」), "" for one.
func (r *repeats) at(key string) (first, also string) {
	cells := r.cells[key]
	if len(cells) == 0 {
		return "", ""
	}
	if len(cells) == 1 {
		return cells[0], ""
	}
	return cells[0], fmt.Sprintf("（%s，共 %d 处）", strings.Join(cells, "、"), len(cells))
}
