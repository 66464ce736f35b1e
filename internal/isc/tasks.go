package isc

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// TaskStatus is the part of ISC's TaskStatus object a waiter reads.
type TaskStatus struct {
	ID               string        `json:"id"`
	UniqueName       string        `json:"uniqueName"`
	Completed        *string       `json:"completed"`
	CompletionStatus *string       `json:"completionStatus"`
	Messages         []TaskMessage `json:"messages"`
}

// TaskMessage is one message a task left.
type TaskMessage struct {
	Type          string `json:"type"`
	LocalizedText struct {
		Message string `json:"message"`
	} `json:"localizedText"`
	Key string `json:"key"`
}

// Completion statuses, compared case-insensitively: the spec spells them in upper case while
// filters and some tasks use other cases, and TEMPERROR is also written TEMP_ERROR.
const (
	statusSuccess    = "SUCCESS"
	statusWarning    = "WARNING"
	statusTempError  = "TEMPERROR"
	statusError      = "ERROR"
	statusTerminated = "TERMINATED"
)

// done is true only when both fields are set: ISC sets completed before completionStatus.
func (t *TaskStatus) done() bool {
	return t.Completed != nil && t.CompletionStatus != nil && *t.CompletionStatus != ""
}

func (t *TaskStatus) status() string {
	if t.CompletionStatus == nil {
		return ""
	}
	return strings.ReplaceAll(strings.ToUpper(*t.CompletionStatus), "_", "")
}

// Succeeded is true for SUCCESS and WARNING.
func (t *TaskStatus) Succeeded() bool {
	s := t.status()
	return s == statusSuccess || s == statusWarning
}

// TaskError is a task that ended without success.
type TaskError struct {
	TaskID   string
	Status   string
	Messages []string
}

func (e *TaskError) Error() string {
	text := fmt.Sprintf("ISC task %s ended with status %s", e.TaskID, e.Status)
	if len(e.Messages) > 0 {
		text += ": " + strings.Join(e.Messages, "; ")
	}
	return text
}

// Temporary is true for TEMPERROR, which ISC uses for failures worth submitting again.
func (e *TaskError) Temporary() bool { return e.Status == statusTempError }

func taskError(t *TaskStatus) *TaskError {
	messages := make([]string, 0, len(t.Messages))
	for _, m := range t.Messages {
		if text := m.LocalizedText.Message; text != "" {
			messages = append(messages, text)
		} else if m.Key != "" {
			messages = append(messages, m.Key)
		}
	}
	return &TaskError{TaskID: t.ID, Status: t.status(), Messages: messages}
}

// Poll pacing: the first look comes quickly, since most account tasks take well under a second,
// then the interval grows so that a long task costs few requests.
const (
	firstPoll      = 100 * time.Millisecond
	pollGrowth     = 1.5
	maxPollEvery   = 5 * time.Second
	batchGathering = 25 * time.Millisecond
	maxBatch       = 50
	maxFetch       = 2 * time.Minute
)

// WaitForTask polls a task until it is done and returns it when it succeeded, a *TaskError when
// it did not, or the context's error. A task that ISC does not show yet (as happens just after
// it is submitted) and failed polls are waited out; only the context bounds the wait.
func (c *Client) WaitForTask(ctx context.Context, id string) (*TaskStatus, error) {
	interval := firstPoll
	for {
		if err := sleep(ctx, interval); err != nil {
			return nil, fmt.Errorf("waiting for ISC task %s: %w", id, err)
		}
		interval = min(time.Duration(float64(interval)*pollGrowth), maxPollEvery)

		task, err := c.tasks.status(ctx, id)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, fmt.Errorf("waiting for ISC task %s: %w", id, ctx.Err())
		case err != nil && !transient(err):
			return nil, fmt.Errorf("reading ISC task %s: %w", id, err)
		case err != nil:
			tflog.Warn(ctx, "ISC task status unavailable, polling again", map[string]any{"task_id": id, "error": err.Error()})
		case task == nil || !task.done():
			tflog.Debug(ctx, "ISC task still running", map[string]any{"task_id": id})
		case task.Succeeded():
			return task, nil
		default:
			return nil, taskError(task)
		}
	}
}

// transient errors leave the task's fate unknown, so polling goes on: server errors, rate limits,
// dropped connections, and a batch whose leader gave up.
func transient(err error) bool {
	status := transport.StatusOf(err)
	return status == 0 || status == 429 || status >= 500
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// taskBatcher coalesces the status reads of concurrent waiters into one list request: the first
// waiter to ask gathers the others for a moment, fetches all their tasks at once and shares the
// answer, so an apply of many accounts costs one poll per interval instead of one per account.
type taskBatcher struct {
	fetch func(ctx context.Context, ids []string) (map[string]*TaskStatus, error)

	mu      sync.Mutex
	current *taskBatch
}

type taskBatch struct {
	ids    []string
	done   chan struct{}
	result map[string]*TaskStatus
	err    error
}

func newTaskBatcher(fetch func(ctx context.Context, ids []string) (map[string]*TaskStatus, error)) *taskBatcher {
	return &taskBatcher{fetch: fetch}
}

// status returns the task, or nil when ISC does not show it yet.
func (b *taskBatcher) status(ctx context.Context, id string) (*TaskStatus, error) {
	batch, leader := b.join(id)
	if leader {
		go b.lead(ctx, batch) // in the background, so that a leader whose context ends can leave at once
	}
	select {
	case <-batch.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if batch.err != nil {
		return nil, batch.err
	}
	return batch.result[id], nil
}

func (b *taskBatcher) join(id string) (*taskBatch, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	leader := b.current == nil
	if leader {
		b.current = &taskBatch{done: make(chan struct{})}
	}
	batch := b.current
	batch.ids = append(batch.ids, id)
	if len(batch.ids) == maxBatch {
		b.current = nil // full: later waiters start the next batch
	}
	return batch, leader
}

func (b *taskBatcher) lead(ctx context.Context, batch *taskBatch) {
	defer close(batch.done)
	if err := sleep(ctx, batchGathering); err != nil {
		b.seal(batch)
		batch.err = err
		return
	}
	ids := b.seal(batch)
	// The followers still want the answer when the leader's own context ends.
	fetchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), maxFetch)
	defer cancel()
	batch.result, batch.err = b.fetch(fetchCtx, ids)
}

// seal closes the batch to newcomers and returns its distinct ids.
func (b *taskBatcher) seal(batch *taskBatch) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.current == batch {
		b.current = nil
	}
	seen := make(map[string]bool, len(batch.ids))
	ids := make([]string, 0, len(batch.ids))
	for _, id := range batch.ids {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}
