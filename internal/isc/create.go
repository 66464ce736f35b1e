package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// NewAccount is what a create asks ISC for.
type NewAccount struct {
	SourceID       string
	NativeIdentity string
	Attributes     map[string]any
}

// SubmitCreate submits an account creation task and returns its id. ISC's create is an upsert.
func (c *Client) SubmitCreate(ctx context.Context, want NewAccount) (string, error) {
	body := map[string]any{"sourceId": want.SourceID}
	for name, value := range want.Attributes {
		body[name] = value
	}
	return c.submit(ctx, transport.Request{Method: http.MethodPost, Path: accountsPath, Body: map[string]any{"attributes": body}})
}

// AwaitCreate waits for a create task, submits it again after a TEMPERROR (reporting each new
// task to resubmitted), and returns the account once ISC shows it. The account found while
// waiting is the answer: a lookup after the task would only find it again.
func (c *Client) AwaitCreate(ctx context.Context, taskID string, want NewAccount, resubmitted func(taskID string)) (*Account, error) {
	var made *Account
	created := func(ctx context.Context) (bool, error) {
		account, err := c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
		if account != nil && holds(account.Attributes, want.Attributes) {
			made = account
		}
		return made != nil, err
	}
	resubmit := func(ctx context.Context) (string, error) {
		next, err := c.SubmitCreate(ctx, want)
		if err == nil {
			resubmitted(next)
		}
		return next, err
	}
	if err := c.await(ctx, taskID, watch{shows: created, shared: true}, resubmit); err != nil {
		return nil, err
	}
	if made != nil {
		return made, nil
	}
	return c.visible(ctx, want)
}

// visible returns the created account, allowing ISC a moment to show it.
func (c *Client) visible(ctx context.Context, want NewAccount) (*Account, error) {
	var account *Account
	err := visibility.Until(ctx, func(ctx context.Context) (bool, error) {
		var err error
		account, err = c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
		return account != nil, err
	})
	if err != nil {
		return nil, fmt.Errorf("account %q on source %s not visible yet: %w", want.NativeIdentity, want.SourceID, err)
	}
	return account, nil
}

// CreateOutcome looks once for what a create whose outcome was lost made: the account, or nil.
// A create task known to have failed, with no account, made nothing: that is a *TaskError.
func (c *Client) CreateOutcome(ctx context.Context, want NewAccount, taskID string) (*Account, error) {
	account, err := c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
	if err != nil || account != nil || taskID == "" {
		return account, err
	}
	task, _, err := c.batches.tasks.Get(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if task == nil || !task.done() || task.Succeeded() {
		return nil, nil // still running, or not shown: the outcome is still unknown
	}
	return nil, taskError(task)
}

// SettleCreate lets a create whose outcome was lost end, and returns what it made, or nil: it
// waits for the create task, or, when even its id was lost, watches for the account for a while.
func (c *Client) SettleCreate(ctx context.Context, want NewAccount, taskID string) (*Account, error) {
	if taskID != "" {
		exists := func(ctx context.Context) (bool, error) {
			account, err := c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
			return account != nil, err
		}
		var taskErr *TaskError
		if err := c.awaitTask(ctx, taskID, watch{shows: exists, shared: true}); err != nil && !errors.As(err, &taskErr) {
			return nil, err
		}
		return c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
	}
	watch, cancel := context.WithTimeout(ctx, lostCreateWatch)
	defer cancel()
	account, err := c.visible(watch, want)
	if err != nil && ctx.Err() == nil {
		return nil, nil // nothing appeared: the lost create never ran
	}
	return account, err
}

// lostCreateWatch is how long a create whose answer, task id included, was lost may take to
// show: ISC runs account tasks within seconds.
const lostCreateWatch = 30 * time.Second
