// Package wait paces the polls of API clients and resources: backoff intervals bounded by the
// caller's context.
package wait

import (
	"context"
	"time"
)

// Backoff describes a polling cadence: the first look after First, then intervals growing by
// Factor up to Max.
type Backoff struct {
	First  time.Duration
	Factor float64
	Max    time.Duration
}

// Until calls check at the backoff's cadence, first at once, until it reports done, fails, or
// ctx ends (then ctx's error is returned).
func (b Backoff) Until(ctx context.Context, check func(context.Context) (bool, error)) error {
	interval := b.First
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		if err := Sleep(ctx, interval); err != nil {
			return err
		}
		interval = b.Next(interval)
	}
}

// Next is the interval that follows interval.
func (b Backoff) Next(interval time.Duration) time.Duration {
	return min(time.Duration(float64(interval)*b.Factor), b.Max)
}

// Sleep waits for d, or returns ctx's error if it ends first.
func Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
