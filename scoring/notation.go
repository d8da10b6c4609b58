package scoring

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"qingdan/checklist"
)

// notationKind is how a 考核得分 cell was written.
type notationKind int

const (
	notationEmpty  notationKind = iota
	notationNumber              // 2, 1.5, 2分
	notationFull                // √ ✓ 是 符合 合格 不扣分
	notationZero                // × ✗ 否 不符合 不合格 全扣
	notationHalf                // 半扣: half the points
	notationDeduct              // 扣1分, -0.5: points minus N
	notationBad                 // anything else
)

// Marks that give full points or none; compared after checklist.Normalize.
var (
	fullMarks = []string{"√", "✓", "✔", "☑", "是", "符合", "合格", "满分", "不扣分"}
	zeroMarks = []string{"×", "✗", "✘", "☒", "否", "不符合", "不合格", "全扣", "不得分"}
	halfMarks = []string{"半扣", "扣一半", "扣半"}
)

var (
	numberRe = regexp.MustCompile(`^(?:得)?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)分?$`)
	deductRe = regexp.MustCompile(`^(?:扣|[-−﹣])([0-9]+(?:\.[0-9]*)?|\.[0-9]+)分?$`)
	// trailingNote is a reason written after the score, in either width of
	// bracket: ×（未书面报告）, 扣1分(台账不全).
	trailingNote = regexp.MustCompile(`^(.+?)\s*[(（]([^()（）]*)[)）]\s*$`)
)

// parsed is a read 考核得分 cell.
type parsed struct {
	kind  notationKind
	value float64 // the number, or N of a deduction
	note  string  // the bracketed reason after the score, as written
}

// parseScore reads one 考核得分 cell in any notation the inspectors use.
func parseScore(raw string) parsed {
	note := ""
	if m := trailingNote.FindStringSubmatch(strings.TrimSpace(raw)); m != nil && checklist.Normalize(m[1]) != "" {
		raw, note = m[1], strings.TrimSpace(m[2])
	}
	p := parseMark(checklist.Normalize(raw))
	if p.kind != notationEmpty && p.kind != notationBad {
		p.note = note
	}
	return p
}

// parseMark reads a normalized score without its note.
func parseMark(s string) parsed {
	if s == "" {
		return parsed{kind: notationEmpty}
	}
	for _, marks := range []struct {
		kind  notationKind
		marks []string
	}{{notationFull, fullMarks}, {notationZero, zeroMarks}, {notationHalf, halfMarks}} {
		if slices.Contains(marks.marks, s) {
			return parsed{kind: marks.kind}
		}
	}
	if m := numberRe.FindStringSubmatch(s); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			return parsed{kind: notationNumber, value: v}
		}
	}
	if m := deductRe.FindStringSubmatch(s); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			return parsed{kind: notationDeduct, value: v}
		}
	}
	return parsed{kind: notationBad}
}

// scoreAgainst turns a parsed cell into points out of max.
func (p parsed) scoreAgainst(max float64) float64 {
	switch p.kind {
	case notationNumber:
		return p.value
	case notationFull:
		return max
	case notationHalf:
		return max / 2
	case notationDeduct:
		return max - p.value
	}
	return 0
}

// round keeps four decimals so that sums of 0.1s compare equal.
func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// isNumber parses a total cell's value: a plain number, as a cache holds it.
func isNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
