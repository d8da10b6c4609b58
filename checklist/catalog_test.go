package checklist

import (
	"os"
	"strings"
	"testing"
)

func readNotice(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/notice.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The notice's table cells break long names over lines ("主要负\n责人履\n行…"),
// so names are compared against the notice with line breaks and tabs removed.
func TestCatalogTextsStandInTheNotice(t *testing.T) {
	notice := readNotice(t)
	joined := strings.NewReplacer("\n", "", "\t", "", "\r", "").Replace(notice)
	c := DefaultCatalog()
	for _, cat := range c.Categories {
		if !strings.Contains(notice, cat.Name) {
			t.Errorf("category name %q is not in the notice", cat.Name)
		}
		if cat.Group != "" && !strings.Contains(joined, cat.Group) {
			t.Errorf("category group %q is not in the notice", cat.Group)
		}
		for _, it := range cat.Items {
			if !strings.Contains(joined, it.Name) {
				t.Errorf("item %s name %q is not in the notice", it.ID, it.Name)
			}
			for i, r := range it.Requirements {
				if !strings.Contains(notice, r.Text) {
					t.Errorf("item %s requirement %d %q is not in the notice word for word", it.ID, i+1, r.Text)
				}
			}
		}
	}
	for _, k := range c.Kinds {
		if !strings.Contains(joined, k.Title) {
			t.Errorf("kind %s title %q is not in the notice", k.ID, k.Title)
		}
		for _, col := range k.Columns {
			if h := k.Headings[col]; !strings.Contains(joined, h) {
				t.Errorf("kind %s heading %q is not in the notice", k.ID, h)
			}
		}
		for _, s := range k.Signatures {
			if !strings.Contains(joined, strings.ReplaceAll(s, " ", "")) {
				t.Errorf("kind %s signature %q is not in the notice", k.ID, s)
			}
		}
	}
	if !strings.Contains(notice, c.Scorecard.Title) {
		t.Errorf("scorecard title %q is not in the notice", c.Scorecard.Title)
	}
}

func TestCatalogPointsAddUp(t *testing.T) {
	c := DefaultCatalog()
	if got := c.ItemCount(); got != 21 {
		t.Errorf("items = %d, want 21", got)
	}
	if got := c.RequirementCount(); got != 70 {
		t.Errorf("requirements = %d, want 70", got)
	}
	wantCats := []struct {
		name   string
		points int
		items  int
	}{{"党委领导班子集体责任", 40, 8}, {"领导班子成员的个人责任", 20, 6}, {"纪委监督责任", 40, 7}}
	total := 0
	for i, want := range wantCats {
		cat := c.Categories[i]
		sum := 0
		for _, it := range cat.Items {
			rs := 0
			for _, r := range it.Requirements {
				rs += r.Points
			}
			if rs != it.Points {
				t.Errorf("item %s: requirements add up to %d, 标准分 %d", it.ID, rs, it.Points)
			}
			sum += it.Points
		}
		if cat.Name != want.name || cat.Points != want.points || sum != want.points || len(cat.Items) != want.items {
			t.Errorf("category %d = %s %d分 (items sum %d, %d items), want %s %d分 %d items", i, cat.Name, cat.Points, sum, len(cat.Items), want.name, want.points, want.items)
		}
		total += sum
	}
	if total != 100 {
		t.Errorf("total = %d, want 100", total)
	}
	if len(c.Safeguards) != 6 {
		t.Errorf("safeguards = %d, want 6", len(c.Safeguards))
	}
}

func TestKindsCoverEightSixSevenSix(t *testing.T) {
	c := DefaultCatalog()
	want := map[Kind]string{
		KindCollective:  "1 2 3 4 5 6 7 8 S1 S2 S3 S4 S5 S6",
		KindPrincipal:   "9 10 11 12 13 14",
		KindMember:      "10 11 12 13 14",
		KindSupervision: "15 16 17 18 19 20 21",
	}
	for k, ids := range want {
		var got []string
		for _, e := range c.KindEntries(k) {
			got = append(got, e.ID)
		}
		if strings.Join(got, " ") != ids {
			t.Errorf("%s items = %v, want %s", k, got, ids)
		}
	}
}

func TestBrokenRulesFileIsRefused(t *testing.T) {
	good := string(defaultCatalogYAML)
	tests := []struct {
		name, old, new, wantField string
	}{
		{"missing item name", `name: "组织领导"`, `name: ""`, "categories[0].items[0].name"},
		{"negative points", "points: 9\n", "points: -9\n", "categories[0].items[0].points"},
		{"duplicate id", `id: "2"`, `id: "1"`, "categories[0].items[1].id"},
		{"requirement points do not add up", "          - points: 2\n            text: \"及时传达", "          - points: 3\n            text: \"及时传达", "categories[0].items[0].points"},
		{"category total wrong", "    points: 40\n", "    points: 41\n", "categories[0].points"},
		{"unknown item in a kind", `items: ["9", "10"`, `items: ["99", "10"`, "kinds[1].items"},
		{"unknown field", "version:", "versoin:", "versoin"},
		{"heading alias for an unknown column", "{column: task, contains:", "{column: tasks, contains:", "reading.heading_aliases[4].column"},
		{"no way to find the 责任名称 heading", `{column: name, contains: ["责任名称"], equals: ["责任事项", "责任项目"]}`, `{column: seq, equals: ["号"]}`, "reading.heading_aliases"},
		{"alias for an unknown header field", "    unit: [\"填报单位\"", "    units: [\"填报单位\"", "reading.field_aliases"},
		{"评分表 without its score heading", `score: ["考核得分"]`, `score: []`, "scorecard.reading.score"},
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
			if !strings.Contains(err.Error(), tt.wantField) {
				t.Errorf("error %q does not name field %s", err, tt.wantField)
			}
		})
	}
}

func TestExportedCatalogParses(t *testing.T) {
	c, err := ParseCatalog(defaultCatalogYAML)
	if err != nil {
		t.Fatal(err)
	}
	if e := c.Entry("9"); e == nil || e.Points() != 6 || !strings.Contains(e.RequirementsText(), "8%") {
		t.Errorf("entry 9 = %+v", e)
	}
}
