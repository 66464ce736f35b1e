package fakeserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Ids of the seeded Poozle objects.
const (
	PoozleWorkspaceID              = "0a58f56e-3f59-4f4e-a8e1-a9e47aae5c3c"
	PoozleSecondWorkspaceID        = "3c1d9e2b-7a4f-4b6e-9c8d-1e2f3a4b5c6d"
	PoozleUserID                   = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
	PoozleGitHubDefinitionID       = "5e4c8a1f-2b3d-4e6f-9a7b-8c9d0e1f2a3b"
	PoozleJiraDefinitionID         = "7a9b0c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	poozleSeedTimestamp            = "2023-08-01T00:00:00.000Z"
	poozleIntegrationSourceURLBase = "https://integrations.poozle.dev/"
)

// PoozleState holds the fake Poozle server's objects.
type PoozleState struct {
	Workspaces             []PoozleWorkspace             `json:"workspaces"`
	IntegrationDefinitions []PoozleIntegrationDefinition `json:"integrationDefinitions"`
	IntegrationAccounts    []PoozleIntegrationAccount    `json:"integrationAccounts"`
}

// PoozleWorkspace is Poozle's Workspace row. The real model has no display name; its slug
// names it.
type PoozleWorkspace struct {
	WorkspaceID             string  `json:"workspaceId"`
	Slug                    string  `json:"slug"`
	UserID                  string  `json:"userId"`
	InitialSetupComplete    bool    `json:"initialSetupComplete"`
	AnonymousDataCollection bool    `json:"anonymousDataCollection"`
	Deleted                 *string `json:"deleted"`
}

// PoozleIntegrationDefinition is Poozle's IntegrationDefinition row.
type PoozleIntegrationDefinition struct {
	IntegrationDefinitionID string  `json:"integrationDefinitionId"`
	Name                    string  `json:"name"`
	Key                     string  `json:"key"`
	Icon                    *string `json:"icon"`
	Version                 string  `json:"version"`
	ReleaseStage            string  `json:"releaseStage"`
	SourceURL               string  `json:"sourceUrl"`
	IntegrationType         string  `json:"integrationType"`
	WorkspaceID             *string `json:"workspaceId"` // null: available to every workspace
	Deleted                 *string `json:"deleted"`
	CreatedAt               string  `json:"createdAt"`
	UpdatedAt               string  `json:"updatedAt"`
}

// PoozleIntegrationAccount is Poozle's IntegrationAccount row. Integration configuration is
// returned in clear text, secrets included, as the real API does.
type PoozleIntegrationAccount struct {
	IntegrationAccountID     string         `json:"integrationAccountId"`
	IntegrationDefinitionID  string         `json:"integrationDefinitionId"`
	IntegrationConfiguration map[string]any `json:"integrationConfiguration"`
	AuthType                 string         `json:"authType"`
	WorkspaceID              string         `json:"workspaceId"`
	IntegrationAccountName   string         `json:"integrationAccountName"`
	Deleted                  *string        `json:"deleted"`
	CreatedAt                string         `json:"createdAt"`
	UpdatedAt                string         `json:"updatedAt"`
	AccountIdentifier        *string        `json:"accountIdentifier"`
	SyncEnabled              bool           `json:"syncEnabled"`
	SyncPeriod               *string        `json:"syncPeriod"`
	LinkID                   *string        `json:"linkId"`
	// IntegrationDefinition is nested by the read and create endpoints only.
	IntegrationDefinition *PoozleIntegrationDefinition `json:"integrationDefinition,omitempty"`
}

// poozleSpec is an integration's spec.ts: the config fields each auth type needs, plus inputs
// every auth type needs. An account's config is the union of the two.
type poozleSpec struct {
	AuthSpecification map[string]poozleInputs `json:"auth_specification"`
	OtherInputs       *poozleInputs           `json:"other_inputs,omitempty"`
}

type poozleInputs struct {
	InputSpecification poozleInputSpecification `json:"input_specification"`
}

type poozleInputSpecification struct {
	Type       string                    `json:"type"`
	Properties map[string]poozleProperty `json:"properties"`
}

type poozleProperty struct {
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// stringInputs describes string config fields. The real specs give prose titles; clients only
// read the field names.
func stringInputs(names ...string) poozleInputs {
	properties := map[string]poozleProperty{}
	for _, name := range names {
		properties[name] = poozleProperty{Type: "string", Title: name, Description: "Enter the " + name}
	}
	return poozleInputs{InputSpecification: poozleInputSpecification{Type: "object", Properties: properties}}
}

// PoozleSettings tune the fake Poozle API. POST /_fake/config takes them under "poozle".
type PoozleSettings struct {
	// RotateRefreshToken makes the server replace an OAuth2 account's refresh_token just after
	// create, as the real one does when it first fetches the integration's headers (default on).
	RotateRefreshToken bool `json:"rotate_refresh_token"`
}

func defaultPoozleSettings() PoozleSettings { return PoozleSettings{RotateRefreshToken: true} }

// validate accepts every value: a flag has no invalid one.
func (PoozleSettings) validate() error { return nil }

var _ = registerSettings(APIPoozle, poozleSettings)

func poozleSettings(s *Server) *PoozleSettings { return &s.poozle.settings }

// ConfigurePoozle changes the fake Poozle API's settings.
func (s *Server) ConfigurePoozle(change func(*PoozleSettings)) {
	configure(s, poozleSettings, change)
}

type poozleStore struct {
	settings    PoozleSettings
	workspaces  []PoozleWorkspace
	definitions []PoozleIntegrationDefinition
	specs       map[string]poozleSpec // by integration definition id
	accounts    []*PoozleIntegrationAccount
}

func newPoozleStore() *poozleStore {
	oauth2 := stringInputs("client_id", "client_secret", "refresh_token", "scope")
	orgInput := stringInputs("org")
	return &poozleStore{
		settings: defaultPoozleSettings(),
		workspaces: []PoozleWorkspace{
			{WorkspaceID: PoozleWorkspaceID, Slug: "fake-workspace", UserID: PoozleUserID, InitialSetupComplete: true},
			{WorkspaceID: PoozleSecondWorkspaceID, Slug: "fake-workspace-2", UserID: PoozleUserID, InitialSetupComplete: true},
		},
		definitions: []PoozleIntegrationDefinition{
			poozleDefinition(PoozleGitHubDefinitionID, "Github", "github", "TICKETING"),
			poozleDefinition(PoozleJiraDefinitionID, "Jira", "jira", "TICKETING"),
		},
		specs: map[string]poozleSpec{
			PoozleGitHubDefinitionID: {
				AuthSpecification: map[string]poozleInputs{"Api Key": stringInputs("api_key"), "OAuth2": oauth2},
				OtherInputs:       &orgInput,
			},
			PoozleJiraDefinitionID: {
				AuthSpecification: map[string]poozleInputs{"Api Key": stringInputs("email_id", "api_key", "jira_domain")},
			},
		},
	}
}

func poozleDefinition(id, name, key, integrationType string) PoozleIntegrationDefinition {
	return PoozleIntegrationDefinition{
		IntegrationDefinitionID: id, Name: name, Key: key, Version: "0.0.1", ReleaseStage: "ALPHA",
		SourceURL: poozleIntegrationSourceURLBase + key + "/index.js", IntegrationType: integrationType,
		CreatedAt: poozleSeedTimestamp, UpdatedAt: poozleSeedTimestamp,
	}
}

func (st *poozleStore) state() PoozleState {
	state := PoozleState{Workspaces: st.workspaces, IntegrationDefinitions: st.definitions}
	for _, account := range st.accounts {
		state.IntegrationAccounts = append(state.IntegrationAccounts, *account)
	}
	return state
}

func (st *poozleStore) definition(id string) *PoozleIntegrationDefinition {
	for i := range st.definitions {
		if st.definitions[i].IntegrationDefinitionID == id {
			return &st.definitions[i]
		}
	}
	return nil
}

// APIPoozle is the name the API is served under, "/"+APIPoozle.
const APIPoozle = "poozle"

// PoozleToken is the development API token the fake Poozle accepts.
const PoozleToken = "fake-poozle-token"

var _ = registerVendor(vendor{name: APIPoozle, serve: (*Server).poozleAPI, secrets: []string{PoozleToken},
	reset:    func(s *Server) { s.poozle = newPoozleStore() },
	snapshot: func(s *Server, state *State) { state.Poozle = s.poozle.state() }})

func (s *Server) poozleAPI() *api {
	a := &api{
		name:       APIPoozle,
		routes:     http.NewServeMux(),
		admit:      poozleAdmit,
		writeError: writePoozleError,
		// NestJS answers unmatched routes with the method and the URL as requested.
		notFoundMessage: func(r *http.Request) string { return fmt.Sprintf("Cannot %s %s", r.Method, r.URL.RequestURI()) },
	}
	s.handle(a, "GET /v1/integration_definition", s.poozleListDefinitions)
	s.handle(a, "GET /v1/integration_definition/{id}", s.poozleGetDefinition)
	s.handle(a, "GET /v1/integration_definition/{id}/spec", s.poozleGetDefinitionSpec)
	s.handle(a, "GET /v1/integration_account", s.poozleListAccounts)
	s.handle(a, "POST /v1/integration_account", s.poozleCreateAccount)
	s.handle(a, "GET /v1/integration_account/{id}", s.poozleGetAccount)
	s.handle(a, "POST /v1/integration_account/{id}", s.poozleUpdateAccount)
	s.handle(a, "DELETE /v1/integration_account/{id}", s.poozleDeleteAccount)
	return a
}

func poozleAdmit(req *request) error {
	if token, _ := bearerToken(req.Request); token != PoozleToken {
		return failure(http.StatusUnauthorized, "Unauthorised")
	}
	return nil
}

// writePoozleError answers like NestJS: the auth guard throws with an object payload, which is
// sent verbatim; HttpExceptions carry statusCode, message and error.
func writePoozleError(w http.ResponseWriter, status int, message string) {
	if status == http.StatusUnauthorized {
		writeJSON(w, status, map[string]string{"message": message})
		return
	}
	writeJSON(w, status, poozleException(status, message))
}

func poozleException(status int, message any) map[string]any {
	return map[string]any{"statusCode": status, "message": message, "error": http.StatusText(status)}
}

// poozleWorkspaceParam reads the required workspaceId query parameter, failing like the
// class-validator ValidationPipe does.
func poozleWorkspaceParam(req *request) (string, error) {
	workspaceID := req.URL.Query().Get("workspaceId")
	if workspaceID == "" {
		return "", &apiError{status: http.StatusBadRequest, body: poozleException(http.StatusBadRequest, []string{"workspaceId must be a string"})}
	}
	return workspaceID, nil
}

func (s *Server) poozleListDefinitions(req *request) (result, error) {
	workspaceID, err := poozleWorkspaceParam(req)
	if err != nil {
		return result{}, err
	}
	definitions := []PoozleIntegrationDefinition{}
	for _, definition := range s.poozle.definitions {
		if definition.WorkspaceID == nil || *definition.WorkspaceID == workspaceID {
			definitions = append(definitions, definition)
		}
	}
	return ok(definitions)
}

// poozleGetDefinition answers an unknown id with 200 and an empty body: the service returns
// Prisma's findUnique result, null, which NestJS sends as nothing.
func (s *Server) poozleGetDefinition(req *request) (result, error) {
	if definition := s.poozle.definition(req.PathValue("id")); definition != nil {
		return ok(definition)
	}
	return result{status: http.StatusOK}, nil
}

// poozleGetDefinitionSpec serves an integration's spec.ts. The 404 for an unknown definition is
// inferred: the real service fails on the missing row in a way no source shows.
func (s *Server) poozleGetDefinitionSpec(req *request) (result, error) {
	spec, found := s.poozle.specs[req.PathValue("id")]
	if !found {
		return result{}, failure(http.StatusNotFound, "Integration definition not found")
	}
	return ok(spec)
}

// poozleListAccounts lists a workspace's accounts, oldest update first and unpaginated, each
// with its integration definition nested.
func (s *Server) poozleListAccounts(req *request) (result, error) {
	workspaceID, err := poozleWorkspaceParam(req)
	if err != nil {
		return result{}, err
	}
	accounts := []PoozleIntegrationAccount{}
	for _, account := range s.poozle.accounts {
		if account.WorkspaceID == workspaceID {
			accounts = append(accounts, s.poozle.withDefinition(account))
		}
	}
	slices.SortStableFunc(accounts, func(a, b PoozleIntegrationAccount) int { return strings.Compare(a.UpdatedAt, b.UpdatedAt) })
	return ok(accounts)
}
