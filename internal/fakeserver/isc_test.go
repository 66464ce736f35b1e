package fakeserver

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var iscIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

const formContentType = "application/x-www-form-urlencoded"

var iscCredentialsForm = "grant_type=client_credentials&client_id=" + ISCClientID + "&client_secret=" + ISCClientSecret

// with returns the harness bound to a subtest's t, sharing the server and token.
func (h *harness) with(t *testing.T) *harness {
	bound := *h
	bound.t = t
	return &bound
}

func (h *harness) iscToken() string {
	h.t.Helper()
	var token iscTokenResponse
	h.send("POST", "/isc/oauth/token", iscCredentialsForm, "Content-Type", formContentType).expect(h.t, http.StatusOK).decode(h.t, &token)
	return token.AccessToken
}

// isc sends an ISC request with a bearer token, fetching one on first use.
func (h *harness) isc(method, path, body string) response {
	h.t.Helper()
	if h.token == "" {
		h.token = h.iscToken()
	}
	return h.send(method, "/isc"+path, body, "Authorization", "Bearer "+h.token)
}

// startTask sends an account operation and returns the id of the task it started.
func (h *harness) startTask(method, path, body string) string {
	h.t.Helper()
	var accepted struct{ ID string }
	h.isc(method, path, body).expect(h.t, http.StatusAccepted).decode(h.t, &accepted)
	if !iscIDPattern.MatchString(accepted.ID) {
		h.t.Fatalf("task id %q is not 32 hex digits", accepted.ID)
	}
	return accepted.ID
}

// finishTasks moves the clock past the default task duration.
func (h *harness) finishTasks() { h.clock.Advance(150 * time.Millisecond) }

func (h *harness) task(id string) ISCTask {
	h.t.Helper()
	var task ISCTask
	h.isc("GET", "/beta/task-status/"+id, "").expect(h.t, http.StatusOK).decode(h.t, &task)
	return task
}

// settledTask reads a completed task twice: the first read after completion hides its status.
func (h *harness) settledTask(id string) ISCTask {
	h.t.Helper()
	if first := h.task(id); first.Completed == nil || first.CompletionStatus != nil {
		h.t.Fatalf("first read after completion = %s, want completed without status", mustJSON(h.t, first))
	}
	return h.task(id)
}

func (h *harness) accounts(filters string) []ISCAccount {
	h.t.Helper()
	var accounts []ISCAccount
	h.isc("GET", "/v3/accounts?"+url.Values{"filters": {filters}}.Encode(), "").expect(h.t, http.StatusOK).decode(h.t, &accounts)
	return accounts
}

func (h *harness) account(id string) ISCAccount {
	h.t.Helper()
	var account ISCAccount
	h.isc("GET", "/v3/accounts/"+id, "").expect(h.t, http.StatusOK).decode(h.t, &account)
	return account
}

// createAccount creates (or upserts) an account, waits for its task and returns the account.
func (h *harness) createAccount(body string) ISCAccount {
	h.t.Helper()
	h.settledTask(h.afterCompletion(h.startTask("POST", "/v3/accounts", body)))
	return slices.MaxFunc(h.server.State().ISC.Accounts, func(a, b ISCAccount) int { return strings.Compare(a.Modified, b.Modified) })
}

// afterCompletion moves the clock past the task's duration and returns its id.
func (h *harness) afterCompletion(taskID string) string {
	h.finishTasks()
	return taskID
}

func accountBody(attributes map[string]any) string {
	encoded, _ := json.Marshal(map[string]any{"attributes": attributes})
	return string(encoded)
}

func flatFileAccount(id, displayName string) string {
	return accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "id": id, "displayName": displayName, "email": id + "@example.com"})
}

func directAccount(samAccountName string) string {
	return accountBody(map[string]any{"sourceId": ISCDirectSourceID, "sAMAccountName": samAccountName, "displayName": "User " + samAccountName, "memberOf": []string{"CN=Staff"}})
}

func nativeIdentities(accounts []ISCAccount) []string {
	return mapped(accounts, func(a ISCAccount) string { return a.NativeIdentity })
}

// mapped applies f to each item; never nil, so that it prints as [].
func mapped[T, V any](items []T, f func(T) V) []V {
	out := make([]V, 0, len(items))
	for _, item := range items {
		out = append(out, f(item))
	}
	return out
}

func TestISCTokenEndpoint(t *testing.T) {
	h := newHarness(t)
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(ISCClientID) + ":" + url.QueryEscape(ISCClientSecret)))
	tests := []struct {
		name, query, body string
		headers           []string
		status            int
		wantError         string
	}{
		{name: "form body", body: iscCredentialsForm, headers: []string{"Content-Type", formContentType}, status: 200},
		{name: "query parameters", query: "?" + iscCredentialsForm, status: 200},
		{name: "basic auth", body: "grant_type=client_credentials", headers: []string{"Content-Type", formContentType, "Authorization", "Basic " + basic}, status: 200},
		{name: "wrong secret", body: "grant_type=client_credentials&client_id=" + ISCClientID + "&client_secret=nope", headers: []string{"Content-Type", formContentType}, status: 401,
			wantError: `{"error":"invalid_client","error_description":"Bad credentials"}`},
		{name: "wrong grant type", query: "?grant_type=password&client_id=" + ISCClientID + "&client_secret=" + ISCClientSecret, status: 400,
			wantError: `{"error":"unsupported_grant_type","error_description":"Unsupported grant type: password"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t)
			resp := h.send("POST", "/isc/oauth/token"+tt.query, tt.body, tt.headers...).expect(t, tt.status)
			if tt.wantError != "" {
				resp.expectJSON(t, tt.wantError)
				return
			}
			var token iscTokenResponse
			resp.decode(t, &token)
			if token.TokenType != "bearer" || token.ExpiresIn != 749 || token.Scope != "sp:scopes:all" || strings.Count(token.AccessToken, ".") != 2 || token.JTI == "" {
				t.Errorf("token = %+v", token)
			}
			h.send("GET", "/isc/v3/accounts", "", "Authorization", "Bearer "+token.AccessToken).expect(t, http.StatusOK)
		})
	}
}

func TestISCCreateAccountLifecycle(t *testing.T) {
	h := newHarness(t)
	taskID := h.startTask("POST", "/v3/accounts", flatFileAccount("1001", "Ada Lovelace"))

	notYet := h.isc("GET", "/beta/task-status/"+taskID, "").expect(t, http.StatusNotFound)
	notYet.expectJSON(t, `{"detailCode":"404 Not found","trackingId":"$ANY","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"The server did not find a current representation for the target resource."}],"causes":[]}`)
	if !iscIDPattern.MatchString(notYet.header.Get("SLPT-Request-ID")) {
		t.Errorf("SLPT-Request-ID = %q", notYet.header.Get("SLPT-Request-ID"))
	}

	h.clock.Advance(50 * time.Millisecond)
	running := h.task(taskID)
	if running.Completed != nil || running.CompletionStatus != nil || *running.Progress != "Started" || running.PercentComplete != 0 ||
		running.UniqueName != "Cloud Account Create" || running.Type != "QUARTZ" || running.Target.ID != ISCFlatFileSourceID || running.Target.Type != "APPLICATION" {
		t.Errorf("running task = %s", mustJSON(t, running))
	}
	if got := h.accounts(`nativeIdentity eq "1001"`); len(got) != 0 {
		t.Fatalf("account visible before its task completed: %+v", got)
	}

	h.clock.Advance(100 * time.Millisecond)
	var v2025 ISCTask
	h.isc("GET", "/v2025/task-status/"+taskID, "").expect(t, http.StatusOK).decode(t, &v2025)
	if v2025.Completed == nil || v2025.CompletionStatus != nil {
		t.Errorf("first read after completion = %s, want completed without completionStatus", mustJSON(t, v2025))
	}
	accounts := h.accounts(`sourceId eq "` + ISCFlatFileSourceID + `" and nativeIdentity eq "1001"`)
	if len(accounts) != 1 {
		t.Fatalf("accounts = %+v, want the created one", accounts)
	}
	done := h.task(taskID)
	if *done.CompletionStatus != "SUCCESS" || *done.Progress != "Completed" || done.PercentComplete != 100 || *done.Completed != isoMillis(testEpoch.Add(150*time.Millisecond)) {
		t.Errorf("settled task = %s", mustJSON(t, done))
	}

	account := h.account(accounts[0].ID)
	wantAttributes := map[string]any{"id": "1001", "displayName": "Ada Lovelace", "email": "1001@example.com"}
	if !iscIDPattern.MatchString(account.ID) || account.Name != "Ada Lovelace" || account.NativeIdentity != "1001" ||
		account.SourceID != ISCFlatFileSourceID || account.SourceName != "HR Flat File" || account.Origin != "PROVISIONED" ||
		account.ConnectionType != "file" || account.Disabled || account.Locked || account.Created != isoMillis(testEpoch.Add(150*time.Millisecond)) ||
		!reflect.DeepEqual(account.Attributes, wantAttributes) {
		t.Errorf("account = %s", mustJSON(t, account))
	}
}

func TestISCCreateWithAnExistingNativeIdentityUpdates(t *testing.T) {
	h := newHarness(t)
	first := h.createAccount(accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "id": "1002", "displayName": "Ada", "department": "R&D"}))
	second := h.createAccount(accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "id": "1002", "displayName": "Ada L."}))
	h.createAccount(accountBody(map[string]any{"sourceId": ISCDirectSourceID, "sAMAccountName": "1002"}))

	accounts := h.accounts(`sourceId eq "` + ISCFlatFileSourceID + `"`)
	if len(accounts) != 1 || accounts[0].ID != first.ID || second.ID != first.ID {
		t.Fatalf("flat file accounts = %+v, want the first one updated", accounts)
	}
	want := map[string]any{"id": "1002", "displayName": "Ada L."}
	if accounts[0].Name != "Ada L." || !reflect.DeepEqual(accounts[0].Attributes, want) {
		t.Errorf("updated account = %s", mustJSON(t, accounts[0]))
	}
	if got := len(h.server.State().ISC.Accounts); got != 2 {
		t.Errorf("accounts = %d, want 2 (the same native identity on another source is another account)", got)
	}
}

func TestISCCreateRejectsInvalidRequests(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ name, body, text string }{
		{"missing sourceId", accountBody(map[string]any{"id": "1"}), `Required field "sourceId" was missing or empty.`},
		{"no attributes", `{}`, `Required field "attributes" was missing or empty.`},
		{"unknown source", accountBody(map[string]any{"sourceId": "ffffffffffffffffffffffffffffffff", "id": "1"}), "Source ffffffffffffffffffffffffffffffff was not found."},
		{"missing identity attribute", accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "displayName": "No Id"}),
			`Required field "id" (the identity attribute of source 'HR Flat File') was missing or empty.`},
		{"number attribute", accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "id": "1", "age": 3}), `Attribute "age" must be a string or a list of strings.`},
		{"malformed JSON", `{"attributes":`, "$ANY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t)
			text, _ := json.Marshal(tt.text)
			h.isc("POST", "/v3/accounts", tt.body).expect(t, http.StatusBadRequest).expectJSON(t,
				`{"detailCode":"400.1 Bad Request Content","trackingId":"$ANY","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":`+string(text)+`}],"causes":[]}`)
		})
	}
	if tasks := h.server.State().ISC.Tasks; len(tasks) != 0 {
		t.Errorf("rejected requests started tasks: %+v", tasks)
	}
}

func TestISCFailedTaskOutcomesLeaveNoAccount(t *testing.T) {
	tests := []struct {
		outcome     string
		messageType string
		applied     bool
	}{
		{"ERROR", "ERROR", false},
		{"TERMINATED", "ERROR", false},
		{"TEMPERROR", "ERROR", false},
		{"WARNING", "WARN", true},
	}
	for _, tt := range tests {
		t.Run(tt.outcome, func(t *testing.T) {
			h := newHarness(t)
			h.server.AddFault(Fault{API: APIISC, Method: "POST", Path: "/v3/accounts", TaskOutcome: tt.outcome, TaskMessages: []string{"Connector refused the account"}, Times: 1})
			task := h.settledTask(h.afterCompletion(h.startTask("POST", "/v3/accounts", flatFileAccount("2001", "Failing"))))

			wantMessages := []ISCTaskMessage{iscTaskMessage(tt.messageType, "Connector refused the account")}
			if *task.CompletionStatus != tt.outcome || !reflect.DeepEqual(task.Messages, wantMessages) {
				t.Errorf("task = %s", mustJSON(t, task))
			}
			if got := len(h.server.State().ISC.Accounts) == 1; got != tt.applied {
				t.Errorf("account created = %v, want %v", got, tt.applied)
			}
			// Times: 1 spent, the next create succeeds.
			if next := h.settledTask(h.afterCompletion(h.startTask("POST", "/v3/accounts", flatFileAccount("2002", "Next")))); *next.CompletionStatus != "SUCCESS" {
				t.Errorf("next task = %s", mustJSON(t, next))
			}
		})
	}
}

func TestISCUpdateAndDeleteOnlyOnFlatFileSources(t *testing.T) {
	h := newHarness(t)
	direct := h.createAccount(directAccount("jdoe"))
	text := "Source 'Active Directory' does not support this operation: accounts can only be updated or deleted on DelimitedFile (flat file) sources."
	for _, method := range []string{"PUT", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			h := h.with(t)
			h.isc(method, "/v3/accounts/"+direct.ID, `{"attributes":{"sAMAccountName":"jdoe"}}`).expect(t, http.StatusBadRequest).
				expectJSON(t, `{"detailCode":"400.1 Bad Request Content","trackingId":"$ANY","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"`+text+`"}],"causes":[]}`)
			h.isc(method, "/v3/accounts/ffffffffffffffffffffffffffffffff", `{"attributes":{"id":"x"}}`).expect(t, http.StatusNotFound)
		})
	}
}

func TestISCReplaceAndDeleteFlatFileAccount(t *testing.T) {
	h := newHarness(t)
	created := h.createAccount(accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "id": "3001", "displayName": "Grace", "department": "Navy"}))

	update := h.startTask("PUT", "/v3/accounts/"+created.ID, accountBody(map[string]any{"id": "3001", "displayName": "Grace Hopper", "groups": []string{"admins"}}))
	if got := h.account(created.ID); got.Name != "Grace" {
		t.Errorf("attributes changed before the task completed: %+v", got)
	}
	h.finishTasks()
	if task := h.settledTask(update); task.UniqueName != "Cloud Account Update" || *task.CompletionStatus != "SUCCESS" {
		t.Errorf("update task = %s", mustJSON(t, task))
	}
	want := map[string]any{"id": "3001", "displayName": "Grace Hopper", "groups": "admins"} // one multi-valued value reads as a string
	if got := h.account(created.ID); got.Name != "Grace Hopper" || !reflect.DeepEqual(got.Attributes, want) || got.NativeIdentity != "3001" {
		t.Errorf("replaced account = %s", mustJSON(t, got))
	}

	deleted := h.startTask("DELETE", "/v3/accounts/"+created.ID, "")
	deletedAgain := h.startTask("DELETE", "/v3/accounts/"+created.ID, "")
	h.finishTasks()
	h.isc("GET", "/v3/accounts/"+created.ID, "").expect(t, http.StatusNotFound)
	if task := h.settledTask(deleted); *task.CompletionStatus != "SUCCESS" || task.UniqueName != "Cloud Account Delete" {
		t.Errorf("delete task = %s", mustJSON(t, task))
	}
	if task := h.settledTask(deletedAgain); *task.CompletionStatus != "ERROR" || task.Messages[0].LocalizedText.Message != "Account "+created.ID+" was not found." {
		t.Errorf("second delete task = %s", mustJSON(t, task))
	}
}

func TestISCDisableAndEnable(t *testing.T) {
	h := newHarness(t)
	account := h.createAccount(directAccount("jdoe"))
	tests := []struct {
		action, body, uniqueName string
		disabled                 bool
	}{
		{"disable", "", "Cloud Account Disable", true},
		{"enable", "{}", "Cloud Account Enable", false},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			h := h.with(t)
			task := h.settledTask(h.afterCompletion(h.startTask("POST", "/v3/accounts/"+account.ID+"/"+tt.action, tt.body)))
			if task.UniqueName != tt.uniqueName || *task.CompletionStatus != "SUCCESS" {
				t.Errorf("task = %s", mustJSON(t, task))
			}
			got := h.account(account.ID)
			if got.Disabled != tt.disabled || got.Attributes["IIQDisabled"] != map[bool]string{true: "true", false: "false"}[tt.disabled] {
				t.Errorf("account = %s", mustJSON(t, got))
			}
		})
	}
	h.isc("POST", "/v3/accounts/ffffffffffffffffffffffffffffffff/disable", "{}").expect(t, http.StatusNotFound)
	h.isc("POST", "/v3/accounts/"+account.ID+"/disable", "{").expect(t, http.StatusBadRequest)
}

func TestISCListAccounts(t *testing.T) {
	h := newHarness(t)
	h.createAccount(flatFileAccount("4001", "First"))
	h.createAccount(flatFileAccount("4002", "Second"))
	jdoe := h.createAccount(directAccount("jdoe"))

	t.Run("filters", func(t *testing.T) {
		h := h.with(t)
		tests := []struct {
			filters string
			want    []string
		}{
			{``, []string{"4001", "4002", "jdoe"}},
			{`sourceId eq "` + ISCFlatFileSourceID + `"`, []string{"4001", "4002"}},
			{`sourceId eq "` + ISCFlatFileSourceID + `" and nativeIdentity eq "4002"`, []string{"4002"}},
			{`nativeIdentity in ("4001", "jdoe")`, []string{"4001", "jdoe"}},
			{`id eq "` + jdoe.ID + `"`, []string{"jdoe"}},
			{`nativeIdentity eq "JDOE"`, []string{"jdoe"}},
			{`nativeIdentity eq "nobody"`, []string{}},
			{`nativeIdentity in ("a\"b")`, []string{}},
			{`nativeIdentity sw "400"`, []string{"4001", "4002"}},
			{`nativeIdentity sw "JD"`, []string{"jdoe"}},
			{`sourceId eq "` + ISCFlatFileSourceID + `" and (nativeIdentity sw "40" and name eq "second")`, []string{"4002"}},
			{`(nativeIdentity eq "jdoe")`, []string{"jdoe"}},
		}
		for _, tt := range tests {
			if got := nativeIdentities(h.accounts(tt.filters)); !slices.Equal(got, tt.want) {
				t.Errorf("filters %s: got %v, want %v", tt.filters, got, tt.want)
			}
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		h := h.with(t)
		for _, query := range []string{
			"filters=" + url.QueryEscape(`nativeIdentity EQ "x"`),
			"filters=" + url.QueryEscape(`created eq "x"`),
			"filters=" + url.QueryEscape(`nativeIdentity co "x"`),
			"filters=" + url.QueryEscape(`nativeIdentity eq x`),
			"filters=" + url.QueryEscape(`nativeIdentity eq "x" or id eq "y"`),
			"filters=" + url.QueryEscape(`(nativeIdentity eq "x"`),
			"filters=" + url.QueryEscape(`(nativeIdentity eq "x" or id eq "y")`),
			"filters=" + url.QueryEscape(`nativeIdentity eq "x`),
			"filters=" + url.QueryEscape(`nativeIdentity in ("x"`),
			"filters=" + url.QueryEscape(`nativeIdentity eq "x" and`),
			"limit=251",
			"limit=ten",
			"offset=-1",
			"count=maybe",
			"detailLevel=TINY",
		} {
			resp := h.isc("GET", "/v3/accounts?"+query, "")
			var body iscErrorResponse
			if resp.decode(t, &body); resp.status != http.StatusBadRequest || body.DetailCode != "400.1 Bad Request Content" {
				t.Errorf("%s: %d %s", query, resp.status, resp.body)
			}
		}
	})

	t.Run("paging", func(t *testing.T) {
		h := h.with(t)
		resp := h.isc("GET", "/v3/accounts?limit=1&offset=1&count=true", "").expect(t, http.StatusOK)
		var accounts []ISCAccount
		resp.decode(t, &accounts)
		if got := nativeIdentities(accounts); !slices.Equal(got, []string{"4002"}) || resp.header.Get("X-Total-Count") != "3" {
			t.Errorf("page = %v, X-Total-Count = %q", got, resp.header.Get("X-Total-Count"))
		}
		if resp := h.isc("GET", "/v3/accounts?limit=250", "").expect(t, http.StatusOK); resp.header.Get("X-Total-Count") != "" {
			t.Error("X-Total-Count sent without count=true")
		}
	})

	t.Run("slim", func(t *testing.T) {
		h := h.with(t)
		var accounts []map[string]any
		h.isc("GET", "/v3/accounts?detailLevel=SLIM", "").expect(t, http.StatusOK).decode(t, &accounts)
		if attributes, present := accounts[0]["attributes"]; !present || attributes != nil {
			t.Errorf("SLIM account = %v, want attributes null", accounts[0])
		}
	})
}

func TestISCTaskStatusList(t *testing.T) {
	h := newHarness(t)
	first := h.startTask("POST", "/v3/accounts", flatFileAccount("5001", "First"))
	h.clock.Advance(50 * time.Millisecond)
	second := h.startTask("POST", "/v3/accounts", flatFileAccount("5002", "Second"))

	list := func(filters string) []ISCTask {
		var tasks []ISCTask
		h.isc("GET", "/task-status/v1?"+url.Values{"filters": {filters}}.Encode(), "").expect(t, http.StatusOK).decode(t, &tasks)
		return tasks
	}
	both := `id in ("` + first + `","` + second + `")`
	if tasks := list(both); len(tasks) != 1 || tasks[0].ID != first {
		t.Errorf("tasks = %s, want only the first (the second is in its 404 window)", mustJSON(t, tasks))
	}
	h.clock.Advance(100 * time.Millisecond) // the first completes
	tasks := list(both)
	if len(tasks) != 2 || tasks[0].Completed == nil || tasks[0].CompletionStatus != nil || tasks[1].Completed != nil {
		t.Errorf("tasks = %s, want the first completed without status, the second running", mustJSON(t, tasks))
	}
	if tasks := list(`id eq "` + first + `"`); len(tasks) != 1 || *tasks[0].CompletionStatus != "SUCCESS" {
		t.Errorf("tasks = %s, want the first with its status", mustJSON(t, tasks))
	}
	h.isc("GET", "/v2025/task-status?filters="+url.QueryEscape(`type eq "QUARTZ"`), "").expect(t, http.StatusBadRequest)
}

func TestISCRateLimit(t *testing.T) {
	h := newHarness(t)
	h.server.ConfigureISC(func(c *ISCSettings) { c.RateLimit, c.RateWindowMS = 3, 10000 })
	for range 3 {
		h.isc("GET", "/v3/accounts", "").expect(t, http.StatusOK)
	}
	limited := h.isc("GET", "/v3/accounts", "").expect(t, http.StatusTooManyRequests)
	limited.expectJSON(t, `{"message":" Rate Limit Exceeded "}`)
	if limited.header.Get("Retry-After") != "10" || limited.header.Get("SLPT-Request-ID") == "" {
		t.Errorf("429 headers = %v", limited.header)
	}

	h.clock.Advance(4 * time.Second)
	if got := h.isc("GET", "/v3/accounts", "").expect(t, http.StatusTooManyRequests).header.Get("Retry-After"); got != "6" {
		t.Errorf("Retry-After = %q, want 6", got)
	}
	h.iscToken() // the token endpoint is not limited

	h.clock.Advance(6 * time.Second) // the window has slid past the three admitted requests; rejected ones never counted
	for range 3 {
		h.isc("GET", "/v3/accounts", "").expect(t, http.StatusOK)
	}
	h.isc("GET", "/v3/accounts", "").expect(t, http.StatusTooManyRequests)
}

func TestISCExpiredToken(t *testing.T) {
	h := newHarness(t)
	h.server.ConfigureISC(func(c *ISCSettings) { c.TokenLifetimeS = 1 })
	var token iscTokenResponse
	h.send("POST", "/isc/oauth/token", iscCredentialsForm, "Content-Type", formContentType).expect(t, http.StatusOK).decode(t, &token)
	if token.ExpiresIn != 1 {
		t.Errorf("expires_in = %d", token.ExpiresIn)
	}
	h.token = token.AccessToken
	h.clock.Advance(999 * time.Millisecond)
	h.isc("GET", "/v3/accounts", "").expect(t, http.StatusOK)
	h.clock.Advance(time.Millisecond)
	h.isc("GET", "/v3/accounts", "").expect(t, http.StatusUnauthorized).expectJSON(t, `{"error":"JWT validation failed: JWT is expired"}`)

	h.token = h.iscToken()
	h.isc("GET", "/v3/accounts", "").expect(t, http.StatusOK)
}

func TestISCSourceSchemas(t *testing.T) {
	h := newHarness(t)
	var schemas []ISCSchema
	h.isc("GET", "/v3/sources/"+ISCFlatFileSourceID+"/schemas", "").expect(t, http.StatusOK).decode(t, &schemas)
	if len(schemas) != 1 || schemas[0].Name != "account" || schemas[0].NativeObjectType != "User" ||
		schemas[0].IdentityAttribute != "id" || schemas[0].DisplayAttribute != "displayName" {
		t.Fatalf("schemas = %s", mustJSON(t, schemas))
	}
	groups := schemas[0].Attributes[slices.IndexFunc(schemas[0].Attributes, func(a ISCSchemaAttribute) bool { return a.Name == "groups" })]
	if !groups.IsMultiValued || groups.Type != "STRING" {
		t.Errorf("groups attribute = %+v", groups)
	}
	h.isc("GET", "/v3/sources/ffffffffffffffffffffffffffffffff/schemas", "").expect(t, http.StatusNotFound)
}

// The rest of the suite runs on a manual clock; this runs the default wiring on real time.
func TestISCLifecycleOnTheRealClock(t *testing.T) {
	h := newHarness(t)
	h.server.clock = time.Now
	h.server.ConfigureISC(func(c *ISCSettings) { c.TaskDurationMS, c.TaskNotFoundMS = 60, 20 })
	taskID := h.startTask("POST", "/v3/accounts", flatFileAccount("6001", "Real Time"))

	sawCompletedWithoutStatus := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		resp := h.isc("GET", "/beta/task-status/"+taskID, "")
		if resp.status == http.StatusNotFound {
			continue
		}
		var task ISCTask
		resp.expect(t, http.StatusOK).decode(t, &task)
		if task.Completed != nil && task.CompletionStatus == nil {
			sawCompletedWithoutStatus = true
		}
		if task.CompletionStatus != nil {
			if *task.CompletionStatus != "SUCCESS" || !sawCompletedWithoutStatus {
				t.Fatalf("task = %s; completed was seen without status first: %v", mustJSON(t, task), sawCompletedWithoutStatus)
			}
			if got := nativeIdentities(h.accounts(`nativeIdentity eq "6001"`)); !slices.Equal(got, []string{"6001"}) {
				t.Fatalf("accounts = %v", got)
			}
			return
		}
	}
	t.Fatal("the task did not complete within 5s")
}
