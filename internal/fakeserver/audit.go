package fakeserver

import (
	"maps"
	"slices"
)

// FaultsApplied is how many requests the current fault rules have taken, for reports of what a
// test injected. ClearFaults resets it with the rules.
func (s *Server) FaultsApplied() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, rule := range s.faults {
		n += rule.applied
	}
	return n
}

// IssuedSecrets returns the secrets the fake has handed out so far (ISC access tokens), so that a
// test can look for them in logs, diagnostics and state.
func (s *Server) IssuedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.isc.tokens))
}
