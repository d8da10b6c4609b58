package checklist

import (
	"github.com/xuri/excelize/v2"
)

// File-level finding codes of the reader (SPEC §4, §5).
const (
	CodeUnsupportedFormat = "unsupported-format"
	CodeUnreadable        = "unreadable"
	CodeScorecardSkipped  = "scorecard-skipped"
	CodeNoListFound       = "no-list-found"
)

// ReadFile opens the workbook at path read-only and reads every list in it.
// It never returns nil and never panics: a file it cannot read gives a finding.
func ReadFile(c *Catalog, path string) *Workbook {
	return &Workbook{Path: path}
}

// ReadWorkbook reads the lists of an already open workbook; path is only
// used to label the findings.
func ReadWorkbook(c *Catalog, path string, f *excelize.File) *Workbook {
	return &Workbook{Path: path}
}
