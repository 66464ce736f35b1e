package transport

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// RateMargin is the share of an API's rate limit the client leaves unused. The client's own
// count and the server's sliding window see requests at slightly different times (network
// jitter, reordering), so a client running at exactly the limit is refused now and then, and
// SailPoint answers repeated violations with back-offs that grow to 20 minutes.
const RateMargin = 0.1

// burstShare is the share of a window's budget the limiter lets through at once. A fifth (18 of
// SailPoint's 100 per 10 s) lets a wave of Terraform's default ten parallel creates leave
// together with the lookups they share, twelve requests: with a tenth, the ninth and tenth of a
// wave left a few hundred milliseconds late, fell out of the wave's batches, and every operation
// Terraform started after them paid its own lookups. The sustained rate pays for it: 7.2
// requests per second instead of 8.1.
const burstShare = 5

// newLimiter returns a token bucket that never lets more than the limit less the margin through
// in any window, however the requests are spread: burst plus refill over one window stays within
// it. A limit of 0 or less disables limiting.
func newLimiter(limit int, window time.Duration) *rate.Limiter {
	if limit <= 0 || window <= 0 {
		return rate.NewLimiter(rate.Inf, 0)
	}
	requests := max(1, int(float64(limit)*(1-RateMargin)))
	burst := max(1, requests/burstShare)
	refill := float64(requests-burst) / window.Seconds()
	if refill <= 0 {
		refill = 1 / window.Seconds()
	}
	return rate.NewLimiter(rate.Limit(refill), burst)
}

// rateLimited makes every attempt, retries included, wait for the API's limiter, but the first
// attempt of a request whose context carries a token spent in advance (see WaitRate).
type rateLimited struct {
	limiter *rate.Limiter
	next    http.RoundTripper
}

func (r rateLimited) RoundTrip(req *http.Request) (*http.Response, error) {
	paid, _ := req.Context().Value(prepaidKey{}).(*atomic.Bool)
	if paid == nil || !paid.CompareAndSwap(false, true) {
		if err := r.limiter.Wait(req.Context()); err != nil {
			return nil, err
		}
	}
	return r.next.RoundTrip(req)
}

type prepaidKey struct{}

// WaitRate waits for a rate-limit token and returns a context whose next request spends it. A
// caller that builds one request from what accumulates meanwhile (a batch of polls) keeps
// gathering while it waits, and sends the request the moment the limiter allows it.
func (c *Client) WaitRate(ctx context.Context) (context.Context, error) {
	if err := c.limiter.Wait(ctx); err != nil {
		return nil, err
	}
	return context.WithValue(ctx, prepaidKey{}, &atomic.Bool{}), nil
}
