// Package golden compares test output with the files under the
// repository's testdata/golden, and rewrites them with -update:
//
//	go test ./... -update
//
// go test hands -update to every test binary, so every package with tests
// imports this package (a blank import where it has no golden file);
// TestEveryTestPackageImportsGolden keeps it so.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// Dir is the repository's testdata/golden, wherever the test runs from.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "golden")
}

// Assert compares got with the golden file name, after rewriting the file
// with got when -update is given.
func Assert(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join(Dir(), name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./... -update)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./... -update to accept):\n%s", name, got)
	}
}
