package fakeserver

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Permissions the API key routes need. apikey:create is confirmed (b3os-mcp setup.ts names it
// as what minting a key needs) and apikey:read is a documented permission string; that reading
// the key list needs apikey:read and revoking needs apikey:delete is inferred.
const (
	b3osPermissionKeyCreate = "apikey:create"
	b3osPermissionKeyRead   = "apikey:read"
	b3osPermissionKeyDelete = "apikey:delete"
)

// The scopes of a minted key (documented: b3os-mcp createApiKey). What each allows is inferred:
// "read" keeps only the service account's permissions whose action is read, "read-write" keeps
// them all.
const (
	B3OSScopeRead      = "read"
	B3OSScopeReadWrite = "read-write"
)

// The statuses of B3OSKey. Documented only in prose ("Keys can be revoked without deleting
// historical records"): a revoked key stays listed with status revoked (inferred).
const (
	b3osKeyActive  = "active"
	b3osKeyRevoked = "revoked"
)

// B3OSKey is a key minted for a service account, as the fake lists it. B3OS documents only
// the mint's answer, {id, key, name}; every other field, and that the raw key never shows
// again, are inferred from "the raw key is shown once".
type B3OSKey struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	Description      string `json:"description"`
	Scope            string `json:"scope"`
	ServiceAccountID string `json:"serviceAccountId"`
	OrganizationID   string `json:"organizationId"`
	// Prefix is the raw key's first characters, so that a person can tell keys apart (inferred).
	Prefix    string  `json:"prefix"`
	Status    string  `json:"status"`
	CreatedAt string  `json:"createdAt"`
	CreatedBy string  `json:"createdBy"`
	ExpiresAt *string `json:"expiresAt"`
	RevokedAt *string `json:"revokedAt"`
}

// b3osMintedKey is the mint's documented answer: the only time the raw key is shown.
type b3osMintedKey struct {
	ID   string `json:"id"`
	Key  string `json:"key"`
	Name string `json:"name"`
}

// b3osKeyInput is the mint's documented body; expiresAt (RFC 3339) is the fake's own, inferred.
type b3osKeyInput struct {
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	Scope            string  `json:"scope"`
	ServiceAccountID string  `json:"serviceAccountId"`
	ExpiresAt        *string `json:"expiresAt"`
}

// b3osAPIKeyRoutes serves the key routes. Only the mint is documented; listing, reading and
// revoking are documented in prose, so their routes and shapes are inferred.
func (s *Server) b3osAPIKeyRoutes(a *api) {
	s.handle(a, "POST /v1/api-keys", s.b3osRoute(b3osPermissionKeyCreate, s.b3osMintKey))
	s.handle(a, "GET /v1/api-keys", s.b3osRoute(b3osPermissionKeyRead, s.b3osListKeys))
	s.handle(a, "GET /v1/api-keys/{id}", s.b3osRoute(b3osPermissionKeyRead, s.b3osGetKey))
	s.handle(a, "DELETE /v1/api-keys/{id}", s.b3osRoute(b3osPermissionKeyDelete, s.b3osRevokeKey))
}

// authenticate resolves a bearer token to what it grants now. A minted key grants what its
// service account's permissions and its scope allow, and nothing once it is revoked or expired
// or its service account is disabled or deleted (401, messages inferred).
func (st *b3osStore) authenticate(token string, now time.Time) (b3osKey, error) {
	key, known := st.keys[token]
	switch {
	case !known:
		return key, failure(http.StatusUnauthorized, "invalid or expired API key")
	case key.revoked:
		return key, failure(http.StatusUnauthorized, "API key has been revoked")
	case key.apiKeyID == "":
		return key, nil // a development key
	}
	minted := st.apiKey(key.organizationID, key.apiKeyID)
	if minted == nil || minted.Status == b3osKeyRevoked {
		return key, failure(http.StatusUnauthorized, "API key has been revoked")
	}
	if minted.ExpiresAt != nil && !now.Before(parseISO(*minted.ExpiresAt)) {
		return key, failure(http.StatusUnauthorized, "invalid or expired API key")
	}
	account, err := st.serviceAccount(key.organizationID, minted.ServiceAccountID)
	if err != nil || account.Status != "active" {
		return key, failure(http.StatusUnauthorized, "the API key's service account is disabled or deleted")
	}
	key.permissions = scoped(account.Permissions, minted.Scope)
	return key, nil
}

// scoped is what a key of scope may use of its service account's permissions.
func scoped(permissions []string, scope string) []string {
	if scope == B3OSScopeReadWrite {
		return slices.Clone(permissions)
	}
	return slices.DeleteFunc(slices.Clone(permissions), func(p string) bool { return !strings.HasSuffix(p, ":read") })
}

func parseISO(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s) // the fake wrote it; an odd one is the zero time: expired
	return t
}

func (st *b3osStore) apiKey(organizationID, id string) *B3OSKey {
	for _, key := range st.apiKeys {
		if key.ID == id && key.OrganizationID == organizationID {
			return key
		}
	}
	return nil
}

// b3osReadKeyInput validates a mint's body; the messages are inferred.
func (st *b3osStore) b3osReadKeyInput(req *request, organizationID string) (b3osKeyInput, error) {
	var in b3osKeyInput
	switch err := decodeBody(req, &in); {
	case err != nil:
		return in, failure(http.StatusBadRequest, "invalid request body: %v", err)
	case in.Name == "":
		return in, failure(http.StatusBadRequest, "name is required")
	case in.Scope != B3OSScopeRead && in.Scope != B3OSScopeReadWrite:
		return in, failure(http.StatusBadRequest, `scope must be "read" or "read-write"`)
	case in.ServiceAccountID == "":
		return in, failure(http.StatusBadRequest, "serviceAccountId is required")
	}
	if in.ExpiresAt != nil && !parseISO(*in.ExpiresAt).After(req.now) {
		return in, failure(http.StatusBadRequest, "expiresAt must be a future RFC 3339 time")
	}
	_, err := st.serviceAccount(organizationID, in.ServiceAccountID)
	return in, err
}

// b3osMintKey answers 200 with {id, key, name} (documented); the raw key is b3sk_... .
func (s *Server) b3osMintKey(req *request, organizationID string) (result, error) {
	in, err := s.b3os.b3osReadKeyInput(req, organizationID)
	if err != nil {
		return result{}, err
	}
	raw := "b3sk_" + randomHex(24)
	minted := &B3OSKey{
		ID: "ak_" + randomHex(12), Name: in.Name, Description: in.Description, Scope: in.Scope,
		ServiceAccountID: in.ServiceAccountID, OrganizationID: organizationID, Prefix: raw[:len("b3sk_")+4],
		Status: b3osKeyActive, CreatedAt: isoMillis(req.now), CreatedBy: b3osSeedUserID, ExpiresAt: in.ExpiresAt,
	}
	s.b3os.apiKeys = append(s.b3os.apiKeys, minted)
	s.b3os.keys[raw] = b3osKey{organizationID: organizationID, apiKeyID: minted.ID}
	return ok(b3osMintedKey{ID: minted.ID, Key: raw, Name: minted.Name})
}

// b3osListKeys pages the organization's keys, revoked ones included, oldest first; the
// serviceAccountId filter is inferred.
func (s *Server) b3osListKeys(req *request, organizationID string) (result, error) {
	account := req.URL.Query().Get("serviceAccountId")
	var keys []*B3OSKey
	for _, key := range s.b3os.apiKeys {
		if key.OrganizationID == organizationID && (account == "" || key.ServiceAccountID == account) {
			keys = append(keys, key)
		}
	}
	return b3osList(req, keys)
}

func (s *Server) b3osGetKey(req *request, organizationID string) (result, error) {
	key := s.b3os.apiKey(organizationID, req.PathValue("id"))
	if key == nil {
		return result{}, failure(http.StatusNotFound, "API key not found")
	}
	return ok(key)
}

// b3osRevokeKey marks the key revoked and answers it; revoking it again changes nothing.
func (s *Server) b3osRevokeKey(req *request, organizationID string) (result, error) {
	key := s.b3os.apiKey(organizationID, req.PathValue("id"))
	if key == nil {
		return result{}, failure(http.StatusNotFound, "API key not found")
	}
	if key.Status != b3osKeyRevoked {
		key.Status, key.RevokedAt = b3osKeyRevoked, ptr(isoMillis(req.now))
	}
	return ok(key)
}

// RevokeB3OSAPIKey revokes a key at once, as a user of the web app would behind Terraform's
// back. It reports whether the key existed.
func (s *Server) RevokeB3OSAPIKey(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := s.b3os.apiKey(B3OSOrganizationID, id)
	if key != nil && key.Status != b3osKeyRevoked {
		key.Status, key.RevokedAt = b3osKeyRevoked, ptr(isoMillis(s.clock()))
	}
	return key != nil
}

// SetB3OSServiceAccountDisabled disables or enables a service account at once, as a user of the
// web app would. It reports whether the account existed.
func (s *Server) SetB3OSServiceAccountDisabled(id string, disabled bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	account, err := s.b3os.serviceAccount(B3OSOrganizationID, id)
	if err == nil {
		account.setDisabled(disabled, s.clock())
	}
	return err == nil
}

// setDisabled sets status and disabledAt; setting what the account already is changes nothing.
func (account *B3OSServiceAccount) setDisabled(disabled bool, now time.Time) {
	if (account.Status == "disabled") == disabled {
		return
	}
	account.Status, account.DisabledAt = "active", nil
	if disabled {
		account.Status, account.DisabledAt = "disabled", ptr(isoMillis(now))
	}
	account.UpdatedAt = isoMillis(now)
}

// B3OSMintedSecrets are the raw secrets of every key minted through the API, revoked ones
// included: what a secrets audit looks for in state, plans and logs.
func (s *Server) B3OSMintedSecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var secrets []string
	for raw, key := range s.b3os.keys {
		if key.apiKeyID != "" {
			secrets = append(secrets, raw)
		}
	}
	return secrets
}
