package kit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// Ephemeral is Named for an ephemeral resource (Terraform 1.10 and later): what the framework
// asks of one that depends only on its names; it embeds this and adds its schema, Open and Close.
type Ephemeral[C any] struct {
	Named[C]
}

// NewEphemeral names an ephemeral resource type, as NewNamed does a resource type.
func NewEphemeral[C any](typeName, api string, source func(*Clients) (C, error)) Ephemeral[C] {
	return Ephemeral[C]{Named: NewNamed(typeName, api, source)}
}

func (e *Ephemeral[C]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + e.typeName
}

func (e *Ephemeral[C]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.Client, e.Pending = configureFrom(req.ProviderData, &resp.Diagnostics, e.api, e.source)
}
