package checklist

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// unitsOf builds the units of one list per written name (a collective
// list each, in folder 收件/N) and returns each unit's name with its files'
// folder numbers, and its findings' codes.
func unitsOf(t *testing.T, roster *Roster, written ...string) (groups []string, codes map[string][]string) {
	t.Helper()
	var files []FileReport
	for i, w := range written {
		files = append(files, listFile(fmt.Sprintf("收件/%d/附件1.xlsx", i), KindCollective, w, "", "2017-02-10", collectiveItems))
	}
	units, _ := BuildUnits(DefaultCatalog(), files, UnitOptions{Roster: roster, FolderUnits: true})
	codes = map[string][]string{}
	for _, u := range units {
		if len(u.Files) == 0 {
			continue
		}
		var dirs []string
		for _, p := range u.Files {
			dirs = append(dirs, strings.Split(strings.ReplaceAll(p, "\\", "/"), "/")[1])
		}
		groups = append(groups, u.Name+":"+strings.Join(dirs, ","))
		for _, f := range u.Findings {
			if f.Code != CodeMissingList && f.Code != CodeDuplicateList {
				codes[u.Name] = append(codes[u.Name], f.Code)
			}
		}
	}
	return groups, codes
}

func TestUnitNameVariantsWithoutRoster(t *testing.T) {
	tests := []struct {
		name    string
		written []string
		want    []string
	}{
		{"city and district prefixes, short district name and a stamp remark are one unit",
			[]string{"通州城南小学", "南通市通州区城南小学", "通州区城南小学（盖章）"},
			[]string{"通州城南小学:0,1,2"}},
		{"the most used form names the unit",
			[]string{"南通市通州区城南小学", "通州区城南小学", "通州区城南小学（盖章）"},
			[]string{"通州区城南小学:0,1,2"}},
		{"party-organ words and brackets of any width",
			[]string{"中共城南小学支部委员会", "城南小学党支部(公章)", "城南小学【修改稿】"},
			[]string{"城南小学:0,1,2"}},
		{"two districts' schools of one name stay two units",
			[]string{"海门区城南小学", "通州区城南小学"},
			[]string{"海门区城南小学:0", "通州区城南小学:1"}},
		{"a place prefix is stripped only when the rest names a unit",
			[]string{"通州区城南小学", "通州区城北小学"},
			[]string{"通州区城北小学:1", "通州区城南小学:0"}},
		{"the bare 区 of a district school",
			[]string{"区实验小学", "实验小学"},
			[]string{"区实验小学:0,1"}},
		{"what is left must be longer than a 简称",
			[]string{"通州区一中", "一中"},
			[]string{"通州区一中:0", "一中:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := unitsOf(t, nil, tt.written...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("units %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnitNamesAgainstRoster(t *testing.T) {
	roster := &Roster{Units: []RosterUnit{
		{Name: "通州区城南小学", Aliases: []string{"城南小"}},
		{Name: "通州区实验中学"},
		{Name: "海门区东洲中学"},
		{Name: "如东县东洲中学"},
	}}
	tests := []struct {
		name      string
		written   []string
		want      []string
		wantCodes map[string][]string
	}{
		{"variants of a roster name need no finding",
			[]string{"通州城南小学", "南通市通州区城南小学", "城南小学（盖章）", "中共通州区城南小学支部委员会"},
			[]string{"通州区城南小学:0,1,2,3"}, map[string][]string{}},
		{"a name with a word added is matched with unit-alias",
			[]string{"通州区实验初级中学"},
			[]string{"通州区实验中学:0"}, map[string][]string{"通州区实验中学": {CodeUnitAlias}}},
		{"one unit-alias per variant, not per file",
			[]string{"实验中学校", "实验中学校", "通州区实验中学"},
			[]string{"通州区实验中学:0,1,2"}, map[string][]string{"通州区实验中学": {CodeUnitAlias}}},
		{"a branch school is another unit, not an alias",
			[]string{"通州区实验中学分校"},
			[]string{"通州区实验中学分校:0"}, map[string][]string{"通州区实验中学分校": {CodeUnknownUnit}}},
		{"a changed character is no alias: unknown unit",
			[]string{"通州区城北小学"},
			[]string{"通州区城北小学:0"}, map[string][]string{"通州区城北小学": {CodeUnknownUnit}}},
		{"two roster units fit the name without its place: unknown unit",
			[]string{"东洲中学"},
			[]string{"东洲中学:0"}, map[string][]string{"东洲中学": {CodeUnknownUnit}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, codes := unitsOf(t, roster, tt.written...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("units %q, want %q", got, tt.want)
			}
			for name, want := range tt.wantCodes {
				if !slices.Equal(codes[name], want) {
					t.Errorf("%s codes %q, want %q", name, codes[name], want)
				}
			}
			for name, c := range codes {
				if _, ok := tt.wantCodes[name]; !ok {
					t.Errorf("%s: unexpected findings %q", name, c)
				}
			}
		})
	}
	t.Run("unit-alias names the variant, the roster name and 简称", func(t *testing.T) {
		files := []FileReport{listFile("收件/x/附件1.xlsx", KindCollective, "通州区实验初级中学（盖章）", "", "", collectiveItems)}
		units, _ := BuildUnits(DefaultCatalog(), files, UnitOptions{Roster: roster})
		u := units[1]
		i := slices.IndexFunc(u.Findings, func(f Finding) bool { return f.Code == CodeUnitAlias })
		if i < 0 {
			t.Fatalf("no unit-alias: %+v", u.Findings)
		}
		f := u.Findings[i]
		for _, w := range []string{"“通州区实验初级中学”", "“通州区实验中学”", "简称"} {
			if !strings.Contains(f.Message, w) {
				t.Errorf("message %q lacks %s", f.Message, w)
			}
		}
		if f.Severity != Info || f.File != files[0].Path {
			t.Errorf("finding %+v", f)
		}
	})
}
