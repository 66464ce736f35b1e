package b3os

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const (
	apiName  = "b3os"
	apiTitle = "B3OS"
)

// API describes B3OS to the provider.
var API = kit.API{
	Name:        apiName,
	Title:       apiTitle,
	Description: "B3OS: an organization API key or a user token with an organization id.",
	Settings: []kit.Setting{
		{Name: "endpoint", Env: "B3OS_ENDPOINT", Default: DefaultEndpoint, Required: true, URL: true, Role: kit.RoleEndpoint,
			Description: "API base URL."},
		{Name: "api_key", Env: "B3OS_API_KEY", Required: true, Sensitive: true, Role: kit.RoleCredential,
			Description: "API key (`b3sk_...`) or user token."},
		{Name: "organization_id", Env: "B3OS_ORGANIZATION_ID", Required: true, Role: kit.RoleCredential,
			Description: "Organization id (`org_...`), sent as the `X-Org-ID` header."},
		{Name: "rate_limit", Env: "B3OS_RATE_LIMIT", Default: strconv.Itoa(DefaultRateLimit), Kind: kit.Number,
			Description: kit.RateLimitDescription},
	},
	NewClient: func(v kit.SettingValues, common transport.Config) (any, error) {
		return NewClient(Settings{Endpoint: v.Text("endpoint"), APIKey: v.Text("api_key"), OrganizationID: v.Text("organization_id"),
			RateLimit: v.Number("rate_limit")}, common)
	},
	Resources:          []func() resource.Resource{NewServiceAccountResource, NewAPIKeyResource},
	ListResources:      []func() list.ListResource{NewServiceAccountList, NewAPIKeyList},
	DataSources:        []func() datasource.DataSource{NewServiceAccountDataSource},
	EphemeralResources: []func() ephemeral.EphemeralResource{NewAPIKeyEphemeral},
}

var clientOf = kit.ClientOf[*Client](apiName)
