package inbox

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

type entry struct {
	name    string
	data    string
	nonUTF8 bool
}

func zipOf(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, NonUTF8: e.nonUTF8})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExpand(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("附件2.xlsx")
	data := zipOf(t,
		entry{name: "城南小学/附件1.xlsx", data: "a"},
		entry{name: "../../etc/x.xlsx", data: "b"},
		entry{name: `C:\Users\x\附件3.xlsx`, data: "c"},
		entry{name: gbk, data: "d", nonUTF8: true},
		entry{name: "inner.zip", data: "e"},
		entry{name: "x.xlsx", data: "f"},
		entry{name: "空/", data: ""},
	)
	ms, err := Expand("某校.zip", data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, data, problem string }{
		{"某校.zip/城南小学/附件1.xlsx", "a", ""},
		{"某校.zip/etc/x.xlsx", "b", ""},
		{"某校.zip/Users/x/附件3.xlsx", "c", ""},
		{"某校.zip/附件2.xlsx", "d", ""},
		{"某校.zip/inner.zip", "", "套了压缩包"},
		{"某校.zip/x.xlsx", "f", ""},
	}
	if len(ms) != len(want) {
		t.Fatalf("got %d members %+v, want %d", len(ms), ms, len(want))
	}
	for i, w := range want {
		m := ms[i]
		if m.Name != w.name || string(m.Data) != w.data || (w.problem == "") != (m.Problem == "") || !strings.Contains(m.Problem, w.problem) {
			t.Errorf("member %d = %q %q %q, want %q %q %q", i, m.Name, m.Data, m.Problem, w.name, w.data, w.problem)
		}
	}
}

func TestExpandLimits(t *testing.T) {
	big := strings.Repeat("x", 2000)
	cases := []struct {
		name    string
		entries []entry
		lim     Limits
		wantErr bool
		problem string
	}{
		{"too many members", []entry{{name: "a", data: "1"}, {name: "b", data: "2"}, {name: "c", data: "3"}}, Limits{MaxMembers: 2, MaxMemberSize: 10, MaxTotal: 100}, true, ""},
		{"member over its limit", []entry{{name: "a.xlsx", data: big}}, Limits{MaxMembers: 5, MaxMemberSize: 1000, MaxTotal: 1 << 20}, false, "过大"},
		{"archive over its total", []entry{{name: "a.xlsx", data: big[:900]}, {name: "b.xlsx", data: big[:900]}}, Limits{MaxMembers: 5, MaxMemberSize: 1000, MaxTotal: 1000}, false, "总大小"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms, err := Expand("a.zip", zipOf(t, c.entries...), c.lim)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if c.problem == "" {
				return
			}
			last := ms[len(ms)-1]
			if !strings.Contains(last.Problem, c.problem) || last.Data != nil {
				t.Errorf("last member %q: problem %q, data %d bytes; want %q", last.Name, last.Problem, len(last.Data), c.problem)
			}
		})
	}
}

func TestIsZipArchive(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain archive", zipOf(t, entry{name: "a.xlsx", data: "x"}), true},
		{"an xlsx", zipOf(t, entry{name: "[Content_Types].xml", data: "x"}), false},
		{"an ods", zipOf(t, entry{name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet"}), false},
		{"not a zip", []byte("hello"), false},
	}
	for _, c := range cases {
		if got := IsZipArchive(c.data); got != c.want {
			t.Errorf("%s: IsZipArchive = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSniffScan(t *testing.T) {
	cases := []struct {
		data string
		want string
	}{
		{"%PDF-1.7\n", ScanPDF}, {"\xFF\xD8\xFF\xE0", ScanJPEG}, {"\x89PNG\r\n\x1a\n", ScanPNG}, {"PK\x03\x04", ""},
	}
	for _, c := range cases {
		if got, _ := SniffScan([]byte(c.data)); got != c.want {
			t.Errorf("SniffScan(%q) = %q, want %q", c.data, got, c.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{"../../a/./b.xlsx": "a/b.xlsx", "/abs/x": "abs/x", `D:\收件箱\x.xlsx`: "收件箱/x.xlsx", "..": "未命名"} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
