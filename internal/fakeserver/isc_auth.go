package fakeserver

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The fake ISC's development credentials. Both use the client-credentials grant:
//
//   - ISCClientID / ISCClientSecret (declared in env.go) are a personal access token: they act
//     for a user, so the token response and JWT carry user_id and identity_id, and the scope is
//     sp:scopes:all, which grants every scope.
//   - ISCAPIClientID / ISCAPIClientSecret are an API (OAuth) client: no user context, and only
//     the scopes account management needs (iscAPIClientScopes). Routes documented as userAuth
//     only, such as the source schemas, answer it 403.
const (
	ISCAPIClientID     = "fake-isc-api-client-id"
	ISCAPIClientSecret = "fake-isc-api-client-secret"
)

// iscScopeAll is the scope that grants every other one.
const iscScopeAll = "sp:scopes:all"

// iscAPIClientScopes are what account management needs, and idn:sources:read, which looking a
// source up by name (accounts_isc_source) needs.
var iscAPIClientScopes = []string{"idn:accounts:read", "idn:accounts:manage", "idn:accounts-state:manage", "idn:task-management:read",
	"idn:sources:read"}

// iscClient is an OAuth client the fake accepts. userID is empty for API clients.
type iscClient struct {
	id, secret         string
	scopes             []string
	userID, identityID string
}

var iscClients = []*iscClient{
	{id: ISCClientID, secret: ISCClientSecret, scopes: []string{iscScopeAll},
		userID: "fake-user", identityID: "2c9180857d1e4b5d017d1e4b5d8a0001"},
	{id: ISCAPIClientID, secret: ISCAPIClientSecret, scopes: iscAPIClientScopes},
}

// iscClientFor finds the client these credentials belong to; nil when they match none.
func iscClientFor(id, secret string) *iscClient {
	for _, client := range iscClients {
		if client.id == id && client.secret == secret {
			return client
		}
	}
	return nil
}

// iscAccess is what a route requires of a token: any one of scopes (as the route's OpenAPI
// security section lists them; none listed, as `userAuth: []`, asks for none) and, for userAuth-only routes, a user context.
type iscAccess struct {
	scopes      []string
	userContext bool
}

// The access each ISC route requires, from the security sections of the vendor's OpenAPI
// documents (apis/accounts, apis/task-management, apis/sources).
var (
	iscAccountsRead   = iscAccess{scopes: []string{"idn:accounts:read", "idn:accounts:manage"}}
	iscAccountsManage = iscAccess{scopes: []string{"idn:accounts:manage"}}
	iscAccountsState  = iscAccess{scopes: []string{"idn:accounts-state:manage"}}
	iscTasksRead      = iscAccess{scopes: []string{"idn:task-management:read", "idn:task-management:write"}}
	iscSourcesRead    = iscAccess{scopes: []string{"idn:sources:read", "idn:sources:manage"}}
	iscSchemasRead    = iscAccess{scopes: []string{"idn:source-schema:read", "idn:source-schema:manage"}, userContext: true}
	iscSourcesManage  = iscAccess{scopes: []string{"idn:sources:manage"}}
	// The aggregation status lists userAuth with no scopes (apis/account-aggregations).
	iscAggregationsRead = iscAccess{userContext: true}
)

// check answers 403 in ErrorResponseDto shape when client may not use the route. The documents
// give the status and shape; the message texts are inferred.
func (access iscAccess) check(client *iscClient) error {
	if access.userContext && client.userID == "" {
		return failure(http.StatusForbidden, "This operation requires a user context: use a personal access token, not an API client.")
	}
	if len(access.scopes) > 0 && !slices.Contains(client.scopes, iscScopeAll) && !slices.ContainsFunc(access.scopes, func(scope string) bool { return slices.Contains(client.scopes, scope) }) {
		return failure(http.StatusForbidden, "The token does not grant any of the scopes this operation requires: %s.", strings.Join(access.scopes, ", "))
	}
	return nil
}

// iscRoute registers an authenticated ISC route that also requires access of the token.
func (s *Server) iscRoute(a *api, pattern string, access iscAccess, h handlerFunc) {
	s.handle(a, pattern, func(req *request) (result, error) {
		client, err := s.isc.authenticate(req) // admitted already: this only finds the client
		if err == nil {
			err = access.check(client)
		}
		if err != nil {
			return result{}, err
		}
		return h(req)
	})
}

type iscToken struct {
	client  *iscClient
	expires time.Time
}

// authenticate resolves the bearer token to its OAuth client.
func (st *iscStore) authenticate(req *request) (*iscClient, error) {
	token, present := bearerToken(req.Request)
	issued, known := st.tokens[token]
	switch {
	case !present || !known:
		return nil, failure(http.StatusUnauthorized, "JWT validation failed: JWT is missing or invalid")
	case !req.now.Before(issued.expires):
		return nil, failure(http.StatusUnauthorized, "JWT validation failed: JWT is expired")
	}
	return issued.client, nil
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
func (st *iscStore) issueToken(client *iscClient, now time.Time, lifetime time.Duration) (token, jti string) {
	jti = randomUUID()
	expires := now.Add(lifetime)
	claims := map[string]any{
		"tenant_id": iscTenantID, "pod": "fake", "org": "fake", "internal": false,
		"client_id": client.id, "scope": client.scopes, "exp": expires.Unix(), "jti": jti,
	}
	if client.userID != "" {
		claims["user_id"], claims["identity_id"] = client.userID, client.identityID
	}
	token = jwtSegment(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." + jwtSegment(claims) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(randomHex(32)))
	st.tokens[token] = iscToken{client: client, expires: expires}
	return token, jti
}

func jwtSegment(v any) string {
	encoded, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(encoded)
}

// iscAdmit completes due tasks, then authenticates and rate-limits the request: every route
// reads the store, so it must be up to date before any of them runs.
func (s *Server) iscAdmit(req *request) error {
	s.isc.settle(req.now)
	client, err := s.isc.authenticate(req)
	if err != nil {
		return err
	}
	return s.isc.admitRate(client.id, req.now, s.isc.settings.RateLimit, milliseconds(s.isc.settings.RateWindowMS))
}

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
	UserID              string `json:"user_id,omitempty"` // personal access tokens only
	IdentityID          string `json:"identity_id,omitempty"`
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
	client := iscClientFor(clientID, secret)
	if client == nil {
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
	token, jti := s.isc.issueToken(client, req.now, time.Duration(lifetime)*time.Second)
	return ok(iscTokenResponse{
		AccessToken: token, TokenType: "bearer", ExpiresIn: lifetime, Scope: strings.Join(client.scopes, " "),
		TenantID: iscTenantID, Pod: "fake", Org: "fake", StrongAuth: true, Enabled: true,
		UserID: client.userID, IdentityID: client.identityID, JTI: jti,
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
