package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

type idempotentKey struct{}

func withIdempotence(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, idempotentKey{}, r.Idempotent || idempotentMethod(r.Method))
}

// idempotentMethod tells a method whose requests may be sent again whatever happened to the
// first attempt; a POST or a PATCH may not, since the server may have created something, or
// changed it relative to its state, before the answer was lost.
func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// idempotent tells whether the request under way may be sent again (see Request.Idempotent).
func idempotent(ctx context.Context) bool {
	again, _ := ctx.Value(idempotentKey{}).(bool)
	return again
}

const (
	// unreachableBudget is how long a request that never reached a server keeps being tried:
	// an API that is down fails the operation within seconds, not after the full backoff.
	unreachableBudget = 10 * time.Second
	// maxTimeouts bounds the attempts of a request whose server took it and never answered: a
	// silent server fails a read within twice request_timeout.
	maxTimeouts = 2
	// maxRetryAfter caps the wait a Retry-After may ask of an operation, whatever its deadline.
	maxRetryAfter = 10 * time.Minute
)

// attempts is what the attempts of one request have met, for the retry policy and the error.
type attempts struct {
	started     time.Time
	mu          sync.Mutex
	made        int
	timeouts    int
	refusedWait time.Duration // a Retry-After the policy would not wait for
}

type attemptsKey struct{}

func withAttempts(ctx context.Context) (context.Context, *attempts) {
	a := &attempts{started: time.Now()}
	return context.WithValue(ctx, attemptsKey{}, a), a
}

func attemptsOf(ctx context.Context) *attempts {
	if a, ok := ctx.Value(attemptsKey{}).(*attempts); ok {
		return a
	}
	return &attempts{started: time.Now()}
}

func (a *attempts) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.made
}

// record counts one finished attempt and returns the timeouts so far.
func (a *attempts) record(err error) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.made++
	if timedOut(err) {
		a.timeouts++
	}
	return a.timeouts
}

// retryPolicy retries
//   - 429 for every method: the server refused the request without acting on it;
//   - 503 and other 5xx (but 501), and connection failures, only for idempotent methods;
//   - a request that never reached a server, for any method, for unreachableBudget;
//
// but not a token endpoint's refusal (a 4xx other than 429, a redirect, an answer that is no
// token): trying again cannot change that answer; not a request that timed out maxTimeouts
// times; and never once the context is done, or when the server's Retry-After reaches past the
// context's deadline or maxRetryAfter: then the last answer is returned as it is.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	tried := attemptsOf(ctx)
	timeouts := tried.record(err)
	if err != nil {
		switch {
		case neverSent(err):
			return time.Since(tried.started) < unreachableBudget, nil
		case tokenRefused(err):
			return false, nil
		case timeouts >= maxTimeouts:
			return false, nil
		}
		return idempotent(ctx), nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return affordable(ctx, resp, tried), nil
	case resp.StatusCode == http.StatusServiceUnavailable:
		return idempotent(ctx) && affordable(ctx, resp, tried), nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent(ctx), nil
	}
	return false, nil
}

// tokenRefused reports a token request that the token endpoint answered with a refusal, or with
// something that is not a token: a 4xx but 429, a 3xx, or a 2xx that does not parse.
func tokenRefused(err error) bool {
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) && retrieve.Response != nil {
		status := retrieve.Response.StatusCode
		return status < 500 && status != http.StatusTooManyRequests
	}
	var token *tokenError
	return errors.As(err, &token) && !timedOut(err)
}

// notSentError marks a failure before any connection was made: no byte of the request reached
// a server (refused, unresolvable, unreachable, TLS handshake failed).
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

func neverSent(err error) bool {
	var notSent *notSentError
	return errors.As(err, &notSent)
}

func timedOut(err error) bool {
	var netErr net.Error
	return err != nil && ((errors.As(err, &netErr) && netErr.Timeout()) || errors.Is(err, context.DeadlineExceeded))
}

// tracing tells a failure before a connection was made (see notSentError) from one after.
type tracing struct{ next http.RoundTripper }

func (t tracing) RoundTrip(req *http.Request) (*http.Response, error) {
	var connected bool
	var mu sync.Mutex
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) {
		mu.Lock()
		connected = true
		mu.Unlock()
	}}
	resp, err := t.next.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	mu.Lock()
	defer mu.Unlock()
	if err != nil && !connected && req.Context().Err() == nil {
		return nil, &notSentError{err: err}
	}
	return resp, err
}

// connectionBackoff paces the attempts of a request without an answer: short, since a refused
// connection is answered at once and an unreachableBudget must hold several attempts.
var connectionBackoff = struct{ first, max time.Duration }{250 * time.Millisecond, 2 * time.Second}

func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp == nil {
		return min(connectionBackoff.first<<min(attempt, 8), connectionBackoff.max)
	}
	return retryablehttp.DefaultBackoff(lo, hi, attempt, resp)
}

// affordable tells whether the wait the server asks for fits the operation: its deadline and
// maxRetryAfter. A wait that does not is recorded for the error.
func affordable(ctx context.Context, resp *http.Response, tried *attempts) bool {
	wait, ok := retryAfter(resp)
	if !ok {
		return true
	}
	deadline, bounded := ctx.Deadline()
	if wait <= maxRetryAfter && (!bounded || time.Now().Add(wait).Before(deadline)) {
		return true
	}
	tried.mu.Lock()
	tried.refusedWait = wait
	tried.mu.Unlock()
	return false
}

func retryAfter(resp *http.Response) (time.Duration, bool) {
	value := resp.Header.Get("Retry-After")
	if value == "" {
		return 0, false
	}
	if seconds, err := time.ParseDuration(value + "s"); err == nil {
		return seconds, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return time.Until(at), true
	}
	return 0, false
}
