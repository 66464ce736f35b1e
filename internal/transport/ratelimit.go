package transport

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// RateMargin is the share of an API's rate limit the client leaves unused. The client's own
// count and the server's sliding window see requests at slightly different times (network
// jitter, reordering), so a client running at exactly the limit is refused now and then, and
// SailPoint answers repeated violations with back-offs that grow to 20 minutes.
const RateMargin = 0.1

// newLimiter returns a token bucket that never lets more than the limit less the margin through
// in any window, however the requests are spread: burst plus refill over one window stays within
// it. A limit of 0 or less disables limiting.
func newLimiter(limit int, window time.Duration) *rate.Limiter {
	if limit <= 0 || window <= 0 {
		return rate.NewLimiter(rate.Inf, 0)
	}
	requests := max(1, int(float64(limit)*(1-RateMargin)))
	burst := max(1, requests/10)
	refill := float64(requests-burst) / window.Seconds()
	if refill <= 0 {
		refill = 1 / window.Seconds()
	}
	return rate.NewLimiter(rate.Limit(refill), burst)
}

// rateLimited makes every attempt, retries included, wait for the API's limiter.
type rateLimited struct {
	limiter *rate.Limiter
	next    http.RoundTripper
}

func (r rateLimited) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := r.limiter.Wait(req.Context()); err != nil {
		return nil, err
	}
	return r.next.RoundTrip(req)
}
