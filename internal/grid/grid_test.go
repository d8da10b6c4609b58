package grid

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sheetOf(rows ...Row) *Sheet { return &Sheet{Name: "s", Rows: rows} }

func TestMergeAt(t *testing.T) {
	s := sheetOf(
		Row{Num: 1, Cells: []Cell{{Col: 1, Type: Text, Value: "责任名称"}, {Col: 3, Type: Text, Value: "工作措施"}}},
		Row{Num: 2, Cells: []Cell{{Col: 3, Type: Text, Value: "一季度"}}},
		Row{Num: 4, Cells: []Cell{{Col: 2, Type: Text, Value: "x"}}},
	)
	s.Merges = []Range{{1, 1, 4, 1}, {1, 3, 1, 6}, {1, 3, 1, 6}}
	cases := []struct {
		name     string
		row, col int
		want     string
		merged   bool
	}{
		{"top-left of a vertical merge", 1, 1, "责任名称", true},
		{"covered row of a vertical merge", 3, 1, "责任名称", true},
		{"last covered row", 4, 1, "责任名称", true},
		{"right end of a horizontal merge", 1, 6, "工作措施", true},
		{"outside every merge", 2, 3, "一季度", false},
		{"right of a merge", 1, 7, "", false},
		{"below a merge", 5, 1, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, merged := s.MergeAt(c.row, c.col)
			if got := s.Value(c.row, c.col); got != c.want || merged != c.merged {
				t.Errorf("Value(%d,%d) = %q merged %v, want %q merged %v", c.row, c.col, got, merged, c.want, c.merged)
			}
		})
	}
	if n := len(s.merged.byRow[1]); n != 2 {
		t.Errorf("row 1 indexes %d merges, want 2 (the duplicate kept once)", n)
	}
}

func TestRef(t *testing.T) {
	word := &Sheet{Table: 2, TableTop: 4, TableBottom: 9}
	cases := []struct {
		s        *Sheet
		row, col int
		want     string
	}{
		{&Sheet{}, 3, 28, "AB3"},
		{word, 4, 1, "表2 第1行第1列"},
		{word, 6, 4, "表2 第3行第4列"},
		{word, 2, 1, "表2 上方第2段"},
		{word, 11, 1, "表2 下方第2段"},
	}
	for _, c := range cases {
		if got := c.s.Ref(c.row, c.col); got != c.want {
			t.Errorf("Ref(%d,%d) = %q, want %q", c.row, c.col, got, c.want)
		}
	}
}

func TestCellNames(t *testing.T) {
	for _, c := range []struct {
		ref      string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true}, {"$AB$12", 28, 12, true}, {"xfd1048576", 16384, 1048576, true},
		{"A", 0, 0, false}, {"1", 0, 0, false}, {"A0", 0, 0, false}, {"A1B", 0, 0, false}, {"", 0, 0, false},
	} {
		col, row, ok := ParseCellName(c.ref)
		if col != c.col || row != c.row || ok != c.ok {
			t.Errorf("ParseCellName(%q) = %d,%d,%v want %d,%d,%v", c.ref, col, row, ok, c.col, c.row, c.ok)
		}
		if want := strings.ToUpper(strings.ReplaceAll(c.ref, "$", "")); ok && CellName(col, row) != want {
			t.Errorf("CellName(%d,%d) = %q, want %q", col, row, CellName(col, row), want)
		}
	}
	if CellName(27, 3) != "AA3" || CellName(0, 1) != "" {
		t.Errorf("CellName: %q %q", CellName(27, 3), CellName(0, 1))
	}
}

func TestReadRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfb := append(append([]byte{}, CFBSignature...), make([]byte, 512)...)
	cases := []struct {
		name string
		path string
		kind Kind
	}{
		{"empty file", write("e.xlsx", nil), Unreadable},
		{"folder", dir, Unreadable},
		{"missing", filepath.Join(dir, "不存在.xlsx"), Unreadable},
		{"compound file named xlsx", write("old.xlsx", cfb), Unreadable},
		{"encrypted", write("enc.xlsx", append(cfb, encryptionInfo...)), Unreadable},
		{"random bytes named xlsx", write("r.xlsx", []byte("hello")), Unreadable},
		{"unknown extension", write("a.foo", []byte("hello")), Unsupported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadFile(c.path, DefaultLimits())
			e, ok := err.(*Error)
			if !ok || e.Kind != c.kind || e.Reason == "" || e.Path != c.path && c.name != "folder" && c.name != "missing" {
				t.Fatalf("err = %#v, want an *Error of kind %d", err, c.kind)
			}
		})
	}
}
