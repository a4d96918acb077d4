//go:build !linux

package termtest

// pendingInput cannot see the input queue here: keys are not waited on.
func pendingInput(tty string) (int, error) { return 0, nil }
