package fakeserver

// SeedPoozleAccount adds an "Api Key" integration account at once, as a user of Poozle's UI
// would, and returns its id.
func (s *Server) SeedPoozleAccount(workspaceID, definitionID, name string, config map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := isoMillis(s.clock())
	account := &PoozleIntegrationAccount{
		IntegrationAccountID:     randomUUID(),
		IntegrationDefinitionID:  definitionID,
		IntegrationConfiguration: config,
		AuthType:                 "Api Key",
		WorkspaceID:              workspaceID,
		IntegrationAccountName:   name,
		CreatedAt:                now,
		UpdatedAt:                now,
	}
	s.poozle.accounts = append(s.poozle.accounts, account)
	return account.IntegrationAccountID
}
