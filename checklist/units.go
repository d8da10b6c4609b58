package checklist

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Finding codes of the unit checks (SPEC §6).
const (
	CodeMissingList   = "missing-list"
	CodeDuplicateList = "duplicate-list"
	CodeCoverageGap   = "coverage-gap"
	CodeNotSubmitted  = "not-submitted"
	CodeUnknownUnit   = "unknown-unit"
	CodeLate          = "late"
	CodeUnitAlias     = "unit-alias"
	CodeMissingScan   = "missing-scan"
)

// NoUnitName stands for a unit that neither 单位 nor a folder names.
const NoUnitName = "（未填单位）"

// unknownUnitHint is the similarity above which an unknown unit gets a
// "是否指…" suggestion.
const unknownUnitHint = 0.4

// UnitOptions says which unit checks run.
type UnitOptions struct {
	Roster      *Roster // nil: no roster checks
	FolderUnits bool    // a folder was given: unit checks on
	RequireScan bool    // a unit with lists but no signed scan gets missing-scan
}

// unitAcc gathers one unit while the files are walked.
type unitAcc struct {
	report UnitReport
	roster *RosterUnit
	lists  []unitList
	// shown counts the written forms of a unit not on the roster, in the
	// order first seen; the most used one names it.
	shown   []string
	counts  map[string]int
	aliases []unitAlias // names matched to the roster unit by nearness
}

type unitList struct {
	file string
	list ListReport
}

// unitAlias is a written name near a roster name, and the file that first
// used it.
type unitAlias struct {
	name, file string
}

// unitResolution is what a written unit key resolves to.
type unitResolution struct {
	roster *RosterUnit
	exact  bool
	group  string // the group key of a unit not on the roster
}

// BuildUnits groups the checked files by unit and runs the unit checks:
// missing and duplicate lists, coverage, and with a roster not-submitted,
// unknown units, names matched by nearness and the member count. With
// unit checks off (files named one by one, no roster) it returns no units,
// as an empty slice so that the JSON says []. The roster report is nil
// without a roster. Units come in roster order, then the units not on it
// by name (Chinese collation), which is also the order without a roster.
func BuildUnits(c *Catalog, files []FileReport, opts UnitOptions) ([]UnitReport, *RosterReport) {
	if !opts.FolderUnits && opts.Roster == nil {
		return []UnitReport{}, nil
	}
	names := newUnitNames(opts.Roster)
	writtenUnit := func(f FileReport, l ListReport) string {
		if UnitKey(l.Unit) == "" {
			return FolderName(f.Path)
		}
		return l.Unit
	}
	resolved := map[string]unitResolution{}
	var free []string // keys not on the roster, in order of first appearance
	for _, f := range files {
		for _, l := range f.Lists {
			k := UnitKey(writtenUnit(f, l))
			if _, done := resolved[k]; done {
				continue
			}
			ru, exact := names.lookup(writtenUnit(f, l))
			resolved[k] = unitResolution{roster: ru, exact: exact}
			if ru == nil {
				free = append(free, k)
			}
		}
	}
	groups := groupUnitNames(free)
	byRoster := map[*RosterUnit]*unitAcc{}
	byGroup := map[string]*unitAcc{}
	var order []*unitAcc
	if opts.Roster != nil {
		for i := range opts.Roster.Units {
			ru := &opts.Roster.Units[i]
			u := &unitAcc{roster: ru, report: UnitReport{Name: ru.Name, Group: ru.Group}}
			byRoster[ru] = u
			order = append(order, u)
		}
	}
	unit := func(written, file string) *unitAcc {
		k := UnitKey(written)
		res := resolved[k]
		if res.roster != nil {
			u := byRoster[res.roster]
			if !res.exact && !slices.ContainsFunc(u.aliases, func(a unitAlias) bool { return UnitKey(a.name) == k }) {
				u.aliases = append(u.aliases, unitAlias{name: DisplayUnitName(written), file: file})
			}
			return u
		}
		g := groups[k]
		u := byGroup[g]
		if u == nil {
			u = &unitAcc{counts: map[string]int{}}
			byGroup[g] = u
			order = append(order, u)
		}
		shown := cmp.Or(DisplayUnitName(written), NoUnitName)
		if u.counts[shown] == 0 {
			u.shown = append(u.shown, shown)
		}
		u.counts[shown]++
		return u
	}
	var listless []FileReport
	for _, f := range files {
		if len(f.Lists) == 0 {
			listless = append(listless, f)
			continue
		}
		var seen []*unitAcc
		for _, l := range f.Lists {
			u := unit(writtenUnit(f, l), f.Path)
			u.lists = append(u.lists, unitList{file: f.Path, list: l})
			if !slices.Contains(seen, u) {
				seen = append(seen, u)
				u.report.Files = append(u.report.Files, f.Path)
			}
		}
	}
	for _, u := range order {
		if u.roster == nil {
			u.report.Name = mostShown(u)
		}
	}
	// A file with no list (unreadable, .xls…) belongs to its folder's unit
	// only when that unit exists; it never creates a unit of its own.
	dirUnits := unitsByFolder(order)
	for _, f := range listless {
		u := folderUnit(FolderName(f.Path), names, byRoster, order)
		if u == nil && f.IsScan() {
			u = onlyUnit(dirUnits[filepath.Dir(f.Path)])
		}
		if u == nil {
			continue
		}
		u.report.Files = append(u.report.Files, f.Path)
		if f.IsScan() {
			u.report.Scans = append(u.report.Scans, f.Path)
		}
	}
	fileLate := map[string]bool{}
	fileValid := map[string]bool{}
	for _, f := range files {
		fileValid[f.Path] = !HasErrors(f.Findings, false)
		fileLate[f.Path] = slices.ContainsFunc(f.Findings, func(x Finding) bool { return x.Code == CodeLate })
	}
	units := make([]UnitReport, 0, len(order))
	var rr *RosterReport
	if opts.Roster != nil {
		rr = &RosterReport{Expected: len(opts.Roster.Units), Missing: []string{}, Extra: opts.Roster.Extra}
	}
	for _, u := range order {
		u.check(c, opts.Roster)
		if opts.RequireScan && len(u.lists) > 0 && len(u.report.Scans) == 0 {
			u.report.Findings = append(u.report.Findings, u.missingScan())
		}
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
			u.report.Late = u.report.Late || fileLate[p]
		}
		u.report.Roster = u.roster
		units = append(units, u.report)
	}
	off := slices.IndexFunc(units, func(u UnitReport) bool { return u.Roster == nil })
	if off >= 0 {
		sortByName(units[off:])
	}
	return units, rr
}

// mostShown is the written form most of a unit's lists use, the first
// seen of those used as often.
func mostShown(u *unitAcc) string {
	best := ""
	for _, s := range u.shown {
		if best == "" || u.counts[s] > u.counts[best] {
			best = s
		}
	}
	return cmp.Or(best, NoUnitName)
}

// folderUnit is the unit a folder's name stands for, nil when none: a
// roster unit, or a unit of the batch of the same name (steps 1 and 2).
func folderUnit(folder string, names *unitNames, byRoster map[*RosterUnit]*unitAcc, order []*unitAcc) *unitAcc {
	k := UnitKey(folder)
	if k == "" {
		return nil
	}
	if ru, exact := names.lookup(folder); ru != nil && exact {
		return byRoster[ru]
	}
	for _, u := range order {
		if u.roster == nil && sameUnitName(k, UnitKey(u.report.Name)) {
			return u
		}
	}
	return nil
}

// unitsByFolder lists, per folder, the units whose lists lie in it.
func unitsByFolder(order []*unitAcc) map[string][]*unitAcc {
	out := map[string][]*unitAcc{}
	for _, u := range order {
		for _, ul := range u.lists {
			d := filepath.Dir(ul.file)
			if !slices.Contains(out[d], u) {
				out[d] = append(out[d], u)
			}
		}
	}
	return out
}

// onlyUnit is the one unit of a folder, nil when it holds several or none:
// a scan beside one school's lists is that school's, whatever the folder's name.
func onlyUnit(units []*unitAcc) *unitAcc {
	if len(units) != 1 {
		return nil
	}
	return units[0]
}

// missingScan is the finding of a unit whose lists came without the
// signed and stamped copy the notice asks for (--require-scan).
func (u *unitAcc) missingScan() Finding {
	f := Finding{Code: CodeMissingScan, Severity: Warning,
		Message: fmt.Sprintf("单位“%s”报送了清单，但没有收到签字盖章件（PDF 扫描件或照片）。通知要求清单由主要负责人签字并加盖单位公章，请补报盖章件。", u.report.Name)}
	if len(u.report.Files) > 0 {
		f.File = u.report.Files[0]
	}
	return f
}

// sortByName sorts units by name as a Chinese reader expects (by pinyin),
// not by character code. A collator is not safe for concurrent use, hence
// one per call.
func sortByName(units []UnitReport) {
	col := collate.New(language.SimplifiedChinese)
	slices.SortStableFunc(units, func(a, b UnitReport) int { return col.CompareString(a.Name, b.Name) })
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
	for _, a := range u.aliases {
		r.Findings = append(r.Findings, Finding{
			Code:     CodeUnitAlias,
			Severity: Info,
			File:     a.file,
			Message: fmt.Sprintf("单位名称“%s”不在报送名单中，与名单中的“%s”相近，已按“%s”统计。如是同一单位，请在名单的“简称”栏加上“%s”；如不是，请核对单位名称。",
				a.name, r.Name, r.Name, a.name),
		})
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
			r.Missing = append(r.Missing, u.missingText(c, k))
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
		f.Message = fmt.Sprintf("%s应有 %d 份，实收 %d 份（按报送名单的班子成员数），请补报。", AttachmentLabel(c, k), u.roster.Members, got)
		return f, true
	}
	if got > 0 {
		return f, false
	}
	f.Message = fmt.Sprintf("未收到%s，请补报。", AttachmentLabel(c, k))
	return f, true
}

// missingText says briefly what of kind k the unit did not send: 缺附件4,
// or 附件3 2/4份 against the roster's 班子成员数.
func (u *unitAcc) missingText(c *Catalog, k Kind) string {
	label := string(k)
	if spec := c.Kind(k); spec != nil {
		label = fmt.Sprintf("附件%d", spec.Attachment)
	}
	if got := u.report.Lists[k]; got > 0 && k == KindMember && u.roster != nil && u.roster.HasMembers {
		return fmt.Sprintf("%s %d/%d份", label, got, u.roster.Members)
	}
	return "缺" + label
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
				AttachmentLabel(c, ul.list.Kind), who, listPlace(prev), listPlace(ul)),
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

// A unit's 状态 in the reports, from the first that applies (README
// 单位状态): 未报 sent no file; 部分未报 lacks a kind of list or 班子成员
// lists; 需修改 has an error in a file or in the unit's own findings; 逾期
// is otherwise fine but a list came after the deadline; 按时合格 is the rest
// (warnings allowed).
const (
	StatusNotSent = "未报"
	StatusPartial = "部分未报"
	StatusFix     = "需修改"
	StatusLate    = "逾期"
	StatusOK      = "按时合格"
)

// Statuses lists the statuses in the order the summary counts them.
var Statuses = []string{StatusOK, StatusLate, StatusFix, StatusPartial, StatusNotSent}

// Status is the unit's 状态 in the reports (see StatusNotSent).
func (u UnitReport) Status() string {
	switch {
	case len(u.Files) == 0:
		return StatusNotSent
	case len(u.Missing) > 0:
		return StatusPartial
	case !u.Valid:
		return StatusFix
	case u.Late:
		return StatusLate
	}
	return StatusOK
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

// shownRemark is a bracketed remark as written: （盖章）, (公章), 【修改稿】.
var shownRemark = regexp.MustCompile(`（[^（）]*）|\([^()]*\p{Han}[^()]*\)|【[^【】]*】|\[[^\[\]]*\p{Han}[^\[\]]*\]|〔[^〔〕]*〕`)

// DisplayUnitName is how a written unit name is shown: trimmed, without
// the remarks and party-organ words UnitKey ignores.
func DisplayUnitName(written string) string {
	s := strings.Join(strings.Fields(written), "")
	if r := shownRemark.ReplaceAllString(s, ""); r != "" {
		s = r
	}
	if m := unitAffixes.FindStringSubmatch(s); m != nil && len([]rune(m[1])) >= 2 {
		return m[1]
	}
	return s
}

// FolderName is the name of the folder holding a file, the unit of a list
// whose 单位 is empty.
func FolderName(path string) string {
	dir := filepath.Dir(path)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	base := filepath.Base(dir)
	// A zip archive stands for the folder it was made of: 某校.zip → 某校.
	if strings.EqualFold(filepath.Ext(base), ".zip") {
		base = strings.TrimSuffix(base, filepath.Ext(base))
	}
	if base == "." || base == string(filepath.Separator) || strings.HasSuffix(base, ":\\") {
		return ""
	}
	return base
}

// LateFindings reports what of a file came after the deadline; the caller
// appends them to the file's findings. A file whose arrival is known
// (Received) is judged by it, once: the notice asks for the lists to reach
// the office by the deadline, and a 填报日期 is what the school wrote. Other
// files are judged by each list's 填报日期. A zero deadline checks nothing;
// the deadline day itself is on time.
func LateFindings(f FileReport, deadline time.Time) []Finding {
	if deadline.IsZero() {
		return nil
	}
	if !f.Received.IsZero() {
		if !dayOf(f.Received).After(deadline) {
			return nil
		}
		return []Finding{{
			Code:     CodeLate,
			Severity: Warning,
			File:     f.Path,
			Message:  fmt.Sprintf("收到时间 %s 晚于报送截止日期 %s。", FormatReceived(f.Received), deadline.Format(time.DateOnly)),
		}}
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

// dayOf is the calendar day of t, as a date in UTC like the deadline.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// FormatReceived shows an arrival time: the date, and the time of day
// when one was given.
func FormatReceived(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04")
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
