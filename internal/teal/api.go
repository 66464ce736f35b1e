package teal

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const (
	apiName  = "teal"
	apiTitle = "Teal"
)

// API describes Teal payroll to the provider.
var API = kit.API{
	Name:        apiName,
	Title:       apiTitle,
	Description: "Teal payroll: a client API key.",
	Settings: []kit.Setting{
		{Name: "endpoint", Env: "TEAL_ENDPOINT", Default: DefaultEndpoint, Required: true, URL: true, Role: kit.RoleEndpoint,
			Description: "API base URL; `https://api.goteal.co` for production."},
		{Name: "api_key", Env: "TEAL_API_KEY", Required: true, Sensitive: true, Role: kit.RoleCredential,
			Description: "Client API key, sent as `X-API-KEY`."},
		{Name: "rate_limit", Env: "TEAL_RATE_LIMIT", Default: strconv.Itoa(DefaultRateLimit), Kind: kit.Number,
			Description: kit.RateLimitDescription},
	},
	NewClient: func(v kit.SettingValues, common transport.Config) (any, error) {
		return NewClient(Settings{Endpoint: v.Text("endpoint"), APIKey: v.Text("api_key"), RateLimit: v.Number("rate_limit")}, common)
	},
	Resources:     []func() resource.Resource{NewPayrollAccountResource},
	ListResources: []func() list.ListResource{NewPayrollAccountList},
	DataSources:   []func() datasource.DataSource{NewPayrollProvidersDataSource, NewUserDataSource},
}

var clientOf = kit.ClientOf[*Client](apiName)
