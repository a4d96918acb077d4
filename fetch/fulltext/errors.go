package fulltext

import (
	"errors"
	"fmt"
)

// ErrNoFullText matches (errors.Is) a NoFullTextError.
var ErrNoFullText = errors.New("no full text")

// ErrOffline matches (errors.Is) an OfflineError.
var ErrOffline = errors.New("offline")

// ErrBroken matches (errors.Is) a BrokenError.
var ErrBroken = errors.New("broken response")

// NoFullTextError says that neither source has the paper's text: Hugging
// Face answered 404 for the Markdown and arXiv 404 or its "HTML is not
// available" page. Its message is the one line the reader and the CLI
// show as it is.
type NoFullTextError struct {
	ID string
}

func (e *NoFullTextError) Error() string {
	return fmt.Sprintf("no full text for %s: Hugging Face has no Markdown and arXiv no HTML; p opens the PDF", e.ID)
}

// Is lets errors.Is(err, ErrNoFullText) work.
func (e *NoFullTextError) Is(target error) bool { return target == ErrNoFullText }

// OfflineError says a source could not be reached at all (no DNS, no
// route, connection refused), so nothing can be said about whether the
// text exists. A text downloaded earlier is still good to show.
type OfflineError struct {
	ID  string
	Err error // the first unreachable source's error
}

func (e *OfflineError) Error() string {
	return fmt.Sprintf("full text %s: offline: %v", e.ID, e.Err)
}

func (e *OfflineError) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ErrOffline) work.
func (e *OfflineError) Is(target error) bool { return target == ErrOffline }

// BrokenError is a response that arrived but cannot be the paper: an HTML
// error page with status 200 where Markdown was expected, a page that is
// not LaTeXML output, a body cut short, one over the size cap. Nothing of
// it is returned as text.
type BrokenError struct {
	Source string // SourceHF or SourceArxiv
	Where  string // host and path of the request
	Reason string
	Err    error // the transport's error, when there is one
}

func (e *BrokenError) Error() string {
	msg := fmt.Sprintf("%s: broken response: %s", e.Where, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *BrokenError) Unwrap() error { return e.Err }

// Is lets errors.Is(err, ErrBroken) work.
func (e *BrokenError) Is(target error) bool { return target == ErrBroken }
