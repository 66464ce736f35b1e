package teal

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewUserDataSource is the constructor the provider registers: a Teal user, looked up by id or
// email, with whether an active authorisation lets a payroll account be created for them.
func NewUserDataSource() datasource.DataSource {
	d := kit.NewDataSource[*Client, userModel]("_teal_user", apiTitle, clientOf)
	d.Definition = userSchema()
	d.Keys = []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("email"))}
	d.Look = lookUpUser
	return d
}

func userSchema() schema.Schema {
	key := []validator.String{stringvalidator.LengthAtLeast(1)}
	return schema.Schema{
		MarkdownDescription: "A Teal user, looked up by `user_id` or `email`, and whether the user has an active authorisation: " +
			"the precondition of `accounts_teal_payroll_account`, which a `lifecycle` `precondition` can check at plan time.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{Optional: true, Computed: true, Validators: key,
				MarkdownDescription: "The user's id. Set exactly one of `user_id` and `email`."},
			"email": schema.StringAttribute{Optional: true, Computed: true, Validators: key,
				MarkdownDescription: "The identifier the user was created with (Teal takes any), matched exactly. Set exactly one of `user_id` and `email`."},
			"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "The user's name."},
			"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the user was created (RFC 3339)."},
			"authorised": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the user has an active, valid authorisation, without which Teal refuses to create a payroll account."},
			"authorisation_id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The id of the user's first active, valid authorisation, as Teal would pick it; null when `authorised` is false."},
		},
	}
}

type userModel struct {
	UserID          types.String `tfsdk:"user_id"`
	Email           types.String `tfsdk:"email"`
	Name            types.String `tfsdk:"name"`
	CreatedAt       types.String `tfsdk:"created_at"`
	Authorised      types.Bool   `tfsdk:"authorised"`
	AuthorisationID types.String `tfsdk:"authorisation_id"`
}

func lookUpUser(ctx context.Context, client *Client, m *userModel, diags *diag.Diagnostics) {
	user := findUser(ctx, client, m, diags)
	if user == nil {
		return
	}
	authorisation, err := client.ActiveAuthorisation(ctx, user.UserID)
	if err != nil {
		kit.APIError(diags, "Could not read the authorisations of Teal user "+user.UserID, err, "")
		return
	}
	m.UserID, m.Email, m.Name, m.CreatedAt = types.StringValue(user.UserID), types.StringValue(user.Email), kit.StringOrNull(user.Name), kit.StringOrNull(user.CreatedAt)
	m.Authorised, m.AuthorisationID = types.BoolValue(authorisation != nil), types.StringNull()
	if authorisation != nil {
		m.AuthorisationID = types.StringValue(authorisation.ID)
	}
}

func findUser(ctx context.Context, client *Client, m *userModel, diags *diag.Diagnostics) *User {
	describe := func(u *User) string { return "\"" + u.Name + "\" (user_id " + u.UserID + ")" }
	if !m.UserID.IsNull() {
		user, err := client.GetUser(ctx, m.UserID.ValueString())
		lookup := kit.Lookup{Noun: "Teal user", Keys: []kit.Key{{Attribute: "user_id", Value: m.UserID.ValueString()}},
			Hint: "Set user_id to the user_id POST /users answered, or look the user up by email."}
		return kit.Find(diags, lookup, kit.Matches(user), err, describe)
	}
	users, err := client.UsersWithEmail(ctx, m.Email.ValueString())
	lookup := kit.Lookup{Noun: "Teal user", Keys: []kit.Key{{Attribute: "email", Value: m.Email.ValueString()}},
		Hint: "Emails are matched exactly.", Unique: "Teal does not keep emails unique: look the user up by user_id instead."}
	return kit.Find(diags, lookup, users, err, describe)
}
