package checklist

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Finding codes of the unit checks (SPEC §6).
const (
	CodeMissingList   = "missing-list"
	CodeDuplicateList = "duplicate-list"
	CodeCoverageGap   = "coverage-gap"
	CodeNotSubmitted  = "not-submitted"
	CodeUnknownUnit   = "unknown-unit"
	CodeLate          = "late"
)

// noUnitName stands for a unit that neither 单位 nor a folder names.
const noUnitName = "（未填单位）"

// unknownUnitHint is the similarity above which an unknown unit gets a
// "是否指…" suggestion.
const unknownUnitHint = 0.4

// UnitOptions says which unit checks run.
type UnitOptions struct {
	Roster      *Roster // nil: no roster checks
	FolderUnits bool    // a folder was given: unit checks on
}

// unitAcc gathers one unit while the files are walked.
type unitAcc struct {
	report UnitReport
	roster *RosterUnit
	lists  []unitList
}

type unitList struct {
	file string
	list ListReport
}

// BuildUnits groups the checked files by unit and runs the unit checks:
// missing and duplicate lists, coverage, and with a roster not-submitted,
// unknown units and the member count. With unit checks off (files named
// one by one, no roster) it returns no units, as an empty slice so that the
// JSON says []. The roster report is nil without a roster. Units come
// sorted by (上级党组织, name).
func BuildUnits(c *Catalog, files []FileReport, opts UnitOptions) ([]UnitReport, *RosterReport) {
	if !opts.FolderUnits && opts.Roster == nil {
		return []UnitReport{}, nil
	}
	var rosterIdx map[string]*RosterUnit
	if opts.Roster != nil {
		rosterIdx = opts.Roster.index()
	}
	byKey := map[string]*unitAcc{}
	var order []*unitAcc
	unit := func(written string) *unitAcc {
		key := UnitKey(written)
		ru := rosterIdx[key]
		if ru != nil {
			key = UnitKey(ru.Name)
		}
		if u := byKey[key]; u != nil {
			return u
		}
		u := &unitAcc{roster: ru, report: UnitReport{Name: cmp.Or(displayUnitName(written), noUnitName)}}
		if ru != nil {
			u.report.Name, u.report.Group = ru.Name, ru.Group
		}
		byKey[key] = u
		order = append(order, u)
		return u
	}
	if opts.Roster != nil {
		for i := range opts.Roster.Units {
			unit(opts.Roster.Units[i].Name)
		}
	}
	var listless []FileReport
	for _, f := range files {
		if len(f.Lists) == 0 {
			listless = append(listless, f)
			continue
		}
		var seen []*unitAcc
		for _, l := range f.Lists {
			written := l.Unit
			if UnitKey(written) == "" {
				written = folderName(f.Path)
			}
			u := unit(written)
			u.lists = append(u.lists, unitList{file: f.Path, list: l})
			if !slices.Contains(seen, u) {
				seen = append(seen, u)
				u.report.Files = append(u.report.Files, f.Path)
			}
		}
	}
	// A file with no list (unreadable, .xls…) belongs to its folder's unit
	// only when that unit exists; it never creates a unit of its own.
	for _, f := range listless {
		key := UnitKey(folderName(f.Path))
		if ru := rosterIdx[key]; ru != nil {
			key = UnitKey(ru.Name)
		}
		if u := byKey[key]; u != nil {
			u.report.Files = append(u.report.Files, f.Path)
		}
	}
	fileValid := map[string]bool{}
	for _, f := range files {
		fileValid[f.Path] = !HasErrors(f.Findings, false)
	}
	units := make([]UnitReport, 0, len(order))
	var rr *RosterReport
	if opts.Roster != nil {
		rr = &RosterReport{Expected: len(opts.Roster.Units), Missing: []string{}}
	}
	for _, u := range order {
		u.check(c, opts.Roster)
		if rr != nil && u.roster != nil {
			if len(u.report.Files) > 0 {
				rr.Submitted++
			} else {
				rr.Missing = append(rr.Missing, u.report.Name)
			}
		}
		u.report.Valid = !HasErrors(u.report.Findings, false)
		for _, p := range u.report.Files {
			u.report.Valid = u.report.Valid && fileValid[p]
		}
		units = append(units, u.report)
	}
	slices.SortStableFunc(units, compareUnits)
	return units, rr
}

// compareUnits orders by 上级党组织 (units without one last), then name.
func compareUnits(a, b UnitReport) int {
	if (a.Group == "") != (b.Group == "") {
		if a.Group == "" {
			return 1
		}
		return -1
	}
	return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(a.Name, b.Name))
}

// check fills the unit's list counts, coverage and findings.
func (u *unitAcc) check(c *Catalog, roster *Roster) {
	r := &u.report
	r.Lists = map[Kind]int{}
	r.Findings = []Finding{}
	for _, k := range Kinds {
		r.Lists[k] = 0
	}
	covered := map[string]bool{}
	for _, ul := range u.lists {
		r.Lists[ul.list.Kind]++
		for _, id := range ul.list.Items {
			covered[id] = true
		}
	}
	for _, e := range c.Entries() {
		if covered[e.ID] {
			r.Covered = append(r.Covered, e.ID)
		}
	}
	r.Requirements = unitRequirements(c, u.lists)
	if roster != nil && u.roster == nil {
		r.Findings = append(r.Findings, u.unknownUnit(roster))
	}
	if roster != nil && u.roster != nil && len(r.Files) == 0 {
		r.Findings = append(r.Findings, Finding{
			Code:     CodeNotSubmitted,
			Severity: Error,
			Message:  fmt.Sprintf("名单中的单位“%s”未报送任何清单，请催报。", r.Name),
		})
		return
	}
	for _, k := range Kinds {
		if f, bad := u.missingList(c, k); bad {
			r.Findings = append(r.Findings, f)
		}
	}
	r.Findings = append(r.Findings, u.duplicates(c)...)
	r.Findings = append(r.Findings, u.coverageGaps(c, covered)...)
}

// missingList reports a kind the unit did not send, or, with a roster
// count, too few 班子成员 lists.
func (u *unitAcc) missingList(c *Catalog, k Kind) (Finding, bool) {
	got := u.report.Lists[k]
	f := Finding{Code: CodeMissingList, Severity: Error}
	if k == KindMember && u.roster != nil && u.roster.HasMembers {
		if got >= u.roster.Members {
			return f, false
		}
		f.Message = fmt.Sprintf("%s应有 %d 份，实收 %d 份（按报送名单的班子成员数），请补报。", attachmentLabel(c, k), u.roster.Members, got)
		return f, true
	}
	if got > 0 {
		return f, false
	}
	f.Message = fmt.Sprintf("未收到%s，请补报。", attachmentLabel(c, k))
	return f, true
}

// duplicates finds two lists of one kind for one person (any two for the
// collective and supervision lists, which a unit sends once).
func (u *unitAcc) duplicates(c *Catalog) []Finding {
	var out []Finding
	first := map[string]unitList{}
	for _, ul := range u.lists {
		key := string(ul.list.Kind)
		if ul.list.Kind == KindPrincipal || ul.list.Kind == KindMember {
			person := Normalize(ul.list.Person)
			if person == "" {
				continue
			}
			key += "/" + person
		}
		prev, dup := first[key]
		if !dup {
			first[key] = ul
			continue
		}
		who := ""
		if ul.list.Person != "" && (ul.list.Kind == KindPrincipal || ul.list.Kind == KindMember) {
			who = "（" + strings.TrimSpace(ul.list.Person) + "）"
		}
		out = append(out, Finding{
			Code:     CodeDuplicateList,
			Severity: Warning,
			File:     ul.file,
			Sheet:    ul.list.Sheet,
			Message: fmt.Sprintf("%s%s重复报送：%s 与 %s，请只保留一份。",
				attachmentLabel(c, ul.list.Kind), who, listPlace(prev), listPlace(ul)),
		})
	}
	return out
}

func listPlace(ul unitList) string {
	return fmt.Sprintf("%s（工作表“%s”）", ul.file, ul.list.Sheet)
}

// coverageGaps lists, per category and for the safeguards, the entries no
// list of the unit covers. Entries of a kind the unit did not send at all
// are left out: missing-list already says so.
func (u *unitAcc) coverageGaps(c *Catalog, covered map[string]bool) []Finding {
	explained := map[string]bool{}
	for _, k := range Kinds {
		if u.report.Lists[k] == 0 {
			for _, e := range c.KindEntries(k) {
				explained[e.ID] = true
			}
		}
	}
	for _, k := range Kinds {
		if u.report.Lists[k] > 0 {
			for _, e := range c.KindEntries(k) {
				explained[e.ID] = false
			}
		}
	}
	var out []Finding
	for _, g := range coverageGroups(c) {
		var missing []string
		for _, e := range g.entries {
			if !covered[e.ID] && !explained[e.ID] {
				missing = append(missing, e.ID+" "+e.Name)
			}
		}
		if len(missing) == 0 {
			continue
		}
		out = append(out, Finding{
			Code:     CodeCoverageGap,
			Severity: Warning,
			Message: fmt.Sprintf("本单位各清单合起来未覆盖%s %d 项中的 %d 项：%s。",
				g.name, len(g.entries), len(missing), strings.Join(missing, "、")),
		})
	}
	return out
}

// A unit's 状态 in the reports.
const (
	StatusOK      = "合格"
	StatusFix     = "需修改"
	StatusNotSent = "未报送"
)

// Status is the unit's 状态 in the reports: 未报送 without files, 合格 when
// valid, otherwise 需修改.
func (u UnitReport) Status() string {
	switch {
	case len(u.Files) == 0:
		return StatusNotSent
	case u.Valid:
		return StatusOK
	}
	return StatusFix
}

// CoverageCount is how many entries of one band a unit's lists cover.
type CoverageCount struct {
	Name    string // the category's name, or 保障措施
	Covered int
	Total   int
}

// UnitCoverage counts the entries the unit's lists cover per category and
// for the safeguards: the 8/6/7/6 of SPEC §6 with the default catalog.
func UnitCoverage(c *Catalog, u UnitReport) []CoverageCount {
	covered := map[string]bool{}
	for _, id := range u.Covered {
		covered[id] = true
	}
	var out []CoverageCount
	for _, g := range coverageGroups(c) {
		cc := CoverageCount{Name: g.name, Total: len(g.entries)}
		for _, e := range g.entries {
			if covered[e.ID] {
				cc.Covered++
			}
		}
		out = append(out, cc)
	}
	return out
}

// coverageGroup is one band of the coverage: a category or the safeguards.
type coverageGroup struct {
	name    string
	entries []*Entry
}

func coverageGroups(c *Catalog) []coverageGroup {
	var groups []coverageGroup
	var safeguards []*Entry
	for _, e := range c.Entries() {
		if e.Safeguard() {
			safeguards = append(safeguards, e)
			continue
		}
		if n := len(groups); n == 0 || groups[n-1].name != e.Category.Name {
			groups = append(groups, coverageGroup{name: e.Category.Name})
		}
		groups[len(groups)-1].entries = append(groups[len(groups)-1].entries, e)
	}
	if len(safeguards) > 0 {
		groups = append(groups, coverageGroup{name: "保障措施", entries: safeguards})
	}
	return groups
}

func (u *unitAcc) unknownUnit(roster *Roster) Finding {
	f := Finding{Code: CodeUnknownUnit, Severity: Warning}
	if len(u.report.Files) > 0 {
		f.File = u.report.Files[0]
	}
	f.Message = fmt.Sprintf("单位“%s”不在报送名单中，请核对单位名称。", u.report.Name)
	if best, score := roster.Closest(u.report.Name); best != nil && score >= unknownUnitHint {
		f.Message = fmt.Sprintf("单位“%s”不在报送名单中，是否指“%s”？请核对单位名称。", u.report.Name, best.Name)
	}
	return f
}

// displayUnitName is how a written unit name is shown: trimmed, without
// the party-organ words UnitKey ignores.
func displayUnitName(written string) string {
	s := strings.Join(strings.Fields(written), "")
	if m := unitAffixes.FindStringSubmatch(s); m != nil && len([]rune(m[1])) >= 2 {
		return m[1]
	}
	return s
}

// folderName is the name of the folder holding a file, the unit of a list
// whose 单位 is empty.
func folderName(path string) string {
	dir := filepath.Dir(path)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	base := filepath.Base(dir)
	if base == "." || base == string(filepath.Separator) || strings.HasSuffix(base, ":\\") {
		return ""
	}
	return base
}

// LateFindings reports the lists of a file dated after the deadline; the
// caller appends them to the file's findings. A zero deadline checks nothing.
func LateFindings(f FileReport, deadline time.Time) []Finding {
	if deadline.IsZero() {
		return nil
	}
	var out []Finding
	for _, l := range f.Lists {
		d, err := time.Parse(time.DateOnly, l.Date)
		if err != nil || !d.After(deadline) {
			continue
		}
		out = append(out, Finding{
			Code:     CodeLate,
			Severity: Warning,
			File:     f.Path,
			Sheet:    l.Sheet,
			Cell:     l.DateCell,
			Message:  fmt.Sprintf("填报日期 %s 晚于报送截止日期 %s。", l.Date, deadline.Format(time.DateOnly)),
		})
	}
	return out
}

// ParseDeadline reads --deadline: 2017-02-14, 2017/2/14, 2017.2.14 or
// 2017年2月14日, full-width digits allowed.
func ParseDeadline(s string) (time.Time, error) {
	n := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "").Replace(Normalize(s))
	t, err := time.Parse("2006-1-2", n)
	if err != nil {
		return time.Time{}, fmt.Errorf("截止日期“%s”无法识别，请写成 2017-02-14 的形式", s)
	}
	return t, nil
}
