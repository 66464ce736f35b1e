package poozle

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const (
	apiName  = "poozle"
	apiTitle = "Poozle"
)

// API describes Poozle to the provider.
var API = kit.API{
	Name:        apiName,
	Title:       apiTitle,
	Description: "Poozle, the open-source unified API: a user API token.",
	Settings: []kit.Setting{
		{Name: "endpoint", Env: "POOZLE_ENDPOINT", Required: true, URL: true, Role: kit.RoleEndpoint,
			Description: "Base URL of the Poozle server, such as `https://poozle.example.com`."},
		{Name: "token", Env: "POOZLE_TOKEN", Required: true, Sensitive: true, Role: kit.RoleCredential,
			Description: "API token (Settings → API Keys)."},
		{Name: "rate_limit", Env: "POOZLE_RATE_LIMIT", Default: strconv.Itoa(DefaultRateLimit), Kind: kit.Number,
			Description: kit.RateLimitDescription},
	},
	NewClient: func(v kit.SettingValues, common transport.Config) (any, error) {
		return NewClient(Settings{Endpoint: v.Text("endpoint"), Token: v.Text("token"), RateLimit: v.Number("rate_limit")}, common)
	},
	Resources:     []func() resource.Resource{NewIntegrationAccountResource},
	ListResources: []func() list.ListResource{NewIntegrationAccountList},
	DataSources:   []func() datasource.DataSource{NewIntegrationDefinitionDataSource},
}

var clientOf = kit.ClientOf[*Client](apiName)
