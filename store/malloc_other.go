//go:build !linux || !cgo

package store

// ReleaseMemory hands the C heap's free memory back to the system where
// the C library allows it; elsewhere the allocator does so on its own.
func ReleaseMemory() {}
