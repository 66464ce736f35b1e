package fakeserver

// SeedB3OSServiceAccount adds a service account of the fake's organization at once, as a user of
// B3OS's console would, and returns its id. A "disabled" one has disabledAt set.
func (s *Server) SeedB3OSServiceAccount(name, status string, permissions ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := isoMillis(s.clock())
	account := &B3OSServiceAccount{
		ID: "sa_" + randomHex(12), Name: name, OrganizationID: B3OSOrganizationID, Permissions: permissions,
		Status: status, CreatedAt: now, CreatedBy: b3osSeedUserID, UpdatedAt: now,
	}
	if status == "disabled" {
		account.DisabledAt = &now
	}
	s.b3os.serviceAccounts = append(s.b3os.serviceAccounts, account)
	return account.ID
}
