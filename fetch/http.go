package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Defaults for HTTPClient. Together they make a dead or failing endpoint
// give up well within a minute: four tries, waits of 1, 2 and 4 s, each try
// bounded by the per-request timeout and all of them by GiveUpAfter.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxTries       = 4
	DefaultBackoff        = time.Second
	DefaultMaxBackoff     = 20 * time.Second
	DefaultGiveUpAfter    = 60 * time.Second
	DefaultMaxBody        = 32 << 20
)

// HTTPClient is the one way this package talks to the network: GET with
// timeouts, polite pacing, bounded retries and a cap on response size.
// The exported fields may be changed before first use (tests shrink the
// timings); it is safe for concurrent use after that.
type HTTPClient struct {
	HTTP      *http.Client
	UserAgent string
	Header    http.Header // sent with every request (Accept, Authorization)

	RequestTimeout time.Duration // one try, from dial to last body byte
	MaxTries       int           // tries per request, first one included
	Backoff        time.Duration // wait before the second try; doubles after
	MaxBackoff     time.Duration // cap on one computed wait
	GiveUpAfter    time.Duration // total time budget of one Get, retries included
	MaxBody        int64         // bytes; larger responses are an error
	// Delay is the least time between the starts of two requests, the
	// etiquette arXiv asks of API clients.
	Delay time.Duration
	// ErrorDetail, when set, reads what the service says about an unwanted
	// status from the body it sent with it (arXiv's Atom error feed, a JSON
	// {"error": ...}); the text goes into the HTTPError, sanitised, on one
	// line. nil or "" leaves the status alone.
	ErrorDetail func(body []byte) string
	// Limit, when set, keeps requests (retries included) within a
	// service's rate limit; it may be shared with other clients.
	Limit *Limiter

	mu   sync.Mutex
	last time.Time // start of the previous request, for Delay
}

// NewHTTPClient returns a client with the default timings.
func NewHTTPClient(userAgent string) *HTTPClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: DefaultConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = DefaultConnectTimeout
	return &HTTPClient{
		HTTP:           &http.Client{Transport: tr},
		UserAgent:      userAgent,
		Header:         http.Header{},
		RequestTimeout: DefaultRequestTimeout,
		MaxTries:       DefaultMaxTries,
		Backoff:        DefaultBackoff,
		MaxBackoff:     DefaultMaxBackoff,
		GiveUpAfter:    DefaultGiveUpAfter,
		MaxBody:        DefaultMaxBody,
	}
}

// UserAgent is the descriptive agent string both services are sent.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "paperboy/" + version + " (+https://github.com/paperboy-reader/paperboy)"
}

// where names a request in errors: host, path and the query that tells
// this request from its siblings, without scheme.
func where(u *url.URL, what string) string {
	w := u.Host + u.Path
	if what != "" {
		w += " " + what
	}
	return w
}

// Get fetches u and returns the body of a 200 response. what is the
// distinguishing part of the request for error messages ("date=2025-05-15").
// 429 and 5xx responses, resets and timeouts are retried with exponential
// backoff, honouring Retry-After; other statuses and offline errors fail at
// once.
func (c *HTTPClient) Get(ctx context.Context, u *url.URL, what string) ([]byte, error) {
	w := where(u, what)
	budget := c.GiveUpAfter
	if budget <= 0 {
		budget = DefaultGiveUpAfter
	}
	giveUp := time.Now().Add(budget)
	maxTries := max(c.MaxTries, 1)
	for try := 1; ; try++ {
		if err := c.pace(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", w, err)
		}
		body, status, retryAfter, err := c.once(ctx, u, giveUp)
		detail := ""
		if err == nil && status != http.StatusOK && c.ErrorDetail != nil && len(body) > 0 {
			detail = errorLine(c.ErrorDetail(body))
		}
		if err == nil && status == http.StatusOK {
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", w, ctx.Err())
		}
		var final error
		switch {
		case errors.Is(err, ErrTooLarge):
			return nil, fmt.Errorf("%s: %w", w, err)
		case err != nil:
			final = fmt.Errorf("%s: %w", w, err)
			if try > 1 {
				final = fmt.Errorf("%s: %w (after %d tries)", w, err, try)
			}
			if IsOffline(err) {
				return nil, final
			}
		default:
			final = &HTTPError{Where: w, Status: status, Tries: try, Detail: detail}
			if status != http.StatusTooManyRequests && status < 500 {
				return nil, final
			}
		}
		if try >= maxTries {
			return nil, final
		}
		wait := c.backoff(try)
		if retryAfter >= 0 {
			wait = retryAfter
		}
		if status == http.StatusTooManyRequests {
			c.Limit.Hold(ctx, wait) // every request of the budget waits, here and in the other paperboys
		}
		if time.Now().Add(wait).After(giveUp) {
			return nil, final
		}
		if err := Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s: %w", w, err)
		}
	}
}

// once makes one try. retryAfter is -1 when the response did not say.
func (c *HTTPClient) once(ctx context.Context, u *url.URL, giveUp time.Time) (body []byte, status int, retryAfter time.Duration, err error) {
	retryAfter = -1
	deadline := giveUp
	if c.RequestTimeout > 0 {
		if d := time.Now().Add(c.RequestTimeout); d.Before(deadline) {
			deadline = d
		}
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, retryAfter, err
	}
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is already in the caller's message
		}
		return nil, 0, retryAfter, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		// Keep a little of the body, for what the service says went wrong
		// (and so the connection can be reused); an error body cut short
		// reads as none.
		body, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return body, resp.StatusCode, retryAfter, nil
	}
	if c.MaxBody > 0 && resp.ContentLength > c.MaxBody {
		return nil, resp.StatusCode, retryAfter, c.tooLarge()
	}
	r := io.Reader(resp.Body)
	if c.MaxBody > 0 {
		r = io.LimitReader(resp.Body, c.MaxBody+1)
	}
	body, err = io.ReadAll(r)
	if err != nil {
		// A body cut short is worth another try: it is usually the
		// connection, not the service.
		return nil, resp.StatusCode, retryAfter, fmt.Errorf("reading response: %w", err)
	}
	if c.MaxBody > 0 && int64(len(body)) > c.MaxBody {
		return nil, resp.StatusCode, retryAfter, c.tooLarge()
	}
	return body, resp.StatusCode, retryAfter, nil
}

// maxErrorBody is how much of an error response is read for its message.
const maxErrorBody = 64 << 10

// maxErrorDetail caps the service's words in an error line.
const maxErrorDetail = 300

// errorLine makes a service's error text fit an error line: sanitised, one
// line, bounded.
func errorLine(s string) string {
	return safetext.Clip(safetext.Line(s), maxErrorDetail)
}

func (c *HTTPClient) tooLarge() error {
	return fmt.Errorf("response larger than %s: %w", sizeString(c.MaxBody), ErrTooLarge)
}

func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

func (c *HTTPClient) backoff(try int) time.Duration {
	d := c.Backoff
	for i := 1; i < try && d < c.MaxBackoff; i++ {
		d *= 2
	}
	if c.MaxBackoff > 0 && d > c.MaxBackoff {
		d = c.MaxBackoff
	}
	return d
}

// pace holds a request back until Delay has passed since the previous
// one started. Slots are handed out under the lock so concurrent callers
// queue instead of all firing when the gap ends.
func (c *HTTPClient) pace(ctx context.Context) error {
	if err := c.Limit.Wait(ctx); err != nil {
		return err
	}
	if c.Delay <= 0 {
		return nil
	}
	c.mu.Lock()
	now := time.Now()
	next := c.last.Add(c.Delay)
	if next.Before(now) {
		next = now
	}
	c.last = next
	c.mu.Unlock()
	return Sleep(ctx, time.Until(next))
}

// parseRetryAfter reads delay-seconds or an HTTP date; -1 when absent or
// unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return -1
	}
	if secs, err := strconv.Atoi(v); err == nil {
		// A day is as good as forever here (the give-up budget is a
		// minute) and keeps huge values from overflowing a Duration.
		return time.Duration(min(max(secs, 0), 86400)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// Sleep waits d, or less when ctx ends first (its error is returned).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
