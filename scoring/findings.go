package scoring

import (
	"fmt"
	"path/filepath"
	"strings"

	"qingdan/checklist"
)

// Finding codes of `qingdan score`, each defined here and nowhere else.
const (
	CodeUnreadable           = checklist.CodeUnreadable        // error: the file cannot be opened
	CodeUnsupportedFormat    = checklist.CodeUnsupportedFormat // error: not .xlsx/.xlsm
	CodeNoScorecard          = "no-scorecard"                  // error: no sheet is a 评分表
	CodeUnscored             = "unscored"                      // error with --blank error: an empty 考核得分
	CodeOverMax              = "over-max"                      // error: more than the line's (or item's) points
	CodeNegative             = "negative"                      // error: a deduction larger than the points
	CodeBadScore             = "bad-score"                     // error: text that is no score
	CodeRequirementMissing   = "requirement-missing"           // error: a catalog line not on the sheet
	CodeTotalMismatch        = "total-mismatch"                // warning: the sheet's own total disagrees
	CodeMissingInspectedUnit = "missing-inspected-unit"        // warning: 被检查考核单位 empty
	CodeUnknownRequirement   = "unknown-requirement"           // warning: a 具体要求 row that matches no catalog line
	CodeDuplicateRequirement = "duplicate-requirement"         // warning: a second row for a line already matched
	CodeItemScore            = "item-score"                    // info: an item scored on its first row only
	CodeFormulaComputed      = "formula-computed"              // info: formulas without a cached value were computed
	CodeLayoutNotRecognised  = "layout-not-recognised"         // error: headings of a 评分表, but fewer than half its lines are the catalog's
	CodeInspectorsColumn     = "inspectors-column"             // info: 考核组评分 scored, 自评分 beside it left aside
	CodeDuplicateCard        = "duplicate-card"                // warning: an earlier card of a unit scored again later, left out of the ranking
)

// severities gives each code its severity.
var severities = map[string]checklist.Severity{
	CodeUnreadable:           checklist.Error,
	CodeUnsupportedFormat:    checklist.Error,
	CodeNoScorecard:          checklist.Error,
	CodeUnscored:             checklist.Error,
	CodeOverMax:              checklist.Error,
	CodeNegative:             checklist.Error,
	CodeBadScore:             checklist.Error,
	CodeRequirementMissing:   checklist.Error,
	CodeTotalMismatch:        checklist.Warning,
	CodeMissingInspectedUnit: checklist.Warning,
	CodeUnknownRequirement:   checklist.Warning,
	CodeDuplicateRequirement: checklist.Warning,
	CodeItemScore:            checklist.Info,
	CodeFormulaComputed:      checklist.Info,
	CodeLayoutNotRecognised:  checklist.Error,
	CodeInspectorsColumn:     checklist.Info,
	CodeDuplicateCard:        checklist.Warning,
}

// finding builds a finding; the message is formatted in Chinese.
func finding(code, path, sheet, cell, item, format string, args ...any) checklist.Finding {
	return checklist.Finding{
		Code:     code,
		Severity: severities[code],
		File:     path,
		Sheet:    sheet,
		Cell:     cell,
		Item:     item,
		Message:  fmt.Sprintf(format, args...),
	}
}

// FormatPoints prints points without trailing zeros, rounded to two decimals.
func FormatPoints(v float64) string {
	s := fmt.Sprintf("%.2f", round(v))
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// clip shortens a long text for a message.
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

func fileStem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
