package publish

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"qingdan/checklist"
	"qingdan/checklist/forms"
)

// publicInbox writes three units: 示例学校 complete and valid, 乙校 with two
// kinds only, 丙校 complete but with an unreadable file in its folder.
func publicInbox(t *testing.T, c *checklist.Catalog) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	write := func(unit, folder string, attachments ...int) {
		for _, a := range attachments {
			p := filepath.Join(dir, folder, forms.FormSheetName(a)+".xlsx")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := checklist.WriteFileAtomic(p, false, func(w io.Writer) error { return forms.WriteExample(w, c, a, forms.ExampleOptions{Unit: unit}) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("", "示例学校", 1, 2, 3, 4)
	write("乙校", "乙校", 1, 2)
	write("丙校", "丙校", 1, 2, 3, 4)
	if err := os.WriteFile(filepath.Join(dir, "丙校", "补报.xlsx"), []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := checklist.CollectFiles([]string{dir}, checklist.CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

func TestPublicUnitsRefuseListsWithErrors(t *testing.T) {
	c := checklist.DefaultCatalog()
	_, files := publicInbox(t, c)
	units, err := PublicUnits(context.Background(), c, files, 1)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range units {
		names = append(names, u.Name)
	}
	if !slices.Equal(names, []string{"丙校", "乙校", "示例学校"}) {
		t.Fatalf("units %v", names)
	}
	codes := func(u PublicUnit) []string {
		var out []string
		for _, f := range u.Refused {
			out = append(out, f.Code)
		}
		return out
	}
	tests := []struct {
		unit  PublicUnit
		codes []string
	}{
		{units[0], []string{checklist.CodeUnreadable}},
		{units[1], []string{checklist.CodeMissingList, checklist.CodeMissingList}},
		{units[2], nil},
	}
	for _, tt := range tests {
		t.Run(tt.unit.Name, func(t *testing.T) {
			if got := codes(tt.unit); !slices.Equal(got, tt.codes) {
				t.Errorf("refused %v, want %v", got, tt.codes)
			}
		})
	}
	var kinds []checklist.Kind
	for _, l := range units[2].Lists {
		kinds = append(kinds, l.Kind)
	}
	if !slices.Equal(kinds, checklist.Kinds) {
		t.Errorf("lists of 示例学校 in order %v", kinds)
	}
}

// cellTexts parses a page and returns the text of every <td>, and of the <h1>.
func cellTexts(t *testing.T, page []byte) (cells []string, title string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			b.WriteString(text(ch))
		}
		return b.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "td" {
			cells = append(cells, text(n))
			return
		}
		if n.Type == html.ElementNode && n.Data == "h1" {
			title = text(n)
		}
		if n.Type == html.ElementNode && (n.Data == "link" || n.Data == "script" || n.Data == "img") {
			t.Errorf("external or active content <%s> in a self-contained page", n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return cells, title
}

func TestPublicPageHoldsEveryTaskAndMeasure(t *testing.T) {
	c := checklist.DefaultCatalog()
	_, files := publicInbox(t, c)
	units, err := PublicUnits(context.Background(), c, files, 1)
	if err != nil {
		t.Fatal(err)
	}
	u := units[2]
	opts := PublishOptions{From: time.Date(2017, 2, 15, 0, 0, 0, 0, time.UTC), To: time.Date(2017, 2, 21, 0, 0, 0, 0, time.UTC), Contact: "监督电话：0000-1234567 <script>"}
	page, err := RenderPublic(c, u, opts)
	if err != nil {
		t.Fatal(err)
	}
	cells, title := cellTexts(t, page)
	if title != "示例学校2017年度党风廉政建设“两个责任”清单（公示）" {
		t.Errorf("title %q", title)
	}
	for _, want := range []string{"公示期：2017年2月15日至2017年2月21日", "监督联系方式：监督电话：0000-1234567 &lt;script&gt;", "size: A4 landscape"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
	have := map[string]int{}
	for _, s := range cells {
		have[s]++
	}
	n := 0
	for _, l := range u.Lists {
		for _, r := range l.Rows {
			texts := []string{r.Task.Value, r.MeasuresRaw.Value}
			if !l.SingleMeasures {
				for _, m := range r.Measures {
					texts = append(texts, m.Value)
				}
			}
			for _, s := range texts {
				if s == "" {
					continue
				}
				n++
				if have[s] == 0 {
					t.Errorf("%s row %d: %q not in any table cell", l.Kind, r.Row, s)
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d texts compared", n)
	}
}

func TestPublicFileNameNeverAPath(t *testing.T) {
	tests := []struct{ unit, want string }{
		{"示例学校", "示例学校 公示版"},
		{"../../etc/passwd", "etcpasswd 公示版"},
		{`C:\Windows\第一中学`, "CWindows第一中学 公示版"},
		{"…", "未填单位 公示版"},
	}
	for _, tt := range tests {
		if got := PublicFileName(tt.unit); got != tt.want {
			t.Errorf("PublicFileName(%q) = %q, want %q", tt.unit, got, tt.want)
		}
	}
}
