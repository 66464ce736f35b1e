package kit

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Unfinished is the record of a create whose outcome is not known yet: when the attempt
// started, and what the API gave back before the outcome was lost (an asynchronous API's task
// id), if anything. While it lasts, the resource is in state with an empty id, tainted, and
// Read, Delete and the next Create resolve it by the object's natural key.
type Unfinished struct {
	Started time.Time `json:"started"`
	Ref     string    `json:"ref,omitempty"`
}

// ErrNotMade, wrapped in an error of Creation.Find, says the API tells definitely that the
// unfinished create made nothing (an asynchronous create whose task failed): nothing is left
// behind then.
var ErrNotMade = errors.New("the create made nothing")

// clockSkew is how far the API's clock may lag the provider's: an object stamped this much
// before the attempt started may still be the attempt's.
const clockSkew = 2 * time.Minute

// commitWindow is how long after a synchronous create started the API may still commit it:
// a server finishes a request it holds within this, even when the client gave up on it
// (inferred: no vendor documents a bound; it matches the default request_timeout).
const commitWindow = time.Minute

// Ended reports whether a synchronous create's request has surely ended by now, committed or
// not, so that a look that finds nothing is definite. It is false for a lost record, whose
// start is unknown.
func (u Unfinished) Ended(now time.Time) bool {
	return !u.Started.IsZero() && now.Sub(u.Started) > commitWindow
}

// MayHaveMade reports whether an object the API stamped as created at createdAt (RFC 3339, as
// every API here writes it) may be this attempt's: objects older than the attempt belong to
// someone else and are never adopted. A stamp that does not parse tells nothing, and nothing is
// adopted on no evidence.
func (u Unfinished) MayHaveMade(createdAt string) bool {
	t, err := time.Parse(time.RFC3339Nano, createdAt)
	return err == nil && !t.Before(u.Started.Add(-clockSkew))
}

// unfinishedKey names the private state entry holding the record.
const unfinishedKey = "unfinished_create"

// PrivateSetter is the part of a response's private state a resource writes.
type PrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// PrivateGetter is the part of a request's private state a resource reads.
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func loadUnfinished(ctx context.Context, private PrivateGetter) Unfinished {
	var record Unfinished
	if raw, _ := private.GetKey(ctx, unfinishedKey); len(raw) > 0 {
		_ = json.Unmarshal(raw, &record) // a record this provider wrote; a zero one matches any object
	}
	return record
}

// StateSetter is a response's state, which a resource sets part way through an operation (a
// create that then waits) so that what exists is tracked even if the rest fails.
type StateSetter interface {
	Set(ctx context.Context, value any) diag.Diagnostics
}

func saveUnfinished(ctx context.Context, private PrivateSetter, record Unfinished) diag.Diagnostics {
	raw, _ := json.Marshal(record) // a struct of a time and a string always encodes
	return private.SetKey(ctx, unfinishedKey, raw)
}

func forgetUnfinished(ctx context.Context, private PrivateSetter) diag.Diagnostics {
	return private.SetKey(ctx, unfinishedKey, nil)
}
