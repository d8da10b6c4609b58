package checklist

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
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
func writeScorecard(c *Catalog, f *excelize.File, sheet string, opts FormOptions, scores []formScore) error {
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
	var subtotals, pointTotals []string
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
		for _, it := range cat.Items {
			first := row
			itemPoints = append(itemPoints, formCell(scItemPoints, first))
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
			if err := s.formula(scItemTotal, first, "SUM("+formCell(scScore, first)+":"+formCell(scScore, last)+")", s.st.total); err != nil {
				return err
			}
		}
		catLast := row - 1
		if err := s.put(scCategory, catFirst, scCategory, catLast, cat.Group, s.st.top); err != nil {
			return err
		}
		if err := s.heights(catFirst, catLast, formMinRowHeight); err != nil {
			return err
		}
		pts, score := formCell(scItemPoints, row), formCell(scScore, row)
		// The items' 标准分 cells are named one by one: some engines (excelize's
		// own) count a merged value once per covered cell of a range.
		if err := scTotalRow(s, row, fmt.Sprintf(formSubtotalLabel, cat.Name), "SUM("+strings.Join(itemPoints, ",")+")",
			"SUM("+formCell(scScore, catFirst)+":"+formCell(scScore, catLast)+")"); err != nil {
			return err
		}
		pointTotals, subtotals = append(pointTotals, pts), append(subtotals, score)
		row++
	}
	if err := scTotalRow(s, row, formTotalLabel, "SUM("+strings.Join(pointTotals, ",")+")", "SUM("+strings.Join(subtotals, ",")+")"); err != nil {
		return err
	}
	for points, cells := range byPoints {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(strings.Join(cells, " "))
		if err := dv.SetRange(0, float64(points), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetInput("考核得分", fmt.Sprintf("本条分值%d分，请填写0至%d之间的得分（可含小数）；有扣分的请在扣分说明中写明原因。", points, points))
		dv.SetError(excelize.DataValidationErrorStyleStop, "考核得分超出范围", fmt.Sprintf("考核得分应为0至%d之间的数字（本条分值%d分）。", points, points))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	// excelize stores formulas without results; have Excel and WPS compute them on opening.
	calc := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &calc}); err != nil {
		return err
	}
	return s.pageSetup(head, head)
}

// scTotalRow writes a 小计 or 总分 row: the label over 考核类别…考核项目, and
// the formulas for the 标准分 and 考核得分 totals.
func scTotalRow(s *formSheet, row int, label, points, score string) error {
	if err := s.put(scCategory, row, scItem, row, label, s.st.band); err != nil {
		return err
	}
	if err := s.put(scLinePoints, row, scText, row, nil, s.st.cell); err != nil {
		return err
	}
	if err := s.put(scNote, row, scItemTotal, row, nil, s.st.cell); err != nil {
		return err
	}
	if err := s.formula(scItemPoints, row, points, s.st.total); err != nil {
		return err
	}
	if err := s.formula(scScore, row, score, s.st.total); err != nil {
		return err
	}
	return s.heights(row, row, formMinRowHeight+4)
}
