package scoring

import "testing"

func TestParseScore(t *testing.T) {
	cases := []struct {
		in   string
		kind notationKind
		of2  float64 // the points out of a 2-point line
	}{
		{"2", notationNumber, 2},
		{"1.5", notationNumber, 1.5},
		{" 1.5 分", notationNumber, 1.5},
		{"０.５", notationNumber, 0.5},
		{"√", notationFull, 2},
		{"✓", notationFull, 2},
		{"是", notationFull, 2},
		{"符合", notationFull, 2},
		{"×", notationZero, 0},
		{"✗", notationZero, 0},
		{"否", notationZero, 0},
		{"不符合", notationZero, 0},
		{"扣1分", notationDeduct, 1},
		{"扣0.5", notationDeduct, 1.5},
		{"-0.5", notationDeduct, 1.5},
		{"－1", notationDeduct, 1},
		{"扣3分", notationDeduct, -1},
		{"", notationEmpty, 0},
		{"  ", notationEmpty, 0},
		{"良好", notationBad, 0},
		{"NaN", notationBad, 0},
		{"1e3", notationBad, 0},
		{"2-1", notationBad, 0},
		{"不扣分", notationFull, 2},
		{"全扣", notationZero, 0},
		{"不得分", notationZero, 0},
		{"×（未落实）", notationZero, 0},
		{"扣1分(材料不全)", notationDeduct, 1},
		{"1.5（缺台账）", notationNumber, 1.5},
		{"（缺台账）", notationBad, 0},
		{"对", notationBad, 0},
		{"合格", notationFull, 2},
		{"不合格", notationZero, 0},
		{"半扣", notationHalf, 1},
		{"半扣（台账不全）", notationHalf, 1},
		{"全扣(未书面报告)", notationZero, 0},
		{"合格 （已整改）", notationFull, 2},
		{"扣1分（台账不全）（补）", notationBad, 0},
	}
	for _, tc := range cases {
		p := parseScore(tc.in)
		if p.kind != tc.kind || p.scoreAgainst(2) != tc.of2 {
			t.Errorf("parseScore(%q) = kind %d, %v of 2; want kind %d, %v", tc.in, p.kind, p.scoreAgainst(2), tc.kind, tc.of2)
		}
	}
}

func TestParseScoreNote(t *testing.T) {
	cases := []struct{ in, note string }{
		{"×（未书面报告）", "未书面报告"},
		{"扣1分（台账不全）", "台账不全"},
		{"扣1分(台账 不全)", "台账 不全"},
		{"半扣（ 缺佐证 ）", "缺佐证"},
		{"2", ""},
		{"×", ""},
		{"良好（一般）", ""}, // no score, so no note either
	}
	for _, tc := range cases {
		if got := parseScore(tc.in).note; got != tc.note {
			t.Errorf("parseScore(%q).note = %q, want %q", tc.in, got, tc.note)
		}
	}
}

func TestJoinNotes(t *testing.T) {
	cases := []struct{ name, column, mark, want string }{
		{"column only", "台账不全", "", "台账不全"},
		{"mark only", "", "未书面报告", "未书面报告"},
		{"both differ", "台账不全", "未书面报告", "台账不全；未书面报告"},
		{"same twice", "台账不全", "台账不全", "台账不全"},
		{"column holds the mark", "台账不全，缺照片", "台账不全", "台账不全，缺照片"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joinNotes(tc.column, tc.mark); got != tc.want {
				t.Errorf("joinNotes(%q, %q) = %q, want %q", tc.column, tc.mark, got, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	cases := map[string]string{
		"2017年3月1日":  "2017-03-01",
		"２０１７年３月１日":  "2017-03-01",
		"2017-03-01": "2017-03-01",
		"2017/3/1":   "2017-03-01",
		"2017.3.1":   "2017-03-01",
		"42795":      "2017-03-01",
		"  年  月  日":  "",
		"":           "",
		"三月初":        "三月初",
	}
	for in, want := range cases {
		if got := parseDate(in, false); got != want {
			t.Errorf("parseDate(%q) = %q, want %q", in, got, want)
		}
	}
}
