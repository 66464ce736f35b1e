package fakeserver

import (
	"net/http"
	"regexp"
)

// b3osPermissionPattern is the resource:action form of every documented permission string
// ("org:read", "action_proxy:execute"); that B3OS refuses other strings with 400 is inferred.
var b3osPermissionPattern = regexp.MustCompile(`^[a-z][a-z_]*:[a-z][a-z_]*$`)

// b3osServiceAccountInput is the body of both POST and PATCH: name and permissions are
// required in each (docs.b3os.org post- and patch-v1-service-accounts).
type b3osServiceAccountInput struct {
	Name        *string   `json:"name"`
	Description *string   `json:"description"`
	Permissions *[]string `json:"permissions"`
}

// b3osReadInput decodes and validates the body. The messages are inferred; the reference only
// confirms a 400.
func b3osReadInput(req *request) (b3osServiceAccountInput, error) {
	var in b3osServiceAccountInput
	switch err := decodeBody(req, &in); {
	case err != nil:
		return in, failure(http.StatusBadRequest, "invalid request body: %v", err)
	case in.Name == nil || *in.Name == "":
		return in, failure(http.StatusBadRequest, "name is required")
	case in.Permissions == nil || len(*in.Permissions) == 0:
		return in, failure(http.StatusBadRequest, "permissions must contain at least one permission")
	}
	for _, permission := range *in.Permissions {
		if !b3osPermissionPattern.MatchString(permission) {
			return in, failure(http.StatusBadRequest, "invalid permission %q: expected the form resource:action", permission)
		}
	}
	return in, nil
}

// apply replaces name, description and permissions: PATCH is documented as updating all three,
// so a missing description clears it (inferred).
func (in b3osServiceAccountInput) apply(account *B3OSServiceAccount) {
	account.Name = *in.Name
	account.Description = ""
	if in.Description != nil {
		account.Description = *in.Description
	}
	account.Permissions = append([]string{}, *in.Permissions...)
}

func (st *b3osStore) serviceAccount(organizationID, id string) (*B3OSServiceAccount, error) {
	for _, account := range st.serviceAccounts {
		if account.ID == id && account.OrganizationID == organizationID {
			return account, nil
		}
	}
	return nil, failure(http.StatusNotFound, "service account not found") // message inferred
}

// checkNameFree fails with 409 when another service account of the organization has the name
// (documented); the message is inferred.
func (st *b3osStore) checkNameFree(organizationID, name, exceptID string) error {
	for _, account := range st.serviceAccounts {
		if account.OrganizationID == organizationID && account.Name == name && account.ID != exceptID {
			return failure(http.StatusConflict, "a service account named %q already exists in this organization", name)
		}
	}
	return nil
}

func (s *Server) b3osListServiceAccounts(req *request, organizationID string) (result, error) {
	var accounts []*B3OSServiceAccount
	for _, account := range s.b3os.serviceAccounts {
		if account.OrganizationID == organizationID {
			accounts = append(accounts, account)
		}
	}
	return b3osList(req, accounts)
}

// b3osCreateServiceAccount answers 200, not 201, with the new account. Ids of the form sa_...
// come from the SDK's test data, and createdBy naming the key's user is inferred.
func (s *Server) b3osCreateServiceAccount(req *request, organizationID string) (result, error) {
	in, err := b3osReadInput(req)
	if err != nil {
		return result{}, err
	}
	if err := s.b3os.checkNameFree(organizationID, *in.Name, ""); err != nil {
		return result{}, err
	}
	now := isoMillis(req.now)
	account := &B3OSServiceAccount{
		ID: "sa_" + randomHex(12), OrganizationID: organizationID, Status: "active",
		CreatedAt: now, CreatedBy: b3osSeedUserID, UpdatedAt: now,
	}
	in.apply(account)
	s.b3os.serviceAccounts = append(s.b3os.serviceAccounts, account)
	return ok(account)
}

func (s *Server) b3osGetServiceAccount(req *request, organizationID string) (result, error) {
	account, err := s.b3os.serviceAccount(organizationID, req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	return ok(account)
}

func (s *Server) b3osUpdateServiceAccount(req *request, organizationID string) (result, error) {
	account, err := s.b3os.serviceAccount(organizationID, req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	in, err := b3osReadInput(req)
	if err != nil {
		return result{}, err
	}
	// A rename onto another account's name conflicts as a create does (inferred).
	if err := s.b3os.checkNameFree(organizationID, *in.Name, account.ID); err != nil {
		return result{}, err
	}
	in.apply(account)
	account.UpdatedAt = isoMillis(req.now)
	return ok(account)
}

// b3osDeleteServiceAccount answers 200 with an envelope without data (inferred).
func (s *Server) b3osDeleteServiceAccount(req *request, organizationID string) (result, error) {
	account, err := s.b3os.serviceAccount(organizationID, req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	s.b3os.remove(account.ID)
	return result{status: http.StatusOK}, nil
}

func (st *b3osStore) remove(id string) bool {
	for i, account := range st.serviceAccounts {
		if account.ID == id {
			st.serviceAccounts = append(st.serviceAccounts[:i], st.serviceAccounts[i+1:]...)
			return true
		}
	}
	return false
}

// b3osSetDisabled sets status and disabledAt (inferred route). Repeating it changes nothing.
func (s *Server) b3osSetDisabled(disabled bool) b3osHandler {
	return func(req *request, organizationID string) (result, error) {
		account, err := s.b3os.serviceAccount(organizationID, req.PathValue("id"))
		if err != nil {
			return result{}, err
		}
		account.setDisabled(disabled, req.now)
		return ok(account)
	}
}

// RemoveB3OSServiceAccount deletes a service account at once, as a user of the web app would
// behind Terraform's back. It reports whether the account existed.
func (s *Server) RemoveB3OSServiceAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b3os.remove(id)
}

// SetB3OSServiceAccountPermissions replaces a service account's permissions at once, as a user
// of the web app would. It reports whether the account existed.
func (s *Server) SetB3OSServiceAccountPermissions(id string, permissions []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, account := range s.b3os.serviceAccounts {
		if account.ID == id {
			account.Permissions = append([]string{}, permissions...)
			return true
		}
	}
	return false
}
