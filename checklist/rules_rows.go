package checklist

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Rules on each task row: 责任到人, 可量化考核 and the 序号.

var ruleMissingOwner = &Rule{
	Code:     "missing-owner",
	Severity: Error,
	Doc:      "附件1、4：项目任务没有责任人（责任到人）；整列缺失时只报一条",
	Kinds:    []Kind{KindCollective, KindSupervision},
	Check: func(p *Pass) []Finding {
		return p.emptyColumn(ColOwner, func(r *Row) Text { return r.Owner },
			"项目任务%s没有责任人，请在 %s 填写具体责任人（责任到人）",
			"清单没有“责任人”列，请按附件格式增加该列并逐项填写责任人（责任到人）")
	},
}

var ruleMissingDepartment = &Rule{
	Code:     "missing-department",
	Severity: Warning,
	Doc:      "附件1、4：项目任务没有责任部门；整列缺失时只报一条",
	Kinds:    []Kind{KindCollective, KindSupervision},
	Check: func(p *Pass) []Finding {
		return p.emptyColumn(ColDepartment, func(r *Row) Text { return r.Department },
			"项目任务%s没有责任部门，请在 %s 填写牵头负责的部门",
			"清单没有“责任部门”列，请按附件格式增加该列并逐项填写责任部门")
	},
}

// emptyColumn reports each task row whose column is empty, or the list once
// when the column is not there at all.
func (p *Pass) emptyColumn(col string, get func(*Row) Text, rowFormat, listMsg string) []Finding {
	var out []Finding
	absent := p.List.Columns[col] == 0
	for _, b := range p.contentBlocks() {
		for _, r := range b.taskRows() {
			if get(r).Value != "" {
				continue
			}
			if absent {
				return []Finding{p.finding(p.headingCell(), "", "%s", listMsg)}
			}
			cell := p.cell(col, r.Row)
			out = append(out, p.finding(cell, b.id(), rowFormat, quote(r.Task.Value), where(cell)))
		}
	}
	return out
}

var ruleNotQuantified = &Rule{
	Code:     "not-quantified",
	Severity: Info,
	Doc:      "工作措施没有数字、比例或频次（次、%、每月、每季度、至少……），难以量化考核；每条措施报一条，同一事项中重复写的同一措施列出各单元格",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.contentBlocks() {
			var vague repeats
			text := map[string]string{} // normalised measure → as first written
			for _, r := range b.Rows {
				for _, m := range p.measureCells(r) {
					n := p.norm(m.Value)
					if quantified(n, p.words.Quantifiers) {
						continue
					}
					if _, ok := text[n]; !ok {
						text[n] = m.Value
					}
					vague.add(n, m.Ref)
				}
			}
			for _, n := range vague.keys {
				cell, also := vague.at(n)
				out = append(out, p.finding(cell, b.id(), "措施%s%s没有数量、比例或频次，难以量化考核，建议写明次数、比例或完成时间（如“每季度至少1次”）", quote(text[n]), also))
			}
		}
		return out
	},
}

// quantified reports whether a normalised measure holds a digit or one of
// the normalised quantifier words.
func quantified(n string, words []string) bool {
	for _, r := range n {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return containsFolded(n, words)
}

var ruleBadSequence = &Rule{
	Code:     "bad-sequence",
	Severity: Warning,
	Doc:      "序号缺失、重复、不是数字或倒序；全表连续编号或每个事项从1重新编号都可以，跳号不报；整列未填时只报一条",
	Check: func(p *Pass) []Finding {
		type task struct {
			row   *Row
			first bool // first filled row of its item
			id    string
		}
		var tasks []task
		anySeq := false
		for _, b := range p.contentBlocks() {
			first := true
			for _, r := range b.Rows {
				if !filled(r) {
					continue
				}
				tasks = append(tasks, task{r, first, b.id()})
				first = false
				anySeq = anySeq || r.Seq.Value != ""
			}
		}
		if len(tasks) == 0 {
			return nil
		}
		if _, ok := p.List.Columns[ColSeq]; !ok {
			return []Finding{p.finding(p.headingCell(), "", "清单没有“序号”列，请按附件格式增加该列，并为每个项目任务编写序号（全表连续编号或每个事项从1编号均可）")}
		}
		if !anySeq {
			first := tasks[0].row
			return []Finding{p.finding(p.cell(ColSeq, first.Row), "", "序号列未填写，请为每个项目任务编写序号（全表连续编号或每个事项从1编号均可）")}
		}
		var out []Finding
		prev, prevRef := 0, ""
		// oddJump reports whether the row after i fits right after prev but
		// not after n: then row i, not its neighbours, has the wrong number.
		oddJump := func(i, prev, n int) bool {
			if i+1 >= len(tasks) {
				return false
			}
			next, ok := parseSeq(tasks[i+1].row.Seq.Value)
			restart := tasks[i+1].first && next == 1
			return ok && !restart && next > prev && next <= n
		}
		for i, t := range tasks {
			r := t.row
			cell := p.textCell(r.Seq, ColSeq, r.Row)
			switch n, ok := parseSeq(r.Seq.Value); {
			case r.Seq.Value == "":
				out = append(out, p.finding(cell, t.id, "第 %d 行没有序号，请在 %s 填写序号", r.Row, where(cell)))
			case !ok:
				out = append(out, p.finding(cell, t.id, "序号%s不是数字，请改为 1、2、3……", quote(r.Seq.Value)))
			case r.Seq.Ref != "" && r.Seq.Ref == prevRef:
				// One merged 序号 over several task rows numbers them together.
			case t.first && n == 1, n == prev+1:
				prev = n
			case n > prev && oddJump(i, prev, n):
				out = append(out, p.finding(cell, t.id, "序号 %d 顺序不对，此处应为 %d", n, prev+1))
			case n > prev:
				prev = n // a gap, as after a deleted task, is fine
			case n == prev:
				out = append(out, p.finding(cell, t.id, "序号 %d 重复，请改为 %d", n, prev+1))
			default:
				want := strconv.Itoa(prev + 1)
				if t.first {
					want += " 或 1"
				}
				out = append(out, p.finding(cell, t.id, "序号 %d 顺序不对，应大于上一行的 %d，如 %s", n, prev, want))
				prev = n
			}
			prevRef = r.Seq.Ref
		}
		return out
	},
}

// subSeq matches a 序号 numbered under its item, as 2-1, 2.1 or 2—1: the
// task's number within the item comes last.
var subSeq = regexp.MustCompile(`^\d+[-.—–~]([0-9]+)$`)

// parseSeq reads a 序号 such as 3, 3., （3）, ③ or 三, and 2-1 or 2.1 as the
// first task of item 2, which counts as numbering restarted for each item.
func parseSeq(s string) (int, bool) {
	// Normalize turns 、 into its narrow form ､.
	n := strings.Trim(Normalize(s), "().､、,:：")
	if m := subSeq.FindStringSubmatch(n); m != nil {
		n = m[1]
	}
	if v, err := strconv.Atoi(n); err == nil {
		return v, true
	}
	if r := []rune(n); len(r) == 1 {
		switch {
		case r[0] >= '①' && r[0] <= '⑳':
			return int(r[0]-'①') + 1, true
		case r[0] >= '⑴' && r[0] <= '⒇':
			return int(r[0]-'⑴') + 1, true
		}
	}
	if v, ok := parseChineseNumber(n); ok && v == float64(int(v)) {
		return int(v), true
	}
	return 0, false
}

// Chinese digits and units, built once: parseChineseNumber runs per row.
var (
	chineseDigitValues = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	chineseUnitValues  = map[rune]int{'十': 10, '百': 100}
)

// parseChineseNumber reads a Chinese numeral below 1000, with an optional
// 点 and decimals: 八, 十五, 二十, 一百, 五点五.
func parseChineseNumber(s string) (float64, bool) {
	intPart, frac, hasPoint := strings.Cut(s, "点")
	if intPart == "" {
		return 0, false
	}
	total, cur := 0, -1
	for _, r := range intPart {
		if d, ok := chineseDigitValues[r]; ok {
			cur = d
			continue
		}
		unit := chineseUnitValues[r]
		if unit == 0 {
			return 0, false
		}
		if cur < 0 {
			cur = 1
		}
		total += cur * unit
		cur = -1
	}
	if cur > 0 {
		total += cur
	}
	v := float64(total)
	if hasPoint {
		scale := 0.1
		for _, r := range frac {
			d, ok := chineseDigitValues[r]
			if !ok {
				return 0, false
			}
			v += float64(d) * scale
			scale /= 10
		}
	}
	return v, true
}
