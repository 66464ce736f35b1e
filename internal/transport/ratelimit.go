package transport

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// newLimiter returns a token bucket that never lets more than requests through in any window,
// however the requests are spread: burst plus refill over one window stays within the limit.
// A limit of 0 or less disables limiting.
func newLimiter(requests int, window time.Duration) *rate.Limiter {
	if requests <= 0 || window <= 0 {
		return rate.NewLimiter(rate.Inf, 0)
	}
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
