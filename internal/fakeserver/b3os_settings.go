package fakeserver

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"
)

// B3OSSettings tune the fake B3OS API; POST /_fake/config takes them under "b3os". B3OS documents a per-organization rate limit answered
// with 429 and Retry-After, but not its numbers: the defaults are inferred.
type B3OSSettings struct {
	RateLimit    int `json:"rate_limit"`     // requests per window per organization (default 100; 0 disables)
	RateWindowMS int `json:"rate_window_ms"` // fixed window length (default 10000)
}

func defaultB3OSSettings() B3OSSettings {
	return B3OSSettings{RateLimit: 100, RateWindowMS: 10000}
}

func (c B3OSSettings) validate() error {
	switch {
	case c.RateLimit < 0:
		return errors.New("rate_limit must not be negative")
	case c.RateWindowMS <= 0:
		return errors.New("rate_window_ms must be positive")
	}
	return nil
}

var _ = registerSettings(APIB3OS, func(s *Server) *B3OSSettings { return &s.b3os.settings })

// ConfigureB3OS changes the fake B3OS's settings; fields change leaves alone keep their values,
// and Reset restores the defaults. It panics when the result is invalid, as that is a bug in the
// calling test.
func (s *Server) ConfigureB3OS(change func(*B3OSSettings)) {
	configure(s, func(s *Server) *B3OSSettings { return &s.b3os.settings }, change)
}

// b3osWindow counts an organization's admitted requests in the current fixed window.
type b3osWindow struct {
	start time.Time
	count int
}

// admitRate lets RateLimit requests per organization through in each fixed window, then answers
// 429 with the seconds left in the window as Retry-After. The window kind is inferred.
func (st *b3osStore) admitRate(organizationID string, now time.Time) error {
	limit, length := st.settings.RateLimit, milliseconds(st.settings.RateWindowMS)
	if limit <= 0 {
		return nil
	}
	window := st.windows[organizationID]
	if window == nil || !now.Before(window.start.Add(length)) {
		window = &b3osWindow{start: now}
		st.windows[organizationID] = window
	}
	if window.count >= limit {
		retryAfter := max(1, int(math.Ceil(window.start.Add(length).Sub(now).Seconds())))
		return &apiError{
			status: http.StatusTooManyRequests, message: "rate limit exceeded for this organization",
			header: map[string]string{"Retry-After": strconv.Itoa(retryAfter)},
		}
	}
	window.count++
	return nil
}
