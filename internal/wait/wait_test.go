package wait

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestUntilGrowsTheIntervalAndStopsWhenDone(t *testing.T) {
	b := Backoff{First: 10 * time.Millisecond, Factor: 2, Max: 25 * time.Millisecond}
	var looks []time.Time
	err := b.Until(context.Background(), func(context.Context) (bool, error) {
		looks = append(looks, time.Now())
		return len(looks) == 4, nil
	})
	if err != nil || len(looks) != 4 {
		t.Fatalf("got %v after %d looks, want done after 4", err, len(looks))
	}
	// Intervals 10, 20, then 25 (capped): the last gap is no shorter than the cap.
	if gap := looks[3].Sub(looks[2]); gap < 25*time.Millisecond {
		t.Fatalf("third interval %v, want the 25ms cap", gap)
	}
}

func TestUntilReturnsTheCheckErrorOrTheContextError(t *testing.T) {
	b := Backoff{First: time.Millisecond, Factor: 1, Max: time.Millisecond}
	boom := errors.New("boom")
	if err := b.Until(context.Background(), func(context.Context) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the check's error", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.Until(ctx, func(context.Context) (bool, error) { return false, nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
}
