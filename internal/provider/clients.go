package provider

import (
	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// newClients builds each API's client when its required settings are present and known;
// otherwise it keeps the error for the first resource that needs the API.
func newClients(c *configuration, common transport.Config) *kit.Clients {
	registerSecrets(c)
	clients := kit.NewClients()
	for _, api := range APIs {
		if err := c.missing(api.Name); err != nil {
			clients.Set(api.Name, nil, err)
			continue
		}
		if err := c.unknownFor(api.Name); err != nil {
			clients.Set(api.Name, nil, err)
			continue
		}
		cfg := common
		cfg.Settings = transportSettings(api.Name)
		cfg.AllowHTTP = c.allowInsecureHTTP()
		client, err := api.NewClient(c.values[api.Name], cfg)
		clients.Set(api.Name, client, err)
	}
	return clients
}

// registerSecrets masks the sensitive settings (client secret, API keys and tokens) by value in
// every diagnostic and log line of the process, not only in the transport's own logs.
func registerSecrets(c *configuration) {
	for _, s := range settings {
		if s.Sensitive {
			redact.Add(c.values[s.block][s.Name])
		}
	}
}
