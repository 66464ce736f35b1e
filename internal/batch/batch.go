// Package batch coalesces the requests that concurrent resource operations make of the same kind
// into one request, where the API can answer many keys at once: the first operation to ask
// gathers the others for a moment, while it waits for the rate limiter's leave to send, then
// fetches every key at once and shares the answer. Terraform runs resource operations in
// parallel, so an apply of many resources costs one request per wave instead of one per resource.
package batch

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Fetch answers several keys in one request. A key absent from the map is one the API does not
// show; the caller decides what that means.
type Fetch[K comparable, V any] func(ctx context.Context, keys []K) (map[K]V, error)

// Ready waits until the batch may be sent and returns the context to send it with. A transport
// client's WaitRate fits: waiters keep joining while it waits for a rate-limit token.
type Ready func(ctx context.Context) (context.Context, error)

// Options size a batcher.
type Options struct {
	// Gather is how long the first waiter gathers others before asking to send. A batch stops
	// sooner, Latecomers after it holds as many waiters as the largest of the last few batches:
	// Terraform runs operations in waves that come back at the same size, and once the wave is
	// in, waiting longer only delays it. Latecomers let a wave grow.
	Gather     time.Duration
	Latecomers time.Duration
	Max        int // keys per request; a full batch leaves at once and later keys start the next
	// Timeout bounds one fetch, which outlives the context of the waiter that leads it: the
	// others still want the answer when the leader's own operation ends.
	Timeout time.Duration
	// Alone reports whether a failed batch is asked again key by key: an API may refuse a whole
	// request for one key's sake. Any other failure is every waiter's error. Nil retries nothing.
	Alone func(error) bool
}

// Batcher shares one fetch between concurrent waiters.
type Batcher[K comparable, V any] struct {
	fetch Fetch[K, V]
	ready Ready
	opts  Options

	mu      sync.Mutex
	current *round[K, V]
	recent  [recentRounds]int // how many waiters the last rounds held, newest first
}

// recentRounds is how many rounds set the company a round expects: more than one, so that a
// wave split in two (seven operations, then three) does not teach the seven to leave at three.
const recentRounds = 4

type round[K comparable, V any] struct {
	keys     []K
	expected int           // waiters the recent rounds held at most; 0 while there is no history
	company  chan struct{} // closed once the round holds the expected waiters, or Max
	full     chan struct{} // closed once the round holds Max waiters
	done     chan struct{}
	result   map[K]V
	err      error
}

// New returns a batcher; ready may be nil when nothing limits the rate.
func New[K comparable, V any](fetch Fetch[K, V], ready Ready, opts Options) *Batcher[K, V] {
	if ready == nil {
		ready = func(ctx context.Context) (context.Context, error) { return ctx, nil }
	}
	return &Batcher[K, V]{fetch: fetch, ready: ready, opts: opts}
}

// Get returns key's value and whether the answer held it. A failed fetch is asked again for key
// alone when Options.Alone says so, and otherwise fails every waiter of its batch with the
// fetch's own error. A waiter whose context ends leaves at once; the batch it led goes on for
// the others.
func (b *Batcher[K, V]) Get(ctx context.Context, key K) (V, bool, error) {
	r, leader := b.join(key)
	if leader {
		go b.lead(ctx, r) // in the background, so that a leader whose context ends can leave at once
	}
	select {
	case <-r.done:
	case <-ctx.Done():
		return *new(V), false, ctx.Err()
	}
	result, err := r.result, r.err
	if err != nil && len(r.keys) > 1 && b.opts.Alone != nil && b.opts.Alone(err) {
		result, err = b.fetch(ctx, []K{key})
	}
	if err != nil {
		return *new(V), false, err
	}
	value, found := result[key]
	return value, found, nil
}

func (b *Batcher[K, V]) join(key K) (*round[K, V], bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	leader := b.current == nil
	if leader {
		b.current = &round[K, V]{
			expected: slices.Max(b.recent[:]),
			company:  make(chan struct{}), full: make(chan struct{}), done: make(chan struct{}),
		}
	}
	r := b.current
	r.keys = append(r.keys, key)
	if n := len(r.keys); n == r.expected || n == b.opts.Max {
		closeOnce(r.company)
	}
	if len(r.keys) == b.opts.Max {
		close(r.full)
		b.current = nil // later waiters start the next batch
	}
	return r, leader
}

// closeOnce closes ch unless it is closed; callers hold the batcher's lock.
func closeOnce(ch chan struct{}) {
	select {
	case <-ch:
	default:
		close(ch)
	}
}

func (b *Batcher[K, V]) lead(ctx context.Context, r *round[K, V]) {
	defer close(r.done)
	fetchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.opts.Timeout)
	defer cancel()
	err := b.gather(fetchCtx, r)
	if err == nil {
		fetchCtx, err = b.ready(fetchCtx)
	}
	keys := b.seal(r)
	r.keys = keys
	if err != nil {
		r.err = err
		return
	}
	r.result, r.err = b.fetch(fetchCtx, keys)
}

// gather waits for company for Options.Gather at most: Options.Latecomers once the round holds
// the company recent rounds had, and no longer once it is full.
func (b *Batcher[K, V]) gather(ctx context.Context, r *round[K, V]) error {
	gathering, cancel := context.WithTimeout(ctx, b.opts.Gather)
	defer cancel()
	select {
	case <-r.company:
		late, stop := context.WithTimeout(gathering, b.opts.Latecomers)
		defer stop()
		select {
		case <-r.full:
		case <-late.Done():
		}
	case <-gathering.Done():
	}
	return ctx.Err()
}

// seal closes the batch to newcomers and returns its distinct keys.
func (b *Batcher[K, V]) seal(r *round[K, V]) []K {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.current == r {
		b.current = nil
	}
	copy(b.recent[1:], b.recent[:])
	b.recent[0] = len(r.keys)
	seen := make(map[K]bool, len(r.keys))
	keys := make([]K, 0, len(r.keys))
	for _, key := range r.keys {
		if !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	return keys
}
