package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// The operations the provider's actions run: reload and unlock an account, aggregate a source.
// Each submits a task and waits for it through the task protocol (tasks.go): polls batched with
// every other wait of the provider, under its rate limit. None of them has an effect a read can
// confirm (a reload may change nothing, an unlock of an unlocked account neither), so the task's
// status alone decides.

// Progress receives what an operation reports while it waits.
type Progress func(message string)

// OperationResult is how an operation's task ended.
type OperationResult struct {
	TaskID string
	Status string   // SUCCESS or WARNING
	Notes  []string // the task's messages: ISC's warnings
	task   *TaskStatus
}

// ReloadAccount reads an account again from its source's connector (a one-account
// aggregation), as after a change made on the source outside ISC.
func (c *Client) ReloadAccount(ctx context.Context, id string, progress Progress) (*OperationResult, error) {
	return c.runOperation(ctx, progress, transport.Request{Method: http.MethodPost, Path: accountsPath, Segments: []string{id, "reload"}, Idempotent: true})
}

// UnlockRequest is ISC's accountunlockrequest.
type UnlockRequest struct {
	ExternalVerificationID string `json:"externalVerificationId,omitempty"`
	UnlockIDNAccount       bool   `json:"unlockIDNAccount"`
	ForceProvisioning      bool   `json:"forceProvisioning"`
}

// UnlockAccount unlocks an account on its source.
func (c *Client) UnlockAccount(ctx context.Context, id string, unlock UnlockRequest, progress Progress) (*OperationResult, error) {
	return c.runOperation(ctx, progress, transport.Request{Method: http.MethodPost, Path: accountsPath, Segments: []string{id, "unlock"}, Body: unlock, Idempotent: true})
}

// runOperation submits the request's task, reports it, and waits for it, submitting it again
// after a TEMPERROR. A request that carries the whole operation may be sent again: running a
// reload, an unlock or an aggregation of the same file twice leaves ISC as running it once.
func (c *Client) runOperation(ctx context.Context, progress Progress, request transport.Request) (*OperationResult, error) {
	return c.followTask(ctx, progress, func(ctx context.Context) (string, error) { return c.submit(ctx, request) })
}

// followTask submits a task with submit and waits for it, reporting its progress as polls see
// it change.
func (c *Client) followTask(ctx context.Context, progress Progress, submit func(context.Context) (string, error)) (*OperationResult, error) {
	report := &taskReport{progress: progress}
	submitted := func(ctx context.Context) (string, error) {
		taskID, err := submit(ctx)
		if err == nil {
			report.submitted(taskID)
		}
		return taskID, err
	}
	taskID, err := submitted(ctx)
	if err != nil {
		return nil, err
	}
	never := func(context.Context) (bool, error) { return false, nil }
	// A pace of its own: an operation's task times say nothing of how long account tasks take.
	if err := c.await(ctx, taskID, watch{shows: never, seen: report.seen, pace: &taskPace{}}, submitted); err != nil {
		return nil, err
	}
	return report.result(ctx, c)
}

// taskReport turns the statuses polls read into progress lines, one each time what they say
// changes, and keeps the last.
type taskReport struct {
	progress Progress
	mu       sync.Mutex
	taskID   string
	said     string
	last     *TaskStatus
}

func (r *taskReport) submitted(taskID string) {
	r.mu.Lock()
	r.taskID, r.said, r.last = taskID, "", nil
	r.mu.Unlock()
	r.progress(fmt.Sprintf("ISC task %s submitted", taskID))
}

func (r *taskReport) seen(task *TaskStatus) {
	r.mu.Lock()
	r.last = task
	line := describeTask(task)
	repeated := line == r.said
	r.said = line
	r.mu.Unlock()
	if !repeated {
		r.progress(line)
	}
}

// describeTask is a progress line: the task's name, state and share done.
func describeTask(task *TaskStatus) string {
	state := "running"
	switch {
	case task.done():
		state = "completed: " + task.status()
	case task.Completed != nil:
		state = "completing"
	case task.Progress != nil && *task.Progress != "":
		state = *task.Progress
	}
	line := fmt.Sprintf("ISC task %s", task.ID)
	if task.UniqueName != "" {
		line += " (" + task.UniqueName + ")"
	}
	line += ": " + state
	if !task.done() && task.PercentComplete > 0 {
		line += fmt.Sprintf(", %d%%", task.PercentComplete)
	}
	return line
}

// result is the operation's outcome from the status that ended the wait, read again should the
// wait have ended without one.
func (r *taskReport) result(ctx context.Context, c *Client) (*OperationResult, error) {
	r.mu.Lock()
	task, taskID := r.last, r.taskID
	r.mu.Unlock()
	if task == nil || !task.done() {
		var err error
		if task, err = c.getTask(ctx, taskID); err != nil {
			return nil, err
		}
	}
	notes := taskError(task).Messages
	return &OperationResult{TaskID: task.ID, Status: task.status(), Notes: notes, task: task}, nil
}

func (c *Client) getTask(ctx context.Context, id string) (*TaskStatus, error) {
	var task TaskStatus
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: taskStatusPath, Segments: []string{id}}, &task); err != nil {
		return nil, err
	}
	return &task, nil
}

// asTaskError finds, in err, a task that ended without success.
func asTaskError(err error) (*TaskError, bool) {
	var failed *TaskError
	return failed, errors.As(err, &failed)
}
