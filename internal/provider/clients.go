package provider

import (
	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/isc"
	"github.com/tf-accounts/terraform-provider-accounts/internal/poozle"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// clients is the configured provider as the resources see it: one client per API, or the reason
// that API cannot be used. Each API package declares the part of it that it needs.
type clients struct {
	isc    apiClient[isc.Client]
	poozle apiClient[poozle.Client]
	b3os   apiClient[b3os.Client]
	teal   apiClient[teal.Client]
}

var (
	_ isc.ClientSource    = (*clients)(nil)
	_ poozle.ClientSource = (*clients)(nil)
	_ b3os.ClientSource   = (*clients)(nil)
	_ teal.ClientSource   = (*clients)(nil)
)

type apiClient[C any] struct {
	client *C
	err    error
}

// build makes a client when the API's required settings are present; otherwise it keeps the
// error for the first resource that needs the API.
func build[C any](values resolved, block string, newClient func() (*C, error)) apiClient[C] {
	if err := values.missing(block); err != nil {
		return apiClient[C]{err: err}
	}
	client, err := newClient()
	return apiClient[C]{client: client, err: err}
}

func newClients(v resolved, common transport.Config) *clients {
	return &clients{
		isc: build(v, "isc", func() (*isc.Client, error) {
			return isc.NewClient(isc.Settings{
				BaseURL: v["isc.base_url"], TokenURL: v["isc.token_url"], ClientID: v["isc.client_id"],
				ClientSecret: v["isc.client_secret"], RateLimit: v.integer("isc.rate_limit"),
			}, common)
		}),
		poozle: build(v, "poozle", func() (*poozle.Client, error) {
			return poozle.NewClient(poozle.Settings{
				Endpoint: v["poozle.endpoint"], Token: v["poozle.token"], RateLimit: v.integer("poozle.rate_limit"),
			}, common)
		}),
		b3os: build(v, "b3os", func() (*b3os.Client, error) {
			return b3os.NewClient(b3os.Settings{
				Endpoint: v["b3os.endpoint"], APIKey: v["b3os.api_key"], OrganizationID: v["b3os.organization_id"],
				RateLimit: v.integer("b3os.rate_limit"),
			}, common)
		}),
		teal: build(v, "teal", func() (*teal.Client, error) {
			return teal.NewClient(teal.Settings{
				Endpoint: v["teal.endpoint"], APIKey: v["teal.api_key"], RateLimit: v.integer("teal.rate_limit"),
			}, common)
		}),
	}
}

func (c *clients) ISC() (*isc.Client, error)       { return c.isc.client, c.isc.err }
func (c *clients) Poozle() (*poozle.Client, error) { return c.poozle.client, c.poozle.err }
func (c *clients) B3OS() (*b3os.Client, error)     { return c.b3os.client, c.b3os.err }
func (c *clients) Teal() (*teal.Client, error)     { return c.teal.client, c.teal.err }
