package kit

import (
	"context"
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

// Creation is one resource's create, as the shared protocol runs it: T is the API's object, M
// the resource's model.
//
// How its parts interact, once a create may have made something:
//   - with Await (an asynchronous API: the create answers with a task), the record is saved as
//     soon as the request is accepted, before any wait, and Await's failure is resolved like a
//     failed synchronous create;
//   - a failure is followed by looks with Find: for Visible (how long a made object may take to
//     show), or, when Undeletable, until the commit window has passed, as long as the operation
//     has time; one more look follows when its time ran out;
//   - what the looks do not find stays in state as the record: tainted, so that the next apply
//     replaces it (Delete settles it first), or, when Undeletable, untainted with a warning, so
//     that no replacement stands beside what the create made; refresh resolves it either way.
type Creation[T, M any] struct {
	// Noun names the object in messages, such as "ISC account".
	Noun string
	// Pending is the state recorded while the outcome is unknown: the plan, with an empty id and
	// nothing that only the API can tell.
	Pending M
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
	// Undeletable says the API cannot delete what a create made (see above); Find then tells,
	// with Unfinished.Ended, when finding nothing is definite.
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
func Create[T, M any](ctx context.Context, resp *resource.CreateResponse, c Creation[T, M]) *T {
	record := Unfinished{Started: time.Now().UTC()}
	ref, created, err := c.Submit(ctx)
	if err != nil && DefinitelyRefused(err) {
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
func (c Creation[T, M]) refuse(ctx context.Context, resp *resource.CreateResponse, err error) {
	resp.State.RemoveResource(ctx)
	if c.Refused == nil || !c.Refused(ctx, err, &resp.Diagnostics) {
		APIError(&resp.Diagnostics, "Could not create the "+c.Noun, err, "")
	}
}

// DefinitelyRefused reports a definite refusal of the request: a 3xx or 4xx answer means the API did not
// act on it (a redirect is not followed), and a request that never reached a server, or never
// left for want of an access token, cannot have made anything.
func DefinitelyRefused(err error) bool {
	status := transport.StatusOf(err)
	return (status >= http.StatusMultipleChoices && status < http.StatusInternalServerError) ||
		transport.NeverSent(err) || transport.TokenFailed(err)
}

func keepUnfinished[M any](ctx context.Context, resp *resource.CreateResponse, pending M, record Unfinished) {
	resp.Diagnostics.Append(saveUnfinished(ctx, resp.Private, record)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, pending)...)
}

// lastLook bounds the single look after the operation's own time ran out.
const lastLook = 10 * time.Second

var findBackoff = wait.Backoff{First: 200 * time.Millisecond, Factor: 2, Max: 2 * time.Second}

// adopt looks for what a failed create made: while the operation has time, for as long as lookFor says,
// and once when its time ran out, since the user's timeout must not be stretched by a wait. It
// returns the object, or the ErrNotMade error Find gave.
func (c Creation[T, M]) adopt(ctx context.Context, record Unfinished) (*T, error) {
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
func (c Creation[T, M]) find(ctx context.Context, record Unfinished) (*T, error) {
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
func (c Creation[T, M]) lookFor(record Unfinished) time.Duration {
	if c.Undeletable {
		return time.Until(record.Started.Add(commitWindow)) + findBackoff.Max
	}
	if c.Visible == 0 {
		return 5 * time.Second
	}
	return c.Visible
}
