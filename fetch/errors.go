package fetch

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

// ErrNotFound is returned (wrapped) when a service answers 404 for a paper.
var ErrNotFound = errors.New("not found")

// ErrTooLarge is returned (wrapped) when a response exceeds the client's
// size cap.
var ErrTooLarge = errors.New("response too large")

// HTTPError is a request that ended with an unwanted status. Where names
// the request without scheme, e.g.
// "huggingface.co/api/daily_papers date=2025-05-15".
type HTTPError struct {
	Where  string
	Status int
	Tries  int
	// Detail is what the service said about it (arXiv: "incorrect id
	// format for abc"), sanitised and on one line; "" when it said nothing
	// readable.
	Detail string
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("%s: HTTP %d", e.Where, e.Status)
	if e.Tries > 1 {
		msg += fmt.Sprintf(" after %d tries", e.Tries)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap lets errors.Is(err, ErrNotFound) work for 404s.
func (e *HTTPError) Unwrap() error {
	if e.Status == 404 {
		return ErrNotFound
	}
	return nil
}

// IsOffline reports whether err means the network or the service could not
// be reached at all (no DNS, no route, connection refused), as opposed to
// the service answering badly. The CLI and the reader say "offline" for it.
func IsOffline(err error) bool {
	if err == nil {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	for _, errno := range []syscall.Errno{
		syscall.ECONNREFUSED, syscall.ENETUNREACH, syscall.EHOSTUNREACH,
		syscall.ENETDOWN, syscall.EHOSTDOWN,
	} {
		if errors.Is(err, errno) {
			return true
		}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return false
}
