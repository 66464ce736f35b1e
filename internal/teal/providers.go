package teal

import (
	"context"
	"time"
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

// KnownPayrollProviders is PayrollProviders read once per client (one provider process), for a
// best-effort check that every account of a plan runs. The read is bounded by
// providersCheckTimeout, and its failure is kept too: an endpoint that does not answer costs the
// run one short wait, not one per account and per step.
func (c *Client) KnownPayrollProviders(ctx context.Context) ([]PayrollProvider, error) {
	c.providersMu.Lock()
	defer c.providersMu.Unlock()
	if c.providers != nil || c.providersErr != nil {
		return c.providers, c.providersErr
	}
	ctx, cancel := context.WithTimeout(ctx, providersCheckTimeout)
	defer cancel()
	c.providers, c.providersErr = c.PayrollProviders(ctx)
	if c.providersErr == nil && c.providers == nil {
		c.providers = []PayrollProvider{}
	}
	return c.providers, c.providersErr
}

// providersCheckTimeout bounds the provider list's read for the check: Teal's own answer to the
// create tells what the check cannot.
const providersCheckTimeout = 3 * time.Second

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
