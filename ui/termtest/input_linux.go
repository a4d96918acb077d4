package termtest

import (
	"os"
	"syscall"
	"unsafe"
)

// pendingInput is how many bytes wait in the input queue of the terminal
// tty (its slave side): sent to the program, not yet read by it.
func pendingInput(tty string) (int, error) {
	f, err := os.OpenFile(tty, os.O_RDONLY|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
		return 0, e
	}
	return int(n), nil
}
