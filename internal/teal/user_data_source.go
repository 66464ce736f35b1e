package teal

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewUserDataSource is the constructor the provider registers: a Teal user, looked up by id or
// email, with whether an active authorisation lets a payroll account be created for them.
func NewUserDataSource() datasource.DataSource {
	return kit.NewDataSource("_teal_user", apiTitle, clientOf, userSchema(), lookUpUser, kit.ExactlyOneOf("user_id", "email"))
}

func userSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Teal user, looked up by `user_id` or `email`, and whether the user has an active authorisation: " +
			"the precondition of `accounts_teal_payroll_account`, which a `lifecycle` `precondition` can check at plan time.",
		Attributes: map[string]schema.Attribute{
			"user_id": kit.KeyAttribute("The user's id. Set exactly one of `user_id` and `email`."),
			"email": kit.KeyAttribute("The identifier the user was created with (Teal takes any), matched exactly. Set exactly one of " +
				"`user_id` and `email`."),
			"name":       kit.Computed("The user's name."),
			"created_at": kit.Computed("When the user was created (RFC 3339)."),
			"authorised": kit.ComputedBool("Whether the user has an active, valid authorisation, without which Teal refuses to create " +
				"a payroll account."),
			"authorisation_id": kit.Computed("The id of the user's first active, valid authorisation, as Teal would pick it; null " +
				"when `authorised` is false."),
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
