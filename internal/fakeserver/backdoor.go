package fakeserver

// RemoveISCAccount deletes an account at once, as an administrator or an aggregation would behind
// Terraform's back. It reports whether the account existed.
func (s *Server) RemoveISCAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.isc.removeAccount(id) == nil
}
