// Command gen writes the benchmark corpus: gen -n 100000 -dir BENCH
// writes BENCH/arxiv-v2-100000.json (snapshot lines), BENCH/hf-v2-100000.json
// (Hugging Face entries) and, with -rss, BENCH/feed-v2-100000.xml.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest/benchgen"
)

func main() {
	n := flag.Int("n", 10000, "papers")
	dir := flag.String("dir", "BENCH", "output directory")
	rss := flag.Bool("rss", false, "also write the RSS feed")
	flag.Parse()
	paths, err := benchgen.WriteFiles(*dir, *n, *rss)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, p := range paths {
		fmt.Println(p)
	}
}
