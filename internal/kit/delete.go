package kit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

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
	// Kept, when set, recognises the API's refusal to delete an object it keeps (Teal offers no
	// deletion): the object leaves state with a warning that it remains, and remedy says what then.
	Kept func(err error) (remedy string, kept bool)
}

// Settle is the Settle of every synchronous API, which cannot tell whether a create is still
// under way: it looks with find (a Creation.Find) until the object shows, find says the create
// made nothing, or the create has surely ended (Unfinished.Ended), when a look that finds
// nothing is definite. A lost record, whose start is unknown, gets one look. Running out of time
// first is an error, so that the record stays in state rather than an object that shows after
// the destroy going untracked.
func Settle[T any](find func(context.Context, Unfinished) (*T, error)) func(context.Context, Unfinished) (*T, error) {
	return func(ctx context.Context, record Unfinished) (*T, error) {
		var found *T
		err := findBackoff.Until(ctx, func(ctx context.Context) (bool, error) {
			definite := record.Started.IsZero() || record.Ended(time.Now())
			var err error
			found, err = find(ctx, record)
			return found != nil || definite, err
		})
		if ctx.Err() != nil && found == nil && !errors.Is(err, ErrNotMade) {
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
	if d.Kept != nil {
		if remedy, kept := d.Kept(err); kept {
			resp.Diagnostics.AddWarning("The "+d.Noun+" remains", fmt.Sprintf("The %s %s was not deleted: %s.\n\nIt is "+
				"removed from Terraform state only; it still exists. %s", d.Noun, id, err, remedy))
			return
		}
	}
	advice := ""
	if d.Advice != nil {
		advice = d.Advice(err)
	}
	APIError(&resp.Diagnostics, "Could not delete the "+d.Noun, err, advice)
}
