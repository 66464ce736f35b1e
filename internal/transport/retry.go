package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

type methodKey struct{}

func withMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, methodKey{}, method)
}

// idempotent methods may be sent again whatever happened to the first attempt; a POST may not,
// since the server may have created something before the answer was lost.
func idempotent(ctx context.Context) bool {
	switch ctx.Value(methodKey{}) {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryPolicy retries
//   - 429 for every method: the server refused the request without acting on it;
//   - 503 and other 5xx (but 501), and connection failures, only for idempotent methods;
//   - a POST whose connection was never established (the request cannot have arrived);
//
// but not a token endpoint's 4xx refusal of the credentials (other than 429): trying again
// cannot change that answer.
//
// and never once the context is done or when the server's Retry-After reaches past the
// context's deadline: then the last answer is returned as it is.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		return !credentialsRefused(err) && (idempotent(ctx) || neverSent(err)), nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return fitsDeadline(ctx, resp), nil
	case resp.StatusCode == http.StatusServiceUnavailable:
		return idempotent(ctx) && fitsDeadline(ctx, resp), nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent(ctx), nil
	}
	return false, nil
}

// credentialsRefused reports a token endpoint that answered 4xx, but 429, to a token request.
func credentialsRefused(err error) bool {
	var retrieve *oauth2.RetrieveError
	if !errors.As(err, &retrieve) || retrieve.Response == nil {
		return false
	}
	status := retrieve.Response.StatusCode
	return status >= 400 && status < 500 && status != http.StatusTooManyRequests
}

// neverSent reports a failure to connect: no byte of the request reached the server.
func neverSent(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

func fitsDeadline(ctx context.Context, resp *http.Response) bool {
	deadline, ok := ctx.Deadline()
	if !ok {
		return true
	}
	wait, ok := retryAfter(resp)
	return !ok || time.Now().Add(wait).Before(deadline)
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
