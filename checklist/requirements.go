package checklist

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// RequirementPlan says what a task or measure planning for a 具体要求 would
// contain, and which lists plan for it.
type RequirementPlan struct {
	// Kinds are the lists whose item block must plan for the line.
	Kinds []Kind `yaml:"kinds" validate:"required,min=1,dive,oneof=collective principal member supervision"`
	// Evidence are alternatives; one must stand in a task or a measure. "…"
	// separates words that must appear in that order: 听取…汇报.
	Evidence []string `yaml:"evidence" validate:"required,min=1,dive,required"`
	// With, when set, is a second condition on the same row: one of these
	// words, e.g. 每季度, in its task or one of its measures.
	With []string `yaml:"with" validate:"dive,required"`
	// EveryQuarter lets evidence in each of the four quarter columns stand
	// for With: a meeting planned in every quarter is a quarterly meeting.
	EveryQuarter bool `yaml:"every_quarter"`
	// Answer is what kind of measure would answer the line, for the message.
	Answer string `yaml:"answer" validate:"required"`

	evidence [][]string // Evidence split on … and normalised, by checkPlans
	with     []string   // With normalised, by checkPlans
}

// patternSeparators split an evidence pattern into words in order.
var patternSeparators = strings.NewReplacer("……", "…", "...", "…")

// checkPlans checks what validator cannot in the 具体要求 plans: each line
// has a plan or a reason not to, never both; no pattern is empty once
// normalised; each kind named is one that contains the item. It folds the
// patterns for matching.
func (c *Catalog) checkPlans() []string {
	var problems []string
	for ci := range c.Categories {
		for ii := range c.Categories[ci].Items {
			it := &c.Categories[ci].Items[ii]
			for ri := range it.Requirements {
				r := &it.Requirements[ri]
				at := fmt.Sprintf("字段 categories[%d].items[%d].requirements[%d]", ci, ii, ri)
				na := strings.TrimSpace(r.NotApplicable) != ""
				switch {
				case r.Plan == nil && !na:
					problems = append(problems, fmt.Sprintf("%s（第%s项第%d条）：需要 plan（计划这条要求的措施会写什么）或 not_applicable（不适用的理由）", at, it.ID, ri+1))
					continue
				case r.Plan != nil && na:
					problems = append(problems, fmt.Sprintf("%s（第%s项第%d条）：plan 和 not_applicable 只能有一个", at, it.ID, ri+1))
					continue
				case na:
					continue
				}
				problems = append(problems, c.foldPlan(r.Plan, it.ID, at+".plan")...)
			}
		}
	}
	return problems
}

func (c *Catalog) foldPlan(p *RequirementPlan, itemID, at string) []string {
	var problems []string
	p.evidence = p.evidence[:0]
	for i, pat := range p.Evidence {
		var words []string
		for _, w := range strings.Split(patternSeparators.Replace(pat), "…") {
			if n := Normalize(w); n != "" {
				words = append(words, n)
			}
		}
		if len(words) == 0 {
			problems = append(problems, fmt.Sprintf("%s.evidence[%d]：“%s”去掉空格、引号和“…”后为空，会匹配任何文字", at, i, pat))
			continue
		}
		p.evidence = append(p.evidence, words)
	}
	p.with = p.with[:0]
	for i, w := range p.With {
		n := Normalize(w)
		if n == "" {
			problems = append(problems, fmt.Sprintf("%s.with[%d]：“%s”去掉空格和引号后为空，会匹配任何文字", at, i, w))
			continue
		}
		p.with = append(p.with, n)
	}
	for i, k := range p.Kinds {
		spec := c.kindByID[k]
		if spec != nil && !slices.Contains(spec.Items, itemID) {
			problems = append(problems, fmt.Sprintf("%s.kinds[%d]：清单种类 %s 不含第%s项，这条要求永远不会被对照", at, i, k, itemID))
		}
	}
	return problems
}

// RequirementRef is one 具体要求 line with where it stands: item id and
// 1-based line, e.g. ID "1.3".
type RequirementRef struct {
	ID   string
	Item *Item
	Line int
	*Requirement
}

// Label names the line in messages: 第1项第3条.
func (r RequirementRef) Label() string { return fmt.Sprintf("第%s项第%d条", r.Item.ID, r.Line) }

// Lead is the first words of the requirement's text.
func (r RequirementRef) Lead() string {
	const n = 16
	rs := []rune(strings.TrimSpace(r.Text))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n]) + "…"
}

// AppliesTo reports whether lists of kind k plan for the line.
func (r RequirementRef) AppliesTo(k Kind) bool {
	return r.Plan != nil && slices.Contains(r.Plan.Kinds, k)
}

// RequirementRefs returns every 具体要求 line of the catalog in order.
func (c *Catalog) RequirementRefs() []RequirementRef {
	var out []RequirementRef
	for ci := range c.Categories {
		for ii := range c.Categories[ci].Items {
			it := &c.Categories[ci].Items[ii]
			for ri := range it.Requirements {
				out = append(out, RequirementRef{ID: it.ID + "." + strconv.Itoa(ri+1), Item: it, Line: ri + 1, Requirement: &it.Requirements[ri]})
			}
		}
	}
	return out
}

// ItemRequirements returns the lines of an item that lists of kind k plan for.
func (c *Catalog) ItemRequirements(k Kind, e *Entry) []RequirementRef {
	if e == nil || e.Item == nil {
		return nil
	}
	var out []RequirementRef
	for ri := range e.Item.Requirements {
		r := RequirementRef{ID: e.ID + "." + strconv.Itoa(ri+1), Item: e.Item, Line: ri + 1, Requirement: &e.Item.Requirements[ri]}
		if r.AppliesTo(k) {
			out = append(out, r)
		}
	}
	return out
}

// matchesWords reports whether the normalised text holds the words in order.
func matchesWords(n string, words []string) bool {
	for _, w := range words {
		i := strings.Index(n, w)
		if i < 0 {
			return false
		}
		n = n[i+len(w):]
	}
	return true
}

// matchesEvidence reports whether the normalised text holds one of the
// plan's evidence patterns.
func (p *RequirementPlan) matchesEvidence(n string) bool {
	return slices.ContainsFunc(p.evidence, func(words []string) bool { return matchesWords(n, words) })
}
