package ledger

import (
	"context"
	"slices"
	"strings"

	"qingdan/checklist"
)

// Unit is one unit's accepted lists.
type Unit struct {
	Name  string
	Year  int // the latest 填报日期's year; 0 when no list has a date
	Lists []*checklist.List
}

// Plan is what reading the lists gave: the units whose lists are accepted,
// and the files refused for errors, with their validate reports.
type Plan struct {
	Units   []Unit
	Refused []checklist.FileReport
	// RefusedUnits are units left out because one of their files was refused.
	RefusedUnits []string
}

// PlanFiles reads and checks the files (on jobs workers, as validate does)
// and groups the lists of the error-free files by 单位. A unit with a
// refused file gets no ledger: half its lists would make a wrong one.
// Cancelling ctx stops the reading and returns ctx.Err().
func PlanFiles(ctx context.Context, c *checklist.Catalog, files []string, jobs int) (*Plan, error) {
	type read struct {
		wb *checklist.Workbook
		fr checklist.FileReport
	}
	got, err := checklist.RunOrdered(ctx, len(files), jobs, func(i int) read {
		wb := checklist.ReadFile(c, files[i])
		return read{wb, checklist.CheckWorkbook(c, wb)}
	}, func(i int, p *checklist.Panic) read {
		return read{&checklist.Workbook{Path: files[i]}, checklist.PanicReport(files[i], p)}
	}, nil)
	if err != nil {
		return nil, err
	}
	plan := &Plan{}
	byKey := map[string]*Unit{}
	var order []string
	refused := map[string]bool{}
	for _, r := range got {
		bad := checklist.HasErrors(r.fr.Findings, false)
		if bad {
			plan.Refused = append(plan.Refused, r.fr)
		}
		for _, li := range r.wb.Lists {
			name := strings.Join(strings.Fields(li.Unit.Value), "")
			key := checklist.UnitKey(name)
			if key == "" {
				continue
			}
			u := byKey[key]
			if u == nil {
				u = &Unit{Name: name}
				byKey[key] = u
				order = append(order, key)
			}
			if bad {
				refused[key] = true
				continue
			}
			u.Lists = append(u.Lists, li)
			if !li.Date.IsZero() {
				u.Year = max(u.Year, li.Date.Year())
			}
		}
	}
	for _, key := range order {
		if refused[key] {
			plan.RefusedUnits = append(plan.RefusedUnits, byKey[key].Name)
			continue
		}
		plan.Units = append(plan.Units, *byKey[key])
	}
	slices.SortStableFunc(plan.Units, func(a, b Unit) int { return strings.Compare(a.Name, b.Name) })
	return plan, nil
}
