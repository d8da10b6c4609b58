// Command corpus writes the benchmark corpus: go run ./bench/corpus -n 1000 -o build/bench/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"qingdan/bench"
	"qingdan/checklist"
)

func main() {
	n := flag.Int("n", 1000, "number of files")
	out := flag.String("o", "build/bench/corpus", "output folder")
	flag.Parse()
	if err := bench.GenerateCorpus(checklist.DefaultCatalog(), *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d files to %s\n", *n, *out)
}
