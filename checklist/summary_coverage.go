package checklist

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// sheetRequirements is the summary sheet of 评分表 lines planned per unit.
const sheetRequirements = "评分表对照"

// markUnplanned marks a line the unit's lists do not plan for: a dash, not
// a cross, as it says 未找到对应措施 and not 不合格.
const markUnplanned = "—"

// writeRequirementCoverage writes 评分表对照: one row per unit that sent
// lists, one column per applicable 具体要求 (✓ planned, — not found, empty
// when no list of the unit plans for it), the unit's planned share, and a
// last row counting the units that leave each line unplanned, so the office
// sees which lines most units forget.
func writeRequirementCoverage(f *excelize.File, st *reportStyles, c *Catalog, units []UnitReport) error {
	if _, err := f.NewSheet(sheetRequirements); err != nil {
		return err
	}
	t := &table{f: f, sheet: sheetRequirements, st: st}
	var refs []RequirementRef
	for _, r := range c.RequirementRefs() {
		if r.Plan != nil {
			refs = append(refs, r)
		}
	}
	heads := []string{"单位", "上级党组织"}
	widths := []float64{24, 14}
	for _, r := range refs {
		heads = append(heads, r.ID+"\n"+r.Lead())
		widths = append(widths, 7)
	}
	heads = append(heads, "已计划")
	widths = append(widths, 12)
	if err := t.start(heads, widths, 2); err != nil {
		return err
	}
	forgotten := make([]int, len(refs))
	row := 1
	for _, u := range units {
		if len(u.Files) == 0 {
			continue
		}
		row++
		t.str(1, row, u.Name, st.body)
		t.str(2, row, u.Group, st.body)
		for i, r := range refs {
			switch {
			case slices.Contains(u.Requirements.Planned, r.ID):
				t.str(3+i, row, markCovered, st.center)
			case slices.Contains(u.Requirements.Unplanned, r.ID):
				t.str(3+i, row, markUnplanned, st.yellow)
				forgotten[i]++
			default:
				t.blank(3+i, row, st.center)
			}
		}
		t.str(3+len(refs), row, requirementShare(u.Requirements), st.center)
	}
	row++
	t.str(1, row, "未找到对应措施的单位数", st.head)
	t.blank(2, row, st.head)
	for i, n := range forgotten {
		t.num(3+i, row, n, st.head)
	}
	t.blank(3+len(refs), row, st.head)
	if t.err != nil {
		return fmt.Errorf("%s：%w", sheetRequirements, t.err)
	}
	return t.finish(len(heads), row, false)
}
