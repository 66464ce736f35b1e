package fakeserver

import (
	"net/http"
	"regexp"
	"testing"
)

func (h *harness) b3os(path string) response {
	h.t.Helper()
	return h.send("GET", "/b3os"+path, "", "Authorization", "Bearer "+B3OSAPIKey, "X-Org-ID", B3OSOrganizationID)
}

func TestB3OSEnvelopes(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ path, want string }{
		{"/v1/organizations", `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"items":[
			{"id":"org_fake","slug":"fake-organization","name":"Fake Organization","description":"$ANY","createdBy":"$ANY","createdAt":"$ANY","updatedAt":"$ANY"}],
			"limit":100,"offset":0,"hasMore":false}}`},
		{"/v1/service-accounts?limit=10&offset=0", `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"items":[],"limit":10,"offset":0,"hasMore":false}}`},
		{"/v1/whoami", `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"authType":"api_key","organizationId":"org_fake","organization":
			{"id":"org_fake","slug":"fake-organization","name":"Fake Organization","description":"$ANY","createdBy":"$ANY","createdAt":"$ANY","updatedAt":"$ANY"}}}`},
		{"/v1/service-accounts?limit=101", `{"code":400,"message":"limit must be an integer between 1 and 100","requestId":"$REQUEST_ID"}`},
	}
	requestID := regexp.MustCompile(`^req_[0-9a-f]{32}$`)
	for _, tt := range tests {
		resp := h.b3os(tt.path)
		resp.expectJSON(t, tt.want)
		if !requestID.MatchString(resp.header.Get(b3osRequestIDHeader)) {
			t.Errorf("%s: X-Request-Id = %q", tt.path, resp.header.Get(b3osRequestIDHeader))
		}
	}
	// The organization key implies its organization, so X-Org-ID is optional.
	h.send("GET", "/b3os/v1/whoami", "", "Authorization", "Bearer "+B3OSAPIKey).expect(t, http.StatusOK)
}
