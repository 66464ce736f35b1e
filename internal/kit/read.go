package kit

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

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
