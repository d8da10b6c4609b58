package checklist

// Test hooks for package checklist_test, whose tests build their workbooks
// with checklist/forms and so cannot sit inside this package.

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ExcelizeLimits are the unzip limits a submission is opened with by excelize.
var ExcelizeLimits = excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit}

// CodeRequirementUnplanned is the code of the requirement-unplanned rule.
var CodeRequirementUnplanned = ruleRequirementUnplanned.Code

var (
	UnplannedOf      = unplannedOf
	BookFromExcelize = bookFromExcelize
)

// HandFormSeeds are attachments 1, 2 and 3 written by the test builders of
// reader_test.go, each as the bytes of an xlsx file.
func HandFormSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, build := range []func(s *sheetWriter){
		func(s *sheetWriter) { collectiveForm(s, 1, 1, "党委(党组)领导班子主体责任清单") },
		func(s *sheetWriter) { personForm(s, 1, 1, "班子成员责任清单", true) },
		func(s *sheetWriter) { supervisionForm(s, 3, 2, "纪委(纪检组)监督责任清单") },
	} {
		x := excelize.NewFile()
		build(&sheetWriter{t: tb, f: x, name: "Sheet1"})
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			tb.Fatal(err)
		}
		x.Close()
		out = append(out, buf.Bytes())
	}
	return out
}
