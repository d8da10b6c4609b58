package checklist

import (
	"fmt"
	"slices"
	"strings"
)

// Rules on the 责任名称: which items a list holds, and whether each is
// decomposed into tasks with measures for every quarter.

var ruleMissingItem = &Rule{
	Code:     "missing-item",
	Severity: Error,
	Doc:      "缺少本种清单必须包含的事项（附件1：8项主体责任和6项保障措施；附件2：6项个人责任；附件3：除“第一责任人”外的5项；附件4：7项监督责任）；写错名称、已提示“是否指…”的事项不再报缺少",
	Check: func(p *Pass) []Finding {
		have := map[string]bool{}
		for _, b := range p.Items {
			have[b.id()] = true
		}
		suggested := p.suggested()
		var out []Finding
		for _, e := range p.Catalog.KindEntries(p.List.Kind) {
			// A misnamed item is one mistake: unknown-item already asks to rename it.
			if have[e.ID] || suggested[e.ID] {
				continue
			}
			out = append(out, p.finding(p.headingCell(), e.ID, "缺少%s，请在责任名称列增加该项，并分解为项目任务、逐季度填写工作措施", describeEntry(e)))
		}
		return out
	},
}

// describeEntry names an entry with its place in the catalog:
// 「组织领导」（评分表第1项） or 保障措施「责任清单」（S1）.
func describeEntry(e *Entry) string {
	if e.Safeguard() {
		return fmt.Sprintf("保障措施「%s」（%s）", e.Name, e.ID)
	}
	return fmt.Sprintf("「%s」（评分表第%s项）", e.Name, e.ID)
}

// suggested is the set of entries that an unknown 责任名称 of the list
// probably means (unknown-item's 是否指…), by id.
func (p *Pass) suggested() map[string]bool {
	out := map[string]bool{}
	for _, b := range p.Items {
		if b.Entry() == nil && !b.heading() && b.Name.Value != "" && b.Match.Closest != nil {
			out[b.Match.Closest.ID] = true
		}
	}
	return out
}

var ruleUnknownItem = &Rule{
	Code:     "unknown-item",
	Severity: Warning,
	Doc:      "责任名称与规则目录中的事项和别名都对不上，有相近名称时提示“是否指…”；表格最上方有任务却没有责任名称的行也报此项；只有名称、整块未填写的行视为分类标题（如“保障措施”），不报",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.Items {
			if b.Entry() != nil || b.heading() {
				continue
			}
			cell := p.textCell(b.Name, ColName, b.Rows[0].Row)
			if b.Name.Value == "" {
				out = append(out, p.finding(cell, "", "第 %d 行起的项目任务没有责任名称，请在 %s 填写其所属的责任名称", b.Rows[0].Row, where(cell)))
				continue
			}
			if c := b.Match.Closest; c != nil {
				out = append(out, p.finding(cell, "", "责任名称%s不是规定的事项名称，是否指「%s」？请改用规定名称", quote(b.Name.Value), c.Name))
				continue
			}
			out = append(out, p.finding(cell, "", "责任名称%s不是规定的事项名称，请改用评分表或保障措施中的名称", quote(b.Name.Value)))
		}
		return out
	},
}

var ruleMisplacedItem = &Rule{
	Code:     "misplaced-item",
	Severity: Warning,
	Doc:      "事项属于另一种清单（如班子成员清单列了“第一责任人”）；这样的事项不再检查任务和措施",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.Items {
			if !p.misplaced(b) {
				continue
			}
			e := b.Entry()
			var owners []string
			for _, k := range Kinds {
				if spec := p.Catalog.Kind(k); spec != nil && k != p.List.Kind && slices.Contains(spec.Items, e.ID) {
					owners = append(owners, AttachmentLabel(p.Catalog, k))
				}
			}
			belongs := "不属于任何一种清单"
			if len(owners) > 0 {
				belongs = "应列入" + strings.Join(owners, "或")
			}
			out = append(out, p.finding(p.textCell(b.Name, ColName, b.Rows[0].Row), e.ID,
				"「%s」%s，不应列入本清单（%s），请删除或移到相应清单", e.Name, belongs, AttachmentLabel(p.Catalog, p.List.Kind)))
		}
		return out
	},
}

var ruleItemWithoutTask = &Rule{
	Code:     "item-without-task",
	Severity: Error,
	Doc:      "事项的各行都没有项目任务（含只预填了责任名称、尚未填写的事项，和填了措施或责任人却没写任务的事项）；每个事项报一条，不再逐行报 empty-task",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.contentBlocks() {
			if b.Name.Value == "" || len(b.taskRows()) > 0 {
				continue
			}
			cell := p.cell(ColTask, b.Rows[0].Row)
			if slices.ContainsFunc(b.Rows, filled) {
				out = append(out, p.finding(cell, b.id(), "%s填写了工作措施或责任人，但各行都没有项目任务，请在 %s 起填写该责任分解出的项目任务", b.label(), where(cell)))
				continue
			}
			out = append(out, p.finding(cell, b.id(), "%s没有填写项目任务，请在 %s 起将该责任分解为具体的项目任务", b.label(), where(cell)))
		}
		return out
	},
}

var ruleEmptyTask = &Rule{
	Code:     "empty-task",
	Severity: Error,
	Doc:      "某行填了工作措施、责任人或责任部门，却没有项目任务；事项的各行都没有任务时只报 item-without-task",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.contentBlocks() {
			if b.Name.Value != "" && len(b.taskRows()) == 0 {
				continue
			}
			for _, r := range b.Rows {
				if r.Task.Value != "" || !filled(r) {
					continue
				}
				cell := p.cell(ColTask, r.Row)
				out = append(out, p.finding(cell, b.id(), "%s第 %d 行填写了措施或责任人，但项目任务为空，请在 %s 填写该行的项目任务", b.label(), r.Row, where(cell)))
			}
		}
		return out
	},
}

var ruleMissingQuarter = &Rule{
	Code:     "missing-quarter",
	Severity: Error,
	Doc:      "事项在某个季度没有任何工作措施（逐项、按季度制订）；每个事项报一条，列出所缺的季度；完全未填写的事项只报 item-without-task",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.contentBlocks() {
			rows := b.taskRows()
			if len(rows) == 0 {
				continue
			}
			var names, cells []string
			for q := range 4 {
				if p.blockCovers(b, q) {
					continue
				}
				names = append(names, p.quarterName(q))
				// In the single measures column every quarter is the same cell.
				if cell := p.quarterCell(q, rows[0].Row); cell != "" && !slices.Contains(cells, cell) {
					cells = append(cells, cell)
				}
			}
			if len(names) == 0 {
				continue
			}
			cell := ""
			if len(cells) > 0 {
				cell = cells[0]
			}
			out = append(out, p.finding(cell, b.id(), "%s缺少%s的工作措施和目标要求，请在 %s 等单元格填写%s的措施",
				b.label(), strings.Join(names, "、"), where(strings.Join(cells, "、")), quarterWord(len(names))))
		}
		return out
	},
}

var ruleRowMissingQuarter = &Rule{
	Code:     "row-missing-quarter",
	Severity: Warning,
	Doc:      "任务行某季度为空，而同一事项的其他行有该季度的措施（整个事项都缺的季度只报 missing-quarter）",
	Check: func(p *Pass) []Finding {
		var out []Finding
		for _, b := range p.contentBlocks() {
			rows := b.taskRows()
			for q := range 4 {
				if !p.blockCovers(b, q) {
					continue
				}
				for _, r := range rows {
					if p.quarterCovered(r, q) {
						continue
					}
					cell := p.quarterCell(q, r.Row)
					out = append(out, p.finding(cell, b.id(), "%s的项目任务%s没有%s的措施，请在 %s 填写，或写明本季度不安排的原因",
						b.label(), quote(r.Task.Value), p.quarterName(q), where(cell)))
				}
			}
		}
		return out
	},
}

// quarterWord refers back to the quarters a missing-quarter finding names.
func quarterWord(n int) string {
	if n == 1 {
		return "该季度"
	}
	return "这些季度"
}
