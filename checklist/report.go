package checklist

import "time"

// Report is the whole result of `qingdan validate`, as its JSON output
// (SPEC §5). Keys are stable: scripts read them.
type Report struct {
	Tool    string        `json:"tool"`
	Version string        `json:"version"`
	Rules   string        `json:"rules"` // catalog version, or the --rules file
	Valid   bool          `json:"valid"` // false when any error exists anywhere
	Stats   Stats         `json:"stats"`
	Files   []FileReport  `json:"files"`
	Units   []UnitReport  `json:"units"`
	Roster  *RosterReport `json:"roster,omitempty"`
	// Checked is when the run started (Request.Now) and Deadline the
	// --deadline (zero: none), for the summary's 总体情况.
	Checked  time.Time `json:"-"`
	Deadline time.Time `json:"-"`
}

// Stats counts what a run saw.
type Stats struct {
	Files    int     `json:"files"`
	Lists    int     `json:"lists"`
	Units    int     `json:"units"`
	Errors   int     `json:"errors"`
	Warnings int     `json:"warnings"`
	Infos    int     `json:"infos"`
	Seconds  float64 `json:"seconds"`
}

// FileReport is one checked file: its lists and its own findings.
type FileReport struct {
	Path     string       `json:"path"`
	Valid    bool         `json:"valid"`
	Lists    []ListReport `json:"lists"`
	Findings []Finding    `json:"findings"`
	// Received is when the file arrived (--received); zero when not known.
	Received time.Time `json:"received,omitzero"`
}

// ScorecardOnly says whether validate skipped the file whole: it holds
// 评分表 sheets and no list, and nothing was found but that (scorecard-skipped).
func (f FileReport) ScorecardOnly() bool {
	if len(f.Lists) > 0 || len(f.Findings) == 0 {
		return false
	}
	for _, fd := range f.Findings {
		if fd.Code != CodeScorecardSkipped {
			return false
		}
	}
	return true
}

// ListReport summarises one list found in a file.
type ListReport struct {
	Sheet  string `json:"sheet"`
	Kind   Kind   `json:"kind"`
	Unit   string `json:"unit"`
	Person string `json:"person"`
	Date   string `json:"date"` // YYYY-MM-DD, "" when missing or unreadable
	// DateCell is where the 填报日期 is written, for findings about it.
	DateCell string   `json:"-"`
	Items    []string `json:"items"`
	Tasks    int      `json:"tasks"`
	// Requirements are the 评分表 lines the list's kind plans for, by
	// whether its tasks and measures address them.
	Requirements RequirementCoverage `json:"requirements"`
}

// UnitReport is one 学校/单位 across all its files (SPEC §6).
type UnitReport struct {
	Name     string       `json:"name"`
	Valid    bool         `json:"valid"`
	Lists    map[Kind]int `json:"lists"` // every kind present, 0 when missing
	Findings []Finding    `json:"findings"`
	// Scans are the unit's signed and stamped copies (scan-received).
	Scans   []string `json:"scans,omitempty"`
	Group   string   `json:"-"` // 上级党组织 from the roster
	Files   []string `json:"-"`
	Covered []string `json:"-"` // catalog ids found in the unit's lists
	// Requirements: a line is planned when every list of the unit it
	// applies to addresses it.
	Requirements RequirementCoverage `json:"requirements"`
	Late         bool                `json:"-"` // a file or list came after the deadline
	Missing      []string            `json:"-"` // what it did not send: 缺附件4, 附件3 2/4份
	Roster       *RosterUnit         `json:"-"` // its roster row; nil when not on the roster
}

// RosterReport compares the roster with what was submitted.
type RosterReport struct {
	Expected  int      `json:"expected"`
	Submitted int      `json:"submitted"`
	Missing   []string `json:"missing"`
	// Extra are the headings of the roster columns carried to the summary.
	Extra []string `json:"-"`
}

// HasErrors reports whether any of the findings is an error (or, when
// strict, a warning).
func HasErrors(fs []Finding, strict bool) bool {
	for _, f := range fs {
		if f.Severity == Error || (strict && f.Severity == Warning) {
			return true
		}
	}
	return false
}

// CountSeverities counts the findings of each severity.
func CountSeverities(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		default:
			infos++
		}
	}
	return errors, warnings, infos
}

// Tally fills the report's counts and its overall validity from its files
// and units.
func (r *Report) Tally() {
	r.Stats.Files = len(r.Files)
	r.Stats.Units = len(r.Units)
	count := func(fs []Finding) {
		e, w, i := CountSeverities(fs)
		r.Stats.Errors += e
		r.Stats.Warnings += w
		r.Stats.Infos += i
	}
	for _, f := range r.Files {
		r.Stats.Lists += len(f.Lists)
		count(f.Findings)
	}
	for _, u := range r.Units {
		count(u.Findings)
	}
	r.Valid = r.Stats.Errors == 0
}

// HasErrors reports whether any file or unit has an error (or, when strict,
// a warning).
func (r *Report) HasErrors(strict bool) bool {
	for _, f := range r.Files {
		if HasErrors(f.Findings, strict) {
			return true
		}
	}
	for _, u := range r.Units {
		if HasErrors(u.Findings, strict) {
			return true
		}
	}
	return false
}
