package checklist

import "testing"

func TestLookup(t *testing.T) {
	c := DefaultCatalog()
	m := c.Matcher()
	tests := []struct {
		name, written, want, closest string
	}{
		{"official name", "组织领导", "1", ""},
		{"numbering prefix and trailing 责任", "一、组织领导责任", "1", ""},
		{"circled number and full-width spaces", "①　加强　组织领导", "1", ""},
		{"bracketed Chinese numbering", "（一）正风肃纪", "2", ""},
		{"quotes of any kind", `主要负责人履行"第一责任人"责任`, "9", ""},
		{"short alias", "第一责任人", "9", ""},
		{"doubled 责任", "一岗双责责任", "10", ""},
		{"第一责任人 after other words", "党风廉政建设第一责任人", "9", ""},
		{"第一责任人 before other words", "第一责任人职责", "9", ""},
		{"numbering 第一项", "第一项 组织领导", "1", ""},
		{"numbering 第二、", "第二、正风肃纪", "2", ""},
		{"points note", "3.源头治理（6分）", "6", ""},
		{"safeguard alias", "谈心谈话", "S4", ""},
		{"line break inside", "处理群众\n来信来访", "13", ""},
		{"name inside a longer text", "坚决查办案件工作", "18", ""},
		{"near miss", "齐抓共官", "", "7"},
		{"unrelated", "食堂卫生", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Lookup(tt.written)
			if tt.want != "" {
				if got.Entry == nil || got.Entry.ID != tt.want {
					t.Fatalf("Lookup(%q) = %+v, want item %s", tt.written, got, tt.want)
				}
				return
			}
			if got.Entry != nil {
				t.Fatalf("Lookup(%q) matched %s, want no match", tt.written, got.Entry.ID)
			}
			if tt.closest != "" && (got.Closest == nil || got.Closest.ID != tt.closest) {
				t.Fatalf("Lookup(%q) closest = %+v, want %s", tt.written, got.Closest, tt.closest)
			}
			if tt.closest == "" && got.Closest != nil {
				t.Fatalf("Lookup(%q) closest = %s, want none", tt.written, got.Closest.ID)
			}
		})
	}
}
