package forms

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingdan/checklist"
)

// formScore is one 具体要求 line as an inspection team scored it.
type formScore struct {
	score float64
	set   bool
	note  string
}

// Columns of the 评分表 as laid out: the notice's seven headings plus the
// unlabelled points column (分值) before 具体要求 and the item total after 扣分说明.
const (
	scCategory = iota + 1
	scNo
	scItem
	scItemPoints
	scLinePoints
	scText
	scScore
	scNote
	scItemTotal
	scColumns = scItemTotal
)

var scWidths = []float64{7, 5, 11, 6.5, 5.5, 62, 8, 22, 8}

// writeScorecard lays out attachment 5: one heading row, a band row per
// category, the lines of each item with merged 序号/考核项目/标准分 and an
// item total, a subtotal row per category and the 总分 row.
func writeScorecard(c *checklist.Catalog, f *excelize.File, sheet string, opts FormOptions, scores []formScore) error {
	s, err := newFormSheet(f, sheet, scWidths)
	if err != nil {
		return err
	}
	sc := c.Scorecard
	if err := s.put(1, 1, 2, 1, FormSheetName(sc.Attachment), s.st.label); err != nil {
		return err
	}
	if err := s.put(1, 2, scColumns, 2, FormTitle(c, sc.Attachment, opts), s.st.title); err != nil {
		return err
	}
	if err := s.put(1, 3, scColumns, 3, sc.Subtitle, s.st.subtitle); err != nil {
		return err
	}
	var left, right string
	if len(sc.HeaderLines) > 0 {
		left = sc.HeaderLines[0] + opts.Unit
	}
	if len(sc.HeaderLines) > 1 {
		right = sc.HeaderLines[1] + opts.Date
	}
	if err := s.put(1, 4, scText, 4, left, s.st.left); err != nil {
		return err
	}
	if err := s.put(scScore, 4, scColumns, 4, right, s.st.left); err != nil {
		return err
	}
	if err := s.heights(1, 4, formMinRowHeight+4); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 2, 36); err != nil {
		return err
	}

	head := 5
	h := sc.Headings
	headings := []string{h[0], h[1], h[2], h[3], formLinePointsHeading, h[4], h[5], h[6], formItemTotalHeading}
	for i, text := range headings {
		if err := s.put(i+1, head, i+1, head, text, s.st.heading); err != nil {
			return err
		}
	}
	if err := s.heights(head, head, 34); err != nil {
		return err
	}

	row := head + 1
	line := 0
	byPoints := map[int][]string{}
	var pointTotals []string
	var all []scRange
	var allSum scSum
	maxTotal := 0.0
	for _, cat := range c.Categories {
		if err := s.put(1, row, scColumns, row, fmt.Sprintf("%s(%d分)", cat.Name, cat.Points), s.st.band); err != nil {
			return err
		}
		if err := s.heights(row, row, formMinRowHeight+2); err != nil {
			return err
		}
		row++
		catFirst := row
		var itemPoints []string
		var catSum scSum
		for _, it := range cat.Items {
			first := row
			itemPoints = append(itemPoints, formCell(scItemPoints, first))
			var itemSum scSum
			for _, r := range it.Requirements {
				if err := s.put(scLinePoints, row, scLinePoints, row, r.Points, s.st.center); err != nil {
					return err
				}
				if err := s.put(scText, row, scText, row, r.Text, s.st.cell); err != nil {
					return err
				}
				var score any
				var note string
				if line < len(scores) {
					if scores[line].set {
						score = scores[line].score
						itemSum.add(scores[line].score)
					}
					note = scores[line].note
				}
				if err := s.put(scScore, row, scScore, row, score, s.st.number); err != nil {
					return err
				}
				if err := s.put(scNote, row, scNote, row, note, s.st.cell); err != nil {
					return err
				}
				byPoints[r.Points] = append(byPoints[r.Points], formCell(scScore, row))
				line++
				row++
			}
			last := row - 1
			for _, cell := range []struct {
				col   int
				value any
			}{{scNo, it.ID}, {scItem, it.Name}, {scItemPoints, it.Points}} {
				if err := s.put(cell.col, first, cell.col, last, cell.value, s.st.center); err != nil {
					return err
				}
			}
			if err := s.put(scItemTotal, first, scItemTotal, last, nil, s.st.total); err != nil {
				return err
			}
			if err := s.formula(scItemTotal, first, scTotal(scRangeOf(first, last)), itemSum.cached(), s.st.total); err != nil {
				return err
			}
			catSum.add(itemSum.cached()...)
		}
		catLast := row - 1
		if err := s.put(scCategory, catFirst, scCategory, catLast, cat.Group, s.st.top); err != nil {
			return err
		}
		if err := s.heights(catFirst, catLast, formMinRowHeight); err != nil {
			return err
		}
		pts := formCell(scItemPoints, row)
		// The items' 标准分 cells are named one by one: some engines (excelize's
		// own) count a merged value once per covered cell of a range.
		cr := scRangeOf(catFirst, catLast)
		if err := scTotalRow(s, row, fmt.Sprintf(formSubtotalLabel, cat.Name), "SUM("+strings.Join(itemPoints, ",")+")",
			float64(cat.Points), scTotal(cr), catSum.cached()); err != nil {
			return err
		}
		pointTotals, all = append(pointTotals, pts), append(all, cr)
		maxTotal += float64(cat.Points)
		allSum.add(catSum.cached()...)
		row++
	}
	if err := scTotalRow(s, row, formTotalLabel, "SUM("+strings.Join(pointTotals, ",")+")", maxTotal,
		scTotal(all...), allSum.cached()); err != nil {
		return err
	}
	for points, cells := range byPoints {
		if err := scScoreValidation(f, sheet, points, cells); err != nil {
			return err
		}
	}
	// The cached values are ours; have Excel and WPS compute the formulas anew on opening.
	calc := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &calc}); err != nil {
		return err
	}
	return s.pageSetup(head, head, row, row)
}

// scMarks are the text scores the 评分表's own totals add, with the share of
// the line's points each gives. The drop-down offers them; qingdan score
// reads many more notations (扣N分, 是/否, a note in brackets), and with any
// of those in its range a total stays empty rather than print a wrong sum.
var scMarks = []struct {
	mark  string
	share float64
}{{"√", 1}, {"×", 0}, {"半扣", 0.5}, {"合格", 1}, {"不合格", 0}}

// scRange is the 考核得分 cells of some lines and their 分值 cells.
type scRange struct{ scores, points string }

func scRangeOf(first, last int) scRange {
	return scRange{
		scores: formCell(scScore, first) + ":" + formCell(scScore, last),
		points: formCell(scLinePoints, first) + ":" + formCell(scLinePoints, last),
	}
}

// scTotal is the formula of a total over the ranges: empty while no score
// is entered or while a score is written in a way it cannot add, else the
// numbers plus the points of the lines marked with scMarks.
func scTotal(ranges ...scRange) string {
	var filled, known, sum []string
	for _, r := range ranges {
		filled = append(filled, r.scores)
		known = append(known, "COUNT("+r.scores+")")
		sum = append(sum, "SUM("+r.scores+")")
		for _, m := range scMarks {
			known = append(known, fmt.Sprintf(`COUNTIF(%s,"%s")`, r.scores, m.mark))
			switch m.share {
			case 0:
			case 1:
				sum = append(sum, fmt.Sprintf(`SUMIF(%s,"%s",%s)`, r.scores, m.mark, r.points))
			default:
				sum = append(sum, fmt.Sprintf(`SUMIF(%s,"%s",%s)*%s`, r.scores, m.mark, r.points, strconv.FormatFloat(m.share, 'f', -1, 64)))
			}
		}
	}
	counta := "COUNTA(" + strings.Join(filled, ",") + ")"
	// known<COUNTA, not COUNTA>known: excelize's engine fails on a sum right of ">".
	return fmt.Sprintf(`IF(%s=0,"",IF(%s<%s,"",%s))`, counta, strings.Join(known, "+"), counta, strings.Join(sum, "+"))
}

// scSum adds the scores written into a form (numbers: the example's) so
// that a total's formula carries its value; none written, none cached.
type scSum struct {
	sum float64
	set bool
}

func (t *scSum) add(vs ...float64) {
	for _, v := range vs {
		t.sum, t.set = t.sum+v, true
	}
}

// cached is the total's value, or nothing while no score is written.
func (t scSum) cached() []float64 {
	if !t.set {
		return nil
	}
	return []float64{t.sum}
}

// scScoreValidation offers the scores of a line of the given points in a
// drop-down and says in the input message how else a score may be written.
// No error alert: Excel's list validation cannot also allow free numbers,
// and a stop alert would refuse the 扣1分 and ×（原因） qingdan reads.
func scScoreValidation(f *excelize.File, sheet string, points int, cells []string) error {
	var keys []string
	for _, m := range scMarks {
		keys = append(keys, m.mark)
	}
	for v := float64(points); v >= 0; v -= 0.5 {
		keys = append(keys, strconv.FormatFloat(v, 'f', -1, 64))
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(strings.Join(cells, " "))
	if err := dv.SetDropList(keys); err != nil {
		return err
	}
	dv.SetInput("考核得分", fmt.Sprintf(scInputMessage, points, points))
	return f.AddDataValidation(sheet, dv)
}

// scInputMessage is the input message of a 考核得分 cell (Excel shows at
// most 255 characters).
const scInputMessage = "本条%d分。可选或填写：0—%d的分数、√或合格（满分）、×或不合格（0分）、半扣、扣N分；括号里可写原因，如“×（未书面报告）”。合计只加数字和下拉中的写法，填其他写法时合计留空，以qingdan score计分为准。"

// scTotalRow writes a 小计 or 总分 row: the label over 考核类别…考核项目, and
// the formulas for the 标准分 and 考核得分 totals, with their values.
func scTotalRow(s *formSheet, row int, label, points string, maxPoints float64, score string, cached []float64) error {
	if err := s.put(scCategory, row, scItem, row, label, s.st.band); err != nil {
		return err
	}
	if err := s.put(scLinePoints, row, scText, row, nil, s.st.cell); err != nil {
		return err
	}
	if err := s.put(scNote, row, scItemTotal, row, nil, s.st.cell); err != nil {
		return err
	}
	if err := s.formula(scItemPoints, row, points, []float64{maxPoints}, s.st.total); err != nil {
		return err
	}
	if err := s.formula(scScore, row, score, cached, s.st.total); err != nil {
		return err
	}
	return s.heights(row, row, formMinRowHeight+4)
}
