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

// SeedPoozleDefinition adds an integration definition of one workspace, as a developer building
// a custom integration would, with the specification of the definition copyOf, and returns its
// id: a workspace may hold a definition named as a public one is.
func (s *Server) SeedPoozleDefinition(workspaceID, name, key, copyOf string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	definition := poozleDefinition(randomUUID(), name, key, "TICKETING")
	definition.WorkspaceID = &workspaceID
	s.poozle.definitions = append(s.poozle.definitions, definition)
	s.poozle.specs[definition.IntegrationDefinitionID] = s.poozle.specs[copyOf]
	return definition.IntegrationDefinitionID
}
