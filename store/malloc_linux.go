//go:build linux && cgo

package store

/*
#include <malloc.h>

static void paperboy_trim(void) { malloc_trim(0); }

static void paperboy_limit_arenas(void) {
#ifdef M_ARENA_MAX
	mallopt(M_ARENA_MAX, 2);
#endif
}
*/
import "C"

// SQLite's allocations stay in two glibc arenas. The reader queries from
// several threads, and glibc would otherwise give each its own arena whose
// freed memory stays resident: about 5 MB of RSS. It must be set before
// the first query, hence init.
func init() { C.paperboy_limit_arenas() }

// ReleaseMemory hands the C heap's free memory back to the system.
// SQLite's big queries (a common word's postings at a million papers)
// free what they took, but glibc keeps it resident until trimmed.
func ReleaseMemory() { C.paperboy_trim() }
