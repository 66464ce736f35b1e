package fakeserver

// TealProviderView is a payroll provider as GET /payroll-providers serves it: its name, how users
// log in ("credentials" or "oauth2"), the MFA it asks (the seed's MfaMethod, absent for none: no
// Teal property is nullable) and the extra_login_params it requires. The route and this shape are inferred: Teal documents no
// list of payroll providers, only the fields of account creation and its MfaMethod.
type TealProviderView struct {
	Name                     string         `json:"name"`
	LoginMethod              string         `json:"login_method"`
	MFAMethod                *TealMFAMethod `json:"mfa_method,omitempty"`
	RequiredExtraLoginParams []string       `json:"required_extra_login_params"`
}

// tealListProviders answers in the envelope of every Teal list (inferred, as the route is).
func (s *Server) tealListProviders(req *request) (result, error) {
	views := make([]TealProviderView, len(s.teal.providers))
	for i, p := range s.teal.providers {
		views[i] = TealProviderView{Name: p.Name, LoginMethod: p.AuthType, MFAMethod: p.MFAMethod, RequiredExtraLoginParams: p.RequiredExtraLoginParams}
	}
	return tealList(req, "payroll_providers", views, 100)
}
