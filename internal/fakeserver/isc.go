package fakeserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Ids of the seeded ISC sources (32 lowercase hex digits, like real ISC ids).
const (
	ISCFlatFileSourceID = "2c91808a7c1e4b5d017c1e4b5d8a0001"
	ISCDirectSourceID   = "2c91808a7c1e4b5d017c1e4b5d8a0002"
)

const (
	iscTokenPath        = "/oauth/token"
	iscTenantID         = "3f1d8c2e-5a7b-4c9d-8e0f-1a2b3c4d5e6f"
	iscFlatFileType     = "DelimitedFile"
	iscDisabledAttr     = "IIQDisabled" // flat-file accounts' disabled flag, kept among their attributes
	iscNotFoundText     = "The server did not find a current representation for the target resource."
	iscRateLimitText    = " Rate Limit Exceeded " // the spaces are the real API's
	iscSeedTimestamp    = "2024-01-15T09:30:00.000Z"
	iscMaxPageSize      = 250
	iscSourceSchemaType = "CONNECTOR_SCHEMA"
)

// ISCState holds the fake ISC tenant's objects.
type ISCState struct {
	Sources  []ISCSource  `json:"sources"`
	Schemas  []ISCSchema  `json:"schemas"` // the account schema of each source, in source order
	Accounts []ISCAccount `json:"accounts"`
	Tasks    []ISCTask    `json:"tasks"`
}

// ISCReference is ISC's reference to another object ({id, type, name}).
type ISCReference struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// ISCSource is the subset of ISC's Source object the fake needs.
type ISCSource struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Description    string         `json:"description"`
	Owner          *ISCReference  `json:"owner"`          // required, nullable
	Type           string         `json:"type"`           // connector type, e.g. "DelimitedFile"
	Connector      string         `json:"connector"`      // connector script name
	ConnectionType string         `json:"connectionType"` // "file" or "direct"
	Authoritative  bool           `json:"authoritative"`
	Features       []string       `json:"features"`
	Schemas        []ISCReference `json:"schemas"`
	Created        string         `json:"created"`
	Modified       string         `json:"modified"`
}

// ISCSchema is a source schema (v3 Schema.yaml).
type ISCSchema struct {
	ID                 string               `json:"id"`
	Name               string               `json:"name"`
	NativeObjectType   string               `json:"nativeObjectType"`
	IdentityAttribute  string               `json:"identityAttribute"`
	DisplayAttribute   string               `json:"displayAttribute"`
	HierarchyAttribute *string              `json:"hierarchyAttribute,omitempty"` // v3 Schema does not allow null
	IncludePermissions bool                 `json:"includePermissions"`
	Features           []string             `json:"features"`
	Configuration      map[string]any       `json:"configuration"`
	Attributes         []ISCSchemaAttribute `json:"attributes"`
	Created            string               `json:"created"`
	Modified           string               `json:"modified"`
}

// ISCSchemaAttribute is one attribute definition of a schema.
type ISCSchemaAttribute struct {
	Name          string `json:"name"`
	Type          string `json:"type"`
	Description   string `json:"description"`
	IsMultiValued bool   `json:"isMultiValued"`
	IsEntitlement bool   `json:"isEntitlement"`
	IsGroup       bool   `json:"isGroup"`
}

// ISCAccount is ISC's Account object (v3 Account.yaml). Attribute values are strings or lists
// of strings.
type ISCAccount struct {
	ID                  string         `json:"id"`
	Name                string         `json:"name"`
	Created             string         `json:"created"`
	Modified            string         `json:"modified"`
	SourceID            string         `json:"sourceId"`
	SourceName          string         `json:"sourceName"`
	IdentityID          string         `json:"identityId"`
	CloudLifecycleState *string        `json:"cloudLifecycleState"`
	IdentityState       *string        `json:"identityState"`
	ConnectionType      string         `json:"connectionType"`
	IsMachine           bool           `json:"isMachine"`
	Recommendation      any            `json:"recommendation,omitempty"` // allOf + nullable: null is invalid, so absent when unset
	Attributes          map[string]any `json:"attributes"`
	Authoritative       bool           `json:"authoritative"`
	Description         *string        `json:"description"`
	Disabled            bool           `json:"disabled"`
	Locked              bool           `json:"locked"`
	NativeIdentity      string         `json:"nativeIdentity"`
	SystemAccount       bool           `json:"systemAccount"`
	Uncorrelated        bool           `json:"uncorrelated"`
	UUID                *string        `json:"uuid"`
	ManuallyCorrelated  bool           `json:"manuallyCorrelated"`
	HasEntitlements     bool           `json:"hasEntitlements"`
	Identity            *ISCReference  `json:"identity"`
	SourceOwner         *ISCReference  `json:"sourceOwner"`
	Features            string         `json:"features"`
	Origin              string         `json:"origin"`
	OwnerIdentity       *ISCReference  `json:"ownerIdentity,omitempty"` // allOf + nullable: null is invalid, so absent when unset
}

// iscSource is a seeded source with its account schema.
type iscSource struct {
	ISCSource
	schema ISCSchema
	// records are the accounts the connector reads on the system, by native identity: what a
	// reload or an aggregation takes up (isc_actions.go).
	records map[string]map[string]any
}

func seedISCSources() []*iscSource {
	return []*iscSource{
		newISCSource(ISCSource{
			ID:             ISCFlatFileSourceID,
			Name:           "HR Flat File",
			Description:    "Employees loaded from the HR export",
			Type:           iscFlatFileType,
			Connector:      "delimited-file",
			ConnectionType: "file",
			Features:       []string{"DIRECT_PERMISSIONS", "NO_RANDOM_ACCESS"},
		}, "2c91808a7c1e4b5d017c1e4b5d8a1001", "id", "displayName", []ISCSchemaAttribute{
			stringAttribute("id", "Employee number"),
			stringAttribute("displayName", "Full name"),
			stringAttribute("firstName", "Given name"),
			stringAttribute("lastName", "Family name"),
			stringAttribute("email", "Work email address"),
			stringAttribute("department", "Department"),
			{Name: "groups", Type: "STRING", Description: "Groups", IsMultiValued: true, IsEntitlement: true, IsGroup: true},
		}),
		newISCSource(ISCSource{
			ID:             ISCDirectSourceID,
			Name:           "Active Directory",
			Description:    "Corporate directory",
			Type:           "Active Directory - Direct",
			Connector:      "active-directory",
			ConnectionType: "direct",
			Features:       []string{"PROVISIONING", "SYNC_PROVISIONING", "ENABLE", "UNLOCK", "PASSWORD", "AUTHENTICATE", "SEARCH", "GROUP_PROVISIONING"},
		}, "2c91808a7c1e4b5d017c1e4b5d8a1002", "sAMAccountName", "displayName", []ISCSchemaAttribute{
			stringAttribute("sAMAccountName", "Logon name"),
			stringAttribute("displayName", "Display name"),
			stringAttribute("distinguishedName", "Distinguished name"),
			stringAttribute("givenName", "Given name"),
			stringAttribute("sn", "Surname"),
			stringAttribute("mail", "Email address"),
			{Name: "memberOf", Type: "STRING", Description: "Group membership", IsMultiValued: true, IsEntitlement: true, IsGroup: true},
		}),
	}
}

func newISCSource(src ISCSource, schemaID, identityAttribute, displayAttribute string, attributes []ISCSchemaAttribute) *iscSource {
	src.Created, src.Modified = iscSeedTimestamp, iscSeedTimestamp
	src.Schemas = []ISCReference{{ID: schemaID, Type: iscSourceSchemaType, Name: "account"}}
	src.Owner = &ISCReference{ID: iscClients[0].identityID, Type: "IDENTITY", Name: "Fake Admin"}
	return &iscSource{ISCSource: src, schema: ISCSchema{
		ID:                schemaID,
		Name:              "account",
		NativeObjectType:  "User",
		IdentityAttribute: identityAttribute,
		DisplayAttribute:  displayAttribute,
		Features:          []string{},
		Configuration:     map[string]any{},
		Attributes:        attributes,
		Created:           iscSeedTimestamp,
		Modified:          iscSeedTimestamp,
	}}
}

func stringAttribute(name, description string) ISCSchemaAttribute {
	return ISCSchemaAttribute{Name: name, Type: "STRING", Description: description}
}

func (src *iscSource) isFlatFile() bool { return src.Type == iscFlatFileType }

// nativeIdentity is the value of the schema's identity attribute, which ISC uses as the
// account's nativeIdentity.
func (src *iscSource) nativeIdentity(attributes map[string]any) (string, error) {
	native, _ := attributes[src.schema.IdentityAttribute].(string)
	if native == "" {
		return "", iscBadRequest("Required field %q (the identity attribute of source '%s') was missing or empty.", src.schema.IdentityAttribute, src.Name)
	}
	return native, nil
}

// accountName is the display attribute's value, falling back to the native identity as ISC does.
func (src *iscSource) accountName(attributes map[string]any, native string) string {
	if name, _ := attributes[src.schema.DisplayAttribute].(string); name != "" {
		return name
	}
	return native
}

type iscStore struct {
	sources  []*iscSource
	accounts []*ISCAccount
	tasks    []*iscTask
	tokens   map[string]iscToken
	accepted map[string][]time.Time // per client id: when admitted requests arrived, for the rate limit
	settings ISCSettings
}

func newISCStore() *iscStore {
	return &iscStore{sources: seedISCSources(), tokens: map[string]iscToken{}, accepted: map[string][]time.Time{}, settings: defaultISCSettings()}
}

// state returns views of the stored objects; the caller deep-copies them.
func (st *iscStore) state() ISCState {
	state := ISCState{}
	for _, src := range st.sources {
		state.Sources = append(state.Sources, src.ISCSource)
		state.Schemas = append(state.Schemas, src.schema)
	}
	for _, account := range st.accounts {
		state.Accounts = append(state.Accounts, *account)
	}
	for _, task := range st.tasks {
		state.Tasks = append(state.Tasks, task.status)
	}
	return state
}

func (st *iscStore) source(id string) *iscSource {
	for _, src := range st.sources {
		if src.ID == id {
			return src
		}
	}
	return nil
}

func (st *iscStore) account(id string) *ISCAccount {
	for _, account := range st.accounts {
		if account.ID == id {
			return account
		}
	}
	return nil
}

// requireAccount finds an account or fails with the API's 404.
func (st *iscStore) requireAccount(id string) (*ISCAccount, error) {
	if account := st.account(id); account != nil {
		return account, nil
	}
	return nil, iscNotFound()
}

// flatFileAccount finds an account that PUT and DELETE may change: those work on DelimitedFile
// sources only.
func (st *iscStore) flatFileAccount(id string) (*ISCAccount, *iscSource, error) {
	account, err := st.requireAccount(id)
	if err != nil {
		return nil, nil, err
	}
	src := st.source(account.SourceID)
	if !src.isFlatFile() {
		return nil, nil, iscBadRequest("Source '%s' does not support this operation: accounts can only be updated or deleted on DelimitedFile (flat file) sources.", src.Name)
	}
	return account, src, nil
}

// upsertAccount creates the account, or replaces the attributes of the account the source
// already has with this native identity: ISC's create works as an update then. The identity is
// matched exactly (inferred: no source says whether the upsert ignores case as filters do).
func (st *iscStore) upsertAccount(src *iscSource, native string, attributes map[string]any, at time.Time) *ISCAccount {
	for _, account := range st.accounts {
		if account.SourceID == src.ID && account.NativeIdentity == native {
			setAccountAttributes(account, src, attributes, at)
			return account
		}
	}
	identityID := fakeIdentityID(native)
	account := &ISCAccount{
		ID:             randomHex(16),
		Created:        isoMillis(at),
		SourceID:       src.ID,
		SourceName:     src.Name,
		IdentityID:     identityID,
		ConnectionType: src.ConnectionType,
		NativeIdentity: native,
		Features:       strings.Join(src.Features, ", "),
		Origin:         "PROVISIONED",
	}
	setAccountAttributes(account, src, attributes, at)
	account.Identity = &ISCReference{ID: identityID, Type: "IDENTITY", Name: account.Name}
	st.accounts = append(st.accounts, account)
	return account
}

// updateAccount applies update to an account when a task completes; the account may have been
// deleted since the task was accepted, which fails the task.
func (st *iscStore) updateAccount(id string, at time.Time, update func(*ISCAccount)) error {
	account := st.account(id)
	if account == nil {
		return fmt.Errorf("Account %s was not found.", id) //nolint:staticcheck // ISC's own task message, verbatim
	}
	update(account)
	account.Modified = isoMillis(at)
	return nil
}

func (st *iscStore) removeAccount(id string) error {
	before := len(st.accounts)
	st.accounts = slices.DeleteFunc(st.accounts, func(a *ISCAccount) bool { return a.ID == id })
	if len(st.accounts) == before {
		return fmt.Errorf("Account %s was not found.", id) //nolint:staticcheck // ISC's own task message, verbatim
	}
	return nil
}

// setAccountAttributes replaces every attribute with those sent, IIQDisabled included, as create
// and PUT store them. disabled then follows the stored IIQDisabled: "true" disables, absent or any
// other value enables (inferred for these flat-file accounts, and applied to creates on other
// sources too: no vendor document says how the two relate).
func setAccountAttributes(account *ISCAccount, src *iscSource, attributes map[string]any, at time.Time) {
	account.Attributes = maps.Clone(attributes)
	flag, _ := attributes[iscDisabledAttr].(string)
	account.Disabled = strings.EqualFold(flag, "true")
	account.Name = src.accountName(attributes, account.NativeIdentity)
	account.Modified = isoMillis(at)
}

// setAccountDisabled is an enable or disable task's change: it sets IIQDisabled along with
// disabled, so the attributes and the flag never disagree (inferred, like the rule above).
func setAccountDisabled(account *ISCAccount, disabled bool) {
	account.Disabled = disabled
	account.Attributes[iscDisabledAttr] = strconv.FormatBool(disabled)
}

// fakeIdentityID gives every native identity a stable identity id, as correlation would.
func fakeIdentityID(native string) string {
	sum := sha256.Sum256([]byte("identity:" + native))
	return hex.EncodeToString(sum[:16])
}

// APIISC is the name the API is served under, "/"+APIISC.
const APIISC = "isc"

// Development credentials the fake ISC accepts; fake-looking, so that a configuration pointing
// at a real tenant with them fails loudly.
const (
	ISCClientID     = "fake-isc-client-id"
	ISCClientSecret = "fake-isc-client-secret"
)

// ISCTokenURL is the fake ISC's OAuth2 token endpoint.
func ISCTokenURL(serverURL string) string { return APIURL(serverURL, APIISC) + iscTokenPath }

var _ = registerVendor(vendor{name: APIISC, serve: (*Server).iscAPI, secrets: []string{ISCClientSecret, ISCAPIClientSecret},
	reset:    func(s *Server) { s.isc = newISCStore() },
	settle:   func(s *Server, now time.Time) { s.isc.settle(now) },
	snapshot: func(s *Server, state *State) { state.ISC = s.isc.state() }})

func (s *Server) iscAPI() *api {
	a := &api{
		name:            APIISC,
		routes:          http.NewServeMux(),
		requestIDHeader: "SLPT-Request-ID",
		admit:           s.iscAdmit,
		writeError:      writeISCError,
		notFoundMessage: func(*http.Request) string { return iscNotFoundText },
	}
	s.handlePublic(a, "POST "+iscTokenPath, s.iscIssueToken)
	// The per-API paths are SailPoint's current API; v3, beta and v2025 are its legacy
	// collections, still served and answering the same.
	for _, accounts := range []string{"/accounts/v1", "/v3/accounts"} {
		s.iscRoute(a, "GET "+accounts, iscAccountsRead, s.iscListAccounts)
		s.iscRoute(a, "POST "+accounts, iscAccountsManage, s.iscCreateAccount)
		s.iscRoute(a, "GET "+accounts+"/{id}", iscAccountsRead, s.iscGetAccount)
		s.iscRoute(a, "PUT "+accounts+"/{id}", iscAccountsManage, s.iscReplaceAccount)
		s.iscRoute(a, "DELETE "+accounts+"/{id}", iscAccountsManage, s.iscDeleteAccount)
		s.iscRoute(a, "POST "+accounts+"/{id}/disable", iscAccountsState, s.iscToggleAccount(true))
		s.iscRoute(a, "POST "+accounts+"/{id}/enable", iscAccountsState, s.iscToggleAccount(false))
	}
	// The v3 schemas path is not among the excerpts: its userAuth-only security is inferred
	// from the v1 document (the excerpts' README points it out).
	for _, sources := range []string{"/sources/v1", "/v3/sources"} {
		s.iscRoute(a, "GET "+sources, iscSourcesRead, s.iscListSources)
		s.iscRoute(a, "GET "+sources+"/{id}", iscSourcesRead, s.iscGetSource)
		s.iscRoute(a, "GET "+sources+"/{id}/schemas", iscSchemasRead, s.iscListSchemas)
	}
	s.iscActionRoutes(a)
	// beta's list documents completed tasks only; the others list every task.
	for taskStatus, completedOnly := range map[string]bool{"/task-status/v1": false, "/v2025/task-status": false, "/beta/task-status": true} {
		s.iscRoute(a, "GET "+taskStatus, iscTasksRead, s.iscListTaskStatus(completedOnly))
		s.iscRoute(a, "GET "+taskStatus+"/{id}", iscTasksRead, s.iscGetTaskStatus)
	}
	return a
}

type iscErrorMessage struct {
	Locale       string `json:"locale"`
	LocaleOrigin string `json:"localeOrigin"`
	Text         string `json:"text"`
}

type iscErrorResponse struct {
	DetailCode string            `json:"detailCode"`
	TrackingID string            `json:"trackingId"`
	Messages   []iscErrorMessage `json:"messages"`
	Causes     []iscErrorMessage `json:"causes"`
}

// writeISCError answers in the shape ISC uses for status: the gateway's own bodies for 401 and
// 429, ErrorResponseDto for everything else.
func writeISCError(w http.ResponseWriter, status int, message string) {
	switch status {
	case http.StatusUnauthorized:
		writeJSON(w, status, map[string]string{"error": message})
	case http.StatusTooManyRequests:
		writeJSON(w, status, map[string]string{"message": message})
	default:
		writeJSON(w, status, iscErrorResponse{
			DetailCode: iscDetailCode(status),
			TrackingID: randomHex(16),
			Messages:   []iscErrorMessage{{Locale: "en-US", LocaleOrigin: "DEFAULT", Text: message}},
			Causes:     []iscErrorMessage{},
		})
	}
}

func iscDetailCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "400.1 Bad Request Content"
	case http.StatusNotFound:
		return "404 Not found"
	case http.StatusInternalServerError:
		return "500.0 Internal Fault"
	}
	return fmt.Sprintf("%d %s", status, http.StatusText(status))
}

func iscBadRequest(format string, args ...any) *apiError {
	return failure(http.StatusBadRequest, format, args...)
}

func iscNotFound() *apiError { return failure(http.StatusNotFound, "%s", iscNotFoundText) }
