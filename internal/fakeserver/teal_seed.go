package fakeserver

// SeedTealAccount adds an ACTIVE account of a user at once, as one the user linked through
// Teal's own Connect flow, outside Terraform, would be, and returns its id. providerName must
// name a seeded payroll provider.
func (s *Server) SeedTealAccount(userID, providerName, userName string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	provider := s.teal.provider(providerName)
	account := &tealAccount{
		TealAccountRecord: TealAccountRecord{
			TealAccount: TealAccount{
				AccountID: randomUUID(), PayrollProvider: provider.Name, UserName: userName, Status: TealStatusActive,
				CreatedAt: isoMillis(now), MFAEnabled: provider.MFAMethod != nil, LatestPayDate: lastPayDate(now),
			},
			UserID: userID, MFAAnswers: []string{},
		},
		provider: provider,
	}
	s.teal.accounts = append(s.teal.accounts, account)
	return account.AccountID
}

// SeedTealUser adds a user at once, as POST /users would, and returns its id. Teal takes any
// email, one another user has too.
func (s *Server) SeedTealUser(name, email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	user := TealUser{UserID: randomUUID(), Name: name, Email: email, CreatedAt: isoMillis(s.clock())}
	s.teal.users = append(s.teal.users, user)
	return user.UserID
}
