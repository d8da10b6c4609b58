package cmd

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/inconshreveable/mousetrap"
	"github.com/spf13/cobra"
)

// Started from Explorer, qingdan opens its page instead of cobra's English
// "This is a command line tool" splash.
func init() { cobra.MousetrapHelpText = "" }

// startedByExplorer is mousetrap's answer: on Windows, whether the parent
// process is explorer.exe (a double-click, or files dropped on the .exe);
// false elsewhere.
func startedByExplorer() bool { return mousetrap.StartedByExplorer() }

// explorerArgs decides what a start runs. From Explorer, no arguments is a
// double-click: serve; arguments that all name existing files or folders
// were dropped on qingdan.exe: serve checks them and opens on the result.
// Anything else, and every start from a terminal, runs as typed.
func explorerArgs(args []string, fromExplorer bool) []string {
	if !fromExplorer {
		return args
	}
	for _, a := range args {
		if _, err := os.Stat(a); err != nil {
			return args
		}
	}
	return append([]string{"serve"}, args...)
}

// holdWindow keeps the console window Explorer opened until Enter, so that
// an error can be read before the window closes.
func holdWindow(in io.Reader, out io.Writer) {
	fmt.Fprint(out, "按回车键关闭此窗口……")
	bufio.NewReader(in).ReadString('\n')
}
