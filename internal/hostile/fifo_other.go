//go:build !unix

package hostile

import "testing"

// makeFIFO: named pipes in a folder are a Unix thing.
func makeFIFO(testing.TB, string, string) (string, bool) { return "", false }
