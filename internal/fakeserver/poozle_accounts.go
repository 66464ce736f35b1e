package fakeserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// PoozleSyncPeriods are the values of Poozle's SyncPeriod enum (sync.util.ts).
var PoozleSyncPeriods = []string{"EVERY_HALF_DAY", "EVERY_HALF_HOUR", "EVERY_QUARTER_HOUR", "EVERY_HOUR", "EVERY_DAY"}

// poozleOAuth2 is the auth type whose refresh token the real server rotates after create.
const poozleOAuth2 = "OAuth2"

// poozleAccountBody is the union of CreateIntegrationAccountBody and UpdateIntegrationAccountBody.
// SyncPeriod is a json.RawMessage so that an explicit null (clear it) differs from an absent field
// (leave it), as Prisma's update treats null and undefined.
type poozleAccountBody struct {
	IntegrationDefinitionID string          `json:"integrationDefinitionId"`
	IntegrationAccountName  string          `json:"integrationAccountName"`
	AuthType                string          `json:"authType"`
	WorkspaceID             string          `json:"workspaceId"`
	Config                  map[string]any  `json:"config"`
	AccountIdentifier       *string         `json:"accountIdentifier"`
	SyncEnabled             *bool           `json:"syncEnabled"`
	SyncPeriod              json.RawMessage `json:"syncPeriod"`
}

// poozleField is one class-validator decorator of a request body class.
type poozleField struct {
	name     string
	optional bool
	check    func(any) bool
	message  string
}

func isJSONString(v any) bool { _, ok := v.(string); return ok }
func isJSONObject(v any) bool { _, ok := v.(map[string]any); return ok }
func isJSONBool(v any) bool   { _, ok := v.(bool); return ok }
func isSyncPeriod(v any) bool {
	s, ok := v.(string)
	return ok && slices.Contains(PoozleSyncPeriods, s)
}

func poozleString(name string) poozleField {
	return poozleField{name: name, check: isJSONString, message: name + " must be a string"}
}

var (
	poozleConfigField = poozleField{name: "config", check: isJSONObject, message: "config must be an object"}
	poozleSyncFields  = []poozleField{
		{name: "syncEnabled", optional: true, check: isJSONBool, message: "syncEnabled must be a boolean value"},
		{name: "syncPeriod", optional: true, check: isSyncPeriod,
			message: "syncPeriod must be one of the following values: " + strings.Join(PoozleSyncPeriods, ", ")},
	}
	// poozleCreateFields mirror CreateIntegrationAccountBody in declaration order, which is the
	// order class-validator reports failures in.
	poozleCreateFields = slices.Concat([]poozleField{
		poozleString("integrationDefinitionId"), poozleString("integrationAccountName"), poozleString("authType"),
		poozleString("workspaceId"), poozleConfigField,
		{name: "accountIdentifier", optional: true, check: isJSONString, message: "accountIdentifier must be a string"},
	}, poozleSyncFields)
	poozleUpdateFields = slices.Concat([]poozleField{
		poozleString("integrationAccountName"), poozleString("authType"), poozleConfigField,
	}, poozleSyncFields)
)

// decodePoozleBody validates a body the way the global ValidationPipe does: every failing field
// is reported at once in NestJS's shape, and unknown fields are ignored (no whitelist). The
// messages are class-validator's defaults (inferred: read from its source, not run).
func decodePoozleBody(req *request, fields []poozleField) (poozleAccountBody, error) {
	var raw map[string]any
	if err := json.Unmarshal(req.body, &raw); err != nil || raw == nil {
		// Express's JSON parser rejects the body before validation; its exact text is inferred.
		return poozleAccountBody{}, failure(http.StatusBadRequest, "Unexpected token in JSON")
	}
	var messages []string
	for _, field := range fields {
		value, present := raw[field.name]
		if field.optional && (!present || value == nil) {
			continue
		}
		if !field.check(value) {
			messages = append(messages, field.message)
		}
	}
	if len(messages) > 0 {
		return poozleAccountBody{}, &apiError{status: http.StatusBadRequest, body: poozleException(http.StatusBadRequest, messages)}
	}
	var body poozleAccountBody
	err := json.Unmarshal(req.body, &body)
	return body, err
}

// poozleRecordNotFound is nestjs-prisma's answer to Prisma's P2025: statusCode and message, no
// error field. The wording is Prisma's own (inferred: the filter's mapping was read, not run).
func poozleRecordNotFound(operation string) error {
	return &apiError{status: http.StatusNotFound, body: map[string]any{
		"statusCode": http.StatusNotFound,
		"message": "[P2025]: An operation failed because it depends on one or more records that were required " +
			"but not found. Record to " + operation,
	}}
}

func (st *poozleStore) account(id string) *PoozleIntegrationAccount {
	for _, account := range st.accounts {
		if account.IntegrationAccountID == id {
			return account
		}
	}
	return nil
}

// withDefinition is the account as the create and read endpoints answer: with its integration
// definition nested (Prisma's include).
func (st *poozleStore) withDefinition(account *PoozleIntegrationAccount) PoozleIntegrationAccount {
	view := *account
	view.IntegrationConfiguration = cloneJSON(account.IntegrationConfiguration)
	view.IntegrationDefinition = st.definition(account.IntegrationDefinitionID)
	return view
}

// checkCredentials stands in for the integration's CHECK, which the real server runs against the
// third-party API: here the auth type must exist and every input of the specification must be a
// non-empty string. Extra config keys are stored as sent.
func (st *poozleStore) checkCredentials(body poozleAccountBody) error {
	spec, found := st.specs[body.IntegrationDefinitionID]
	if !found {
		// The real service dereferences the missing definition; a plain 404 is inferred.
		return failure(http.StatusNotFound, "Integration definition not found")
	}
	inputs, found := spec.AuthSpecification[body.AuthType]
	if !found {
		return failure(http.StatusBadRequest, "Not a valid credentials")
	}
	for _, name := range spec.inputNames(inputs) {
		if value, _ := body.Config[name].(string); value == "" {
			return failure(http.StatusBadRequest, "Not a valid credentials")
		}
	}
	return nil
}

// inputNames lists the config fields an auth type needs: its own inputs and the other inputs.
func (spec poozleSpec) inputNames(inputs poozleInputs) []string {
	var names []string
	for name := range inputs.InputSpecification.Properties {
		names = append(names, name)
	}
	if spec.OtherInputs != nil {
		for name := range spec.OtherInputs.InputSpecification.Properties {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (st *poozleStore) hasWorkspace(id string) bool {
	return slices.ContainsFunc(st.workspaces, func(w PoozleWorkspace) bool { return w.WorkspaceID == id })
}

// poozleCreateAccount checks the credentials, stores the account and answers 201 with it. Like
// the real server, nothing is unique: the same body posted twice makes two accounts.
func (s *Server) poozleCreateAccount(req *request) (result, error) {
	body, err := decodePoozleBody(req, poozleCreateFields)
	if err != nil {
		return result{}, err
	}
	if err := s.poozle.checkCredentials(body); err != nil {
		return result{}, err
	}
	if !s.poozle.hasWorkspace(body.WorkspaceID) {
		// A foreign key violation (P2003) has no mapping in nestjs-prisma's filter: a 500 (inferred).
		return result{}, failure(http.StatusInternalServerError, "Internal server error")
	}
	now := isoMillis(req.now)
	account := &PoozleIntegrationAccount{
		IntegrationAccountID:     randomUUID(),
		IntegrationDefinitionID:  body.IntegrationDefinitionID,
		IntegrationConfiguration: body.Config,
		AuthType:                 body.AuthType,
		WorkspaceID:              body.WorkspaceID,
		IntegrationAccountName:   body.IntegrationAccountName,
		CreatedAt:                now,
		UpdatedAt:                now,
		AccountIdentifier:        body.AccountIdentifier,
		SyncEnabled:              body.SyncEnabled != nil && *body.SyncEnabled,
	}
	setSyncPeriod(account, body.SyncPeriod)
	s.poozle.accounts = append(s.poozle.accounts, account)
	created := s.poozle.withDefinition(account)
	s.poozle.rotateRefreshToken(account)
	return result{status: http.StatusCreated, body: created}, nil
}

// rotateRefreshToken does what the real server's getHeaders call does for OAuth2 accounts just
// after create: it exchanges the refresh token and stores the new one. The create answer was
// read before that, so only later reads see the new token. The new token's form is inferred.
func (st *poozleStore) rotateRefreshToken(account *PoozleIntegrationAccount) {
	if !st.settings.RotateRefreshToken || account.AuthType != poozleOAuth2 {
		return
	}
	if _, found := account.IntegrationConfiguration["refresh_token"]; found {
		account.IntegrationConfiguration["refresh_token"] = "rotated-" + randomHex(12)
	}
}

// setSyncPeriod applies a syncPeriod field: absent leaves the stored value, null clears it, as
// Prisma treats undefined and null in an update (inferred from Prisma's semantics).
func setSyncPeriod(account *PoozleIntegrationAccount, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	var period *string
	_ = json.Unmarshal(raw, &period) // validated already
	account.SyncPeriod = period
}

// poozleGetAccount answers an unknown id with 200 and an empty body: the service returns Prisma's
// findUnique result, null, which NestJS sends as nothing (inferred from the code; not run).
func (s *Server) poozleGetAccount(req *request) (result, error) {
	if account := s.poozle.account(req.PathValue("id")); account != nil {
		return result{status: http.StatusOK, body: s.poozle.withDefinition(account)}, nil
	}
	return result{status: http.StatusOK}, nil
}

// poozleUpdateAccount is the real POST /{id}: name and config are replaced wholesale, syncEnabled
// takes its class default (false) when omitted, and authType is validated but not stored. The
// answer is the row without its definition, with 201 as for every NestJS POST.
func (s *Server) poozleUpdateAccount(req *request) (result, error) {
	body, err := decodePoozleBody(req, poozleUpdateFields)
	if err != nil {
		return result{}, err
	}
	account := s.poozle.account(req.PathValue("id"))
	if account == nil {
		return result{}, poozleRecordNotFound("update not found.")
	}
	account.IntegrationAccountName = body.IntegrationAccountName
	account.IntegrationConfiguration = body.Config
	account.SyncEnabled = body.SyncEnabled != nil && *body.SyncEnabled
	setSyncPeriod(account, body.SyncPeriod)
	account.UpdatedAt = isoMillis(req.now)
	return result{status: http.StatusCreated, body: *account}, nil
}

// poozleDeleteAccount hard-deletes the row and answers with it; the deleted column stays null.
func (s *Server) poozleDeleteAccount(req *request) (result, error) {
	deleted := s.poozle.removeAccount(req.PathValue("id"))
	if deleted == nil {
		return result{}, poozleRecordNotFound("delete does not exist.")
	}
	return ok(deleted)
}

func (st *poozleStore) removeAccount(id string) *PoozleIntegrationAccount {
	index := slices.IndexFunc(st.accounts, func(a *PoozleIntegrationAccount) bool { return a.IntegrationAccountID == id })
	if index < 0 {
		return nil
	}
	removed := st.accounts[index]
	st.accounts = slices.Delete(st.accounts, index, index+1)
	return removed
}

// RemovePoozleAccount deletes an account at once, as a user of Poozle's UI would behind
// Terraform's back. It reports whether the account existed.
func (s *Server) RemovePoozleAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.poozle.removeAccount(id) != nil
}
