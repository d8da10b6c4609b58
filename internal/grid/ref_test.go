package grid

import "testing"

func TestParseRef(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want TableRef
		ok   bool
	}{
		{"table cell", "表2 第3行第4列", TableRef{Table: 2, Place: InTable, Row: 3, Col: 4}, true},
		{"many digits", "表12 第103行第11列", TableRef{Table: 12, Row: 103, Col: 11}, true},
		{"paragraph above", "表1 上方第2段", TableRef{Table: 1, Place: Above, Row: 2}, true},
		{"paragraph below", "表3 下方第1段", TableRef{Table: 3, Place: Below, Row: 1}, true},
		{"an A1 reference", "B5", TableRef{}, false},
		{"no space", "表2第3行第4列", TableRef{}, false},
		{"zero row", "表2 第0行第4列", TableRef{}, false},
		{"trailing text", "表2 第3行第4列外", TableRef{}, false},
		{"missing column", "表2 第3行", TableRef{}, false},
		{"number too long", "表2 第12345678901行第1列", TableRef{}, false},
		{"empty", "", TableRef{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ParseRef(c.in)
			if got != c.want || ok != c.ok {
				t.Errorf("ParseRef(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestPosInvertsRef(t *testing.T) {
	word := &Sheet{Table: 2, TableTop: 4, TableBottom: 9}
	for _, s := range []*Sheet{{}, word} {
		for row := 1; row <= 12; row++ {
			for _, col := range []int{1, 3, 28} {
				if s.Table != 0 && (row < s.TableTop || row > s.TableBottom) && col != 1 {
					continue
				}
				ref := s.Ref(row, col)
				r, c, ok := s.Pos(ref)
				if !ok || r != row || c != col {
					t.Errorf("Pos(%q) = %d, %d, %v; want %d, %d", ref, r, c, ok, row, col)
				}
			}
		}
	}
	for _, bad := range []string{"表3 第1行第1列", "表2 第7行第1列", "表2 上方第4段", "A1"} {
		if _, _, ok := word.Pos(bad); ok {
			t.Errorf("Pos(%q) on 表2 (rows 4–9) is ok", bad)
		}
	}
}
