// Command qingdan writes, checks and scores the "两个责任" responsibility lists.
package main

import (
	"context"
	"os"
	"runtime/debug"

	"qingdan/cmd"
)

// memoryLimit is the soft limit on the Go heap, below SPEC §9's 200 MB a run.
const memoryLimit = 140 << 20

func main() {
	// Reading a workbook allocates a few hundred KB that die at once; with
	// the default GOGC the collector takes a core of its own on a 2-core
	// desk. 400 keeps the heap under ~40 MB and leaves the cores to -j.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// GOGC 400 also lets a batch's heap grow to five times what it keeps
	// (48 MB kept for 20,000 files peaked at 240 MB): near this limit the
	// collector runs sooner instead.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := cmd.NotifyContext(context.Background())
	code := cmd.ExecuteContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
