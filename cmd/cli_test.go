package cmd

import (
	"bytes"
	"strings"
	"testing"
)

// run executes the command line as a user would and returns the exit code
// and both streams.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Execute(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}
