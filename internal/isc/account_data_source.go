package isc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewAccountDataSource is the constructor the provider registers: an account looked up by id,
// or by source and native identity, read-only. Concurrent lookups share list requests as the
// resource's reads do (batches.go).
func NewAccountDataSource() datasource.DataSource {
	return kit.NewDataSource("_isc_account", apiTitle, clientOf, accountDataSchema(), lookUpAccount, kit.ExactlyOneOf("id", "source_id"),
		datasourcevalidator.RequiredTogether(path.MatchRoot("source_id"), path.MatchRoot("native_identity")))
}

func accountDataSchema() schema.Schema {
	computed, flag := kit.Computed, kit.ComputedBool
	return schema.Schema{
		MarkdownDescription: "An account on a SailPoint ISC source, read-only, looked up by `id`, or by `source_id` and " +
			"`native_identity`. Lookups that run at the same moment share ISC list requests: a hundred accounts of one source " +
			"cost about ten requests.",
		Attributes: map[string]schema.Attribute{
			"id": kit.KeyAttribute("The account id. Set either `id`, or `source_id` and `native_identity`."),
			"source_id": kit.KeyAttribute("Id of the source that holds the account, such as `data.accounts_isc_source.hr.id`. " +
				"Set with `native_identity`."),
			"native_identity": kit.KeyAttribute("The account's unique id on the source, matched exactly (ISC's own filters ignore " +
				"case). Set with `source_id`."),
			"attributes": schema.DynamicAttribute{Computed: true,
				MarkdownDescription: "Every attribute of the account, each a string or a list of strings, but those ISC manages itself " +
					"(`IIQDisabled`, `IIQLocked`), as an import of `accounts_isc_account` would hold them."},
			"native_identity_attribute": computed("The attribute whose value is the native identity, inferred from the " +
				"attributes; null when none or several hold it."),
			"disabled":     flag("Whether the account is disabled."),
			"name":         computed("Display name of the account."),
			"source_name":  computed("Name of the source."),
			"identity_id":  computed("Id of the identity the account is correlated with, if any."),
			"locked":       flag("Whether the account is locked."),
			"uncorrelated": flag("Whether the account is not correlated with an identity."),
			"created":      computed("When the account was created (RFC 3339)."),
			"modified":     computed("When the account was last modified (RFC 3339)."),
		},
	}
}

type accountDataModel struct {
	ID                      types.String  `tfsdk:"id"`
	SourceID                types.String  `tfsdk:"source_id"`
	NativeIdentity          types.String  `tfsdk:"native_identity"`
	Attributes              types.Dynamic `tfsdk:"attributes"`
	NativeIdentityAttribute types.String  `tfsdk:"native_identity_attribute"`
	Disabled                types.Bool    `tfsdk:"disabled"`
	Name                    types.String  `tfsdk:"name"`
	SourceName              types.String  `tfsdk:"source_name"`
	IdentityID              types.String  `tfsdk:"identity_id"`
	Locked                  types.Bool    `tfsdk:"locked"`
	Uncorrelated            types.Bool    `tfsdk:"uncorrelated"`
	Created                 types.String  `tfsdk:"created"`
	Modified                types.String  `tfsdk:"modified"`
}

func lookUpAccount(ctx context.Context, client *Client, m *accountDataModel, diags *diag.Diagnostics) {
	if account := findAccount(ctx, client, m, diags); account != nil {
		m.fill(account)
	}
}

func findAccount(ctx context.Context, client *Client, m *accountDataModel, diags *diag.Diagnostics) *Account {
	if !m.ID.IsNull() {
		account, err := client.ReadAccount(ctx, m.ID.ValueString())
		lookup := kit.Lookup{Noun: noun, Keys: []kit.Key{{Attribute: "id", Value: m.ID.ValueString()}},
			Hint: "Set id to the id ISC gave the account (not its native identity), or look it up by source_id and native_identity."}
		return kit.Find(diags, lookup, kit.Matches(account), err, describeAccount)
	}
	sourceID, nativeIdentity := m.SourceID.ValueString(), m.NativeIdentity.ValueString()
	accounts, err := client.FindAccounts(ctx, sourceID, nativeIdentity)
	lookup := kit.Lookup{Noun: noun, Keys: []kit.Key{{Attribute: "source_id", Value: sourceID}, {Attribute: "native_identity", Value: nativeIdentity}},
		Hint:   "Native identities are matched exactly; source_id is the source's id, not its name (see data source accounts_isc_source).",
		Unique: "ISC should keep native identities unique on a source: look the account up by id instead."}
	exact := exactMatches(accounts, nativeIdentity)
	if len(exact) == 0 && len(accounts) > 0 {
		lookup.Hint += " The source holds " + describeAccounts(accounts) + ", which differs only in case."
	}
	return kit.Find(diags, lookup, exact, err, describeAccount)
}

func exactMatches(accounts []Account, nativeIdentity string) []Account {
	var exact []Account
	for _, a := range accounts {
		if a.NativeIdentity == nativeIdentity {
			exact = append(exact, a)
		}
	}
	return exact
}

func describeAccount(a *Account) string { return describeAccounts([]Account{*a}) }

// fill sets every attribute from the account, as the resource holds it after an import, without
// the source's schema (reading it per account would cost a request each).
func (m *accountDataModel) fill(a *Account) {
	var held accountModel
	held.adopt(a, nil)
	held.fill(a)
	*m = accountDataModel{
		ID: held.ID, SourceID: held.SourceID, NativeIdentity: held.NativeIdentity, Attributes: held.Attributes,
		NativeIdentityAttribute: held.NativeIdentityAttribute, Disabled: held.Disabled, Name: held.Name, SourceName: held.SourceName,
		IdentityID: held.IdentityID, Locked: held.Locked, Uncorrelated: held.Uncorrelated, Created: held.Created, Modified: held.Modified,
	}
}
