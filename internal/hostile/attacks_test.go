package hostile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qingdan/internal/grid"
	_ "qingdan/internal/grid/docx"
	_ "qingdan/internal/grid/ods"
	_ "qingdan/internal/grid/xls"
	_ "qingdan/internal/grid/xlsx"
)

// TestAttacksRefusedWithBoundedWork reads each attack of issue 14 with
// every reader registered: each is unreadable with a reason naming what is
// wrong, and the work it caused (members opened, elements visited) stays
// within a bound fixed by the limits, not by the attack's size.
func TestAttacksRefusedWithBoundedWork(t *testing.T) {
	dir := t.TempDir()
	var cases []Case
	attacks(t, func(name, file string, data []byte) {
		cases = append(cases, Case{Name: name, Path: writeFile(t, dir, file, data)})
	})
	want := map[string]string{
		SameSheetPart:   "指向同一份数据",
		DuplicateMerges: "",
		StackedLists:    "",
		LongSharedText:  "文件中的文字共超过 4 MB",
		WideRows:        "",
		CaseTwinParts:   "两个同名部件",
		UnclosedXML:     "XML 结构不完整",
		OversizedPart:   "解压后超过 32 MB",
		ManyMembers:     "上限 10000 个",
		NestedZip:       "工作表无法读取",
		DotDotNames:     "数据缺失",
		BIFFLyingLength: "损坏",
		BIFFLyingSST:    "不存在的共享字符串",
		CFBLoop:         "损坏",
		ODSBillionCols:  "个非空单元格",
		DocxGridSpan:    "",
		DocxVMerge:      "",
	}
	lim := grid.DefaultLimits()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			w, ok := want[c.Name]
			if !ok {
				t.Fatalf("no expectation for %q", c.Name)
			}
			parts, elems := grid.Counted.Parts.Load(), grid.Counted.Elements.Load()
			b, err := grid.ReadFile(c.Path, lim)
			parts, elems = grid.Counted.Parts.Load()-parts, grid.Counted.Elements.Load()-elems
			if parts > 8 || elems > int64(lim.MaxElements)+1 {
				t.Errorf("read opened %d parts and visited %d elements", parts, elems)
			}
			reason := ""
			var ge *grid.Error
			switch {
			case errors.As(err, &ge):
				reason = ge.Reason
			case err != nil:
				t.Fatalf("error %v is no *grid.Error", err)
			default:
				for _, s := range b.Sheets {
					if s.Err != nil {
						reason = s.Err.Reason
					}
				}
			}
			if w == "" {
				t.Logf("read: %q", reason)
				return
			}
			if !strings.Contains(reason, w) {
				t.Errorf("reason %q, want it to say %q", reason, w)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
