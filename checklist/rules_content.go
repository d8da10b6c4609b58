package checklist

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Rules on what the measures promise, from the notice's section 三: monthly
// 谈心谈话 at no less than 8%, a 党课 a year, a quarterly meeting on 一岗双责.

var ruleTalkRatioLow = &Rule{
	Code:     "talk-ratio-low",
	Severity: Error,
	Doc:      "谈心谈话的任务或措施写明的比例低于通知要求（不低于总人数的8%）；识别 8%、8％、百分之八等写法；“提高5个百分点”是增幅，不是比例，不算；同一事项中重复写的同一比例报一条，列出各单元格",
	Check: func(p *Pass) []Finding {
		talk := p.words.Talk
		var out []Finding
		for _, b := range p.contentBlocks() {
			var low repeats
			for _, r := range b.Rows {
				texts := append([]Text{{Value: r.Task.Value, Ref: p.textCell(r.Task, ColTask, r.Row)}}, p.measureCells(r)...)
				for _, t := range texts {
					n := p.norm(t.Value)
					if !containsFolded(n, talk.Keywords) {
						continue
					}
					for _, ratio := range ratios(n) {
						if ratio < talk.MinRatio {
							low.add(formatNumber(ratio), t.Ref)
							break
						}
					}
				}
			}
			for _, ratio := range low.keys {
				cell, also := low.at(ratio)
				out = append(out, p.finding(cell, b.id(), "谈心谈话比例为 %s%%%s，低于通知要求的不低于总人数 %s%%，请提高比例",
					ratio, also, formatNumber(talk.MinRatio)))
			}
		}
		return out
	},
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var (
	percentDigits  = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)%`)
	percentChinese = regexp.MustCompile(`百分之([0-9.零〇一二两三四五六七八九十百点]+)`)
)

// ratios returns every percentage stated in a normalised text.
func ratios(n string) []float64 {
	var out []float64
	if !strings.Contains(n, "%") && !strings.Contains(n, "百分之") {
		return nil // spares the regexps the texts that state no percentage
	}
	for _, m := range percentDigits.FindAllStringSubmatch(n, -1) {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			out = append(out, v)
		}
	}
	for _, m := range percentChinese.FindAllStringSubmatch(n, -1) {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			out = append(out, v)
		} else if v, ok := parseChineseNumber(m[1]); ok {
			out = append(out, v)
		}
	}
	return out
}

// unfilled reports whether the list has no task at all: a blank form, for
// which missing-item and item-without-task already say everything.
func (p *Pass) unfilled() bool {
	for _, b := range p.Items {
		if len(b.taskRows()) > 0 {
			return false
		}
	}
	return true
}

// anyText reports whether one task or measure of the list holds a word of
// every set of normalised words.
func (p *Pass) anyText(sets ...[]string) bool {
	if p.folded == nil {
		p.folded = []string{}
		for _, t := range p.texts() {
			p.folded = append(p.folded, p.norm(t.Value))
		}
	}
	for _, n := range p.folded {
		if allSets(n, sets) {
			return true
		}
	}
	return false
}

func allSets(n string, sets [][]string) bool {
	for _, words := range sets {
		if !containsFolded(n, words) {
			return false
		}
	}
	return true
}

var ruleNoMonthlyTalk = &Rule{
	Code:     "no-monthly-talk",
	Severity: Warning,
	Doc:      "附件2、3：没有一条任务或措施同时写到谈心谈话和“每月”（通知：每月按不低于8%的比例谈心谈话），或每月谈心谈话的措施都没有写比例；清单尚无任何项目任务时不报",
	Kinds:    []Kind{KindPrincipal, KindMember},
	Check: func(p *Pass) []Finding {
		talk, folded := p.Catalog.Content.Talk, p.words.Talk
		if p.unfilled() {
			return nil
		}
		if !p.anyText(folded.Keywords, folded.Monthly) {
			cell, id := p.entryCell(p.entryFor(folded.Keywords, folded.Monthly))
			return []Finding{p.finding(cell, id, "没有每月开展谈心谈话的措施，请按通知要求写明“每月按不低于总人数%s%%的比例开展谈心谈话，做到有迹可查”",
				formatNumber(talk.MinRatio))}
		}
		// A ratio written anywhere in a 谈心谈话 text answers the notice; a low one is talk-ratio-low's.
		var first *Text
		var firstID string
		for _, b := range p.contentBlocks() {
			for _, t := range p.blockTexts(b) {
				n := p.norm(t.Value)
				if !containsFolded(n, folded.Keywords) {
					continue
				}
				if len(ratios(n)) > 0 {
					return nil
				}
				if first == nil && containsFolded(n, folded.Monthly) {
					first, firstID = &t, b.id()
				}
			}
		}
		if first == nil {
			return nil
		}
		return []Finding{p.finding(first.Ref, firstID, "谈心谈话措施%s没有写明比例，请按通知要求写明“每月按不低于总人数%s%%的比例开展谈心谈话”",
			quote(first.Value), formatNumber(talk.MinRatio))}
	},
}

var ruleNoPartyLecture = &Rule{
	Code:     "no-party-lecture",
	Severity: Warning,
	Doc:      "附件2、3：没有一条任务或措施写到党课（通知：每年至少上1次党课）；清单尚无任何项目任务时不报",
	Kinds:    []Kind{KindPrincipal, KindMember},
	Check: func(p *Pass) []Finding {
		lecture := p.Catalog.Content.Lecture.Keywords
		if p.unfilled() || p.anyText(p.words.Lecture.Keywords) {
			return nil
		}
		cell, id := p.entryCell(p.entryFor(p.words.Lecture.Keywords))
		return []Finding{p.finding(cell, id, "没有上党课的措施，请按通知要求写明“每年至少上1次%s，做好活动记录”", lecture[0])}
	},
}

var ruleNoQuarterlyMeeting = &Rule{
	Code:     "no-quarterly-meeting",
	Severity: Warning,
	Doc:      "附件1：没有每季度召开会议专题听取班子成员履行“一岗双责”情况汇报的措施；一条措施写明每季度，或四个季度栏各有一条这样的会议措施，都算；清单尚无任何项目任务时不报",
	Kinds:    []Kind{KindCollective},
	Check: func(p *Pass) []Finding {
		qm, folded := p.Catalog.Content.QuarterlyMeeting, p.words.QuarterlyMeeting
		if p.unfilled() || p.anyText(folded.Keywords, folded.Meeting, folded.Quarterly) || p.meetingEveryQuarter(folded.Keywords, folded.Meeting) {
			return nil
		}
		cell, id := p.entryCell(p.entryFor(folded.Meeting, folded.Quarterly))
		return []Finding{p.finding(cell, id, "没有每季度召开党委（支部）会议、专题听取班子成员履行%s情况汇报的措施，请在相应事项中按季度写明",
			strings.Join(quoteAll(qm.Keywords), "、"))}
	},
}

// meetingEveryQuarter reports whether each quarter's column holds a measure
// with a word of every set of normalised words: a meeting held in all four
// quarters.
func (p *Pass) meetingEveryQuarter(sets ...[]string) bool {
	if p.List.SingleMeasures {
		return false
	}
	for q := range 4 {
		found := false
		for _, b := range p.Items {
			for _, r := range b.Rows {
				found = found || allSets(p.norm(r.Measures[q].Value), sets)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = fmt.Sprintf("“%s”", w)
	}
	return out
}
