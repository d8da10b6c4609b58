package golden

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryTestPackageImportsGolden: a test package that does not define
// -update makes go test ./... -update fail for the whole module.
func TestEveryTestPackageImportsGolden(t *testing.T) {
	root := filepath.Join(Dir(), "..", "..")
	imports := map[string]bool{} // folder → some test file imports golden
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		dir := filepath.Dir(p)
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		found := imports[dir]
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "qingdan/internal/golden" {
				found = true
			}
		}
		imports[dir] = found
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 3 {
		t.Fatalf("found tests in only %d folders under %s", len(imports), root)
	}
	for dir, ok := range imports {
		if !ok && dir != filepath.Join(root, "internal", "golden") {
			rel, _ := filepath.Rel(root, dir)
			t.Errorf("%s has tests but none imports qingdan/internal/golden: go test ./... -update fails there", rel)
		}
	}
}

func TestAssertComparesWithTheFile(t *testing.T) {
	if *update {
		t.Skip("with -update Assert rewrites the file instead of comparing")
	}
	ft := &fakeT{TB: t}
	Assert(ft, "validate_valid.txt", "not the golden output")
	if !ft.failed {
		t.Error("Assert accepted output that differs from validate_valid.txt")
	}
}

// fakeT records a failure instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Helper()               {}
