package checklist

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func ids(from, to int, extra ...string) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return append(out, extra...)
}

var (
	collectiveItems  = ids(1, 8, "S1", "S2", "S3", "S4", "S5", "S6")
	principalItems   = ids(9, 14)
	memberItems      = ids(10, 14)
	supervisionItems = ids(15, 21)
)

// listFile is a checked file holding one list.
func listFile(path string, kind Kind, unit, person, date string, items []string) FileReport {
	return FileReport{Path: filepath.FromSlash(path), Valid: true, Findings: []Finding{},
		Lists: []ListReport{{Sheet: "Sheet1", Kind: kind, Unit: unit, Person: person, Date: date, Items: items, Tasks: len(items)}}}
}

// batchFiles is an office inbox: a complete unit, a unit missing its member
// lists and an item, a unit with a member list sent twice and 单位 left
// empty, and a unit that is not on the roster.
func batchFiles() []FileReport {
	return []FileReport{
		listFile("收件/区实验小学/附件1.xlsx", KindCollective, "区实验小学党支部", "", "2017-02-10", collectiveItems),
		listFile("收件/区实验小学/附件2.xlsx", KindPrincipal, "实小", "赵一", "2017-02-10", principalItems),
		listFile("收件/区实验小学/附件3-张三.xlsx", KindMember, "区实验小学", "张三", "2017-02-10", memberItems),
		listFile("收件/区实验小学/附件3-李四.xlsx", KindMember, "区实验小学", "李四", "2017-02-10", memberItems),
		listFile("收件/区实验小学/附件4.xlsx", KindSupervision, "区实验小学", "", "2017-02-10", supervisionItems),

		listFile("收件/第一中学/附件1.xlsx", KindCollective, "第一中学", "", "2017-02-10", ids(1, 2, ids(4, 8, "S1", "S2", "S3", "S4", "S5", "S6")...)),
		listFile("收件/第一中学/附件2.xlsx", KindPrincipal, "一中", "钱二", "2017-02-10", principalItems),
		listFile("收件/第一中学/附件4.xlsx", KindSupervision, "第一中学", "", "2017-02-10", supervisionItems),

		listFile("收件/镇中心小学/附件1.xlsx", KindCollective, "", "", "2017-02-10", collectiveItems),
		listFile("收件/镇中心小学/附件2.xlsx", KindPrincipal, "", "孙三", "2017-02-10", principalItems),
		listFile("收件/镇中心小学/王五.xlsx", KindMember, "", "王五", "2017-02-10", memberItems),
		listFile("收件/镇中心小学/王五(改).xlsx", KindMember, "", " 王五", "2017-02-10", memberItems),
		listFile("收件/镇中心小学/附件4.xlsx", KindSupervision, "", "", "2017-02-10", supervisionItems),

		listFile("收件/区实验中学/附件1.xlsx", KindCollective, "区实验中学", "", "2017-02-10", collectiveItems),
	}
}

// fullNames writes the full unit names where batchFiles uses 简称, which
// only a roster can resolve.
func fullNames(files []FileReport) []FileReport {
	for i := range files {
		for j := range files[i].Lists {
			l := &files[i].Lists[j]
			if full, ok := map[string]string{"实小": "区实验小学", "一中": "第一中学"}[l.Unit]; ok {
				l.Unit = full
			}
		}
	}
	return files
}

func batchRoster() *Roster {
	return &Roster{Units: []RosterUnit{
		{Name: "区实验小学", Aliases: []string{"实小"}, Group: "区教育局党委", Members: 2, HasMembers: true, Row: 2},
		{Name: "第一中学", Aliases: []string{"一中"}, Group: "区教育局党委", Members: 4, HasMembers: true, Row: 3},
		{Name: "镇中心小学", Group: "某某镇党委", Row: 4},
		{Name: "第二中学", Group: "区教育局党委", Members: 3, HasMembers: true, Row: 5},
	}}
}

// unitView is what the JSON shows of a unit, with findings as "code: message".
type unitView struct {
	Name     string
	Valid    bool
	Lists    map[Kind]int
	Findings []string
}

func viewUnits(us []UnitReport) []unitView {
	out := []unitView{}
	for _, u := range us {
		v := unitView{Name: u.Name, Valid: u.Valid, Lists: u.Lists, Findings: []string{}}
		for _, f := range u.Findings {
			v.Findings = append(v.Findings, f.Code+"/"+string(f.Severity)+": "+f.Message)
		}
		out = append(out, v)
	}
	return out
}

func lists(c, p, m, s int) map[Kind]int {
	return map[Kind]int{KindCollective: c, KindPrincipal: p, KindMember: m, KindSupervision: s}
}

func TestBuildUnits(t *testing.T) {
	c := DefaultCatalog()
	dup := "duplicate-list/warning: 附件3《班子成员责任清单》（王五）重复报送：" +
		filepath.FromSlash("收件/镇中心小学/王五.xlsx") + "（工作表“Sheet1”） 与 " +
		filepath.FromSlash("收件/镇中心小学/王五(改).xlsx") + "（工作表“Sheet1”），请只保留一份。"
	gap := "coverage-gap/warning: 本单位各清单合起来未覆盖党委领导班子集体责任 8 项中的 1 项：3 选好用好干部。"
	tests := []struct {
		name       string
		opts       UnitOptions
		files      []FileReport
		want       []unitView
		wantRoster *RosterReport
	}{
		{
			name:  "roster: complete, missing lists, duplicate, unknown and not submitted units, in roster order",
			opts:  UnitOptions{Roster: batchRoster(), FolderUnits: true},
			files: batchFiles(),
			want: []unitView{
				{"区实验小学", true, lists(1, 1, 2, 1), []string{}},
				{"第一中学", false, lists(1, 1, 0, 1), []string{
					"missing-list/error: 附件3《班子成员责任清单》应有 4 份，实收 0 份（按报送名单的班子成员数），请补报。",
					gap,
				}},
				{"镇中心小学", true, lists(1, 1, 2, 1), []string{dup}},
				{"第二中学", false, lists(0, 0, 0, 0), []string{
					"not-submitted/error: 名单中的单位“第二中学”未报送任何清单，请催报。",
				}},
				{"区实验中学", false, lists(1, 0, 0, 0), []string{
					"unknown-unit/warning: 单位“区实验中学”不在报送名单中，是否指“区实验小学”？请核对单位名称。",
					"missing-list/error: 未收到附件2《领导班子主要负责人责任清单》，请补报。",
					"missing-list/error: 未收到附件3《班子成员责任清单》，请补报。",
					"missing-list/error: 未收到附件4《纪委(纪检委员)监督责任清单》，请补报。",
				}},
			},
			wantRoster: &RosterReport{Expected: 4, Submitted: 3, Missing: []string{"第二中学"}},
		},
		{
			name:  "folder without roster: no roster findings, member list missing counts as a kind, pinyin order",
			opts:  UnitOptions{FolderUnits: true},
			files: fullNames(batchFiles()),
			want: []unitView{
				{"第一中学", false, lists(1, 1, 0, 1), []string{
					"missing-list/error: 未收到附件3《班子成员责任清单》，请补报。",
					gap,
				}},
				{"区实验小学", true, lists(1, 1, 2, 1), []string{}},
				{"区实验中学", false, lists(1, 0, 0, 0), []string{
					"missing-list/error: 未收到附件2《领导班子主要负责人责任清单》，请补报。",
					"missing-list/error: 未收到附件3《班子成员责任清单》，请补报。",
					"missing-list/error: 未收到附件4《纪委(纪检委员)监督责任清单》，请补报。",
				}},
				{"镇中心小学", true, lists(1, 1, 2, 1), []string{dup}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			units, roster := BuildUnits(c, tt.files, tt.opts)
			got := viewUnits(units)
			if !reflect.DeepEqual(got, tt.want) {
				g, _ := json.MarshalIndent(got, "", "  ")
				w, _ := json.MarshalIndent(tt.want, "", "  ")
				t.Errorf("units:\n got %s\nwant %s", g, w)
			}
			if !reflect.DeepEqual(roster, tt.wantRoster) {
				t.Errorf("roster = %+v, want %+v", roster, tt.wantRoster)
			}
		})
	}
}

func TestBuildUnitsDetails(t *testing.T) {
	c := DefaultCatalog()
	units, _ := BuildUnits(c, batchFiles(), UnitOptions{Roster: batchRoster(), FolderUnits: true})
	byName := map[string]UnitReport{}
	for _, u := range units {
		byName[u.Name] = u
	}
	t.Run("alias and party-organ suffix grouped under the roster name", func(t *testing.T) {
		u := byName["区实验小学"]
		if len(u.Files) != 5 || u.Group != "区教育局党委" {
			t.Errorf("files %v group %q", u.Files, u.Group)
		}
	})
	t.Run("folder name used as unit when 单位 is empty", func(t *testing.T) {
		if u := byName["镇中心小学"]; len(u.Files) != 5 || u.Group != "某某镇党委" {
			t.Errorf("files %v group %q", u.Files, u.Group)
		}
	})
	t.Run("coverage is the union of the unit's lists", func(t *testing.T) {
		if got := len(byName["区实验小学"].Covered); got != 27 {
			t.Errorf("complete unit covers %d entries, want 27", got)
		}
		if got := byName["第一中学"].Covered; len(got) != 26 || got[2] != "4" {
			t.Errorf("第一中学 covers %v, want all but item 3", got)
		}
	})
	t.Run("coverage counted per category and for the safeguards", func(t *testing.T) {
		want := map[string]string{"区实验小学": "8/8 6/6 7/7 6/6", "第一中学": "7/8 6/6 7/7 6/6"}
		for name, w := range want {
			var parts []string
			for _, cc := range UnitCoverage(c, byName[name]) {
				parts = append(parts, strconv.Itoa(cc.Covered)+"/"+strconv.Itoa(cc.Total))
			}
			if got := strings.Join(parts, " "); got != w {
				t.Errorf("%s coverage %s, want %s", name, got, w)
			}
		}
	})
	t.Run("status and what is missing", func(t *testing.T) {
		want := map[string]struct {
			status  string
			missing []string
		}{
			"区实验小学": {StatusOK, nil},
			"第一中学":  {StatusPartial, []string{"缺附件3"}},
			"镇中心小学": {StatusOK, nil},
			"第二中学":  {StatusNotSent, nil},
			"区实验中学": {StatusPartial, []string{"缺附件2", "缺附件3", "缺附件4"}},
		}
		for _, u := range units {
			w := want[u.Name]
			if u.Status() != w.status || !slices.Equal(u.Missing, w.missing) {
				t.Errorf("%s: %s %q, want %s %q", u.Name, u.Status(), u.Missing, w.status, w.missing)
			}
		}
	})
	t.Run("JSON lists every kind, findings never null", func(t *testing.T) {
		b, err := json.Marshal(byName["区实验小学"])
		if err != nil {
			t.Fatal(err)
		}
		want := `{"name":"区实验小学","valid":true,"lists":{"collective":1,"member":2,"principal":1,"supervision":1},"findings":[],"requirements":{"planned":[],"unplanned":[]}}`
		if string(b) != want {
			t.Errorf("got %s\nwant %s", b, want)
		}
	})
}

func TestBuildUnitsEdgeCases(t *testing.T) {
	c := DefaultCatalog()
	t.Run("files named one by one: no unit checks", func(t *testing.T) {
		units, roster := BuildUnits(c, batchFiles(), UnitOptions{})
		if units == nil || len(units) != 0 || roster != nil {
			t.Errorf("got %d units, roster %v", len(units), roster)
		}
	})
	t.Run("fewer member lists than the roster's 班子成员数", func(t *testing.T) {
		roster := batchRoster()
		roster.Units[0].Members = 3
		units, _ := BuildUnits(c, batchFiles()[:5], UnitOptions{Roster: roster})
		got := viewUnits(units[:1])[0]
		want := "missing-list/error: 附件3《班子成员责任清单》应有 3 份，实收 2 份（按报送名单的班子成员数），请补报。"
		if got.Name != "区实验小学" || got.Valid || !slices.Equal(got.Findings, []string{want}) {
			t.Errorf("unit %+v", got)
		}
		if u := units[0]; u.Status() != StatusPartial || !slices.Equal(u.Missing, []string{"附件3 2/3份"}) {
			t.Errorf("status %s, missing %q; want 部分未报 [附件3 2/3份]", u.Status(), u.Missing)
		}
	})
	t.Run("roster 班子成员数 0: no member list needed", func(t *testing.T) {
		roster := &Roster{Units: []RosterUnit{{Name: "区实验小学", HasMembers: true}}}
		files := slices.Delete(fullNames(batchFiles())[:5], 2, 4)
		units, _ := BuildUnits(c, files, UnitOptions{Roster: roster})
		if len(units) != 1 || !units[0].Valid || len(units[0].Findings) != 0 {
			t.Errorf("units %+v", units)
		}
	})
	t.Run("a file in error makes its unit not valid", func(t *testing.T) {
		files := fullNames(batchFiles())[:5]
		files[1].Valid = false
		files[1].Findings = []Finding{{Code: "missing-item", Severity: Error, Message: "x"}}
		units, _ := BuildUnits(c, files, UnitOptions{FolderUnits: true})
		if len(units) != 1 || units[0].Valid || len(units[0].Findings) != 0 {
			t.Errorf("units = %+v", units)
		}
	})
	t.Run("an unreadable file joins its folder's unit but makes none", func(t *testing.T) {
		files := append(fullNames(batchFiles())[:5],
			FileReport{Path: filepath.FromSlash("收件/区实验小学/附件3-王.xls")},
			FileReport{Path: filepath.FromSlash("收件/杂项/说明.docx")})
		units, _ := BuildUnits(c, files, UnitOptions{FolderUnits: true})
		if len(units) != 1 || len(units[0].Files) != 6 {
			t.Errorf("units = %+v", units)
		}
	})
	t.Run("roster unit that sent only an unreadable file is submitted but missing every list", func(t *testing.T) {
		files := []FileReport{{Path: filepath.FromSlash("收件/第二中学/清单.xls")}}
		units, roster := BuildUnits(c, files, UnitOptions{Roster: batchRoster()})
		var u UnitReport
		for _, x := range units {
			if x.Name == "第二中学" {
				u = x
			}
		}
		if roster.Submitted != 1 || len(u.Findings) != 4 || u.Findings[0].Code != CodeMissingList {
			t.Errorf("roster %+v, unit %+v", roster, u)
		}
	})
	t.Run("two collective lists of a unit are duplicates whoever fills them", func(t *testing.T) {
		files := []FileReport{
			listFile("a/甲校/1.xlsx", KindCollective, "甲校", "", "", collectiveItems),
			listFile("a/甲校/1(2).xlsx", KindCollective, "甲校", "", "", collectiveItems),
			listFile("a/甲校/2.xlsx", KindPrincipal, "甲校", "张", "", principalItems),
			listFile("a/甲校/2b.xlsx", KindPrincipal, "甲校", "李", "", principalItems),
		}
		units, _ := BuildUnits(c, files, UnitOptions{FolderUnits: true})
		var dups int
		for _, f := range units[0].Findings {
			if f.Code == CodeDuplicateList {
				dups++
				if f.File != files[1].Path {
					t.Errorf("duplicate points at %s", f.File)
				}
			}
		}
		if dups != 1 {
			t.Errorf("%d duplicate-list findings, want 1: %+v", dups, units[0].Findings)
		}
	})
}

func TestLateFindings(t *testing.T) {
	deadline := time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		date     string
		deadline time.Time
		want     string
	}{
		{"after the deadline", "2017-02-15", deadline, "late/warning: 填报日期 2017-02-15 晚于报送截止日期 2017-02-14。"},
		{"on the deadline day", "2017-02-14", deadline, ""},
		{"before", "2017-02-01", deadline, ""},
		{"no date", "", deadline, ""},
		{"no deadline", "2017-03-01", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr := listFile("a/b.xlsx", KindCollective, "甲校", "", tt.date, nil)
			fr.Lists[0].DateCell = "F3"
			fs := LateFindings(fr, tt.deadline)
			got := ""
			for _, f := range fs {
				got += f.Code + "/" + string(f.Severity) + ": " + f.Message
				if f.Sheet != "Sheet1" || f.File != filepath.FromSlash("a/b.xlsx") || f.Cell != "F3" {
					t.Errorf("finding points at %q %q", f.File, f.Sheet)
				}
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDeadline(t *testing.T) {
	want := time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"2017-02-14", "2017/2/14", "2017.2.14", "2017年2月14日", "２０１７－０２－１４"} {
		got, err := ParseDeadline(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDeadline(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "明天", "2017-13-01"} {
		if _, err := ParseDeadline(s); err == nil || !strings.Contains(err.Error(), "无法识别") {
			t.Errorf("ParseDeadline(%q) error = %v", s, err)
		}
	}
}
