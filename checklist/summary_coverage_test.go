package checklist

import (
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingdan/internal/xlsxtest"
)

func TestRequirementCoverageSheet(t *testing.T) {
	c := DefaultCatalog()
	cov := func(planned, unplanned []string) RequirementCoverage {
		return RequirementCoverage{Planned: planned, Unplanned: unplanned}
	}
	withCov := func(fr FileReport, rc RequirementCoverage) FileReport {
		fr.Lists[0].Requirements = rc
		return fr
	}
	files := []FileReport{
		// One member of 甲校 forgets the 党课 that the other plans: the unit leaves 10.4 unplanned.
		withCov(listFile("收件/甲校/附件1.xlsx", KindCollective, "甲校", "", "2017-02-10", collectiveItems), cov([]string{"1.1", "1.2"}, []string{"1.3"})),
		withCov(listFile("收件/甲校/附件3-张三.xlsx", KindMember, "甲校", "张三", "2017-02-10", memberItems), cov([]string{"10.4"}, nil)),
		withCov(listFile("收件/甲校/附件3-李四.xlsx", KindMember, "甲校", "李四", "2017-02-10", memberItems), cov(nil, []string{"10.4"})),
		withCov(listFile("收件/乙校/附件1.xlsx", KindCollective, "乙校", "", "2017-02-10", collectiveItems), cov([]string{"1.1"}, []string{"1.2", "1.3"})),
	}
	r := &Report{Files: files}
	r.Units, _ = BuildUnits(c, files, UnitOptions{FolderUnits: true})
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := WriteFileAtomic(path, false, func(w io.Writer) error { return WriteSummary(w, c, r) }); err != nil {
		t.Fatal(err)
	}
	f := xlsxtest.Open(t, path)
	rows, err := f.GetRows("评分表对照")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		if i >= 2 {
			id, _, _ := strings.Cut(h, "\n")
			col[id] = i
		}
	}
	for _, id := range []string{"1.1", "1.3", "10.4", "21.1"} {
		if _, ok := col[id]; !ok {
			t.Fatalf("no column %s in %v", id, rows[0][:5])
		}
	}
	if _, ok := col["4.4"]; ok {
		t.Errorf("not-applicable line 4.4 has a column")
	}
	cell := func(r []string, i int) string {
		if i < len(r) {
			return r[i]
		}
		return ""
	}
	jia, yi, last := rowOf(t, f, "评分表对照", 1, "甲校"), rowOf(t, f, "评分表对照", 1, "乙校"), rows[len(rows)-1]
	tests := []struct {
		name string
		row  []string
		id   string
		want string
	}{
		{"planned", jia, "1.1", "✓"},
		{"not found", jia, "1.3", "—"},
		{"one member of two forgets", jia, "10.4", "—"},
		{"no list of that kind", yi, "10.4", ""},
		{"two units forget 1.3", last, "1.3", "2"},
		{"one unit forgets 1.2", last, "1.2", "1"},
		{"nobody forgets 1.1", last, "1.1", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cell(tt.row, col[tt.id]); got != tt.want {
				t.Errorf("%s %s = %q, want %q", tt.row[0], tt.id, got, tt.want)
			}
		})
	}
	share := len(rows[0]) - 1
	if got := []string{cell(jia, share), cell(yi, share)}; !slices.Equal(got, []string{"2/4（50%）", "1/3（33%）"}) {
		t.Errorf("shares %v", got)
	}
	if last[0] != "未找到对应措施的单位数" {
		t.Errorf("last row %q", last[0])
	}
}
