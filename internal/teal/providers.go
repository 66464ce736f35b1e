package teal

import (
	"context"
)

// PayrollProvider is a payroll provider as GET /payroll-providers lists it. The route and its
// shape are inferred: Teal documents no list of providers, only what account creation takes
// (payroll_provider, extra_login_params such as Dayforce's company_name) and answers
// (authorization_url for OAuth2 providers, mfa_method).
type PayrollProvider struct {
	Name                     string     `json:"name"`
	LoginMethod              string     `json:"login_method"` // "credentials" or "oauth2"
	MFAMethod                *MFAMethod `json:"mfa_method"`   // null when the provider asks no MFA
	RequiredExtraLoginParams []string   `json:"required_extra_login_params"`
}

// The login methods: user name and password, or the user's consent at an authorization_url.
const (
	LoginCredentials = "credentials"
	LoginOAuth2      = "oauth2"
)

const providersPath = "/payroll-providers"

// PayrollProviders reads every payroll provider Teal lists.
func (c *Client) PayrollProviders(ctx context.Context) ([]PayrollProvider, error) {
	var all []PayrollProvider
	for page, err := range listPages[PayrollProvider](ctx, c, providersPath, "payroll_providers", nil, configurationPage) {
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
	}
	return all, nil
}

// KnownPayrollProviders is PayrollProviders read once per client, for a check that every account
// of a plan runs; a failure is not kept, so that a transient one does not stick.
func (c *Client) KnownPayrollProviders(ctx context.Context) ([]PayrollProvider, error) {
	c.providersMu.Lock()
	defer c.providersMu.Unlock()
	if c.providers != nil {
		return c.providers, nil
	}
	providers, err := c.PayrollProviders(ctx)
	if err == nil {
		c.providers = providers
	}
	return providers, err
}

// mfaType is the kind of MFA the provider asks: "Code", "Date", "PasswordWithPositions", or
// "none".
func (p PayrollProvider) mfaType() string {
	if p.MFAMethod == nil {
		return mfaNone
	}
	return p.MFAMethod.Type
}

const mfaNone = "none"

var mfaTypes = []string{mfaNone, "Code", "Date", "PasswordWithPositions"}
