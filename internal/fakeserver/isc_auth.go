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

type iscToken struct {
	clientID string
	expires  time.Time
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
