package fakeserver

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// The account operations that are not resources: reload and unlock (apis/accounts
// accounts-v1-by-id-reload.yaml and -unlock.yaml), each answering 202 with a task
// (accountsasyncresult), and the source aggregation of isc_aggregation.go.

var (
	iscTaskReload = iscTaskKind{"Cloud Account Reload", "Reload"} // inferred: no document names these tasks
	iscTaskUnlock = iscTaskKind{"Cloud Account Unlock", "Unlock"}
)

// Source features that the operations need (Source.features of apis/sources source.yaml).
const (
	iscFeatureNoRandomAccess = "NO_RANDOM_ACCESS" // the connector cannot read one account: a file is read whole
	iscFeatureUnlock         = "UNLOCK"
)

// iscAccountsProvisioning is the scope an unlock with forceProvisioning also needs (documented).
const iscAccountsProvisioning = "idn:accounts-provisioning:manage"

func (s *Server) iscActionRoutes(a *api) {
	for _, accounts := range []string{"/accounts/v1", "/v3/accounts"} {
		s.iscRoute(a, "POST "+accounts+"/{id}/reload", iscAccountsState, s.iscReloadAccount)
		s.iscRoute(a, "POST "+accounts+"/{id}/unlock", iscAccountsState, s.iscUnlockAccount)
	}
	for _, sources := range []string{"/sources/v1", "/v3/sources"} {
		s.iscRoute(a, "POST "+sources+"/{id}/load-accounts", iscSourcesManage, s.iscLoadAccounts)
	}
	s.iscRoute(a, "GET /account-aggregations/v1/{id}/status", iscAggregationsRead, s.iscAggregationStatus)
}

// iscReloadAccount reads the account again from the connector: the source's record of it (what
// the connector sees on the system, set by SetISCSourceRecord or an aggregated file) replaces
// its attributes. Inferred: a connector without random access (a delimited file) fails the
// task, and so does an account the connector no longer has; no document gives either message.
func (s *Server) iscReloadAccount(req *request) (result, error) {
	account, err := s.isc.requireAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	src := s.isc.source(account.SourceID)
	return s.iscStartTask(req, iscTaskReload, src, account.Name, func(st *iscStore, at time.Time) error {
		if slices.Contains(src.Features, iscFeatureNoRandomAccess) {
			return iscTaskFailure("Source '%s' cannot read a single account (%s): aggregate the source instead.", src.Name, iscFeatureNoRandomAccess)
		}
		record, found := src.records[account.NativeIdentity]
		if !found {
			return iscTaskFailure("Account '%s' was not found on source '%s'.", account.NativeIdentity, src.Name)
		}
		return st.updateAccount(account.ID, at, func(a *ISCAccount) { setAccountAttributes(a, src, record, at) })
	})
}

// iscUnlockRequest is the accountunlockrequest body; the body is required.
type iscUnlockRequest struct {
	ExternalVerificationID string `json:"externalVerificationId"`
	UnlockIDNAccount       bool   `json:"unlockIDNAccount"`
	ForceProvisioning      bool   `json:"forceProvisioning"`
}

// iscUnlockAccount clears the account's lock. Inferred: a source without the UNLOCK feature
// fails the task, and unlocking an account that is not locked succeeds.
func (s *Server) iscUnlockAccount(req *request) (result, error) {
	account, err := s.isc.requireAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	var unlock iscUnlockRequest
	if err := decodeBody(req, &unlock); err != nil {
		return result{}, iscBadRequest("The request body could not be parsed: %v.", err)
	}
	if unlock.ForceProvisioning {
		client, _ := s.isc.authenticate(req) // authenticated already by the route
		if err := (iscAccess{scopes: []string{iscAccountsProvisioning}}).check(client); err != nil {
			return result{}, err
		}
	}
	src := s.isc.source(account.SourceID)
	return s.iscStartTask(req, iscTaskUnlock, src, account.Name, func(st *iscStore, at time.Time) error {
		if !slices.Contains(src.Features, iscFeatureUnlock) {
			return iscTaskFailure("Source '%s' does not support unlocking accounts (no %s feature).", src.Name, iscFeatureUnlock)
		}
		return st.updateAccount(account.ID, at, func(a *ISCAccount) { a.Locked = false })
	})
}

// iscTaskFailure is a task change's failure: its text is the message the failed task leaves.
type iscTaskFailed string

func (e iscTaskFailed) Error() string { return string(e) }

func iscTaskFailure(format string, args ...any) error {
	return iscTaskFailed(fmt.Sprintf(format, args...))
}

// LockISCAccount locks an account at once, as failed logins on the source would, and reports
// whether the account existed.
func (s *Server) LockISCAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	account := s.isc.account(id)
	if account != nil {
		account.Locked = true
	}
	return account != nil
}

// SetISCSourceRecord sets what the connector of a source reads for one account on the system,
// as a change made outside ISC would: a reload or an aggregation of a direct source takes it up.
// It panics for an unknown source or attributes without the identity attribute: a test bug.
func (s *Server) SetISCSourceRecord(sourceID string, attributes map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, native := s.isc.identify(sourceID, attributes)
	if src.records == nil {
		src.records = map[string]map[string]any{}
	}
	src.records[native] = maps.Clone(attributes)
}
