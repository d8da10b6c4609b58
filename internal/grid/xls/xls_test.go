package xls

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingdan/internal/grid"
)

const fixtures = "../../../testdata/formats/xls"

// dump prints a book the way testdata/formats/xls/dump_expected.py prints
// what openpyxl reads from LibreOffice's .xlsx of the same file.
func dump(b *grid.Book) string {
	var sb strings.Builder
	for _, s := range b.Sheets {
		state := "visible"
		if s.Hidden {
			state = "hidden"
		}
		fmt.Fprintf(&sb, "sheet %s %s\n", s.Name, state)
		for _, r := range s.Rows {
			for _, c := range r.Cells {
				kind := map[grid.Type]string{grid.Text: "text", grid.Number: "number", grid.Bool: "bool", grid.Date: "date", grid.ErrValue: "error"}[c.Type]
				v := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`).Replace(c.Value)
				f := ""
				if c.Formula != "" {
					f = "\t" + c.Formula
				}
				fmt.Fprintf(&sb, "%s\t%s\t%s%s\n", grid.CellName(c.Col, r.Num), kind, v, f)
			}
		}
		var ms []string
		for _, m := range s.Merges {
			ms = append(ms, "merge "+grid.CellName(m.Left, m.Top)+":"+grid.CellName(m.Right, m.Bottom))
		}
		// openpyxl sorts merges as text; so does the expected dump.
		slices.Sort(ms)
		for _, m := range ms {
			sb.WriteString(m + "\n")
		}
	}
	return sb.String()
}

func readFixture(t testing.TB, name string, lim grid.Limits) (*grid.Book, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	if !Sniff(data) {
		t.Fatalf("%s: Sniff does not claim it", name)
	}
	return Read(data, lim)
}

func TestReadMatchesLibreOffice(t *testing.T) {
	wants, err := filepath.Glob(filepath.Join(fixtures, "*.want"))
	if err != nil || len(wants) == 0 {
		t.Fatalf("no expected dumps: %v", err)
	}
	lim := grid.DefaultLimits()
	// openpyxl keeps the 36 000-byte cell whole; the cut is tested on its own.
	lim.MaxCellBytes = 1 << 20
	for _, w := range wants {
		name := strings.TrimSuffix(filepath.Base(w), ".want")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			b, err := readFixture(t, name+".xls", lim)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			wantText := string(want)
			for _, d := range libreOfficeDiffers[name] {
				if !strings.Contains(wantText, d.want+"\n") {
					t.Errorf("LibreOffice no longer reads %q (%s): drop the exception", d.want, d.why)
				}
				wantText = strings.Replace(wantText, d.want+"\n", d.got+"\n", 1)
			}
			if got := markersAccepted(dump(b), wantText); got != wantText {
				t.Errorf("dump differs from LibreOffice's reading:\n%s", diff(wantText, got))
			}
		})
	}
}

// libreOfficeDiffers lists where the reader rightly differs from what
// LibreOffice shows: the line LibreOffice's reading gives, the reader's, why.
var libreOfficeDiffers = map[string][]struct{ want, got, why string }{
	"gnumeric-features": {
		{"A3\tbool\t1\t=TRUE()", "A3\tbool\t1", "LibreOffice turns a boolean into the formula =TRUE() when it writes .xlsx"},
		{"B3\tbool\t0\t=FALSE()", "B3\tbool\t0", "LibreOffice turns a boolean into the formula =FALSE() when it writes .xlsx"},
		{"D4\tnumber\t1\t=B1>1", "D4\tbool\t1\t=B1>1", "LibreOffice keeps a formula's boolean result as the number 1"},
	},
	"lo-features": {
		{"A3\tbool\t1\t=TRUE()", "A3\tbool\t1\t=TRUE", "LibreOffice writes a boolean as a formula of the constant TRUE, which it prints as the function TRUE()"},
		{"B3\tbool\t0\t=FALSE()", "B3\tbool\t0\t=FALSE", "LibreOffice writes a boolean as a formula of the constant FALSE, which it prints as the function FALSE()"},
		{"B4\ttext\t文本清单\t=A1&\"清单\"", "B4\tnumber\t0\t=A1&\"清单\"", "LibreOffice's .xls export wrote 0 as the cached result and no STRING record; LibreOffice recalculates on opening, the reader keeps what the file holds"},
		{"D4\tnumber\t1\t=B1>1", "D4\tbool\t1\t=B1>1", "LibreOffice keeps a formula's boolean result as the number 1"},
	},
}

// markersAccepted takes the expected formula text where the reader gave
// formulaMarker (a formula it does not decompile) at the same cell.
func markersAccepted(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		head, ok := strings.CutSuffix(g[i], "\t"+formulaMarker)
		if ok && strings.HasPrefix(w[i], head+"\t=") {
			g[i] = w[i]
		}
	}
	return strings.Join(g, "\n")
}

// diff lists the lines that differ, with their line numbers.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var sb strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			fmt.Fprintf(&sb, "line %d\n  want %.200q\n  got  %.200q\n", i+1, a, b)
		}
	}
	return sb.String()
}
