package fakeserver

import (
	"net/http"
	"regexp"
	"testing"
	"time"
)

// b3osMint mints a key for account and returns the documented answer.
func (h *harness) b3osMint(account, name, scope string) b3osMintedKey {
	h.t.Helper()
	body := `{"name":"` + name + `","description":"for tests","scope":"` + scope + `","serviceAccountId":"` + account + `"}`
	resp := h.b3osCall("POST", "/v1/api-keys", body).expect(h.t, http.StatusOK)
	resp.expectJSON(h.t, `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"id":"$ANY","key":"$ANY","name":"`+name+`"}}`)
	var envelope struct{ Data b3osMintedKey }
	resp.decode(h.t, &envelope)
	return envelope.Data
}

// b3osAs sends a request with key.
func (h *harness) b3osAs(key, method, path, body string) response {
	h.t.Helper()
	return h.send(method, "/b3os"+path, body, "Authorization", "Bearer "+key)
}

func TestB3OSMintedKeyAuthenticatesAsItsServiceAccount(t *testing.T) {
	h := newHarness(t)
	account := h.b3osCreate("reader", "org:read", "service_account:read", "service_account:write")
	readWrite := h.b3osMint(account.ID, "rw", B3OSScopeReadWrite)
	read := h.b3osMint(account.ID, "ro", B3OSScopeRead)
	if !regexp.MustCompile(`^b3sk_[0-9a-f]{48}$`).MatchString(readWrite.Key) || !regexp.MustCompile(`^ak_`).MatchString(readWrite.ID) {
		t.Fatalf("minted %+v", readWrite)
	}
	h.b3osAs(read.Key, "GET", "/v1/organizations", "").expect(t, http.StatusOK)
	h.b3osAs(read.Key, "GET", "/v1/service-accounts/"+account.ID, "").expect(t, http.StatusOK)
	// Beyond the scope, or beyond the service account's permissions: 403.
	patch := `{"name":"reader","permissions":["org:read","service_account:read","service_account:write"]}`
	h.b3osAs(read.Key, "PATCH", "/v1/service-accounts/"+account.ID, patch).expect(t, http.StatusForbidden).
		expectJSON(t, `{"code":403,"message":"insufficient permissions: this API key lacks service_account:write","requestId":"$REQUEST_ID"}`)
	h.b3osAs(readWrite.Key, "PATCH", "/v1/service-accounts/"+account.ID, patch).expect(t, http.StatusOK)
	h.b3osAs(readWrite.Key, "POST", "/v1/api-keys", `{"name":"x","scope":"read","serviceAccountId":"`+account.ID+`"}`).expect(t, http.StatusForbidden)

	// Revoked: 401, and the key stays listed as revoked.
	h.b3osCall("DELETE", "/v1/api-keys/"+read.ID, "").expect(t, http.StatusOK).
		expectJSON(t, `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"id":"`+read.ID+`","name":"ro","status":"revoked","revokedAt":"$ANY","scope":"read","serviceAccountId":"`+account.ID+`","description":"for tests","organizationId":"org_fake","prefix":"$ANY","createdAt":"$ANY","createdBy":"$ANY","expiresAt":null}}`)
	h.b3osCall("DELETE", "/v1/api-keys/"+read.ID, "").expect(t, http.StatusOK) // again: no change
	h.b3osAs(read.Key, "GET", "/v1/organizations", "").expect(t, http.StatusUnauthorized).
		expectJSON(t, `{"code":401,"message":"API key has been revoked","requestId":"$REQUEST_ID"}`)
	var listed struct{ Data b3osPage[B3OSKey] }
	h.b3osCall("GET", "/v1/api-keys?serviceAccountId="+account.ID, "").expect(t, http.StatusOK).decode(t, &listed)
	if len(listed.Data.Items) != 2 || listed.Data.Items[1].Status != "revoked" || listed.Data.Items[0].Status != "active" {
		t.Fatalf("listed %+v", listed.Data)
	}

	// A disabled, then a deleted, service account: its keys authenticate no more.
	h.server.SetB3OSServiceAccountDisabled(account.ID, true)
	h.b3osAs(readWrite.Key, "GET", "/v1/organizations", "").expect(t, http.StatusUnauthorized)
	h.server.SetB3OSServiceAccountDisabled(account.ID, false)
	h.b3osAs(readWrite.Key, "GET", "/v1/organizations", "").expect(t, http.StatusOK)
	h.server.RemoveB3OSServiceAccount(account.ID)
	h.b3osAs(readWrite.Key, "GET", "/v1/organizations", "").expect(t, http.StatusUnauthorized).
		expectJSON(t, `{"code":401,"message":"the API key's service account is disabled or deleted","requestId":"$REQUEST_ID"}`)
}

func TestB3OSKeyExpires(t *testing.T) {
	h := newHarness(t)
	account := h.b3osCreate("reader", "org:read")
	expires := isoMillis(testEpoch.Add(time.Minute))
	resp := h.b3osCall("POST", "/v1/api-keys", `{"name":"e","scope":"read","serviceAccountId":"`+account.ID+`","expiresAt":"`+expires+`"}`).expect(t, http.StatusOK)
	var minted struct{ Data b3osMintedKey }
	resp.decode(t, &minted)
	h.b3osAs(minted.Data.Key, "GET", "/v1/organizations", "").expect(t, http.StatusOK)
	h.clock.Advance(time.Minute)
	h.b3osAs(minted.Data.Key, "GET", "/v1/organizations", "").expect(t, http.StatusUnauthorized)
}

func TestB3OSKeyMintIsValidated(t *testing.T) {
	h := newHarness(t)
	account := h.b3osCreate("reader", "org:read")
	for _, tt := range []struct{ name, body, message string }{
		{"no name", `{"scope":"read","serviceAccountId":"` + account.ID + `"}`, "name is required"},
		{"bad scope", `{"name":"k","scope":"write","serviceAccountId":"` + account.ID + `"}`, `scope must be \"read\" or \"read-write\"`},
		{"no account", `{"name":"k","scope":"read"}`, "serviceAccountId is required"},
		{"past expiry", `{"name":"k","scope":"read","serviceAccountId":"` + account.ID + `","expiresAt":"2000-01-01T00:00:00Z"}`, "expiresAt must be a future RFC 3339 time"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h.with(t).b3osCall("POST", "/v1/api-keys", tt.body).expect(t, http.StatusBadRequest).
				expectJSON(t, `{"code":400,"message":"`+tt.message+`","requestId":"$REQUEST_ID"}`)
		})
	}
	h.b3osCall("POST", "/v1/api-keys", `{"name":"k","scope":"read","serviceAccountId":"sa_missing"}`).expect(t, http.StatusNotFound)
	h.b3osCall("GET", "/v1/api-keys/ak_missing", "").expect(t, http.StatusNotFound)
	h.b3osAs(B3OSReadOnlyAPIKey, "POST", "/v1/api-keys", `{"name":"k","scope":"read","serviceAccountId":"`+account.ID+`"}`).expect(t, http.StatusForbidden)
	if keys := h.server.State().B3OS.APIKeys; len(keys) != 0 {
		t.Errorf("keys = %+v", keys)
	}
}
