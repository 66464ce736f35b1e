package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
)

// TaskStatus is the part of ISC's TaskStatus object a waiter reads.
type TaskStatus struct {
	ID               string         `json:"id"`
	UniqueName       string         `json:"uniqueName"`
	Created          string         `json:"created"`
	Completed        *string        `json:"completed"`
	CompletionStatus *string        `json:"completionStatus"`
	Messages         []TaskMessage  `json:"messages"`
	Progress         *string        `json:"progress"`
	PercentComplete  int            `json:"percentComplete"`
	Attributes       map[string]any `json:"attributes"`
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
	// maxSubmissions bounds how often a task is submitted when it ends in TEMPERROR, the status
	// ISC gives failures worth trying again.
	maxSubmissions = 3
)

// taskPace adapts the poll cadence to how long this tenant's tasks have taken in this run, from
// the created and completed times ISC reports (the waiter's own view would drift upward, being
// late by its own poll interval). Until a task has finished, polls follow taskPolls; after, the
// first poll comes when a typical task is done, and later ones follow quickly, so that a source
// whose tasks take seconds costs about one poll per task instead of six.
type taskPace struct {
	mu      sync.Mutex
	typical time.Duration // a moving average of finished tasks' durations; 0 until one is seen
}

func (p *taskPace) first() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return max(taskPolls.First, p.typical)
}

// next is the interval after interval: after a first poll at the typical duration, the backoff
// starts again from an eighth of it.
func (p *taskPace) next(interval time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.typical > taskPolls.First && interval == max(taskPolls.First, p.typical) {
		return max(taskPolls.First, p.typical/8)
	}
	return taskPolls.Next(interval)
}

// learned reports whether a finished task has set the pace.
func (p *taskPace) learned() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.typical > taskPolls.First
}

// typicalDuration is the pace learned so far, 0 until a task has finished.
func (p *taskPace) typicalDuration() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.typical
}

// assume takes a pace an earlier command learned, until this one learns its own.
func (p *taskPace) assume(typical time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.typical == 0 && typical > 0 {
		p.typical = min(typical, taskPolls.Max)
	}
}

func (p *taskPace) learn(task *TaskStatus) {
	took, ok := task.duration()
	if !ok {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.typical == 0 {
		p.typical = took
	} else {
		p.typical = (3*p.typical + took) / 4
	}
}

// duration is how long a finished task ran, by ISC's clock.
func (t *TaskStatus) duration() (time.Duration, bool) {
	if t.Completed == nil {
		return 0, false
	}
	created, err1 := time.Parse(time.RFC3339, t.Created)
	completed, err2 := time.Parse(time.RFC3339, *t.Completed)
	if err1 != nil || err2 != nil || completed.Before(created) {
		return 0, false
	}
	return min(completed.Sub(created), taskPolls.Max), true
}

// effect reports whether a task's change shows on ISC.
type effect func(ctx context.Context) (bool, error)

// watch is what a waiter knows of a task besides its status: how its effect shows.
type watch struct {
	shows effect
	// shared is set for an effect read in a request shared with concurrent operations (a
	// create's lookup by native identity, batched per source). The waiter then looks at the
	// effect first, once a typical task of this run would be done, and whenever a poll finds the
	// task completed but its status not yet written: one share of a request answers both whether
	// the task is done and what it made, where a poll, a second poll for the status and a lookup
	// would each cost one.
	shared bool
	// seen, when set, is told of every status a poll reads: how a caller follows the task's
	// progress.
	seen func(*TaskStatus)
	// pace, when set, replaces the client's: for tasks unlike an account's (an aggregation runs
	// for minutes), whose times must not set the pace of account tasks.
	pace *taskPace
}

// runTask submits a task and waits for it, submitting again after a TEMPERROR.
func (c *Client) runTask(ctx context.Context, submit func(context.Context) (string, error), done effect) error {
	taskID, err := submit(ctx)
	if err != nil {
		return err
	}
	return c.await(ctx, taskID, watch{shows: done}, submit)
}

// await waits for a submitted task, submitting it again (with resubmit) after a TEMPERROR.
func (c *Client) await(ctx context.Context, taskID string, done watch, resubmit func(context.Context) (string, error)) error {
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
// token without idn:task-management:read answers 403) leaves the effect to watch; refused
// credentials (401) end the wait. What to look at, and when, is the waitPlan's to say.
func (c *Client) awaitTask(ctx context.Context, taskID string, done watch) error {
	pace := done.pace
	if pace == nil {
		pace = &c.pace
	}
	w := taskWait{client: c, taskID: taskID, done: done.shows, seen: done.seen, pace: pace}
	plan := newWaitPlan(pace, done.shared)
	started := time.Now()
	next, delay := plan.first()
	for {
		if err := wait.Sleep(ctx, delay); err != nil {
			return w.timedOut(err)
		}
		if next == lookEffect {
			if w.effectShows(ctx) {
				return nil
			}
			next, delay = plan.afterEffect(time.Since(started))
			continue
		}
		seen, finished, err := w.poll(ctx, plan.completing)
		if finished {
			return err
		}
		next, delay = plan.afterStatus(time.Since(started), seen)
	}
}

type taskWait struct {
	client     *Client
	taskID     string
	done       effect
	seen       func(*TaskStatus)
	pace       *taskPace
	unreadable error // why task status cannot be read, once it refused the client
}

// effectShows looks for the task's effect once; a failed look leaves later looks to tell.
func (w *taskWait) effectShows(ctx context.Context) bool {
	shown, err := w.done(ctx)
	if err != nil {
		tflog.Debug(ctx, "could not check the effect of an ISC task", map[string]any{"task_id": w.taskID, "error": err.Error()})
	}
	return shown
}

// poll reads the task's status once: finished, with the wait's result, or what it saw. A task
// seen completing is polled in the batch of tasks about to finish.
func (w *taskWait) poll(ctx context.Context, completing bool) (taskSeen, bool, error) {
	polls := w.client.batches.tasks
	if completing {
		polls = w.client.batches.finishing
	}
	task, _, err := polls.Get(ctx, w.taskID)
	w.report(task)
	switch {
	case err != nil && ctx.Err() != nil:
		return 0, true, w.timedOut(ctx.Err())
	case transport.StatusOf(err) == http.StatusUnauthorized:
		// The credentials were refused (revoked, or the token cannot be renewed): no amount of
		// waiting brings the task's fate into view.
		return 0, true, fmt.Errorf("waiting for ISC task %s: %w", w.taskID, err)
	case err != nil && transient(err):
		tflog.Warn(ctx, "ISC task status unavailable, polling again", map[string]any{"task_id": w.taskID, "error": err.Error()})
		return statusUnavailable, false, nil
	case err != nil:
		tflog.Warn(ctx, "ISC task status cannot be read; watching the account instead", map[string]any{"task_id": w.taskID, "error": err.Error()})
		w.unreadable = err
		return statusUnreadable, false, nil //nolint:nilerr // the wait goes on, watching the effect; timedOut reports err
	case task == nil:
		return taskUnseen, false, nil
	case !task.done() && task.Completed == nil:
		return taskRunning, false, nil
	case !task.done():
		w.pace.learn(task) // its time is known already; the effect may end the wait before its status shows
		return taskCompleting, false, nil
	case task.Succeeded():
		w.pace.learn(task)
		return 0, true, nil
	}
	// A failed task whose effect shows anyway (a repeated DELETE) leaves ISC as wanted.
	if shown, _ := w.done(ctx); shown {
		return 0, true, nil
	}
	return 0, true, taskError(task)
}

// report tells the wait's caller of a status a poll read, if it asked.
func (w *taskWait) report(task *TaskStatus) {
	if task != nil && w.seen != nil {
		w.seen(task)
	}
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
