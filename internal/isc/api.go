package isc

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const (
	apiName  = "isc"
	apiTitle = "SailPoint ISC"
)

// API describes SailPoint Identity Security Cloud to the provider.
var API = kit.API{
	Name:  apiName,
	Title: apiTitle,
	Description: "SailPoint Identity Security Cloud, used by `accounts_isc_account`: an OAuth2 client, either a " +
		"personal access token or an API client, with `idn:accounts:read`, `idn:accounts:manage`, `idn:accounts-state:manage` " +
		"and `idn:task-management:read`. Reading a source's account schema (when `native_identity_attribute` is not set) " +
		"also needs a personal access token with `idn:source-schema:read`; the data source `accounts_isc_source` needs " +
		"`idn:sources:read`, and a personal access token for the source's account schema. The actions need " +
		"`idn:accounts-state:manage` (reload, unlock) and `idn:sources:manage` (aggregate).",
	Settings: []kit.Setting{
		{Name: "base_url", Env: "SAILPOINT_BASE_URL", Required: true, URL: true, Role: kit.RoleEndpoint,
			Description: "API base URL of the tenant, such as `https://acme.api.identitynow.com`."},
		{Name: "token_url", Env: "SAILPOINT_TOKEN_URL", URL: true, Role: kit.RoleTokenURL,
			Description: "OAuth2 token endpoint. Defaults to `<base_url>/oauth/token`."},
		{Name: "client_id", Env: "SAILPOINT_CLIENT_ID", Required: true, Role: kit.RoleCredential,
			Description: "OAuth2 client id."},
		{Name: "client_secret", Env: "SAILPOINT_CLIENT_SECRET", Required: true, Sensitive: true, Role: kit.RoleCredential,
			Description: "OAuth2 client secret."},
		{Name: "rate_limit", Env: "SAILPOINT_RATE_LIMIT", Default: strconv.Itoa(DefaultRateLimit), Kind: kit.Number,
			Description: kit.RateLimitDescription + " SailPoint allows 100 per client id."},
	},
	NewClient: func(v kit.SettingValues, common transport.Config) (any, error) {
		return NewClient(Settings{BaseURL: v.Text("base_url"), TokenURL: v.Text("token_url"), ClientID: v.Text("client_id"),
			ClientSecret: v.Text("client_secret"), RateLimit: v.Number("rate_limit")}, common)
	},
	Resources:     []func() resource.Resource{NewAccountResource},
	ListResources: []func() list.ListResource{NewAccountList},
	DataSources:   []func() datasource.DataSource{NewSourceDataSource, NewAccountDataSource},
	Actions:       []func() action.Action{NewAccountReloadAction, NewAccountUnlockAction, NewSourceAggregateAction},
}

var clientOf = kit.ClientOf[*Client](apiName)
