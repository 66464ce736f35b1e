package teal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// warnOfSandbox says that the provider talks to Teal's sandbox, its default endpoint: a
// production configuration that forgets teal.endpoint would otherwise link nothing real, silently.
func warnOfSandbox(diags *diag.Diagnostics) {
	diags.AddWarning("Teal accounts are managed in Teal's sandbox",
		"The provider talks to "+DefaultEndpoint+", Teal's sandbox, since teal.endpoint is not set (nor TEAL_ENDPOINT) "+
			"or names the sandbox. Sandbox accounts link mock payroll providers, not real ones. For production, set "+
			"teal.endpoint = \"https://api.goteal.co\" in the provider block, or TEAL_ENDPOINT, with a production API key.")
}

// findCreated looks for what an unfinished create made: the user's account with the same
// provider and login, created after the attempt started. Once the create's request has surely
// ended, finding none means it made none.
func (r *payrollAccountResource) findCreated(want NewAccount) func(context.Context, kit.Unfinished) (*Account, error) {
	return func(ctx context.Context, record kit.Unfinished) (*Account, error) {
		accounts, err := r.Client.ListAccounts(ctx, want.UserID)
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			if want.madeBy(a, record) {
				return &a, nil
			}
		}
		if record.Ended(time.Now()) {
			return nil, fmt.Errorf("user %s holds no %s account created since %s: %w", want.UserID, want.PayrollProvider,
				record.Started.Format(time.RFC3339), kit.ErrNotMade)
		}
		return nil, nil
	}
}

// authorisationHint says how to fix Teal's refusal for want of an authorisation; it is empty
// for any other error.
func authorisationHint(err error) string {
	var apiErr *transport.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(strings.ToLower(apiErr.Message), "authorisation") {
		return ""
	}
	return "Teal links payroll accounts only for users who consented: the user needs an active authorisation. " +
		"Record one with POST /authorisations {\"user_id\": \"<user id>\", \"user_agent\": \"<the user's browser>\"} " +
		"(https://docs.goteal.co/authorisations), then apply again. If authorisation_id is set, it must name an active " +
		"authorisation of this user; unset it to let Teal pick one."
}

// waitForActive waits until the account leaves PENDING and records what it became. INVALID is
// an error; running out of time is only a warning, since the account exists and stays tracked.
func (r *payrollAccountResource) waitForActive(ctx context.Context, m *payrollAccountModel, state kit.StateSetter, diags *diag.Diagnostics) {
	account, err := r.Client.WaitWhilePending(ctx, m.ID.ValueString())
	if account != nil {
		m.fill(account)
		diags.Append(state.Set(ctx, m)...)
	}
	switch {
	case err != nil && account != nil:
		diags.AddWarning("The Teal payroll account is still PENDING", err.Error()+"\n\nThe account exists and stays "+
			"in state; the next refresh follows its status. Raise timeouts to wait longer.")
	case err != nil:
		kit.APIError(diags, "Could not read the Teal payroll account while waiting for it", err, "")
	case account.Status == StatusInvalid:
		diags.AddError("The payroll provider refused the login", fmt.Sprintf("Teal account %s is INVALID: the "+
			"payroll provider did not accept the credentials. Correct password_wo and change password_wo_version; the "+
			"next apply creates a new account (Teal keeps the invalid one: it offers no deletion).", account.AccountID))
	}
}

// checkPayrollProvider fails a payroll_provider that Teal does not list, naming those it does,
// nearest first. Teal documents no provider list (GET /payroll-providers is inferred): where the
// list cannot be read, nothing is checked here, and Teal's answer to the create tells.
func (r *payrollAccountResource) checkPayrollProvider(ctx context.Context, name string, diags *diag.Diagnostics) {
	providers, err := r.Client.KnownPayrollProviders(ctx)
	if err != nil {
		tflog.Debug(ctx, "Teal's payroll providers could not be listed; Teal checks payroll_provider at create", map[string]any{"error": err.Error()})
		return
	}
	names := make([]string, len(providers))
	for i, p := range providers {
		names[i] = p.Name
	}
	if len(names) == 0 || slices.Contains(names, name) {
		return
	}
	diags.AddAttributeError(path.Root("payroll_provider"), "Unknown payroll provider",
		fmt.Sprintf("Teal lists no payroll provider %q. It lists, nearest first: %s. Set payroll_provider to one of them; "+
			"the data source accounts_teal_payroll_providers gives each one's login method and MFA.", name, strings.Join(kit.Nearest(name, names), ", ")))
}

// warnOfUnknownProvider checks a planned create's payroll_provider at plan time, as a warning
// (kit.PlanWarnings): the apply fails on it before it sends anything.
func (r *payrollAccountResource) warnOfUnknownProvider(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var provider types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("payroll_provider"), &provider)...)
	if provider.IsUnknown() || provider.IsNull() || r.Client == nil {
		return
	}
	var found diag.Diagnostics
	r.checkPayrollProvider(ctx, provider.ValueString(), &found)
	kit.PlanWarnings(&resp.Diagnostics, found)
}
