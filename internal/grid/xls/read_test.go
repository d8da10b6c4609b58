package xls

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

func xlsFile(globals [][]byte, sheets ...[][]byte) []byte {
	return cfbFile(workbookStream, biffBook(globals, sheets...), nil)
}

func sst(unique int, segs ...[]byte) [][]byte {
	out := [][]byte{rec(recSST, le32(unique), le32(unique), segs[0])}
	for _, s := range segs[1:] {
		out = append(out, rec(recContinue, s))
	}
	return out
}

func labelSST(row, col, i int) []byte { return rec(recLabelSST, cellHead(row, col), le32(i)) }

func TestReadBuiltBooks(t *testing.T) {
	// "ab" compressed in the SST record, "中文" in UTF-16 in the CONTINUE
	// after it, then a string with one rich-text run and 3 bytes of phonetic data.
	split := sst(3,
		cat(le16(4), []byte{0}, []byte("ab")),
		cat([]byte{1}, wide("中文")[3:], le16(2), []byte{0x0C}, le16(1), le32(3), []byte("xy"), make([]byte, 4), []byte{9, 9, 9}, compressed("末")))
	tests := []struct {
		name string
		data []byte
		want string // the dump, or the start of the error's reason
	}{
		{"string split across CONTINUE with the high-byte flag, rich runs and phonetic data skipped",
			xlsFile(split, [][]byte{labelSST(0, 0, 0), labelSST(0, 1, 1)}),
			"sheet Sheet1 visible\nA1\ttext\tab中文\nB1\ttext\txy\n"},
		{"SST count larger than its strings",
			xlsFile(sst(1000000, compressed("one"), nil), [][]byte{labelSST(0, 0, 0)}),
			"sheet Sheet1 visible\nA1\ttext\tone\n"},
		{"LABELSST past the strings there are",
			xlsFile(sst(1000000, compressed("one")), [][]byte{labelSST(0, 0, 5)}),
			"文件已损坏或不完整（工作表「Sheet1」引用了不存在的共享字符串）"},
		{"string longer than its record",
			xlsFile(sst(1, cat(le16(50), []byte{0}, []byte("short"))), [][]byte{labelSST(0, 0, 0)}),
			"文件已损坏或不完整（共享字符串表无效）"},
		{"FILEPASS",
			xlsFile([][]byte{rec(recFilePass, le16(1), make([]byte, 52))}, nil),
			"文件已加密（设置了打开密码）"},
		{"MULRK with its columns reversed",
			xlsFile(nil, [][]byte{rec(recMulRK, le16(0), le16(5), le16(15), le32(2<<2|2), le16(15), le32(3<<2|2), le16(2))}),
			"文件已损坏或不完整（工作表「Sheet1」的单元格数据无效）"},
		{"MULRK, RK with /100 and NUMBER",
			xlsFile(nil, [][]byte{rec(recMulRK, le16(0), le16(0), le16(15), le32(2<<2|2), le16(15), le32(50<<2|3), le16(1)),
				rec(recNumber, cellHead(1, 0), le32(0), le32(0x40450000))}),
			"sheet Sheet1 visible\nA1\tnumber\t2\nB1\tnumber\t0.5\nA2\tnumber\t42\n"},
		{"merged range inverted",
			xlsFile(nil, [][]byte{rec(recMerged, le16(1), le16(5), le16(2), le16(0), le16(1))}),
			"文件已损坏或不完整（工作表「Sheet1」的合并单元格范围无效）"},
		{"merge count larger than the record",
			xlsFile(nil, [][]byte{rec(recMerged, le16(1000), le16(0), le16(1), le16(0), le16(1)), rec(recLabel, cellHead(0, 0), compressed("x"))}),
			"sheet Sheet1 visible\nA1\ttext\tx\nmerge A1:B2\n"},
		{"record length past the stream",
			cfbFile(workbookStream, cat(bof(dtGlobals), le16(recCodePage), le16(4000)), nil),
			"文件已损坏或不完整（工作簿数据被截断）"},
		{"sheet offset past the stream",
			cfbFile(workbookStream, cat(bof(dtGlobals), boundSheet8(1<<20, "X"), rec(recEOF)), nil),
			"文件已损坏或不完整（工作表「X」的位置无效）"},
		{"BOOLERR booleans and errors, LABEL in GBK under CODEPAGE 936",
			xlsFile([][]byte{rec(recCodePage, le16(936))}, [][]byte{
				rec(recBoolErr, cellHead(0, 0), []byte{1, 0}), rec(recBoolErr, cellHead(0, 1), []byte{0x07, 1}),
				rec(recBoolErr, cellHead(0, 2), []byte{0x2A, 1}), rec(recLabel, cellHead(0, 3), le16(4), []byte{0}, []byte{0xC7, 0xE5, 0xB5, 0xA5})}),
			"sheet Sheet1 visible\nA1\tbool\t1\nB1\terror\t#DIV/0!\nC1\terror\t#N/A\nD1\ttext\t清单\n"},
		{"formula with a string result from the STRING record",
			xlsFile(nil, [][]byte{rec(recFormula, cellHead(0, 0), []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, le16(0), le32(0), le16(3), []byte{0x1E}, le16(7)),
				rec(recString, compressed("seven"))}),
			"sheet Sheet1 visible\nA1\ttext\tseven\t=7\n"},
		{"BIFF8 records in a stream named Book",
			cfbFile(bookStream, biffBook(nil, [][]byte{rec(recLabel, cellHead(0, 0), compressed("x"))}), nil),
			"sheet Sheet1 visible\nA1\ttext\tx\n"},
		{"BIFF5 BOF in a Workbook stream",
			cfbFile(workbookStream, cat(rec(recBOF, le16(0x0500), le16(dtGlobals), make([]byte, 4)), rec(recEOF)), nil),
			reasonBIFF5},
		{"directory sector chain that loops",
			cfbFile(workbookStream, biffBook(nil, nil), func(fat []uint32) { fat[1] = 1 }),
			"文件已损坏或不完整（复合文档结构无效）"},
		{"stream sector chain that loops back",
			cfbFile(workbookStream, biffBook(nil, [][]byte{rec(recLabel, cellHead(0, 0), compressed("x"))}), func(fat []uint32) { fat[5] = 2 }),
			"sheet Sheet1 visible\nA1\ttext\tx\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Read(tt.data, grid.DefaultLimits())
			got := ""
			if err != nil {
				got = err.Error()
				var ge *grid.Error
				if !errors.As(err, &ge) || ge.Kind != grid.Unreadable {
					t.Errorf("error %v is not an Unreadable *grid.Error", err)
				}
			} else {
				got = dump(b)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestReadCausesAndLimits(t *testing.T) {
	rows := [][]byte{rec(recLabel, cellHead(0, 0), compressed("a")), rec(recLabel, cellHead(1, 0), compressed("b")),
		rec(recLabel, cellHead(2, 0), compressed("c")), rec(recMerged, le16(2), le16(0), le16(1), le16(0), le16(0), le16(1), le16(2), le16(0), le16(3))}
	three := xlsFile(nil, rows, rows)
	biff7, err := os.ReadFile(filepath.Join(fixtures, "gnumeric-biff7.xls"))
	if err != nil {
		t.Fatal(err)
	}
	lo, err := os.ReadFile(filepath.Join(fixtures, "lo-fujian1.xls"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		limit  func(*grid.Limits)
		cause  error
		reason string
	}{
		{"rows over MaxRows", three, func(l *grid.Limits) { l.MaxRows = 2 }, grid.ErrTooLarge, "工作表「Sheet1」有超过 2 行内容"},
		{"row number over MaxRowNumber", three, func(l *grid.Limits) { l.MaxRowNumber = 2 }, grid.ErrTooLarge, "工作表「Sheet1」使用了第 3 行"},
		{"cells over MaxCells across sheets", three, func(l *grid.Limits) { l.MaxCells = 4 }, grid.ErrTooLarge, "文件有超过 4 个单元格"},
		{"merges over MaxMerges", three, func(l *grid.Limits) { l.MaxMerges = 1 }, grid.ErrTooLarge, "工作表「Sheet1」有超过 1 处合并单元格"},
		{"merged cells over MaxMergedCells", three, func(l *grid.Limits) { l.MaxMergedCells = 5 }, grid.ErrTooLarge, "工作表「Sheet1」的合并单元格覆盖超过 5 个单元格"},
		{"sheets over MaxSheets", three, func(l *grid.Limits) { l.MaxSheets = 1 }, grid.ErrTooLarge, "工作簿有超过 1 个工作表"},
		{"stream over MaxPartSize", three, func(l *grid.Limits) { l.MaxPartSize = 1024 }, grid.ErrTooLarge, "工作簿数据超过 1 KB"},
		{"BIFF7 from Gnumeric", biff7, nil, grid.ErrFormat, reasonBIFF5},
		{"LibreOffice file cut in half", lo[:len(lo)/2], nil, grid.ErrCorrupt, "文件已损坏或不完整"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := grid.DefaultLimits()
			if tt.limit != nil {
				tt.limit(&lim)
			}
			_, err := Read(tt.data, lim)
			if !errors.Is(err, tt.cause) || err == nil || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %v, want cause %v and reason %q", err, tt.cause, tt.reason)
			}
		})
	}
}

func TestReadCutsLongCells(t *testing.T) {
	b, err := readFixture(t, "lo-features.xls", grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheets[0]
	if len(s.Truncated) != 1 || s.Truncated[0] != (grid.Pos{Sheet: "特征", Row: 10, Col: 1}) {
		t.Fatalf("Truncated = %v, want A10 only", s.Truncated)
	}
	if v := s.Text(10, 1); len(v) > grid.DefaultLimits().MaxCellBytes || !strings.HasPrefix(v, "责任责任") || !strings.HasSuffix(v, "任") && !strings.HasSuffix(v, "责") {
		t.Errorf("cut text is %d bytes ending %q", len(v), v[len(v)-6:])
	}
}

func TestSniff(t *testing.T) {
	lo, err := os.ReadFile(filepath.Join(fixtures, "lo-fujian1.xls"))
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := os.ReadFile(filepath.Join(fixtures, "fujian1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"LibreOffice .xls", lo, true},
		{"BIFF5 Book stream", cfbFile(bookStream, nil, nil), true},
		{"Word .doc", cfbFile("WordDocument", nil, nil), false},
		{"encrypted .xlsx", cfbFile("EncryptionInfo", nil, nil), false},
		{".xlsx", xlsx, false},
		{"compound file cut short, still naming Workbook", lo[:1024], bytes.Contains(lo[:1024], workbookName)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.data); got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDateCode(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{
		{"yyyy-mm-dd", true}, {"hh:mm", true}, {`yyyy"年"m"月"d"日"`, true}, {"[$-F800]dddd", true},
		{"General", false}, {`0.00" ymd"`, false}, {"[Red]0.00", false}, {`#,##0\d`, false}, {"0;[Red]-0;yyyy", false},
		{"0.00E+00", false}, {"@", false},
	} {
		if got := dateCode(tt.code); got != tt.want {
			t.Errorf("dateCode(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestReadDates(t *testing.T) {
	xf := func(ifmt int) []byte { return rec(recXF, le16(0), le16(ifmt), make([]byte, 16)) }
	globals := [][]byte{rec(recDateMode, le16(1)), rec(recFormat, le16(164), wide(`yyyy"年"m"月"`))}
	for i := 0; i < 15; i++ {
		globals = append(globals, xf(0))
	}
	// XF 15 (every built cell's) shows the custom date, XF 16 built-in 14, XF 17 a quoted "ymd".
	globals = append(globals, xf(164), xf(14), rec(recFormat, le16(165), compressed(`0" ymd"`)), xf(165))
	withXF := func(row, col, x int) []byte { return cat(le16(row), le16(col), le16(x)) }
	data := xlsFile(globals, [][]byte{
		rec(recRK, cellHead(0, 0), le32(42776<<2|2)),
		rec(recNumber, withXF(0, 1, 16), le32(0), le32(0x40450000)),
		rec(recNumber, withXF(0, 2, 17), le32(0), le32(0x40450000)),
		rec(recFormula, withXF(0, 3, 16), le32(0), le32(0x40450000), le16(0), le32(0), le16(3), []byte{0x1E}, le16(42)),
	})
	b, err := Read(data, grid.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !b.Date1904 {
		t.Error("DATEMODE 1 not read as Date1904")
	}
	want := "sheet Sheet1 visible\nA1\tdate\t42776\nB1\tdate\t42\nC1\tnumber\t42\nD1\tdate\t42\t=42\n"
	if got := dump(b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
