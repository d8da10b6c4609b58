package checklist

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const rosterCSV = "单位名称,简称,上级党组织,班子成员数\n" +
	"区实验小学,实验小学、实小,区教育局党委,3\n" +
	",,,\n" +
	"第一中学,一中，区一中,区教育局党委,4\n" +
	"镇中心小学,,某某镇党委,\n"

var rosterWant = &Roster{Units: []RosterUnit{
	{Name: "区实验小学", Aliases: []string{"实验小学", "实小"}, Group: "区教育局党委", Members: 3, HasMembers: true, Row: 2},
	{Name: "第一中学", Aliases: []string{"一中", "区一中"}, Group: "区教育局党委", Members: 4, HasMembers: true, Row: 4},
	{Name: "镇中心小学", Group: "某某镇党委", Row: 5},
}}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rosterXLSX writes rows to a workbook whose first sheet is hidden, so the
// roster must come from the first visible sheet.
func rosterXLSX(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	idx, err := f.NewSheet("名单")
	if err != nil {
		t.Fatal(err)
	}
	f.SetActiveSheet(idx)
	if err := f.SetCellStr("Sheet1", "A1", "旧名单，已隐藏"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("Sheet1", false); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("名单", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "名单.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadRoster(t *testing.T) {
	tests := []struct {
		name string
		path func(t *testing.T) string
	}{
		{"UTF-8 CSV", func(t *testing.T) string { return writeFile(t, "roster.csv", []byte(rosterCSV)) }},
		{"UTF-8 CSV with BOM", func(t *testing.T) string {
			return writeFile(t, "roster.csv", append([]byte("\xef\xbb\xbf"), rosterCSV...))
		}},
		{"GBK CSV as Excel saves it on Chinese Windows", func(t *testing.T) string {
			return writeFile(t, "roster.csv", gbk(t, strings.ReplaceAll(rosterCSV, "\n", "\r\n")))
		}},
		{"headings in another order with full-width spaces and a title row above", func(t *testing.T) string {
			return writeFile(t, "roster.csv", []byte("2017年报送名单,,,\n"+
				"班子成员数,上级党组织,单位　名称,简　称\n"+
				"3,区教育局党委,区实验小学,实验小学/实小\n"+
				"4,区教育局党委,第一中学,一中;区一中\n"+
				",某某镇党委,镇中心小学,\n"))
		}},
		{"xlsx on the first visible sheet", func(t *testing.T) string {
			return rosterXLSX(t, [][]any{
				{"单位名称", "简称", "上级党组织", "班子成员数"},
				{"区实验小学", "实验小学、实小", "区教育局党委", 3},
				{},
				{"第一中学", "一中，区一中", "区教育局党委", "４"},
				{"镇中心小学", "", "某某镇党委"},
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadRoster(tt.path(t))
			if err != nil {
				t.Fatal(err)
			}
			want := rosterWant
			if strings.Contains(tt.name, "title row") {
				want = &Roster{Units: append([]RosterUnit(nil), rosterWant.Units...)}
				for i := range want.Units {
					want.Units[i].Row = []int{3, 4, 5}[i]
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got.Units, want.Units)
			}
		})
	}
}

func TestReadRosterHeadingsAndExtraColumns(t *testing.T) {
	tests := []struct {
		name      string
		csv       string
		wantName  string
		wantGroup string
		wantExtra []string
		wantCells []string
	}{
		{"单位 for 单位名称, 上级单位 not taken for it, 序号 left out",
			"序号,上级单位,单位,联系人,电话\n1,区教育局党委,城南小学,王老师,0513-1234\n",
			"城南小学", "", []string{"上级单位", "联系人", "电话"}, []string{"区教育局党委", "王老师", "0513-1234"}},
		{"学校名称 for 单位名称 and 备注 carried",
			"学校名称,上级党组织,备注\n城南小学,区教育局党委,新任校长\n",
			"城南小学", "区教育局党委", []string{"备注"}, []string{"新任校长"}},
		{"a heading holding 单位名称 still counts, no extra columns",
			"报送单位名称（全称）,班子成员数\n城南小学,3\n",
			"城南小学", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ReadRoster(writeFile(t, "roster.csv", []byte(tt.csv)))
			if err != nil {
				t.Fatal(err)
			}
			u := r.Units[0]
			if u.Name != tt.wantName || u.Group != tt.wantGroup || !reflect.DeepEqual(r.Extra, tt.wantExtra) || !reflect.DeepEqual(u.Extra, tt.wantCells) {
				t.Errorf("unit %q group %q, extra %q = %q; want %q %q, %q = %q", u.Name, u.Group, r.Extra, u.Extra, tt.wantName, tt.wantGroup, tt.wantExtra, tt.wantCells)
			}
		})
	}
}

func TestReadRosterRefusesBadRosters(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		data  string
		wants []string
	}{
		{"empty name and a word for the member count", "roster.csv",
			"单位名称,班子成员数\n区实验小学,3\n,2\n第一中学,4\n镇中心小学,三\n",
			[]string{"名单文件", "roster.csv", "第3行：单位名称不能为空", "第5行：班子成员数“三”不是非负整数"}},
		{"negative member count", "roster.csv",
			"单位名称,班子成员数\n区实验小学,-1\n",
			[]string{"第2行：班子成员数“-1”不是非负整数"}},
		{"duplicate unit names, also through an alias", "roster.csv",
			"单位名称,简称\n区实验小学,实小\n区实验小学,\n第一中学,实小\n",
			[]string{"第3行：名称“区实验小学”与第2行重复", "第4行：名称“实小”与第2行重复"}},
		{"no 单位名称 heading", "roster.csv", "名称,人数\n区实验小学,3\n", []string{"没有找到“单位名称”（或“单位”“学校名称”）列标题"}},
		{"headings only", "roster.csv", "单位名称\n\n", []string{"没有任何单位"}},
		{"not a CSV or workbook", "roster.txt", "单位名称\n区实验小学\n", []string{"格式不支持"}},
		{"xlsx that is not a workbook", "roster.xlsx", "单位名称\n", []string{"不是有效的 Excel 工作簿"}},
	}
	t.Run("huge file refused unread", func(t *testing.T) {
		p := writeFile(t, "roster.csv", []byte("单位名称\n"))
		if err := os.Truncate(p, readLimits.MaxFileSize+1); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadRoster(p); err == nil || !strings.Contains(err.Error(), "过大") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("a folder named roster.csv", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "roster.csv")
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadRoster(p); err == nil || !strings.Contains(err.Error(), "文件夹") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		if _, err := ReadRoster(filepath.Join(t.TempDir(), "无.csv")); err == nil || !strings.Contains(err.Error(), "读取名单文件") {
			t.Errorf("error %v", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRoster(writeFile(t, tt.file, []byte(tt.data)))
			if err == nil {
				t.Fatal("bad roster accepted")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestUnitKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"区实验小学", "区实验小学"},
		{" 区实验小学 党支部", "区实验小学"},
		{"中共区实验小学委员会", "区实验小学"},
		{"第一中学党总支", "第一中学"},
		{"第一中学纪委", "第一中学"},
		{"区实验小学（东校区）", "区实验小学"},
		{"通州区城南小学（盖章）", "通州区城南小学"},
		{"中共通州区城南小学支部委员会(公章)", "通州区城南小学"},
		{"城南小学【修改稿】党支部", "城南小学"},
		{"党委", "党委"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := UnitKey(tt.in); got != tt.want {
			t.Errorf("UnitKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
