package cmd

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// layers orders the module's packages as docs/architecture.md draws them:
// a package imports only packages of its own layer or below. A new package
// gets a line here, and one in the architecture's packages table.
var layers = map[string]int{
	"qingdan/internal/grid":     0,
	"qingdan/internal/calendar": 0,
	"qingdan/internal/convert":  0,
	"qingdan/internal/htmlpdf":  0,
	"qingdan/internal/inbox":    0,
	"qingdan/internal/golden":   0,
	"qingdan/internal/xlsxtest": 0,

	"qingdan/internal/grid/part": 1,
	"qingdan/internal/grid/xlsx": 1,
	"qingdan/internal/grid/xls":  1,
	"qingdan/internal/grid/docx": 1,
	"qingdan/internal/grid/ods":  1,
	"qingdan/internal/grid/csv":  1,

	"qingdan/checklist": 2,

	"qingdan/checklist/forms":   3,
	"qingdan/checklist/publish": 3,
	"qingdan/checklist/ledger":  3,

	"qingdan/scoring":             4,
	"qingdan/scoring/scoringtest": 4,
	"qingdan/internal/hostile":    4,

	"qingdan/internal/web": 5,
	"qingdan/bench":        5, // the corpus generator, which the web tests use too
	"qingdan/bench/corpus": 5,

	"qingdan/cmd":           6,
	"qingdan/internal/pack": 6,
	"qingdan/internal/e2e":  6,

	"qingdan": 7,
}

// testHelpers are imported by tests and by each other, never by the program.
var testHelpers = []string{"qingdan/internal/golden", "qingdan/internal/xlsxtest", "qingdan/internal/hostile", "qingdan/scoring/scoringtest"}

// backwards says what is wrong with from importing to, or ""; inTest says
// the import is in a _test.go file.
func backwards(from, to string, inTest bool) string {
	lf, okf := layers[from]
	lt, okt := layers[to]
	switch {
	case !okf:
		return fmt.Sprintf("%s has no layer in cmd/imports_test.go", from)
	case !okt:
		return fmt.Sprintf("%s imports %s, which has no layer in cmd/imports_test.go", from, to)
	case to == "qingdan/cmd" && from != "qingdan":
		return fmt.Sprintf("%s imports cmd: only main does", from)
	case from == "qingdan/internal/grid" && strings.HasPrefix(to, from+"/"):
		return fmt.Sprintf("%s imports its format %s: formats register themselves", from, to)
	case lt > lf:
		return fmt.Sprintf("%s (layer %d) imports %s (layer %d): imports run from the sheet model up to cmd", from, lf, to, lt)
	case slices.Contains(testHelpers, to) && !slices.Contains(testHelpers, from) && !inTest:
		return fmt.Sprintf("%s imports the test helper %s outside its tests", from, to)
	}
	return ""
}

// moduleImport is one import of a module package by one of its files.
type moduleImport struct {
	path   string
	inTest bool
}

// moduleImports maps each package of the module to what its files import
// from the module, leaving out external test packages (package x_test),
// which may import what builds on the package they test.
func moduleImports(t *testing.T, root string) map[string][]moduleImport {
	t.Helper()
	out := map[string][]moduleImport{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if strings.HasSuffix(f.Name.Name, "_test") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := path.Join("qingdan", filepath.ToSlash(rel))
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		for _, imp := range f.Imports {
			if to, _ := strconv.Unquote(imp.Path.Value); to == "qingdan" || strings.HasPrefix(to, "qingdan/") {
				out[pkg] = append(out[pkg], moduleImport{to, strings.HasSuffix(p, "_test.go")})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportsRunOneWay(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod above cmd: %v", err)
	}
	imports := moduleImports(t, root)
	if len(imports) < len(layers)/2 {
		t.Fatalf("found %d packages under %s, want about %d", len(imports), root, len(layers))
	}
	for from, tos := range imports {
		if _, ok := layers[from]; !ok {
			t.Errorf("%s has no layer in cmd/imports_test.go", from)
			continue
		}
		for _, to := range tos {
			if msg := backwards(from, to.path, to.inTest); msg != "" {
				t.Error(msg)
			}
		}
	}
	for pkg := range layers {
		if _, ok := imports[pkg]; !ok {
			t.Errorf("%s has a layer but no package: drop its line", pkg)
		}
	}
}

func TestBackwardsImportsAreCaught(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		inTest   bool
		wrong    bool
	}{
		{"checklist reads through grid", "qingdan/checklist", "qingdan/internal/grid", false, false},
		{"a format builds on grid", "qingdan/internal/grid/docx", "qingdan/internal/grid/part", false, false},
		{"scoring uses the forms' text height", "qingdan/scoring", "qingdan/checklist/forms", false, false},
		{"main runs cmd", "qingdan", "qingdan/cmd", false, false},
		{"hostile builds on scoringtest", "qingdan/internal/hostile", "qingdan/scoring/scoringtest", false, false},
		{"checklist reaching up to forms", "qingdan/checklist", "qingdan/checklist/forms", false, true},
		{"checklist reaching up to scoring", "qingdan/checklist", "qingdan/scoring", false, true},
		{"a format knowing checklist", "qingdan/internal/grid/xls", "qingdan/checklist", false, true},
		{"grid knowing its formats", "qingdan/internal/grid", "qingdan/internal/grid/xlsx", false, true},
		{"scoring importing cmd", "qingdan/scoring", "qingdan/cmd", false, true},
		{"bench importing cmd", "qingdan/bench", "qingdan/cmd", false, true},
		{"a test importing a test helper", "qingdan/checklist/ledger", "qingdan/internal/xlsxtest", true, false},
		{"the program importing a test helper", "qingdan/checklist/ledger", "qingdan/internal/xlsxtest", false, true},
		{"a test reaching up a layer", "qingdan/checklist", "qingdan/checklist/forms", true, true},
		{"a package without a layer", "qingdan/internal/new", "qingdan/internal/grid", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := backwards(tt.from, tt.to, tt.inTest); (msg != "") != tt.wrong {
				t.Errorf("backwards(%s, %s) = %q, want wrong %v", tt.from, tt.to, msg, tt.wrong)
			}
		})
	}
}
