package checklist

import (
	"strings"

	"qingdan/internal/grid"
)

// ScorecardRows is how far down a 评分表's title and heading row are looked
// for: scoring's window, the larger of the two the readers used (the list
// reader looked at 10 rows for the title).
const ScorecardRows = 60

// IsScorecard reports whether a sheet is a 评分表: one of the catalog's
// 评分表 titles within the first ScorecardRows rows, or there a row holding
// a requirement heading (具体要求) with a score heading (考核得分, or an
// inspectors' or self-assessment score) in it or in the row below
// (scorecard.reading in the catalog). The list reader skips such a sheet;
// scoring reads only such sheets.
func IsScorecard(c *Catalog, s *grid.Sheet) bool {
	if ScorecardTitle(c, s) {
		return true
	}
	p := c.reader
	prevReq, prevNum := false, 0
	for _, r := range s.Rows {
		if r.Num > ScorecardRows {
			break
		}
		var req, score bool
		for _, cell := range r.Cells {
			if cell.Value == "" {
				continue
			}
			n := Normalize(cell.Value)
			req = req || containsAny(n, p.scorecardReq)
			score = score || containsAny(n, p.scorecardScore)
		}
		if score && (req || (prevReq && prevNum == r.Num-1)) {
			return true
		}
		prevReq, prevNum = req, r.Num
	}
	return false
}

// ScorecardTitle reports whether one of the catalog's 评分表 title patterns
// stands in the first ScorecardRows rows of a sheet.
func ScorecardTitle(c *Catalog, s *grid.Sheet) bool {
	titles := c.reader.scorecardTitles
	for _, r := range s.Rows {
		if r.Num > ScorecardRows {
			break
		}
		for _, cell := range r.Cells {
			if cell.Value == "" {
				continue
			}
			n := Normalize(cell.Value)
			for _, t := range titles {
				if strings.Contains(n, t) {
					return true
				}
			}
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
