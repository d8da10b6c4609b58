package checklist

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// withoutUnplanned drops requirement-unplanned findings, for tests of other
// rules whose hand-made tasks plan for no 评分表 line.
func withoutUnplanned(fs []Finding) []Finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f Finding) bool { return f.Code == ruleRequirementUnplanned.Code })
}

func TestEveryRequirementHasAPlanOrAReason(t *testing.T) {
	c := DefaultCatalog()
	var na []string
	for _, r := range c.RequirementRefs() {
		switch {
		case r.Plan != nil && r.NotApplicable != "":
			t.Errorf("%s has both a plan and a reason", r.ID)
		case r.Plan == nil && strings.TrimSpace(r.NotApplicable) == "":
			t.Errorf("%s has neither a plan nor a reason", r.ID)
		case r.Plan == nil:
			na = append(na, r.ID)
		default:
			if len(r.Plan.Evidence) == 0 || len(r.Plan.Kinds) == 0 || r.Plan.Answer == "" {
				t.Errorf("%s: plan %+v lacks evidence, kinds or answer", r.ID, r.Plan)
			}
		}
	}
	// The lines aimed at bodies above a school: 巡察, 惩防体系规划, 三清示范区, 纪检体制改革.
	if want := []string{"4.4", "6.1", "6.2", "15.4"}; !slices.Equal(na, want) {
		t.Errorf("not applicable = %v, want %v", na, want)
	}
}

// A plan's own suggested measure must satisfy it, or the message would
// suggest a measure the rule still flags.
func TestEveryAnswerAnswersItsLine(t *testing.T) {
	c := DefaultCatalog()
	for _, r := range c.RequirementRefs() {
		if r.Plan == nil {
			continue
		}
		n := Normalize(r.Plan.Answer)
		if !r.Plan.matchesEvidence(n) || (len(r.Plan.with) > 0 && !containsFolded(n, r.Plan.with)) {
			t.Errorf("%s: answer %q does not match its own patterns", r.ID, r.Plan.Answer)
		}
	}
}

func TestBrokenPlansAreRefused(t *testing.T) {
	good := string(defaultCatalogYAML)
	first := "categories[0].items[0].requirements[0]"
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown kind", "kinds: [collective]\n", "kinds: [school]\n", first + ".plan.kinds[0]"},
		{"empty pattern", `evidence: ["纪委全会"`, `evidence: [""`, first + ".plan.evidence[0]"},
		{"pattern of spaces and quotes only", `evidence: ["纪委全会"`, `evidence: [" “ ” "`, first + ".plan.evidence[0]"},
		{"pattern of … only", `evidence: ["纪委全会"`, `evidence: ["…"`, first + ".plan.evidence[0]"},
		{"empty with word", `with: ["每季度"`, `with: ["  "`, "categories[0].items[0].requirements[2].plan.with[0]"},
		{"no answer", "answer: \"召开党委会议传达学习上级纪委全会精神，研究部署本单位年度党风廉政建设工作\"", "answer: \"\"", first + ".plan.answer"},
		{"a kind that lacks the item", "kinds: [collective]\n", "kinds: [collective, supervision]\n", first + ".plan.kinds[1]"},
		{"plan and reason both", "            plan:\n              kinds: [collective]\n", "            not_applicable: \"不适用\"\n            plan:\n              kinds: [collective]\n", first},
		{"neither plan nor reason", "            not_applicable: \"巡察", "            # \"巡察", "categories[0].items[3].requirements[3]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			broken := strings.Replace(good, tt.old, tt.new, 1)
			if broken == good {
				t.Fatalf("replacement %q not applied", tt.old)
			}
			_, err := ParseCatalog([]byte(broken))
			if err == nil {
				t.Fatal("broken rules file accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s", err, tt.want)
			}
		})
	}
}

func TestEvidenceWordsInOrder(t *testing.T) {
	tests := []struct {
		text, pattern string
		want          bool
	}{
		{"专题听取班子成员履行一岗双责情况汇报", "听取…汇报", true},
		{"向党委汇报后听取意见", "听取…汇报", false},
		{"召开专题会议", "专题会议", true},
		{"听取汇报", "听取……汇报", true},
		{"听取 汇报", "听取...汇报", true},
	}
	for _, tt := range tests {
		t.Run(tt.text+" / "+tt.pattern, func(t *testing.T) {
			p := &RequirementPlan{Evidence: []string{tt.pattern}}
			(&Catalog{}).foldPlan(p, "1", "x")
			if got := p.matchesEvidence(Normalize(tt.text)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func unplannedOf(fr FileReport) []string {
	var out []string
	for _, f := range fr.Findings {
		if f.Code == ruleRequirementUnplanned.Code {
			out = append(out, fmt.Sprintf("%s@%s#%s", strings.SplitN(strings.TrimPrefix(f.Message, "评分表"), "「", 2)[0], f.Cell, f.Item))
		}
	}
	return out
}

// testdata/requirements/plain_collective.xlsx leaves out, by reading its
// measures: 1月15日前 report and 检查考核 (item 1); 议事规则, 为官不为 and
// 接访 (2); 个人有关事项 (3); 经济责任审计/廉政谈话 (4); 领导小组 and
// 苗头性问题 (5); 重要岗位监管 (6). Its quarterly 听取汇报 is one measure
// per quarter marker, without 每季度.
func TestPlainLayoutListWrittenByOpenpyxl(t *testing.T) {
	c := DefaultCatalog()
	fr := CheckWorkbook(c, ReadFile(c, "../testdata/requirements/plain_collective.xlsx"))
	if len(fr.Lists) != 1 || fr.Lists[0].Kind != KindCollective {
		t.Fatalf("lists = %+v", fr.Lists)
	}
	want := []string{
		"第1项第4条@A5#1", "第1项第5条@A5#1",
		"第2项第2条@A8#2", "第2项第5条@A8#2", "第2项第6条@A8#2",
		"第3项第3条@A10#3", "第4项第2条@A11#4",
		"第5项第1条@A13#5", "第5项第4条@A13#5", "第6项第4条@A14#6",
	}
	if got := unplannedOf(fr); !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestEveryQuarterStandsForWith(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct {
		name     string
		quarters []string
		want     bool
	}{
		{"a 听取汇报 in each quarter column", []string{"3月召开党委会听取汇报", "6月召开党委会听取汇报", "9月召开党委会听取汇报", "12月召开党委会听取汇报"}, true},
		{"three quarters only", []string{"3月召开党委会听取汇报", "6月召开党委会听取汇报", "9月召开党委会听取汇报", "12月底前总结1次"}, false},
		{"once a year, no 每季度", []string{"制定计划1份", "年中听取1次汇报", "开展1次检查", "年底总结1次"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := handList(t, c, KindCollective)
			for q, m := range tt.quarters {
				l.Rows[0].Measures[q].Value = m
			}
			p := newPass(c, l)
			planned := slices.Contains(p.requirementCoverage().Planned, "1.3")
			if planned != tt.want {
				t.Errorf("1.3 planned = %v, want %v", planned, tt.want)
			}
		})
	}
}
