package kit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
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

// CreatedAfter reports whether an object created at t may be this attempt's: objects older than
// the attempt belong to someone else and are never adopted.
func (u Unfinished) CreatedAfter(t time.Time) bool {
	return !t.Before(u.Started.Add(-clockSkew))
}

// unfinishedKey names the private state entry holding the record.
const unfinishedKey = "unfinished_create"

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func loadUnfinished(ctx context.Context, private privateGetter) Unfinished {
	var record Unfinished
	if raw, _ := private.GetKey(ctx, unfinishedKey); len(raw) > 0 {
		_ = json.Unmarshal(raw, &record) // a record this provider wrote; a zero one matches any object
	}
	return record
}

func saveUnfinished(ctx context.Context, private privateSetter, record Unfinished) diag.Diagnostics {
	raw, _ := json.Marshal(record) // a struct of a time and a string always encodes
	return private.SetKey(ctx, unfinishedKey, raw)
}

func forgetUnfinished(ctx context.Context, private privateSetter) diag.Diagnostics {
	return private.SetKey(ctx, unfinishedKey, nil)
}

// Creation is one resource's create, as the shared protocol runs it.
type Creation[T any] struct {
	// Noun names the object in messages, such as "ISC account".
	Noun string
	// Pending is the state recorded while the outcome is unknown: the plan, with an empty id and
	// nothing that only the API can tell.
	Pending any
	// Submit sends the create request, and nothing else. A synchronous API returns the object; an
	// asynchronous one returns a reference (a task id) for Await.
	Submit func(ctx context.Context) (ref string, created *T, err error)
	// Await, for asynchronous APIs only, waits for an accepted create and returns its object. It
	// calls resubmitted with the new reference when it has to submit again.
	Await func(ctx context.Context, ref string, resubmitted func(ref string)) (*T, error)
	// Find looks once for what an unfinished create made: an object with the planned natural key,
	// created after the attempt started. It returns nil when there is none.
	Find func(ctx context.Context, record Unfinished) (*T, error)
	// Visible is how long an object the API made may take to show to Find; 5 s when zero.
	Visible time.Duration
	// Undeletable says the API cannot delete what a create made. A tainted record would be
	// replaced, and the replacement would stand beside the object the unfinished create made.
	// So Create looks until the create has surely ended (Find tells with Unfinished.Ended), as
	// long as the operation has time, and otherwise keeps the record untainted, with a warning,
	// for refresh to resolve.
	Undeletable bool
	// Refused, when set, may report a definite refusal in the resource's own words (a name in
	// use, with how to import its holder) and return true; otherwise the refusal is reported as
	// an API error. err is the create request's 4xx, or the ErrNotMade error Find gave.
	Refused func(ctx context.Context, err error, diags *diag.Diagnostics) bool
}

// Create runs a create so that nothing is lost or made twice. Only a definite refusal of the
// create request (a 4xx answer to it) leaves nothing behind. Any other failure, including a
// failure after the API accepted the request, leaves the outcome unknown: the object is looked
// for and adopted if it shows, and otherwise the unfinished create is recorded in state, where
// refresh, destroy and replacement resolve it. It returns the created object, or nil after
// adding diagnostics.
func Create[T any](ctx context.Context, resp *resource.CreateResponse, c Creation[T]) *T {
	record := Unfinished{Started: time.Now().UTC()}
	ref, created, err := c.Submit(ctx)
	if err != nil && refused(err) {
		c.refuse(ctx, resp, err)
		return nil
	}
	if err == nil && c.Await != nil {
		// Accepted: from here on the object may exist, so record it before any wait, so that a
		// timeout or an interrupted apply leaves it in state rather than untracked.
		record.Ref = ref
		keepUnfinished(ctx, resp, c.Pending, record)
		created, err = c.Await(ctx, ref, func(next string) {
			record.Ref = next
			keepUnfinished(ctx, resp, c.Pending, record)
		})
	}
	if err == nil {
		resp.Diagnostics.Append(forgetUnfinished(ctx, resp.Private)...)
		return created
	}
	found, notMade := c.adopt(ctx, record)
	if notMade != nil {
		resp.Diagnostics.Append(forgetUnfinished(ctx, resp.Private)...)
		c.refuse(ctx, resp, fmt.Errorf("%w (%w)", err, notMade))
		return nil
	}
	if found != nil {
		tflog.Warn(ctx, "create failed ambiguously; adopted the object it made", map[string]any{"error": err.Error()})
		resp.Diagnostics.Append(forgetUnfinished(ctx, resp.Private)...)
		return found
	}
	keepUnfinished(ctx, resp, c.Pending, record)
	if c.Undeletable {
		resp.Diagnostics.AddWarning("The "+c.Noun+" creation did not finish", err.Error()+"\n\n"+
			"The "+c.Noun+" may exist. The API offers no deletion, so a replacement would leave it beside a second one: "+
			"it is kept in state, not tainted, with an empty id, identified by what the configuration sets. Run terraform "+
			"apply again in a minute: its refresh adopts what the create made, or, once the create surely made nothing, "+
			"removes the record so that the apply creates it.")
		return nil
	}
	resp.Diagnostics.AddError("The "+c.Noun+" creation did not finish", err.Error()+"\n\n"+
		"The "+c.Noun+" may exist. It is kept in state as tainted, identified by what the configuration sets, so nothing is "+
		"left untracked: the next refresh looks for it, and the next apply replaces it (deleting what the create made, "+
		"if anything) or, with terraform untaint, keeps it. Raise timeouts.create if the API is slow.")
	return nil
}

// refuse reports a create that definitely made nothing, and leaves nothing in state.
func (c Creation[T]) refuse(ctx context.Context, resp *resource.CreateResponse, err error) {
	resp.State.RemoveResource(ctx)
	if c.Refused == nil || !c.Refused(ctx, err, &resp.Diagnostics) {
		APIError(&resp.Diagnostics, "Could not create the "+c.Noun, err, "")
	}
}

// refused reports a definite refusal of the request: a 3xx or 4xx answer means the API did not
// act on it (a redirect is not followed), and a request that never reached a server, or never
// left for want of an access token, cannot have made anything.
func refused(err error) bool {
	status := transport.StatusOf(err)
	return (status >= http.StatusMultipleChoices && status < http.StatusInternalServerError) ||
		transport.NeverSent(err) || transport.TokenFailed(err)
}

func keepUnfinished(ctx context.Context, resp *resource.CreateResponse, pending any, record Unfinished) {
	resp.Diagnostics.Append(saveUnfinished(ctx, resp.Private, record)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, pending)...)
}

// lastLook bounds the single look after the operation's own time ran out.
const lastLook = 10 * time.Second

var findBackoff = wait.Backoff{First: 200 * time.Millisecond, Factor: 2, Max: 2 * time.Second}

// adopt looks for what a failed create made: while the operation has time, for as long as lookFor says,
// and once when its time ran out, since the user's timeout must not be stretched by a wait. It
// returns the object, or the ErrNotMade error Find gave.
func (c Creation[T]) adopt(ctx context.Context, record Unfinished) (*T, error) {
	if ctx.Err() != nil {
		look, cancel := context.WithTimeout(context.WithoutCancel(ctx), lastLook)
		defer cancel()
		return c.find(look, record)
	}
	look, cancel := context.WithTimeout(ctx, c.lookFor(record))
	defer cancel()
	var found *T
	var notMade error
	_ = findBackoff.Until(look, func(ctx context.Context) (bool, error) {
		found, notMade = c.find(ctx, record)
		return found != nil || notMade != nil, nil
	})
	if found == nil && notMade == nil && c.Undeletable && ctx.Err() == nil {
		// The window has passed, but its end may have cut the last look short: one more is
		// definite, and the operation still has time for it.
		return c.find(ctx, record)
	}
	return found, notMade
}

// find is one look; a failed look counts as nothing found, which keeps the record.
func (c Creation[T]) find(ctx context.Context, record Unfinished) (*T, error) {
	found, err := c.Find(ctx, record)
	if errors.Is(err, ErrNotMade) {
		return nil, err
	}
	if err != nil {
		tflog.Warn(ctx, "could not look for the object of a failed create", map[string]any{"error": err.Error()})
	}
	return found, nil
}

// lookFor is how long a failed create looks for what it made.
func (c Creation[T]) lookFor(record Unfinished) time.Duration {
	if c.Undeletable {
		return time.Until(record.Started.Add(commitWindow)) + findBackoff.Max
	}
	if c.Visible == 0 {
		return 5 * time.Second
	}
	return c.Visible
}

// Reading is one resource's refresh, as the shared protocol runs it.
type Reading[T any] struct {
	Noun string
	// ID is the object's id, empty for the record of an unfinished create.
	ID string
	// Describe names the object in the not-found warning, such as `"jdoe" (id 2c91…)`.
	Describe string
	// Get reads the object; transport.ErrNotFound when it is gone.
	Get func(ctx context.Context, id string) (*T, error)
	// Find looks for what an unfinished create made, as Creation.Find does.
	Find func(ctx context.Context, record Unfinished) (*T, error)
}

// Read returns the object to refresh the state from. It returns nil when the response is
// already complete: the object is gone (a warning, and the resource leaves state, so the next
// plan creates it again), an unfinished create's object has not shown yet (the record is kept as
// it is), or the read failed (an error).
func Read[T any](ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, r Reading[T]) *T {
	ctx, cancel := WithReadTimeout(ctx)
	defer cancel()
	if r.ID == "" {
		return r.resolve(ctx, loadUnfinished(ctx, req.Private), resp)
	}
	object, err := r.Get(ctx, r.ID)
	switch {
	case errors.Is(err, transport.ErrNotFound):
		resp.Diagnostics.AddWarning("The "+r.Noun+" no longer exists",
			"The "+r.Noun+" "+r.Describe+" was not found. It is removed from state, and the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return nil
	case err != nil:
		APIError(&resp.Diagnostics, "Could not read the "+r.Noun, err, "")
		return nil
	}
	return object
}

// resolve looks for what an unfinished create made: adopted when it shows, dropped when the API
// tells that nothing was made, and otherwise kept, with a warning.
func (r Reading[T]) resolve(ctx context.Context, record Unfinished, resp *resource.ReadResponse) *T {
	found, err := r.Find(ctx, record)
	switch {
	case errors.Is(err, ErrNotMade):
		resp.Diagnostics.AddWarning("The unfinished create of the "+r.Noun+" made nothing", err.Error()+
			"\n\nIt is removed from state, and the next apply creates it.")
		resp.State.RemoveResource(ctx)
	case err != nil:
		APIError(&resp.Diagnostics, "Could not look for the "+r.Noun+" of an unfinished create", err, "")
	case found != nil:
		resp.Diagnostics.Append(forgetUnfinished(ctx, resp.Private)...)
	default:
		resp.Diagnostics.AddWarning("The "+r.Noun+" of an unfinished create has not shown yet",
			"The create that started at "+record.Started.Format(time.RFC3339)+" may still finish: it stays in state, "+
				"and the next refresh looks for it again.")
	}
	return found
}

// Deletion is one resource's destroy, as the shared protocol runs it.
type Deletion[T any] struct {
	Noun string
	// ID is the object's id, empty for the record of an unfinished create.
	ID string
	// Settle lets an unfinished create end, as far as the API tells, and returns what it made,
	// or nil: the delete must not leave behind an object that shows after it.
	Settle func(ctx context.Context, record Unfinished) (*T, error)
	IDOf   func(*T) string
	// Delete deletes the object; transport.ErrNotFound counts as deleted.
	Delete func(ctx context.Context, id string) error
	// Advice, when set, adds what to do about a failed delete.
	Advice func(error) string
}

// SettleByLooking is the Settle of an API that cannot tell whether a create is still under way:
// it looks with find until the object shows or find says the create made nothing (a find that
// checks Unfinished.Ended says so within the commit window). Running out of time is an error,
// so that the record stays in state rather than an object that shows later going untracked.
func SettleByLooking[T any](find func(context.Context, Unfinished) (*T, error)) func(context.Context, Unfinished) (*T, error) {
	return func(ctx context.Context, record Unfinished) (*T, error) {
		var found *T
		err := findBackoff.Until(ctx, func(ctx context.Context) (bool, error) {
			var err error
			found, err = find(ctx, record)
			return found != nil, err
		})
		if ctx.Err() != nil && found == nil {
			return nil, fmt.Errorf("the create that started at %s has not ended yet; destroy again in a minute: %w",
				record.Started.Format(time.RFC3339), err)
		}
		return found, err
	}
}

// Delete destroys the object, or what an unfinished create made.
func Delete[T any](ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse, d Deletion[T]) {
	id := d.ID
	if id == "" {
		made, err := d.Settle(ctx, loadUnfinished(ctx, req.Private))
		if err != nil && !errors.Is(err, ErrNotMade) {
			APIError(&resp.Diagnostics, "Could not find the "+d.Noun+" of an unfinished create", err, "")
			return
		}
		if made == nil {
			return // the unfinished create made nothing
		}
		id = d.IDOf(made)
	}
	err := d.Delete(ctx, id)
	if err == nil || errors.Is(err, transport.ErrNotFound) {
		return
	}
	advice := ""
	if d.Advice != nil {
		advice = d.Advice(err)
	}
	APIError(&resp.Diagnostics, "Could not delete the "+d.Noun, err, advice)
}
