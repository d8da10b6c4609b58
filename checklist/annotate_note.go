package checklist

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// schoolNote is what each copy says to the school first: what to fix and
// by when.
type schoolNote struct {
	strict bool
	due    time.Time
	now    func() time.Time
}

// line is the copy's opening sentence, then the counts of all findings.
func (n schoolNote) line(fs []Finding) string {
	var errs, warns int
	var counts [3]int
	for _, f := range fs {
		counts[2-severityRank(f.Severity)]++
		switch {
		case !mustFix(f, n.strict):
		case f.Severity == Error:
			errs++
		default:
			warns++
		}
	}
	var b strings.Builder
	b.WriteString("请按下表逐条修改")
	switch {
	case errs > 0 && warns > 0:
		fmt.Fprintf(&b, "标红的 %d 条错误和标黄的 %d 条警告", errs, warns)
	case errs > 0:
		fmt.Fprintf(&b, "标红的 %d 条错误", errs)
	default:
		fmt.Fprintf(&b, "标黄的 %d 条警告", warns)
	}
	b.WriteString("（批注中有具体说明）")
	switch {
	case n.due.IsZero():
		b.WriteString("，改好后重新报送。")
	case n.today().After(dateOnly(n.due)):
		fmt.Fprintf(&b, "；报送截止日期 %s 已过，请改好后尽快重新报送。", dueDate(n.due))
	default:
		fmt.Fprintf(&b, "，于 %s 前重新报送。", dueDate(n.due))
	}
	fmt.Fprintf(&b, "本文件检查发现：错误 %d 条，警告 %d 条，提示 %d 条。", counts[0], counts[1], counts[2])
	return b.String()
}

func (n schoolNote) today() time.Time { return dateOnly(n.clock()) }

func (n schoolNote) clock() time.Time {
	if n.now != nil {
		return n.now()
	}
	return time.Now()
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func dueDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// mappingBook is the 对照表: every copy written and the file it was made
// from, the renamed ones marked, for copies whose names alone would not
// tell two schools' files apart.
func mappingBook(dir string, pairs, renamed []CopyName) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "对照表"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	st, err := newReportStyles(f)
	if err != nil {
		return nil, err
	}
	isRenamed := map[string]bool{}
	for _, r := range renamed {
		isRenamed[r.Copy] = true
	}
	t := &table{f: f, sheet: sheet, st: st}
	if err := t.start([]string{"序号", "批注副本", "原文件", "说明"}, []float64{6, 40, 70, 30}, 0); err != nil {
		return nil, err
	}
	for i, p := range pairs {
		row := i + 2
		rel, err := filepath.Rel(dir, p.Copy)
		if err != nil {
			rel = p.Copy
		}
		t.num(1, row, i+1, st.center)
		t.str(2, row, rel, st.body)
		t.str(3, row, p.Input, st.body)
		if isRenamed[p.Copy] {
			t.str(4, row, "与另一文件的副本同名，已加序号", st.yellow)
		} else {
			t.blank(4, row, st.body)
		}
	}
	if err := t.finish(4, len(pairs)+1, true); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
