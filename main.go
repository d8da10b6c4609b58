// Command qingdan writes, checks and scores the "两个责任" responsibility lists.
package main

import (
	"os"

	"qingdan/cmd"
)

func main() {
	os.Exit(cmd.Execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
