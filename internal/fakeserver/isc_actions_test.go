package fakeserver

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestISCReloadTakesUpTheConnectorsRecord(t *testing.T) {
	h := newHarness(t)
	account := h.createAccount(directAccount("jdoe"))
	h.server.SetISCSourceRecord(ISCDirectSourceID, map[string]any{"sAMAccountName": "jdoe", "displayName": "John Doe", "mail": "jdoe@example.com"})
	task := h.settledTask(h.afterCompletion(h.startTask("POST", "/accounts/v1/"+account.ID+"/reload", "")))
	got := h.account(account.ID)
	if *task.CompletionStatus != "SUCCESS" || got.Attributes["mail"] != "jdoe@example.com" || got.Name != "John Doe" {
		t.Errorf("task %s, account %s", mustJSON(t, task), mustJSON(t, got))
	}

	gone := h.createAccount(directAccount("left"))
	task = h.settledTask(h.afterCompletion(h.startTask("POST", "/accounts/v1/"+gone.ID+"/reload", "")))
	if *task.CompletionStatus != "ERROR" || task.Messages[0].LocalizedText.Message != "Account 'left' was not found on source 'Active Directory'." {
		t.Errorf("reload of an account the connector lacks: %s", mustJSON(t, task))
	}
	flat := h.createAccount(flatFileAccount("e1", "Employee One"))
	task = h.settledTask(h.afterCompletion(h.startTask("POST", "/accounts/v1/"+flat.ID+"/reload", "")))
	if *task.CompletionStatus != "ERROR" {
		t.Errorf("reload on a delimited file source: %s", mustJSON(t, task))
	}
	h.isc("POST", "/accounts/v1/ffffffffffffffffffffffffffffffff/reload", "").expect(t, http.StatusNotFound)
}

func TestISCUnlock(t *testing.T) {
	h := newHarness(t)
	account := h.createAccount(directAccount("jdoe"))
	if !h.server.LockISCAccount(account.ID) || !h.account(account.ID).Locked {
		t.Fatal("the account did not lock")
	}
	h.isc("POST", "/accounts/v1/"+account.ID+"/unlock", "").expect(t, http.StatusBadRequest) // the body is required
	task := h.settledTask(h.afterCompletion(h.startTask("POST", "/accounts/v1/"+account.ID+"/unlock", `{"unlockIDNAccount":false}`)))
	if *task.CompletionStatus != "SUCCESS" || h.account(account.ID).Locked {
		t.Errorf("task %s, account still locked: %v", mustJSON(t, task), h.account(account.ID).Locked)
	}
	flat := h.createAccount(flatFileAccount("e1", "Employee One"))
	h.server.LockISCAccount(flat.ID)
	task = h.settledTask(h.afterCompletion(h.startTask("POST", "/accounts/v1/"+flat.ID+"/unlock", `{}`)))
	if *task.CompletionStatus != "ERROR" || !h.account(flat.ID).Locked {
		t.Errorf("unlock on a source without UNLOCK: %s", mustJSON(t, task))
	}
}

// loadAccounts uploads file to the flat-file source and returns the aggregation's task id.
func (h *harness) loadAccounts(file string, fields ...string) string {
	h.t.Helper()
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, _ := form.CreateFormFile("file", "accounts.csv")
	_, _ = part.Write([]byte(file))
	for i := 0; i+1 < len(fields); i += 2 {
		_ = form.WriteField(fields[i], fields[i+1])
	}
	_ = form.Close()
	if h.token == "" {
		h.token = h.iscToken()
	}
	var accepted iscLoadAccountsTask
	h.send("POST", "/isc/sources/v1/"+ISCFlatFileSourceID+"/load-accounts", body.String(),
		"Authorization", "Bearer "+h.token, "Content-Type", form.FormDataContentType()).expect(h.t, http.StatusAccepted).decode(h.t, &accepted)
	if !accepted.Success || !iscIDPattern.MatchString(accepted.Task.ID) || accepted.Task.Name != "Cloud Account Aggregation" {
		h.t.Fatalf("load-accounts answered %s", mustJSON(h.t, accepted))
	}
	return accepted.Task.ID
}

func (h *harness) aggregationStatus(id string) ISCAggregationStatus {
	h.t.Helper()
	var status ISCAggregationStatus
	h.isc("GET", "/account-aggregations/v1/"+id+"/status", "").expect(h.t, http.StatusOK).decode(h.t, &status)
	return status
}

func TestISCAggregationAddsChangesAndRemoves(t *testing.T) {
	h := newHarness(t)
	kept := h.createAccount(flatFileAccount("e1", "Employee One"))
	h.createAccount(flatFileAccount("e2", "Employee Two"))
	removed := h.createAccount(flatFileAccount("e3", "Employee Three"))
	file := "id,displayName,email,groups,badge\n" +
		"e1,Employee One,e1@example.com,,7\n" + // unchanged
		"e2,Employee 2,e2@example.com,staff|vpn,8\n" + // changed
		"e4,Employee Four,,staff,9\n" + // new
		",No Identity,,,\n"
	id := h.loadAccounts(file)
	h.clock.Advance(100 * time.Millisecond)
	if status := h.aggregationStatus(id); status.Status != "STARTED" || status.TotalAccounts != nil {
		t.Errorf("at first: %s", mustJSON(t, status))
	}
	h.clock.Advance(1000 * time.Millisecond)
	if status := h.aggregationStatus(id); status.Status != "ACCOUNTS_COLLECTED" || *status.TotalAccounts != 3 || *status.ProcessedAccounts >= 3 {
		t.Errorf("collected: %s", mustJSON(t, status))
	}
	h.clock.Advance(1000 * time.Millisecond)
	task := h.settledTask(id)
	status := h.aggregationStatus(id)
	if status.Status != "COMPLETED" || *status.ProcessedAccounts != 3 || *status.DeletedAccounts != 1 {
		t.Errorf("completed: %s", mustJSON(t, status))
	}
	if *task.CompletionStatus != "WARNING" || task.Messages[0].Type != "WARN" || task.Attributes["created"] != float64(1) ||
		task.Attributes["updated"] != float64(1) || task.Attributes["deleted"] != float64(1) || task.Attributes["optimized"] != float64(1) ||
		task.Attributes["ignored"] != float64(1) || task.Attributes["total"] != float64(4) {
		t.Errorf("task: %s", mustJSON(t, task))
	}
	identities := nativeIdentities(h.accounts(`sourceId eq "` + ISCFlatFileSourceID + `"`))
	slices.Sort(identities)
	if !slices.Equal(identities, []string{"e1", "e2", "e4"}) {
		t.Errorf("accounts after the aggregation: %v", identities)
	}
	if h.account(kept.ID).Modified != kept.Modified || h.isc("GET", "/accounts/v1/"+removed.ID, "").status != http.StatusNotFound {
		t.Error("an unchanged account was touched, or a removed one is still there")
	}

	// With optimization disabled every account in the file is processed again.
	id = h.loadAccounts("id,displayName,email\ne1,Employee One,e1@example.com\n", "disableOptimization", "true")
	h.clock.Advance(2100 * time.Millisecond)
	if task := h.settledTask(id); task.Attributes["updated"] != float64(1) || task.Attributes["optimizedAggregation"] != "disabled" {
		t.Errorf("unoptimized: %s", mustJSON(t, task))
	}
}

func TestISCAggregationOfABadFileFails(t *testing.T) {
	h := newHarness(t)
	h.createAccount(flatFileAccount("e1", "Employee One"))
	id := h.loadAccounts("displayName,email\nOne,e1@example.com\n")
	h.clock.Advance(2100 * time.Millisecond)
	task := h.settledTask(id)
	if *task.CompletionStatus != "ERROR" || task.Messages[0].LocalizedText.Message != `The file has no column "id", the identity attribute of source 'HR Flat File'.` {
		t.Errorf("task: %s", mustJSON(t, task))
	}
	if len(h.accounts(`sourceId eq "`+ISCFlatFileSourceID+`"`)) != 1 {
		t.Error("a failed aggregation changed the accounts")
	}
	h.isc("POST", "/sources/v1/"+ISCFlatFileSourceID+"/load-accounts", "{}").expect(t, http.StatusBadRequest) // no file
	h.isc("GET", "/account-aggregations/v1/ffffffffffffffffffffffffffffffff/status", "").expect(t, http.StatusNotFound)
}

var (
	// apis/account-aggregations/schemas/accountaggregationstatus.yaml: nothing required, start
	// nullable.
	iscAggregationStatusContract = objectContract{schema: "accountaggregationstatus.yaml", nullable: []string{"start"}}
	// LoadAccountsTask and LoadAccountsTaskTask (SailPoint's SDK reference; the schema file is
	// not among the excerpts): nothing required; the task's dates and status are null until it
	// ends.
	iscLoadAccountsTaskContract = objectContract{schema: "LoadAccountsTask (SDK reference)", required: []string{"success", "task"},
		nested: map[string]objectContract{"task": {schema: "LoadAccountsTaskTask", required: []string{"id", "name", "returns"},
			nullable: []string{"completed", "completionStatus", "parentName", "launched", "progress"}}}}
)

func TestISCOperationAnswersFollowTheVendorSchemas(t *testing.T) {
	h := newHarness(t)
	account := h.createAccount(directAccount("c1"))
	for _, operation := range []string{"reload", "unlock"} {
		h.isc("POST", "/accounts/v1/"+account.ID+"/"+operation, "{}").expect(t, http.StatusAccepted).conforms(t, operation, iscAsyncResultContract)
		h.isc("POST", "/v3/accounts/ffffffffffffffffffffffffffffffff/"+operation, "{}").expect(t, http.StatusNotFound).conforms(t, "404 "+operation, iscErrorContract)
	}
	id := h.loadAccounts("id,displayName\ne1,One\n")
	h.clock.Advance(100 * time.Millisecond)
	h.isc("GET", "/account-aggregations/v1/"+id+"/status", "").expect(t, http.StatusOK).conforms(t, "STARTED", iscAggregationStatusContract)
	h.isc("GET", "/task-status/v1/"+id, "").expect(t, http.StatusOK).conforms(t, "aggregation task", iscTaskStatusContract)
	apiClient := h.tokenFor(iscClients[1])
	h.iscAs(apiClient, "GET", "/account-aggregations/v1/"+id+"/status", "").expect(t, http.StatusForbidden).conforms(t, "403 status", iscErrorContract)
	h.iscAs(apiClient, "POST", "/sources/v1/"+ISCFlatFileSourceID+"/load-accounts", "").expect(t, http.StatusForbidden) // no idn:sources:manage
	h.clock.Advance(2 * time.Second)
	h.isc("GET", "/account-aggregations/v1/"+id+"/status", "").expect(t, http.StatusOK).conforms(t, "COMPLETED", iscAggregationStatusContract)
}

func TestISCLoadAccountsAnswerFollowsTheSDKSchema(t *testing.T) {
	h := newHarness(t)
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, _ := form.CreateFormFile("file", "hr.csv")
	_, _ = part.Write([]byte("id\ne1\n"))
	_ = form.Close()
	h.token = h.iscToken()
	h.send("POST", "/isc/v3/sources/"+ISCFlatFileSourceID+"/load-accounts", body.String(), "Authorization", "Bearer "+h.token,
		"Content-Type", form.FormDataContentType()).expect(t, http.StatusAccepted).conforms(t, "load-accounts", iscLoadAccountsTaskContract)
}

// A direct source's aggregation reads the connector's records: no file, and accounts the
// system no longer has are removed.
func TestISCAggregationOfADirectSourceReadsItsSystem(t *testing.T) {
	h := newHarness(t)
	kept := h.createAccount(directAccount("kept"))
	gone := h.createAccount(directAccount("gone"))
	h.server.SetISCSourceRecord(ISCDirectSourceID, map[string]any{"sAMAccountName": "kept", "displayName": "Kept", "mail": "kept@example.com"})
	h.server.SetISCSourceRecord(ISCDirectSourceID, map[string]any{"sAMAccountName": "new", "displayName": "New"})
	var accepted iscLoadAccountsTask
	h.isc("POST", "/sources/v1/"+ISCDirectSourceID+"/load-accounts", "").expect(t, http.StatusAccepted).decode(t, &accepted)
	h.clock.Advance(2100 * time.Millisecond)
	task := h.settledTask(accepted.Task.ID)
	if *task.CompletionStatus != "SUCCESS" || task.Attributes["created"] != float64(1) || task.Attributes["updated"] != float64(1) || task.Attributes["deleted"] != float64(1) {
		t.Fatalf("task: %s", mustJSON(t, task))
	}
	if h.account(kept.ID).Attributes["mail"] != "kept@example.com" || h.isc("GET", "/accounts/v1/"+gone.ID, "").status != http.StatusNotFound {
		t.Error("the aggregation did not take up the system's records")
	}
}
