package checklist

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"qingdan/internal/grid"
)

// What excelize may be asked to hold for one submission. When it loads a
// sheet for cell access it allocates every row up to the last one and
// every cell up to each row's last column, so a 20 KB file with one cell
// in column XFD on each of 3,000 rows costs it close to a gigabyte; and
// computing a formula walks every cell of the ranges it references, so
// =SUM(A1:XFD1048575) takes half a minute. A 评分表 or a list is a few
// hundred rows, a few thousand cells and sums of a few dozen.
const (
	maxExcelizeRows         = 100000  // highest row number in a sheet
	maxExcelizeCells        = 2000000 // Σ over rows of the row's last column
	maxExcelizeFormulaCells = 1 << 20 // Σ over formulas of the cells they reference
)

// OpenWorkbook opens a submission's bytes (from ReadInput) with excelize
// for cell access: with the unzip limits given, after a scan of every
// sheet's XML that refuses, as an *InputError, a sheet whose extent or
// formulas would make excelize allocate or compute without bound.
func OpenWorkbook(path string, data []byte, opts excelize.Options) (*excelize.File, error) {
	if reason := scanExtents(data, opts.UnzipSizeLimit); reason != "" {
		return nil, &InputError{Path: path, Reason: reason}
	}
	return excelize.OpenReader(bytes.NewReader(data), opts)
}

// OpenInput opens a submitted workbook at path for cell access: ReadInput,
// then OpenWorkbook. The error is an *InputError when the file was refused
// before excelize saw it or by the scan, else excelize's own.
func OpenInput(path string, opts excelize.Options) (*excelize.File, error) {
	data, err := ReadInput(path)
	if err != nil {
		return nil, err
	}
	return OpenWorkbook(path, data, opts)
}

// A1 references and A1:B2 ranges in formula text (quoted strings too, so
// that INDIRECT("A1:XFD1048575") counts).
var formulaRef = regexp.MustCompile(`\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?`)

// dynamicRef names the functions that build references at run time, whose
// reach the scan cannot see.
var dynamicRef = regexp.MustCompile(`(?i)\b(INDIRECT|OFFSET)\s*\(`)

// formulaCells estimates how many cells computing a formula reads.
func formulaCells(formula string) int {
	if dynamicRef.MatchString(formula) {
		return maxExcelizeFormulaCells + 1
	}
	n := 0
	for _, m := range formulaRef.FindAllStringSubmatch(formula, -1) {
		if m[3] == "" {
			n++
			continue
		}
		c1, _ := excelize.ColumnNameToNumber(m[1])
		c2, _ := excelize.ColumnNameToNumber(m[3])
		r1, _ := strconv.Atoi(m[2])
		r2, _ := strconv.Atoi(m[4])
		w, h := abs(c2-c1)+1, abs(r2-r1)+1
		n += min(w*h, maxExcelizeFormulaCells+1)
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// scanExtents says why a workbook is too large for excelize's cell access,
// or "" when it is not; a file that is no zip or unzips past limit is left
// to excelize, which says so itself.
func scanExtents(data []byte, limit int64) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
	}
	if limit > 0 && total > uint64(limit) {
		return ""
	}
	names := 0
	for _, zf := range zr.File {
		if strings.EqualFold(zf.Name, "xl/workbook.xml") {
			names = scanDefinedNames(zf)
		}
	}
	for _, zf := range zr.File {
		name := strings.ToLower(zf.Name)
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		if reason := scanSheet(zf, names); reason != "" {
			return reason
		}
	}
	return ""
}

// scanDefinedNames adds up the cells the workbook's defined names span:
// a formula may reach them by name.
func scanDefinedNames(zf *zip.File) int {
	rc, err := zf.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, unzipXMLSizeLimit))
	n, in := 0, false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return n
		}
		switch el := tok.(type) {
		case xml.StartElement:
			in = el.Name.Local == "definedName"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				n = min(n+formulaCells(string(el)), maxExcelizeFormulaCells+1)
			}
		}
	}
}

// scanSheet streams one worksheet part and checks its extent and its
// formulas' reach; names is what the defined names span, counted for every
// formula that may use one.
func scanSheet(zf *zip.File, names int) string {
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, unzipXMLSizeLimit))
	var (
		row, col, lastCol, cells, reach int
		inF                             bool
		fText                           strings.Builder
		fShared                         string
		shared                          = map[string]int{}
	)
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				cells += lastCol
				lastCol, col = 0, 0
				row = rowNumber(el, row)
			case "c":
				col = colNumber(el, col)
				lastCol = max(lastCol, col)
			case "f":
				inF = true
				fText.Reset()
				fShared = ""
				if attr(el, "t") == "shared" {
					fShared = attr(el, "si")
				}
			}
		case xml.CharData:
			if inF && fText.Len() < 8<<10 {
				fText.Write(el)
			}
		case xml.EndElement:
			if el.Name.Local != "f" {
				continue
			}
			inF = false
			n := formulaCells(fText.String())
			if fText.Len() == 0 && fShared != "" {
				n = shared[fShared]
			} else if fShared != "" {
				shared[fShared] = n
			}
			if n > 0 || fText.Len() > 0 {
				n += names
			}
			reach = min(reach+n, maxExcelizeFormulaCells+1)
		}
		if row > maxExcelizeRows || cells+lastCol > maxExcelizeCells {
			return fmt.Sprintf("工作表中有内容或格式的范围过大（超过 %d 行或 %d 万个单元格），不像是责任清单或评分表，未读取。请删除多余的行和列后另存为 .xlsx 重新报送", maxExcelizeRows, maxExcelizeCells/10000)
		}
		if reach > maxExcelizeFormulaCells {
			return "工作表中的公式引用范围过大（或使用了 INDIRECT、OFFSET），计算会卡住，未读取。请把公式复制后“选择性粘贴为数值”，另存为 .xlsx 重新报送"
		}
	}
	return ""
}

// The unzip limits excelize is opened with: grid's, so that a file the
// reader takes is never refused by excelize for its size.
var (
	unzipSizeLimit    = readLimits.MaxUnzipped
	unzipXMLSizeLimit = readLimits.MaxPartSize
)

// loadPart returns a package part's bytes as excelize holds them in memory;
// false when the part is not there (or was spilled to a temp file).
func loadPart(f *excelize.File, name string) ([]byte, bool) {
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil, false
	}
	data, ok := v.([]byte)
	return data, ok
}

// rowNumber is the row a <row> element stands for: its r attribute, or
// the row after prev when r is missing (the format allows it) or bad.
func rowNumber(el xml.StartElement, prev int) int {
	if r, err := strconv.Atoi(attr(el, "r")); err == nil && r > 0 {
		return r
	}
	return prev + 1
}

// colNumber is the column a <c> element stands for: its r reference, or
// the column after prev when r is missing or bad.
func colNumber(el xml.StartElement, prev int) int {
	if c, _, ok := grid.ParseCellName(attr(el, "r")); ok {
		return c
	}
	return prev + 1
}

func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
