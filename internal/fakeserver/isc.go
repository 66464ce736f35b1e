package fakeserver

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
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
	iscDisabledAttr     = "IIQDisabled" // added by the server to every account; clients must ignore it
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
	HierarchyAttribute *string              `json:"hierarchyAttribute"`
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
	Recommendation      any            `json:"recommendation"`
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
	OwnerIdentity       *ISCReference  `json:"ownerIdentity"`
}

// iscSource is a seeded source with its account schema.
type iscSource struct {
	ISCSource
	schema ISCSchema
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

type iscToken struct {
	clientID string
	expires  time.Time
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
// already has with this native identity: ISC's create works as an update then.
func (st *iscStore) upsertAccount(src *iscSource, native string, attributes map[string]any, at time.Time) {
	for _, account := range st.accounts {
		if account.SourceID == src.ID && account.NativeIdentity == native {
			setAccountAttributes(account, src, attributes, at)
			return
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

// setAccountAttributes replaces the attributes, keeping the server-added IIQDisabled.
func setAccountAttributes(account *ISCAccount, src *iscSource, attributes map[string]any, at time.Time) {
	account.Attributes = maps.Clone(attributes)
	account.Attributes[iscDisabledAttr] = strconv.FormatBool(account.Disabled)
	account.Name = src.accountName(attributes, account.NativeIdentity)
	account.Modified = isoMillis(at)
}

func setAccountDisabled(account *ISCAccount, disabled bool) {
	account.Disabled = disabled
	account.Attributes[iscDisabledAttr] = strconv.FormatBool(disabled)
}

// fakeIdentityID gives every native identity a stable identity id, as correlation would.
func fakeIdentityID(native string) string {
	sum := sha256.Sum256([]byte("identity:" + native))
	return hex.EncodeToString(sum[:16])
}

// authenticate resolves the bearer token to its OAuth client id.
func (st *iscStore) authenticate(req *request) (string, error) {
	token, present := bearerToken(req.Request)
	issued, known := st.tokens[token]
	switch {
	case !present || !known:
		return "", failure(http.StatusUnauthorized, "JWT validation failed: JWT is missing or invalid")
	case !req.now.Before(issued.expires):
		return "", failure(http.StatusUnauthorized, "JWT validation failed: JWT is expired")
	}
	return issued.clientID, nil
}

// admitRate enforces a sliding window of limit requests per window for one client. Only admitted
// requests count, so a client that backs off as told gets through.
func (st *iscStore) admitRate(clientID string, now time.Time, limit int, window time.Duration) error {
	if limit <= 0 {
		return nil
	}
	recent := st.accepted[clientID]
	cutoff := now.Add(-window)
	if first := slices.IndexFunc(recent, func(t time.Time) bool { return t.After(cutoff) }); first >= 0 {
		recent = recent[first:]
	} else {
		recent = nil
	}
	if len(recent) >= limit {
		st.accepted[clientID] = recent
		freed := recent[len(recent)-limit].Add(window).Sub(now)
		retryAfter := max(1, int(math.Ceil(freed.Seconds())))
		return &apiError{status: http.StatusTooManyRequests, message: iscRateLimitText, header: map[string]string{"Retry-After": strconv.Itoa(retryAfter)}}
	}
	st.accepted[clientID] = append(recent, now)
	return nil
}

// issueToken mints a JWT-shaped access token. Its signature is random: the fake recognises its
// tokens by lookup, and clients must treat tokens as opaque anyway.
func (st *iscStore) issueToken(clientID string, now time.Time, lifetime time.Duration) (token, jti string) {
	jti = randomUUID()
	expires := now.Add(lifetime)
	claims := map[string]any{
		"tenant_id": iscTenantID, "pod": "fake", "org": "fake", "internal": false,
		"client_id": clientID, "scope": []string{"sp:scopes:all"}, "exp": expires.Unix(), "jti": jti,
	}
	token = jwtSegment(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." + jwtSegment(claims) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(randomHex(32)))
	st.tokens[token] = iscToken{clientID: clientID, expires: expires}
	return token, jti
}

func jwtSegment(v any) string {
	encoded, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(encoded)
}

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
	s.handle(a, "GET /v3/accounts", s.iscListAccounts)
	s.handle(a, "POST /v3/accounts", s.iscCreateAccount)
	s.handle(a, "GET /v3/accounts/{id}", s.iscGetAccount)
	s.handle(a, "PUT /v3/accounts/{id}", s.iscReplaceAccount)
	s.handle(a, "DELETE /v3/accounts/{id}", s.iscDeleteAccount)
	s.handle(a, "POST /v3/accounts/{id}/disable", s.iscToggleAccount(true))
	s.handle(a, "POST /v3/accounts/{id}/enable", s.iscToggleAccount(false))
	s.handle(a, "GET /v3/sources/{id}/schemas", s.iscListSchemas)
	for _, version := range []string{"beta", "v2025"} {
		s.handle(a, "GET /"+version+"/task-status", s.iscListTaskStatus)
		s.handle(a, "GET /"+version+"/task-status/{id}", s.iscGetTaskStatus)
	}
	return a
}

// iscAdmit completes due tasks, then authenticates and rate-limits the request: every route
// reads the store, so it must be up to date before any of them runs.
func (s *Server) iscAdmit(req *request) error {
	s.isc.settle(req.now)
	clientID, err := s.isc.authenticate(req)
	if err != nil {
		return err
	}
	return s.isc.admitRate(clientID, req.now, s.isc.settings.RateLimit, milliseconds(s.isc.settings.RateWindowMS))
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

type iscTokenResponse struct {
	AccessToken         string `json:"access_token"`
	TokenType           string `json:"token_type"`
	ExpiresIn           int    `json:"expires_in"`
	Scope               string `json:"scope"`
	TenantID            string `json:"tenant_id"`
	Internal            bool   `json:"internal"`
	Pod                 string `json:"pod"`
	StrongAuthSupported bool   `json:"strong_auth_supported"`
	Org                 string `json:"org"`
	StrongAuth          bool   `json:"strong_auth"`
	Enabled             bool   `json:"enabled"`
	JTI                 string `json:"jti"`
}

// iscIssueToken implements the client-credentials grant. Credentials may come as form fields,
// query parameters (both documented) or HTTP Basic auth (golang.org/x/oauth2 may send either).
func (s *Server) iscIssueToken(req *request) (result, error) {
	params := req.URL.Query()
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(req.body))
		if err != nil {
			return result{}, oauthError(http.StatusBadRequest, "invalid_request", "Malformed form body")
		}
		maps.Copy(params, form)
	}
	clientID, secret := params.Get("client_id"), params.Get("client_secret")
	if user, password, found := req.BasicAuth(); found {
		// RFC 6749 §2.3.1 form-encodes the credentials before Basic encoding.
		clientID, secret = formUnescape(user), formUnescape(password)
	}
	if clientID != ISCClientID || secret != ISCClientSecret {
		return result{}, oauthError(http.StatusUnauthorized, "invalid_client", "Bad credentials")
	}
	switch grant := params.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		return result{}, oauthError(http.StatusBadRequest, "invalid_request", "Missing grant type")
	default:
		return result{}, oauthError(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+grant)
	}
	lifetime := s.isc.settings.TokenLifetimeS
	token, jti := s.isc.issueToken(clientID, req.now, time.Duration(lifetime)*time.Second)
	return ok(iscTokenResponse{
		AccessToken: token, TokenType: "bearer", ExpiresIn: lifetime, Scope: "sp:scopes:all",
		TenantID: iscTenantID, Pod: "fake", Org: "fake", StrongAuth: true, Enabled: true, JTI: jti,
	})
}

func oauthError(status int, code, description string) *apiError {
	return &apiError{status: status, message: code, body: map[string]string{"error": code, "error_description": description}}
}

func formUnescape(s string) string {
	if unescaped, err := url.QueryUnescape(s); err == nil {
		return unescaped
	}
	return s
}

var iscAccountFilterFields = filterFields[*ISCAccount]{
	"id":             func(a *ISCAccount) string { return a.ID },
	"sourceId":       func(a *ISCAccount) string { return a.SourceID },
	"nativeIdentity": func(a *ISCAccount) string { return a.NativeIdentity },
}

func (s *Server) iscListAccounts(req *request) (result, error) {
	query := req.URL.Query()
	f, err := parseFilter(query.Get("filters"), iscAccountFilterFields)
	if err != nil {
		return result{}, iscBadRequest("Invalid filters parameter: %v.", err)
	}
	slim := false
	switch level := query.Get("detailLevel"); level {
	case "", "FULL":
	case "SLIM":
		slim = true
	default:
		return result{}, iscBadRequest("Illegal value %q for field \"detailLevel\": expected SLIM or FULL.", level)
	}
	matched := slices.DeleteFunc(slices.Clone(s.isc.accounts), func(a *ISCAccount) bool { return !f.matches(a) })
	return iscListPage(query, matched, func(a *ISCAccount) ISCAccount {
		view := *a
		if slim {
			view.Attributes = nil // SLIM leaves attributes out
		}
		return view
	})
}

// iscListPage answers a list endpoint: limit, offset and count=true (X-Total-Count), with view
// applied to the returned page only.
func iscListPage[T, V any](query url.Values, items []T, view func(T) V) (result, error) {
	p, err := parsePage(query, pageLimits{defaultLimit: iscMaxPageSize, minLimit: 0, maxLimit: iscMaxPageSize})
	if err != nil {
		return result{}, iscBadRequest("Invalid paging parameter: %v.", err)
	}
	count := false
	if value := query.Get("count"); value != "" {
		if count, err = strconv.ParseBool(value); err != nil {
			return result{}, iscBadRequest("Illegal value %q for field \"count\".", value)
		}
	}
	views := make([]V, 0, p.limit)
	for _, item := range pageOf(items, p) {
		views = append(views, view(item))
	}
	res := result{status: http.StatusOK, body: views}
	if count {
		res.header = map[string]string{"X-Total-Count": strconv.Itoa(len(items))}
	}
	return res, nil
}

func (s *Server) iscGetAccount(req *request) (result, error) {
	account, err := s.isc.requireAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	return ok(account)
}

// decodeISCAttributes reads the {"attributes": {...}} body of create and PUT. sourceId is
// removed: it addresses the account and is not stored among its attributes.
func decodeISCAttributes(req *request) (attributes map[string]any, sourceID string, err error) {
	var body struct {
		Attributes map[string]any `json:"attributes"`
	}
	if err := decodeBody(req, &body); err != nil {
		return nil, "", iscBadRequest("The request body could not be parsed: %v.", err)
	}
	if len(body.Attributes) == 0 {
		return nil, "", iscBadRequest(`Required field "attributes" was missing or empty.`)
	}
	for _, name := range slices.Sorted(maps.Keys(body.Attributes)) {
		if !isStringOrStrings(body.Attributes[name]) {
			return nil, "", iscBadRequest("Attribute %q must be a string or a list of strings.", name)
		}
	}
	sourceID, _ = body.Attributes["sourceId"].(string)
	delete(body.Attributes, "sourceId")
	return body.Attributes, sourceID, nil
}

func isStringOrStrings(value any) bool {
	switch v := value.(type) {
	case string:
		return true
	case []any:
		return !slices.ContainsFunc(v, func(item any) bool { _, isString := item.(string); return !isString })
	}
	return false
}

func (s *Server) iscCreateAccount(req *request) (result, error) {
	attributes, sourceID, err := decodeISCAttributes(req)
	if err != nil {
		return result{}, err
	}
	if sourceID == "" {
		return result{}, iscBadRequest(`Required field "sourceId" was missing or empty.`)
	}
	src := s.isc.source(sourceID)
	if src == nil {
		return result{}, iscBadRequest("Source %s was not found.", sourceID)
	}
	native, err := src.nativeIdentity(attributes)
	if err != nil {
		return result{}, err
	}
	return s.iscStartTask(req, iscTaskCreate, src, src.accountName(attributes, native), func(st *iscStore, at time.Time) error {
		st.upsertAccount(src, native, attributes, at)
		return nil
	})
}

func (s *Server) iscReplaceAccount(req *request) (result, error) {
	account, src, err := s.isc.flatFileAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	attributes, _, err := decodeISCAttributes(req)
	if err != nil {
		return result{}, err
	}
	return s.iscStartTask(req, iscTaskUpdate, src, account.Name, func(st *iscStore, at time.Time) error {
		return st.updateAccount(account.ID, at, func(a *ISCAccount) { setAccountAttributes(a, src, attributes, at) })
	})
}

func (s *Server) iscDeleteAccount(req *request) (result, error) {
	account, src, err := s.isc.flatFileAccount(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	return s.iscStartTask(req, iscTaskDelete, src, account.Name, func(st *iscStore, _ time.Time) error {
		return st.removeAccount(account.ID)
	})
}

// iscToggleAccount serves disable (disable true) and enable. The body, an AccountToggleRequest,
// is optional here; when present it must be JSON.
func (s *Server) iscToggleAccount(disable bool) handlerFunc {
	taskName := iscTaskEnable
	if disable {
		taskName = iscTaskDisable
	}
	return func(req *request) (result, error) {
		account, err := s.isc.requireAccount(req.PathValue("id"))
		if err != nil {
			return result{}, err
		}
		var toggle struct {
			ExternalVerificationID string `json:"externalVerificationId"`
			ForceProvisioning      bool   `json:"forceProvisioning"`
		}
		if len(req.body) > 0 {
			if err := json.Unmarshal(req.body, &toggle); err != nil {
				return result{}, iscBadRequest("The request body could not be parsed: %v.", err)
			}
		}
		return s.iscStartTask(req, taskName, s.isc.source(account.SourceID), account.Name, func(st *iscStore, at time.Time) error {
			return st.updateAccount(account.ID, at, func(a *ISCAccount) { setAccountDisabled(a, disable) })
		})
	}
}

func (s *Server) iscListSchemas(req *request) (result, error) {
	src := s.isc.source(req.PathValue("id"))
	if src == nil {
		return result{}, iscNotFound()
	}
	return ok([]ISCSchema{src.schema})
}
