package fakeserver

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
