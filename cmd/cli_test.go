package cmd

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

// update rewrites the golden files under testdata/golden: go test ./... -update.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// run executes the command line as a user would and returns the exit code
// and both streams.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Execute(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}
