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
// 评分表 titles, or a heading row holding both required 评分表 headings
// (具体要求 and 考核得分, scorecard.reading in the catalog), within the first ScorecardRows rows. The list
// reader skips such a sheet; scoring reads only such sheets.
func IsScorecard(c *Catalog, s *grid.Sheet) bool {
	if ScorecardTitle(c, s) {
		return true
	}
	p := c.reader
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
		if req && score {
			return true
		}
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
