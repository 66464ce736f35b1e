package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeAPI answers a batch with each key's value, leaving out the keys it does not hold, and
// records every batch it was asked.
type fakeAPI struct {
	mu      sync.Mutex
	held    map[string]string
	batches [][]string
	refuse  func(keys []string) error // nil answers every batch
}

func (a *fakeAPI) fetch(_ context.Context, keys []string) (map[string]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.batches = append(a.batches, slices.Clone(keys))
	if a.refuse != nil {
		if err := a.refuse(keys); err != nil {
			return nil, err
		}
	}
	answer := map[string]string{}
	for _, key := range keys {
		if value, found := a.held[key]; found {
			answer[key] = value
		}
	}
	return answer, nil
}

type outcome struct {
	value string
	found bool
	err   error
}

// getAll asks every key at once, as parallel resource operations do.
func getAll(ctx context.Context, b *Batcher[string, string], keys []string) map[string]outcome {
	var mu sync.Mutex
	outcomes := map[string]outcome{}
	var wg sync.WaitGroup
	for _, key := range keys {
		wg.Go(func() {
			value, found, err := b.Get(ctx, key)
			mu.Lock()
			outcomes[key] = outcome{value, found, err}
			mu.Unlock()
		})
	}
	wg.Wait()
	return outcomes
}

func keysNamed(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%03d", i)
	}
	return keys
}

var options = Options{Gather: 50 * time.Millisecond, Max: 10, Timeout: 5 * time.Second}

// gathering makes b's batches wait until want keys have joined (or the batch is full), so that
// what a test counts does not depend on how fast a loaded machine starts goroutines.
func gathering(b *Batcher[string, string], want int) *Batcher[string, string] {
	b.ready = func(ctx context.Context) (context.Context, error) {
		for {
			b.mu.Lock()
			joined := b.current == nil || len(b.current.keys) >= want
			b.mu.Unlock()
			if joined {
				return ctx, nil
			}
			time.Sleep(time.Millisecond)
		}
	}
	return b
}

// Each waiter gets exactly its own key's answer, and a key the API leaves out is reported as
// not found, never as another key's value; concurrent waiters share requests of at most Max keys.
func TestConcurrentGetsShareRequestsAndEachGetsItsOwnAnswer(t *testing.T) {
	keys := keysNamed(40)
	api := &fakeAPI{held: map[string]string{}}
	for _, key := range keys[1:] {
		api.held[key] = "value of " + key
	}
	outcomes := getAll(t.Context(), gathering(New(api.fetch, nil, options), options.Max), keys)

	for _, key := range keys {
		got := outcomes[key]
		want := outcome{value: api.held[key], found: key != keys[0]}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", key, got, want)
		}
	}
	if len(api.batches) != 4 {
		t.Errorf("%d requests for %d concurrent keys: they were not batched", len(api.batches), len(keys))
	}
	for _, asked := range api.batches {
		if len(asked) > options.Max {
			t.Errorf("a batch asked %d keys, more than Max %d", len(asked), options.Max)
		}
	}
}

// Keys that arrive while the batch waits for its leave to send (a rate-limit token) join it.
func TestWaitersJoinWhileTheBatchWaitsToBeSent(t *testing.T) {
	api := &fakeAPI{held: map[string]string{"a": "1", "b": "2", "c": "3"}}
	leave := make(chan struct{})
	ready := func(ctx context.Context) (context.Context, error) { <-leave; return ctx, nil }
	b := New(api.fetch, ready, Options{Gather: time.Millisecond, Max: 10, Timeout: time.Second})
	done := make(chan map[string]outcome)
	go func() { done <- getAll(t.Context(), b, []string{"a"}) }()
	time.Sleep(50 * time.Millisecond) // the batch of "a" now waits for its leave
	go func() { done <- getAll(t.Context(), b, []string{"b", "c"}) }()
	time.Sleep(50 * time.Millisecond)
	close(leave)
	<-done
	<-done
	if len(api.batches) != 1 || len(api.batches[0]) != 3 {
		t.Errorf("batches = %v, want one of all three keys", api.batches)
	}
}

// A batch stops gathering once it holds the company the last batches had, or once it is full,
// instead of waiting the whole Gather (an hour here: the test would time out).
func TestABatchLeavesOnceItsWaveIsIn(t *testing.T) {
	api, b, ctx := gatheringForAnHour(t)
	wave := func(keys []string) {
		for key, got := range getAll(ctx, b, keys) {
			if got.err != nil {
				t.Fatalf("%s: %v", key, got.err)
			}
		}
	}
	wave(keysNamed(3)) // full
	b.opts.Max = 10
	wave(keysNamed(3)) // as many as the last batch: the wave is in
	if len(api.batches) != 2 || len(api.batches[1]) != 3 {
		t.Fatalf("batches = %v, want two of three keys", api.batches)
	}
}

// A batch that holds its expected company still takes latecomers, so the company it expects
// can grow: after a batch of three took a fourth, the next one waits for four.
func TestLatecomersGrowTheExpectedCompany(t *testing.T) {
	api, b, ctx := gatheringForAnHour(t)
	getAll(ctx, b, keysNamed(3))
	// Three join and wait for latecomers (for an hour, unless the batch fills); a fourth fills it.
	b.opts.Max, b.opts.Latecomers = 4, time.Hour
	done := make(chan map[string]outcome)
	go func() { done <- getAll(ctx, b, []string{"a", "b", "c"}) }()
	waitForKeys(t, b, 3)
	getAll(ctx, b, []string{"d"})
	<-done
	if got := slices.Max(b.recent[:]); got != 4 {
		t.Fatalf("the company expected next is %d, want 4 (batches %v)", got, api.batches)
	}
}

// gatheringForAnHour returns a batcher of three keys a batch that gathers for an hour, and a
// context that ends the test long before, should a batch wait for the whole hour.
func gatheringForAnHour(t *testing.T) (*fakeAPI, *Batcher[string, string], context.Context) {
	api := &fakeAPI{held: map[string]string{}}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return api, New(api.fetch, nil, Options{Gather: time.Hour, Max: 3, Timeout: time.Minute}), ctx
}

// waitForKeys waits until b's open batch holds n keys.
func waitForKeys(t *testing.T, b *Batcher[string, string], n int) {
	t.Helper()
	for {
		b.mu.Lock()
		joined := b.current != nil && len(b.current.keys) >= n
		b.mu.Unlock()
		if joined {
			return
		}
		if t.Context().Err() != nil {
			t.Fatal(t.Context().Err())
		}
		time.Sleep(time.Millisecond)
	}
}

var errRefused = errors.New("400: invalid filter")

// A batch the API refuses for one key's sake is asked again key by key: every other key gets
// its answer, and the culprit gets the API's real error.
func TestARefusedBatchIsAskedAgainKeyByKey(t *testing.T) {
	keys := keysNamed(5)
	api := &fakeAPI{held: map[string]string{"k001": "one", "k002": "two"}, refuse: func(keys []string) error {
		if slices.Contains(keys, "k003") {
			return errRefused
		}
		return nil
	}}
	opts := options
	opts.Alone = func(err error) bool { return errors.Is(err, errRefused) }
	outcomes := getAll(t.Context(), gathering(New(api.fetch, nil, opts), len(keys)), keys)

	want := map[string]outcome{"k000": {}, "k001": {"one", true, nil}, "k002": {"two", true, nil}, "k003": {err: errRefused}, "k004": {}}
	for key, w := range want {
		if got := outcomes[key]; got.value != w.value || got.found != w.found || !errors.Is(got.err, w.err) {
			t.Errorf("%s: got %+v, want %+v", key, got, w)
		}
	}
	if len(api.batches) != 1+len(keys) {
		t.Errorf("batches = %v, want the refused batch and one per key", api.batches)
	}
}

// A failure Alone does not claim fails every waiter with the API's own error, not a vaguer one.
func TestAFailedBatchFailsEveryWaiterWithTheRealError(t *testing.T) {
	failure := errors.New("503: service unavailable")
	api := &fakeAPI{refuse: func([]string) error { return failure }}
	opts := options
	opts.Alone = func(err error) bool { return errors.Is(err, errRefused) }
	for key, got := range getAll(t.Context(), gathering(New(api.fetch, nil, opts), 4), keysNamed(4)) {
		if !errors.Is(got.err, failure) || got.found {
			t.Errorf("%s: got %+v, want the API's error", key, got)
		}
	}
	if len(api.batches) != 1 {
		t.Errorf("batches = %v, want one (the failure is not retried key by key)", api.batches)
	}
}

// The waiter that leads a batch may give up (its operation timed out); the others still get
// their answers, and the one that left gets its own context's error at once.
func TestALeaderThatGivesUpLeavesTheBatchToTheOthers(t *testing.T) {
	api := &fakeAPI{held: map[string]string{"leader": "1", "follower": "2"}}
	leave := make(chan struct{})
	ready := func(ctx context.Context) (context.Context, error) { <-leave; return ctx, nil }
	b := New(api.fetch, ready, Options{Gather: time.Millisecond, Max: 10, Timeout: 5 * time.Second})
	leaderCtx, cancel := context.WithCancel(t.Context())
	left := make(chan error)
	go func() {
		_, _, err := b.Get(leaderCtx, "leader")
		left <- err
	}()
	follower := make(chan outcome)
	go func() {
		value, found, err := b.Get(t.Context(), "follower")
		follower <- outcome{value, found, err}
	}()
	time.Sleep(20 * time.Millisecond)
	cancel() // the batch is still waiting for its leave to send
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Errorf("leader got %v, want its context's error", err)
	}
	close(leave)
	if got := <-follower; got != (outcome{"2", true, nil}) {
		t.Errorf("follower got %+v, want its answer", got)
	}
}
