package kit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
)

// Named is what the framework asks of a resource or a list resource that depends only on its
// names: its type name and, once the provider is configured, its API client C.
type Named[C any] struct {
	// typeName follows the provider's name, such as "_isc_account".
	typeName string
	// api names the API in configuration errors, such as "SailPoint ISC".
	api    string
	source func(*Clients) (C, error)
	// Client is the API's client, once Configure ran; the zero C before (validation) and while
	// settings the API needs are unknown (see Ready).
	Client C
	// Pending is why Client is not there although the provider is configured.
	Pending
}

// NewNamed names a resource type: typeName follows the provider's name ("_isc_account"), api
// names the API in errors, and source reads the API's client from the provider's data (see
// ClientOf).
func NewNamed[C any](typeName, api string, source func(*Clients) (C, error)) Named[C] {
	return Named[C]{typeName: typeName, api: api, source: source}
}

func (n *Named[C]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + n.typeName
}

func (n *Named[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	n.Client, n.Pending = Configure(req, resp, n.api, n.source)
}

// Resource is what the framework asks of a resource that depends only on its names and its
// identity; a resource embeds it and adds its schema and operations.
type Resource[C any] struct {
	Named[C]
	identity identityschema.Schema
}

// NewResource is NewNamed for a resource whose identity (Terraform 1.12 and later) is identity.
func NewResource[C any](typeName, api string, source func(*Clients) (C, error), identity identityschema.Schema) Resource[C] {
	return Resource[C]{Named: NewNamed(typeName, api, source), identity: identity}
}

func (r *Resource[C]) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.Named.Metadata(ctx, req, resp)
	// The record of an unfinished create has an empty id, which becomes the object's once found,
	// and an identity may gain attributes an import could not know (Teal's user id).
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *Resource[C]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.identity
}
