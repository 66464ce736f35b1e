package teal

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// NewPayrollProvidersDataSource is the constructor the provider registers: every payroll
// provider Teal lists, optionally only those of one login method or MFA kind.
func NewPayrollProvidersDataSource() datasource.DataSource {
	return kit.NewDataSource("_teal_payroll_providers", apiTitle, clientOf, providersSchema(), lookUpProviders)
}

func providersSchema() schema.Schema {
	computed := kit.Computed
	return schema.Schema{
		MarkdownDescription: "The payroll providers Teal connects, each with how its users log in, the MFA it asks and the " +
			"`extra_login_params` it requires: what `accounts_teal_payroll_account` needs. **Inferred:** Teal documents no list " +
			"of payroll providers; this reads `GET /payroll-providers`, in the envelope of Teal's other lists, and fails " +
			"with Teal's answer where a tenant does not serve it.",
		Attributes: map[string]schema.Attribute{
			"login_method": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only providers whose users log in so: `" + LoginCredentials + "` (user name and password) or `" +
					LoginOAuth2 + "` (consent at an authorization URL).",
				Validators: []validator.String{stringvalidator.OneOf(LoginCredentials, LoginOAuth2)}},
			"mfa_type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only providers that ask this MFA: `none`, `Code`, `Date` or `PasswordWithPositions`.",
				Validators:          []validator.String{stringvalidator.OneOf(mfaTypes...)}},
			"names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The names of the providers listed, in Teal's order: what `payroll_provider` takes."},
			"payroll_providers": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The providers that pass the filters, in Teal's order. Never empty: when none passes, the read fails.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":         computed("The provider's name, for `payroll_provider`."),
					"login_method": computed("`" + LoginCredentials + "` or `" + LoginOAuth2 + "`."),
					"mfa_type":     computed("The MFA the provider asks after the login: `none`, `Code`, `Date` or `PasswordWithPositions`."),
					"mfa_source":   computed("Where a `Code` is sent: `SMS`, `EMAIL` or `AUTHENTICATOR_APP`; null for other MFA."),
					"required_extra_login_params": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The `extra_login_params` keys the provider requires, such as Dayforce's `company_name`."},
				}},
			},
		},
	}
}

type providersModel struct {
	LoginMethod      types.String `tfsdk:"login_method"`
	MFAType          types.String `tfsdk:"mfa_type"`
	Names            types.List   `tfsdk:"names"`
	PayrollProviders types.List   `tfsdk:"payroll_providers"`
}

func lookUpProviders(ctx context.Context, client *Client, m *providersModel, diags *diag.Diagnostics) {
	providers, err := client.PayrollProviders(ctx)
	if err != nil {
		remedy := ""
		if transport.StatusOf(err) == http.StatusNotFound {
			remedy = "Teal documents no list of payroll providers: this data source reads GET " + providersPath +
				", which this Teal endpoint does not serve. Set payroll_provider from Teal's own documentation instead."
		}
		kit.APIError(diags, "Could not list Teal's payroll providers", err, remedy)
		return
	}
	lookup := kit.Lookup{Noun: "Teal payroll provider"}
	var kept []PayrollProvider
	for _, p := range providers {
		if m.passes(p) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		lookup.Keys, lookup.Hint = m.filters(), "Teal lists: "+describeProviders(providers)+"."
		lookup.NoneMatch(diags)
		return
	}
	m.fill(kept)
}

func (m *providersModel) passes(p PayrollProvider) bool {
	return (m.LoginMethod.IsNull() || m.LoginMethod.ValueString() == p.LoginMethod) &&
		(m.MFAType.IsNull() || m.MFAType.ValueString() == p.mfaType())
}

// filters are the filters set, as the keys of the error when no provider passes.
func (m *providersModel) filters() []kit.Key {
	var keys []kit.Key
	for name, value := range map[string]types.String{"login_method": m.LoginMethod, "mfa_type": m.MFAType} {
		if !value.IsNull() {
			keys = append(keys, kit.Key{Attribute: name, Value: value.ValueString()})
		}
	}
	slices.SortFunc(keys, func(a, b kit.Key) int { return strings.Compare(a.Attribute, b.Attribute) })
	return keys
}

func describeProviders(providers []PayrollProvider) string {
	described := make([]string, len(providers))
	for i, p := range providers {
		described[i] = p.Name + " (" + p.LoginMethod + ", MFA " + p.mfaType() + ")"
	}
	if len(described) == 0 {
		return "none"
	}
	return strings.Join(described, ", ")
}

var providerType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "login_method": types.StringType, "mfa_type": types.StringType, "mfa_source": types.StringType,
	"required_extra_login_params": types.ListType{ElemType: types.StringType},
}}

func (m *providersModel) fill(providers []PayrollProvider) {
	names := make([]attr.Value, len(providers))
	objects := make([]attr.Value, len(providers))
	for i, p := range providers {
		source := types.StringNull()
		if p.MFAMethod != nil {
			source = kit.StringOrNull(p.MFAMethod.Source)
		}
		names[i] = types.StringValue(p.Name)
		objects[i] = types.ObjectValueMust(providerType.AttrTypes, map[string]attr.Value{
			"name": names[i], "login_method": types.StringValue(p.LoginMethod), "mfa_type": types.StringValue(p.mfaType()),
			"mfa_source": source, "required_extra_login_params": kit.StringList(p.RequiredExtraLoginParams),
		})
	}
	m.Names = types.ListValueMust(types.StringType, names)
	m.PayrollProviders = types.ListValueMust(providerType, objects)
}
