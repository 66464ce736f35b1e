package fakeserver

import "maps"

// RemoveISCAccount deletes an account at once, as an administrator or an aggregation would behind
// Terraform's back. It reports whether the account existed.
func (s *Server) RemoveISCAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.isc.removeAccount(id) == nil
}

// SetISCAccountAttribute changes one attribute of an account at once, as an aggregation would.
// It reports whether the account existed.
func (s *Server) SetISCAccountAttribute(id, name string, value any) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	account := s.isc.account(id)
	if account == nil {
		return false
	}
	account.Attributes[name] = value
	return true
}

// SeedISCAccount adds an account at once, as an aggregation of the source would, and returns its
// id. It panics for an unknown source or attributes without the identity attribute: a test bug.
func (s *Server) SeedISCAccount(sourceID string, attributes map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, native := s.isc.identify(sourceID, attributes)
	return s.isc.upsertAccount(src, native, attributes, s.clock()).ID
}

// identify finds the source and the native identity of a test's account; it panics for an
// unknown source or attributes without the identity attribute: a test bug.
func (st *iscStore) identify(sourceID string, attributes map[string]any) (*iscSource, string) {
	src := st.source(sourceID)
	if src == nil {
		panic("fakeserver: no ISC source " + sourceID)
	}
	native, err := src.nativeIdentity(attributes)
	if err != nil {
		panic("fakeserver: " + err.Error())
	}
	return src, native
}

// DuplicateISCSource adds a copy of a source, with the same name and account schema, under a new
// id, and returns the id: ISC keeps source names unique, so only a tenant the provider must not
// trust answers so. It panics for an unknown source: a test bug.
func (s *Server) DuplicateISCSource(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	src := s.isc.source(id)
	if src == nil {
		panic("fakeserver: no ISC source " + id)
	}
	dup := *src
	dup.ID = randomHex(16)
	s.isc.sources = append(s.isc.sources, &dup)
	return dup.ID
}

// DuplicateISCAccount adds a copy of an account, with the same source and native identity, under
// a new id, and returns the id: ISC keeps native identities unique on a source, so only a tenant
// the provider must not trust answers so. It panics for an unknown account: a test bug.
func (s *Server) DuplicateISCAccount(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	account := s.isc.account(id)
	if account == nil {
		panic("fakeserver: no ISC account " + id)
	}
	dup := *account
	dup.ID = randomHex(16)
	dup.Attributes = maps.Clone(account.Attributes)
	s.isc.accounts = append(s.isc.accounts, &dup)
	return dup.ID
}
