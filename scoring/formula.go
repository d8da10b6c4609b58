package scoring

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"

	gridpkg "qingdan/internal/grid"
)

// The formulas of a 评分表 are sums: SUM over score cells, subtotals added
// up. evalFormula computes those on the sheet itself, so that excelize is
// opened only for a formula it cannot (another function, another sheet,
// a text in arithmetic): numbers, cell references, SUM of cells and
// ranges, + - * / and brackets.

// errUnsupported sends a formula to excelize.
var errUnsupported = errors.New("formula beyond the sums evaluated here")

// maxEvalCells bounds the cells one formula may read, nested ones included.
const maxEvalCells = 1 << 16

type evaluator struct {
	s        *gridpkg.Sheet
	visiting map[[2]int]bool
	cells    int
}

// evalFormula computes the formula of the cell at row, col; the text is as
// excelize gives a computed number (15 significant digits).
func evalFormula(s *gridpkg.Sheet, row, col int) (string, error) {
	e := &evaluator{s: s, visiting: map[[2]int]bool{}}
	v, err := e.cell(row, col, false)
	if err != nil {
		return "", err
	}
	return formatNumber(v), nil
}

func formatNumber(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// cell is a cell's number: its cached value, else its formula computed.
// inSum says a SUM reads it, which skips text and booleans.
func (e *evaluator) cell(row, col int, inSum bool) (float64, error) {
	if e.cells++; e.cells > maxEvalCells {
		return 0, errUnsupported
	}
	c := e.s.Cell(row, col)
	if c == nil {
		return 0, nil
	}
	v := strings.TrimSpace(c.Value)
	if v == "" && c.Formula != "" {
		at := [2]int{row, col}
		if e.visiting[at] {
			return 0, errUnsupported // a circular reference
		}
		e.visiting[at] = true
		defer delete(e.visiting, at)
		p := &parser{e: e, src: c.Formula}
		n, err := p.expr()
		if err == nil && p.pos != len(p.src) {
			err = errUnsupported
		}
		return n, err
	}
	switch c.Type {
	case gridpkg.Empty:
		return 0, nil
	case gridpkg.Number, gridpkg.Date:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, errUnsupported
		}
		return n, nil
	case gridpkg.Text, gridpkg.Bool:
		if inSum {
			return 0, nil
		}
	}
	return 0, errUnsupported
}

// sumRange adds up the numbers of a range, reading only the cells there are.
func (e *evaluator) sumRange(top, left, bottom, right int) (float64, error) {
	rows := e.s.Rows
	i := sort.Search(len(rows), func(i int) bool { return rows[i].Num >= top })
	var sum float64
	for ; i < len(rows) && rows[i].Num <= bottom; i++ {
		for _, c := range rows[i].Cells {
			if c.Col < left || c.Col > right {
				continue
			}
			v, err := e.cell(rows[i].Num, c.Col, true)
			if err != nil {
				return 0, err
			}
			sum += v
		}
	}
	return sum, nil
}

// parser reads one formula by recursive descent.
type parser struct {
	e   *evaluator
	src string
	pos int
}

func (p *parser) peek() byte {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) expr() (float64, error) {
	v, err := p.term()
	for err == nil {
		op := p.peek()
		if op != '+' && op != '-' {
			break
		}
		p.pos++
		var w float64
		if w, err = p.term(); op == '+' {
			v += w
		} else {
			v -= w
		}
	}
	return v, err
}

func (p *parser) term() (float64, error) {
	v, err := p.factor()
	for err == nil {
		op := p.peek()
		if op != '*' && op != '/' {
			break
		}
		p.pos++
		var w float64
		if w, err = p.factor(); err != nil {
			break
		}
		if op == '*' {
			v *= w
		} else if w == 0 {
			return 0, errUnsupported // #DIV/0!, as excelize says it
		} else {
			v /= w
		}
	}
	return v, err
}

func (p *parser) factor() (float64, error) {
	switch c := p.peek(); {
	case c == '-' || c == '+':
		p.pos++
		v, err := p.factor()
		if c == '-' {
			v = -v
		}
		return v, err
	case c == '(':
		p.pos++
		v, err := p.expr()
		if err == nil && p.peek() != ')' {
			err = errUnsupported
		}
		p.pos++
		return v, err
	case c >= '0' && c <= '9' || c == '.':
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
		v, err := strconv.ParseFloat(p.src[start:p.pos], 64)
		if err != nil || math.IsInf(v, 0) {
			return 0, errUnsupported
		}
		return v, nil
	}
	word := p.word()
	if strings.EqualFold(word, "SUM") && p.peek() == '(' {
		p.pos++
		return p.sum()
	}
	col, row, ok := gridpkg.ParseCellName(word)
	if !ok || p.peek() == ':' {
		return 0, errUnsupported
	}
	return p.e.cell(row, col, false)
}

// word reads letters, digits and $ signs: a function name or a reference.
func (p *parser) word() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if !(c == '$' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			break
		}
		p.pos++
	}
	return p.src[start:p.pos]
}

// sum reads SUM's arguments after its bracket: ranges, cells, expressions.
func (p *parser) sum() (float64, error) {
	var total float64
	for {
		save := p.pos
		from := p.word()
		if p.peek() == ':' {
			p.pos++
			to := p.word()
			l, t, ok1 := gridpkg.ParseCellName(from)
			r, b, ok2 := gridpkg.ParseCellName(to)
			if !ok1 || !ok2 {
				return 0, errUnsupported
			}
			v, err := p.e.sumRange(min(t, b), min(l, r), max(t, b), max(l, r))
			if err != nil {
				return 0, err
			}
			total += v
		} else if col, row, ok := gridpkg.ParseCellName(from); ok && (p.peek() == ',' || p.peek() == ')') {
			v, err := p.e.cell(row, col, true)
			if err != nil {
				return 0, err
			}
			total += v
		} else {
			p.pos = save
			v, err := p.expr()
			if err != nil {
				return 0, err
			}
			total += v
		}
		switch p.peek() {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return total, nil
		default:
			return 0, errUnsupported
		}
	}
}
