//go:build unix

package hostile

import (
	"path/filepath"
	"syscall"
	"testing"
)

// makeFIFO makes a named pipe: opening it for reading blocks until a
// writer comes, so a reader that opens it blindly hangs.
func makeFIFO(t testing.TB, dir, name string) (string, bool) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, true
}
