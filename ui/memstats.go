package ui

import (
	"encoding/json"
	"os"
	"runtime"
)

// memStatsEnv names a file that receives the Go runtime's memory
// statistics as JSON when the reader exits (for the benchmarks).
const memStatsEnv = "PAPERBOY_MEMSTATS"

func writeMemStats() {
	path := os.Getenv(memStatsEnv)
	if path == "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, err := json.Marshal(&ms)
	if err != nil {
		return
	}
	_ = os.WriteFile(path, b, 0o644)
}

// frameRate is how many frames a second the reader draws at most: a key's
// effect shows within one frame, 8 ms at 120.
const frameRate = 120
