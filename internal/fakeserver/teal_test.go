package fakeserver

import "testing"

func (h *harness) teal(path string) response {
	h.t.Helper()
	return h.send("GET", "/teal"+path, "", "X-API-KEY", TealAPIKey)
}

func TestTealReads(t *testing.T) {
	h := newHarness(t)
	user := `{"user_id":"` + TealUserID + `","name":"Jane Fake","email":"jane.fake@example.com","created_at":"$ANY"}`
	authorisation := `{"id":"` + TealAuthorisationID + `","status":"active","is_valid":true,"accepted_at":"$ANY","created_at":"$ANY","user_id":"` + TealUserID +
		`","user_agent":"$ANY","revoked_at":null,"term_id":null,"ip_address":"$ANY","fingerprint":"$ANY"}`
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/users", 200, `{"pagination":{"offset":0,"limit":20,"count":1,"total_count":1},"users":[` + user + `]}`},
		{"/users?offset=1&limit=5", 200, `{"pagination":{"offset":1,"limit":5,"count":0,"total_count":1},"users":[]}`},
		{"/users/" + TealUserID, 200, user},
		{"/users/00000000-0000-4000-8000-000000000000", 404, `{"errors":["User not found"]}`},
		{"/users?limit=0", 400, `{"errors":["limit must be an integer between 1 and 100"]}`},
		{"/authorisations?user_id=" + TealUserID, 200, `{"pagination":{"offset":0,"limit":20,"count":1,"total_count":1},"authorisations":[` + authorisation + `]}`},
		{"/authorisations?user_id=" + TealUserID + "&status=revoked", 200, `{"pagination":{"offset":0,"limit":20,"count":0,"total_count":0},"authorisations":[]}`},
		{"/authorisations", 400, `{"errors":["user_id is required"]}`},
		{"/accounts?user_id=" + TealUserID, 200, `{"pagination":{"offset":0,"limit":20,"count":0,"total_count":0},"accounts":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h.with(t).teal(tt.path).expect(t, tt.status).expectJSON(t, tt.want)
		})
	}
}
