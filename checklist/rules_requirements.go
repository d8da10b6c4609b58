package checklist

import (
	"fmt"
	"slices"
)

// RequirementCoverage sorts the 评分表 lines a list (or a unit) plans for
// into those its tasks and measures address and those they do not, as
// requirement ids "1.3" in catalog order.
type RequirementCoverage struct {
	Planned   []string `json:"planned"`
	Unplanned []string `json:"unplanned"`
}

// plannedLine is one 具体要求 the list's kind plans for, with the block of
// its item (nil when the list lacks the item) and whether it is addressed.
type plannedLine struct {
	ref     RequirementRef
	block   *ItemBlock
	planned bool
}

// requirementLines judges every 具体要求 the list's kind plans for, once
// for the rule and the report. Callers must not modify it.
func (p *Pass) requirementLines() []plannedLine {
	if p.reqs != nil {
		return p.reqs
	}
	p.reqs = []plannedLine{}
	blocks := map[*Entry]*ItemBlock{}
	for _, b := range p.contentBlocks() {
		if e := b.Entry(); e != nil {
			blocks[e] = b
		}
	}
	for _, e := range p.Catalog.KindEntries(p.List.Kind) {
		b := blocks[e]
		for _, r := range p.Catalog.ItemRequirements(p.List.Kind, e) {
			p.reqs = append(p.reqs, plannedLine{ref: r, block: b, planned: b != nil && p.addresses(b, r.Plan)})
		}
	}
	return p.reqs
}

// addresses reports whether a row of the block holds an evidence pattern in
// its task or a measure and, when the plan asks for it, a With word in the
// same row; or, for an every_quarter plan, whether each quarter's column
// holds the evidence on some row of the block.
func (p *Pass) addresses(b *ItemBlock, plan *RequirementPlan) bool {
	for _, r := range b.Rows {
		texts := p.rowTexts(r)
		if !slices.ContainsFunc(texts, plan.matchesEvidence) {
			continue
		}
		if len(plan.with) == 0 || slices.ContainsFunc(texts, func(n string) bool { return containsFolded(n, plan.with) }) {
			return true
		}
	}
	if !plan.EveryQuarter {
		return false
	}
	for q := range 4 {
		if !slices.ContainsFunc(b.Rows, func(r *Row) bool { return plan.matchesEvidence(p.norm(r.Measures[q].Value)) }) {
			return false
		}
	}
	return true
}

// rowTexts is the row's task and measures, normalised.
func (p *Pass) rowTexts(r *Row) []string {
	out := []string{p.norm(r.Task.Value)}
	for _, m := range p.measureCells(r) {
		out = append(out, p.norm(m.Value))
	}
	return out
}

// requirementCoverage is the list's line of the JSON report.
func (p *Pass) requirementCoverage() RequirementCoverage {
	cov := RequirementCoverage{Planned: []string{}, Unplanned: []string{}}
	for _, l := range p.requirementLines() {
		if l.planned {
			cov.Planned = append(cov.Planned, l.ref.ID)
		} else {
			cov.Unplanned = append(cov.Unplanned, l.ref.ID)
		}
	}
	return cov
}

var ruleRequirementUnplanned = &Rule{
	Code:     "requirement-unplanned",
	Severity: Info,
	Strict:   Warning,
	Doc:      "评分表的一条具体要求在本事项的项目任务和工作措施中未找到对应措施（按规则目录中每条要求的关键词对照，只说明未找到，不是评分结论）；不适用于学校、单位的条目不对照；--strict 时为警告；事项缺失或清单尚无任何项目任务时不报",
	Check: func(p *Pass) []Finding {
		if p.unfilled() {
			return nil
		}
		var out []Finding
		for _, l := range p.requirementLines() {
			if l.planned || l.block == nil || !slices.ContainsFunc(l.block.Rows, filled) {
				continue
			}
			first := l.block.Rows[0]
			out = append(out, p.finding(p.textCell(first.Name, ColName, first.Row), l.ref.Item.ID,
				"评分表%s「%s」（%d分）：%s的项目任务和工作措施中未找到对应措施。可补充这样的措施：%s",
				l.ref.Label(), l.ref.Lead(), l.ref.Points, l.block.label(), l.ref.Plan.Answer))
		}
		return out
	},
}

// unitRequirements joins the coverage of a unit's lists: a line is planned
// when every list it applies to addresses it, unplanned when one does not.
func unitRequirements(c *Catalog, lists []unitList) RequirementCoverage {
	planned, unplanned := map[string]bool{}, map[string]bool{}
	for _, ul := range lists {
		for _, id := range ul.list.Requirements.Planned {
			planned[id] = true
		}
		for _, id := range ul.list.Requirements.Unplanned {
			unplanned[id] = true
		}
	}
	cov := RequirementCoverage{Planned: []string{}, Unplanned: []string{}}
	for _, r := range c.RequirementRefs() {
		switch {
		case unplanned[r.ID]:
			cov.Unplanned = append(cov.Unplanned, r.ID)
		case planned[r.ID]:
			cov.Planned = append(cov.Planned, r.ID)
		}
	}
	return cov
}

// requirementShare formats a unit's planned share: "52/60（87%）".
func requirementShare(cov RequirementCoverage) string {
	n := len(cov.Planned) + len(cov.Unplanned)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d（%d%%）", len(cov.Planned), n, len(cov.Planned)*100/n)
}
