package provider

import (
	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/isc"
	"github.com/tf-accounts/terraform-provider-accounts/internal/poozle"
	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
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
func build[C, S any](c *configuration, block string, settings S, common transport.Config, newClient func(S, transport.Config) (*C, error)) apiClient[C] {
	if err := c.missing(block); err != nil {
		return apiClient[C]{err: err}
	}
	common.Settings = transportSettings(block)
	common.AllowHTTP = c.allowInsecureHTTP
	client, err := newClient(settings, common)
	return apiClient[C]{client: client, err: err}
}

func newClients(c *configuration, common transport.Config) *clients {
	registerSecrets(c)
	return &clients{
		isc:    build(c, "isc", c.isc, common, isc.NewClient),
		poozle: build(c, "poozle", c.poozle, common, poozle.NewClient),
		b3os:   build(c, "b3os", c.b3os, common, b3os.NewClient),
		teal:   build(c, "teal", c.teal, common, teal.NewClient),
	}
}

func (c *clients) ISC() (*isc.Client, error)       { return c.isc.client, c.isc.err }
func (c *clients) Poozle() (*poozle.Client, error) { return c.poozle.client, c.poozle.err }
func (c *clients) B3OS() (*b3os.Client, error)     { return c.b3os.client, c.b3os.err }
func (c *clients) Teal() (*teal.Client, error)     { return c.teal.client, c.teal.err }

// registerSecrets masks the sensitive settings (client secret, API keys and tokens) by value in
// every diagnostic and log line of the process, not only in the transport's own logs.
func registerSecrets(c *configuration) {
	for _, s := range settings {
		if s.sensitive && s.text != nil {
			redact.Add(*s.text(c))
		}
	}
}
