package kit

import (
	"context"
	"iter"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*ListResource[any, any, any])(nil)

// ListResource is a list resource (terraform query, Terraform 1.14 and later) made of what is
// its own: its names, its schema, and what a list block of config M lists. T is the listed
// objects' type.
type ListResource[C, M, T any] struct {
	Named[C]
	Schema listschema.Schema
	// Listing is what the list block's config asks for.
	Listing func(ctx context.Context, client C, config M) Listing[T]
}

func (l *ListResource[C, M, T]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.Schema
}

// List streams the results of the list block's config; invalid config ends them with its
// diagnostics.
func (l *ListResource[C, M, T]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config M
	diags := req.Config.Get(ctx, &config)
	if !diags.HasError() {
		l.Ready(&diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// The stream is read after List returns: the deadline ends with it (see streamResults).
	ctx, cancel := context.WithTimeout(ctx, ListTimeout)
	streamResults(ctx, req, stream, l.Listing(ctx, l.Client, config), cancel)
}

// Listing is one list resource's results (terraform query, Terraform 1.14 and later), as Stream
// sends them.
type Listing[T any] struct {
	// Noun names the objects in messages, such as "ISC account".
	Noun string
	// Pages reads the objects a page at a time, as the caller asks for the next; the first
	// error ends it.
	Pages iter.Seq2[[]T, error]
	// Identity is an object's resource identity: a struct whose fields are tagged as the
	// resource's identity schema names them.
	Identity func(*T) any
	// DisplayName names an object for people, in terraform query's output.
	DisplayName func(*T) string
	// Resource is the object as the resource's Read would hold it in state; it is asked only
	// when the list block sets include_resource.
	Resource func(context.Context, *T) any
}

// streamResults sends the objects of l as they arrive, page by page, and stops at the list block's
// limit or when Terraform wants no more, so that no more pages are read than are needed. A
// failed read ends the results with an error.
func streamResults[T any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, l Listing[T], done context.CancelFunc) {
	stream.Results = func(push func(list.ListResult) bool) {
		defer done()
		sent := int64(0)
		for page, err := range l.Pages {
			if err != nil {
				var diags diag.Diagnostics
				APIError(&diags, "Could not list the "+l.Noun+"s", err, "")
				push(list.ListResult{Diagnostics: diags})
				return
			}
			for i := range page {
				if req.Limit > 0 && sent >= req.Limit {
					return
				}
				sent++
				if !push(listResult(ctx, req, l, &page[i])) {
					return
				}
			}
		}
	}
}

func listResult[T any](ctx context.Context, req list.ListRequest, l Listing[T], object *T) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = l.DisplayName(object)
	result.Diagnostics.Append(result.Identity.Set(ctx, l.Identity(object))...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, l.Resource(ctx, object))...)
	}
	return result
}

// NullTimeouts is the timeouts attribute of TimeoutsAttribute, unset: as a listed or imported
// object holds it.
func NullTimeouts(ctx context.Context) timeouts.Value {
	attributeType, _ := TimeoutsAttribute(ctx, "").GetType().(timeouts.Type)
	return timeouts.Value{Object: types.ObjectNull(attributeType.AttrTypes)}
}

// OnePage is the Pages of an API that answers a list in one response, without paging: read
// reads it when the results are first asked for.
func OnePage[T any](read func() ([]T, error)) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		yield(read())
	}
}

// Filtered is pages with only the objects keep accepts, for the filters an API's list lacks.
func Filtered[T any](pages iter.Seq2[[]T, error], keep func(*T) bool) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		for page, err := range pages {
			if err == nil {
				page = slices.DeleteFunc(page, func(object T) bool { return !keep(&object) })
			}
			if !yield(page, err) {
				return
			}
		}
	}
}
