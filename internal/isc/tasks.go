package isc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
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
// then the interval grows so that a long task costs few requests. The task's effect on the
// account is watched on a slower cadence, and only while the task itself cannot be seen, so a
// task ISC never shows costs seconds rather than the whole timeout.
var (
	taskPolls   = wait.Backoff{First: 100 * time.Millisecond, Factor: 1.5, Max: 5 * time.Second}
	effectPolls = wait.Backoff{First: 2 * time.Second, Factor: 1.5, Max: 10 * time.Second}
	visibility  = wait.Backoff{First: 200 * time.Millisecond, Factor: 2, Max: 5 * time.Second}
)

const (
	batchGathering = 25 * time.Millisecond
	maxBatch       = 50
	maxFetch       = 2 * time.Minute
	// maxSubmissions bounds how often a task is submitted when it ends in TEMPERROR, the status
	// ISC gives failures worth trying again.
	maxSubmissions = 3
)

// effect reports whether a task's change shows on ISC.
type effect func(ctx context.Context) (bool, error)

// runTask submits a task and waits for it, submitting again after a TEMPERROR.
func (c *Client) runTask(ctx context.Context, submit func(context.Context) (string, error), done effect) error {
	taskID, err := submit(ctx)
	if err != nil {
		return err
	}
	return c.await(ctx, taskID, done, submit)
}

// await waits for a submitted task, submitting it again (with resubmit) after a TEMPERROR.
func (c *Client) await(ctx context.Context, taskID string, done effect, resubmit func(context.Context) (string, error)) error {
	for submission := 1; ; submission++ {
		err := c.awaitTask(ctx, taskID, done)
		var taskErr *TaskError
		if !errors.As(err, &taskErr) || !taskErr.Temporary() || submission == maxSubmissions {
			return err
		}
		tflog.Warn(ctx, "ISC task ended in TEMPERROR, submitting again", map[string]any{"task_id": taskID, "submission": submission})
		if taskID, err = resubmit(ctx); err != nil {
			return err
		}
	}
}

// awaitTask polls a task until it is done or its effect shows, and returns nil when it
// succeeded, a *TaskError when it failed without its effect showing, or the context's error.
// Transient poll failures are waited out; a task-status endpoint that refuses the client (a
// token without idn:task-management:read answers 403) leaves the effect to watch.
func (c *Client) awaitTask(ctx context.Context, taskID string, done effect) error {
	w := taskWait{client: c, taskID: taskID, done: done, interval: taskPolls.First, effectEvery: effectPolls.First}
	w.nextEffect = time.Now().Add(w.effectEvery)
	for {
		if err := wait.Sleep(ctx, w.interval); err != nil {
			return w.timedOut(err)
		}
		w.interval = taskPolls.Next(w.interval)
		if w.unreadable == nil {
			if finished, err := w.poll(ctx); finished {
				return err
			}
		}
		if w.watchEffect(ctx) {
			return nil
		}
	}
}

type taskWait struct {
	client      *Client
	taskID      string
	done        effect
	interval    time.Duration
	running     bool  // ISC shows the task, still running: its status, not the effect, decides
	unreadable  error // why task status cannot be read, once it refused the client
	nextEffect  time.Time
	effectEvery time.Duration
}

// poll reads the task's status once.
func (w *taskWait) poll(ctx context.Context) (bool, error) {
	task, err := w.client.tasks.status(ctx, w.taskID)
	switch {
	case err != nil && ctx.Err() != nil:
		return true, w.timedOut(ctx.Err())
	case err != nil && transient(err):
		tflog.Warn(ctx, "ISC task status unavailable, polling again", map[string]any{"task_id": w.taskID, "error": err.Error()})
	case err != nil:
		tflog.Warn(ctx, "ISC task status cannot be read; watching the account instead", map[string]any{"task_id": w.taskID, "error": err.Error()})
		w.unreadable = err
	case task == nil:
		w.running = false
	case !task.done():
		w.running = true
	case task.Succeeded():
		return true, nil
	default:
		// A failed task whose effect shows anyway (a repeated DELETE) leaves ISC as wanted.
		if shown, _ := w.done(ctx); shown {
			return true, nil
		}
		return true, taskError(task)
	}
	return false, nil
}

// watchEffect looks for the task's effect while ISC does not show the task.
func (w *taskWait) watchEffect(ctx context.Context) bool {
	if w.running || time.Now().Before(w.nextEffect) {
		return false
	}
	w.effectEvery = effectPolls.Next(w.effectEvery)
	w.nextEffect = time.Now().Add(w.effectEvery)
	shown, err := w.done(ctx)
	if err != nil {
		tflog.Debug(ctx, "could not check the effect of an ISC task", map[string]any{"task_id": w.taskID, "error": err.Error()})
	}
	return shown
}

func (w *taskWait) timedOut(err error) error {
	if w.unreadable != nil {
		return fmt.Errorf("waiting for ISC task %s: %w (task status could not be read: %w)", w.taskID, err, w.unreadable)
	}
	return fmt.Errorf("waiting for ISC task %s: %w", w.taskID, err)
}

// transient errors leave the task's fate unknown, so polling goes on: server errors, rate limits,
// dropped connections, and a batch whose leader gave up.
func transient(err error) bool {
	status := transport.StatusOf(err)
	return status == 0 || status == 429 || status >= 500
}

// taskBatcher coalesces the status reads of concurrent waiters into one list request: the first
// waiter to ask gathers the others for a moment, fetches all their tasks at once and shares the
// answer, so an apply of many accounts costs one poll per interval instead of one per account.
type taskBatcher struct {
	fetch func(ctx context.Context, ids []string) (map[string]*TaskStatus, error)
	// ready waits for the rate limiter's leave to send the batch: waiters keep joining meanwhile.
	ready func(ctx context.Context) (context.Context, error)

	mu      sync.Mutex
	current *taskBatch
}

type taskBatch struct {
	ids    []string
	done   chan struct{}
	result map[string]*TaskStatus
	err    error
}

func newTaskBatcher(fetch func(ctx context.Context, ids []string) (map[string]*TaskStatus, error),
	ready func(ctx context.Context) (context.Context, error)) *taskBatcher {
	return &taskBatcher{fetch: fetch, ready: ready}
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
	// The followers still want the answer when the leader's own context ends.
	fetchCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), maxFetch)
	defer cancel()
	err := wait.Sleep(ctx, batchGathering)
	if err == nil {
		fetchCtx, err = b.ready(fetchCtx)
	}
	ids := b.seal(batch)
	if err != nil {
		batch.err = err
		return
	}
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
