package fakeserver

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// objectContract mirrors one object schema of SailPoint's OpenAPI documents by hand (the tests
// must not read ../shared): the properties it requires and the ones it allows to be null.
// nested holds the contracts of object-valued properties, applied to each element of arrays.
type objectContract struct {
	schema   string // the vendor schema file(s) mirrored
	required []string
	nullable []string
	nested   map[string]objectContract
}

var (
	// apis/accounts/schemas/account.yaml and v3/schemas/Account.yaml, both allOf with
	// v3/schemas/BaseCommonDto.yaml (name required and nullable). ownerIdentity and
	// recommendation are allOf + nullable, which does not allow null: they must be absent.
	iscAccountContract = objectContract{
		schema: "apis/accounts/schemas/account.yaml, v3/schemas/Account.yaml, v3/schemas/BaseCommonDto.yaml",
		required: []string{"name", "sourceId", "sourceName", "attributes", "authoritative", "disabled", "locked",
			"nativeIdentity", "systemAccount", "uncorrelated", "manuallyCorrelated", "hasEntitlements"},
		nullable: []string{"name", "sourceName", "cloudLifecycleState", "identityState", "connectionType", "attributes",
			"description", "uuid", "sourceOwner", "features", "origin"},
		nested: map[string]objectContract{
			"identity":    {schema: "Account.yaml identity"},
			"sourceOwner": {schema: "Account.yaml sourceOwner"},
		},
	}
	// apis/task-management/schemas/taskstatus.yaml and beta/schemas/TaskStatus.yaml (the same
	// rules); target is apis/task-management/schemas/target.yaml, beta/schemas/Target.yaml.
	iscTaskStatusContract = objectContract{
		schema: "apis/task-management/schemas/taskstatus.yaml, beta/schemas/TaskStatus.yaml",
		required: []string{"id", "type", "uniqueName", "description", "parentName", "attributes", "created", "modified",
			"launched", "launcher", "completed", "completionStatus", "messages", "progress", "percentComplete", "returns"},
		nullable: []string{"parentName", "target", "modified", "launched", "completed", "completionStatus", "progress"},
		nested: map[string]objectContract{
			"target": {schema: "target.yaml", nullable: []string{"type"}},
		},
	}
	// apis/sources/schemas/source.yaml: name, owner and connector required; owner nullable.
	iscSourceContract = objectContract{
		schema: "apis/sources/schemas/source.yaml", required: []string{"id", "name", "owner", "connector", "type"},
		nullable: []string{"owner"}, nested: map[string]objectContract{"owner": {schema: "source.yaml owner"}},
	}
	// v3/schemas/Schema.yaml, stricter than apis/sources/schemas/schema.yaml (which also allows
	// null hierarchyAttribute and modified): nothing may be null.
	iscSchemaContract = objectContract{schema: "v3/schemas/Schema.yaml, apis/sources/schemas/schema.yaml"}
	// v3/schemas/ErrorResponseDto.yaml with v3/schemas/ErrorMessageDto.yaml (locale nullable;
	// LocaleOrigin, not among the excerpts, is an enum including null per api-lifecycles §4).
	iscErrorContract = objectContract{
		schema: "v3/schemas/ErrorResponseDto.yaml",
		nested: map[string]objectContract{
			"messages": {schema: "v3/schemas/ErrorMessageDto.yaml", nullable: []string{"locale", "localeOrigin"}},
			"causes":   {schema: "v3/schemas/ErrorMessageDto.yaml", nullable: []string{"locale", "localeOrigin"}},
		},
	}
	// apis/accounts/schemas/accountsasyncresult.yaml, v3/schemas/AccountsAsyncResult.yaml.
	iscAsyncResultContract = objectContract{schema: "accountsasyncresult.yaml, AccountsAsyncResult.yaml", required: []string{"id"}}
	// The token response has no schema among the excerpts; this mirrors authentication.md as
	// summarised in api-lifecycles §4 (user_id and identity_id only for personal access tokens).
	iscTokenContract = objectContract{
		schema: "developer.sailpoint.com docs/api/authentication.md (api-lifecycles §4)",
		required: []string{"access_token", "token_type", "expires_in", "scope", "tenant_id", "internal", "pod",
			"strong_auth_supported", "org", "strong_auth", "enabled", "jti"},
	}
)

// problems lists every required property missing and every null the contract does not allow.
func (c objectContract) problems(where string, value any) []string {
	object, isObject := value.(map[string]any)
	if !isObject {
		return []string{fmt.Sprintf("%s: %v is not an object (%s)", where, value, c.schema)}
	}
	var found []string
	for _, name := range c.required {
		if _, present := object[name]; !present {
			found = append(found, fmt.Sprintf("%s: required %q missing (%s)", where, name, c.schema))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(object)) {
		v := object[name]
		if v == nil && !slices.Contains(c.nullable, name) {
			found = append(found, fmt.Sprintf("%s: %q is null, which %s does not allow", where, name, c.schema))
		}
		if nested, isNested := c.nested[name]; isNested && v != nil {
			found = append(found, nested.problemsEach(where+"."+name, v)...)
		}
	}
	return found
}

// problemsEach checks an object, or each element of an array.
func (c objectContract) problemsEach(where string, value any) []string {
	list, isList := value.([]any)
	if !isList {
		return c.problems(where, value)
	}
	var found []string
	for i, item := range list {
		found = append(found, c.problems(where+"["+strconv.Itoa(i)+"]", item)...)
	}
	return found
}

// conforms decodes an answer and checks it against contract.
func (r response) conforms(t *testing.T, where string, contract objectContract) {
	t.Helper()
	var body any
	r.decode(t, &body)
	if list, isList := body.([]any); isList && len(list) == 0 {
		t.Errorf("%s: empty list, nothing checked", where)
	}
	for _, problem := range contract.problemsEach(where, body) {
		t.Error(problem)
	}
}

func TestISCAnswersFollowTheVendorSchemas(t *testing.T) {
	h := newHarness(t)
	var pat, app iscTokenResponse
	patToken := h.send("POST", "/isc/oauth/token", iscCredentialsForm, "Content-Type", formContentType).expect(t, http.StatusOK)
	patToken.conforms(t, "PAT token", iscTokenContract)
	patToken.decode(t, &pat)
	appForm := "grant_type=client_credentials&client_id=" + ISCAPIClientID + "&client_secret=" + ISCAPIClientSecret
	appToken := h.send("POST", "/isc/oauth/token", appForm, "Content-Type", formContentType).expect(t, http.StatusOK)
	appToken.conforms(t, "API client token", iscTokenContract)
	appToken.decode(t, &app)
	h.token = pat.AccessToken

	created := h.isc("POST", "/accounts/v1", flatFileAccount("c1", "Contract")).expect(t, http.StatusAccepted)
	created.conforms(t, "POST /accounts/v1", iscAsyncResultContract)
	var task struct{ ID string }
	created.decode(t, &task)
	h.isc("POST", "/v3/accounts", directAccount("c2")).expect(t, http.StatusAccepted).conforms(t, "POST /v3/accounts", iscAsyncResultContract)
	h.isc("GET", "/task-status/v1/"+task.ID, "").expect(t, http.StatusNotFound).conforms(t, "404 task", iscErrorContract)

	h.clock.Advance(50 * time.Millisecond) // visible and running
	h.checkTaskReads(t, task.ID, "running")
	h.finishTasks()
	h.checkTaskReads(t, task.ID, "completed without status")
	h.checkTaskReads(t, task.ID, "settled")

	for _, path := range []string{"/accounts/v1", "/v3/accounts", "/accounts/v1?detailLevel=SLIM", "/v3/accounts?count=true"} {
		h.isc("GET", path, "").expect(t, http.StatusOK).conforms(t, "GET "+path, iscAccountContract)
	}
	id := h.accounts(`nativeIdentity eq "c1"`)[0].ID
	for _, prefix := range []string{"/accounts/v1/", "/v3/accounts/"} {
		h.isc("GET", prefix+id, "").expect(t, http.StatusOK).conforms(t, "GET "+prefix+"{id}", iscAccountContract)
		h.isc("PUT", prefix+id, flatFileAccount("c1", "Renamed")).expect(t, http.StatusAccepted).conforms(t, "PUT "+prefix, iscAsyncResultContract)
		h.isc("POST", prefix+id+"/disable", "{}").expect(t, http.StatusAccepted).conforms(t, "disable "+prefix, iscAsyncResultContract)
		h.isc("POST", prefix+id+"/enable", "").expect(t, http.StatusAccepted).conforms(t, "enable "+prefix, iscAsyncResultContract)
		h.isc("GET", prefix+"ffffffffffffffffffffffffffffffff", "").expect(t, http.StatusNotFound).conforms(t, "404 account", iscErrorContract)
	}
	for _, path := range []string{"/sources/v1/" + ISCFlatFileSourceID + "/schemas", "/v3/sources/" + ISCDirectSourceID + "/schemas"} {
		h.isc("GET", path, "").expect(t, http.StatusOK).conforms(t, "GET "+path, iscSchemaContract)
		h.iscAs(app.AccessToken, "GET", path, "").expect(t, http.StatusForbidden).conforms(t, "403 "+path, iscErrorContract)
	}
	for _, path := range []string{"/sources/v1", "/v3/sources?filters=" + url.QueryEscape(`name eq "HR Flat File"`), "/sources/v1/" + ISCDirectSourceID} {
		h.iscAs(app.AccessToken, "GET", path, "").expect(t, http.StatusOK).conforms(t, "GET "+path, iscSourceContract)
	}
	h.isc("GET", "/sources/v1/ffffffffffffffffffffffffffffffff", "").expect(t, http.StatusNotFound).conforms(t, "404 source", iscErrorContract)
	h.isc("GET", "/accounts/v1?filters="+url.QueryEscape("bogus"), "").expect(t, http.StatusBadRequest).conforms(t, "400", iscErrorContract)

	h.server.AddFault(Fault{API: APIISC, Method: "DELETE", TaskOutcome: iscTaskError, TaskMessages: []string{"Connector refused"}, Times: 1})
	h.isc("DELETE", "/accounts/v1/"+id, "").expect(t, http.StatusAccepted).conforms(t, "DELETE", iscAsyncResultContract)
	h.finishTasks()
	for range 2 {
		h.isc("GET", "/task-status/v1", "").expect(t, http.StatusOK).conforms(t, "failed task list", iscTaskStatusContract)
	}
}

// checkTaskReads reads the task through every task-status path, by id and in lists.
func (h *harness) checkTaskReads(t *testing.T, id, stage string) {
	t.Helper()
	for _, prefix := range []string{"/task-status/v1", "/v2025/task-status", "/beta/task-status"} {
		h.isc("GET", prefix+"/"+id, "").expect(t, http.StatusOK).conforms(t, stage+" "+prefix+"/{id}", iscTaskStatusContract)
		if prefix != "/beta/task-status" || stage != "running" { // beta lists completed tasks only
			h.isc("GET", prefix, "").expect(t, http.StatusOK).conforms(t, stage+" "+prefix, iscTaskStatusContract)
		}
	}
}

// The contract checks themselves catch the breaks the fake used to have.
func TestISCContractChecksCatchDisallowedNulls(t *testing.T) {
	bad := map[string]any{"name": "n", "sourceId": "s", "sourceName": "x", "attributes": nil, "authoritative": false,
		"disabled": false, "locked": false, "nativeIdentity": "n", "systemAccount": false, "uncorrelated": false,
		"manuallyCorrelated": false, "hasEntitlements": false, "ownerIdentity": nil}
	if problems := iscAccountContract.problems("account", bad); len(problems) != 1 {
		t.Errorf("problems = %v, want only the null ownerIdentity", problems)
	}
	if problems := iscSchemaContract.problems("schema", map[string]any{"hierarchyAttribute": nil}); len(problems) != 1 {
		t.Errorf("problems = %v, want the null hierarchyAttribute", problems)
	}
}
