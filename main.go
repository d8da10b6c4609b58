// Command qingdan writes, checks and scores the "两个责任" responsibility lists.
package main

import (
	"os"
	"runtime/debug"

	"qingdan/cmd"
)

func main() {
	// Reading a workbook allocates a few hundred KB that die at once; with
	// the default GOGC the collector takes a core of its own on a 2-core
	// desk. 400 keeps the heap under ~40 MB and leaves the cores to -j.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(cmd.Execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
