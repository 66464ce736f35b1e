package fakeserver

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"testing"
	"time"
)

// contractField is one property of a vendor schema: its JSON kind, whether the schema requires
// it, its enum, and for objects and arrays of objects the schema of the nested value. No Teal
// property is nullable, so null is never accepted.
type contractField struct {
	kind     string // "string", "date-time", "boolean", "integer", "integers", "strings", "object", "objects"
	required bool
	enum     []string
	schema   string
}

// tealContract mirrors the schemas of the seed teal-create-payroll-account.txt (OpenAPI
// "Payroll API" 1.0.0, POST /accounts): Accounts result, the create answer's additions, the
// three MfaMethod variants and Error. The list envelope and Pagination follow Teal's list pages
// (api-lifecycles §3). A property the schema does not define is a violation too: the fake must
// not invent fields, user_id on an account above all.
var tealContract = map[string]map[string]contractField{
	"AccountsResult": accountsResult,
	"CreatedAccount": extendedWith(accountsResult, map[string]contractField{
		"authorization_url": {kind: "string"},
		"mfa_method":        {kind: "object", schema: "MfaMethod"},
	}),
	"CodeMfa": {
		"type":   {kind: "string", required: true, enum: []string{"Code"}},
		"source": {kind: "string", required: true, enum: []string{"SMS", "EMAIL", "AUTHENTICATOR_APP"}},
	},
	"DateMfa": {
		"type":    {kind: "string", required: true, enum: []string{"Date"}},
		"format":  {kind: "string", required: true},
		"message": {kind: "string", required: true},
	},
	"PasswordWithPositions": {
		"type":      {kind: "string", required: true, enum: []string{"PasswordWithPositions"}},
		"positions": {kind: "integers", required: true},
		"message":   {kind: "string", required: true},
	},
	"Error": {
		"errors": {kind: "strings", required: true},
	},
	"AccountsList": {
		"pagination": {kind: "object", required: true, schema: "Pagination"},
		"accounts":   {kind: "objects", required: true, schema: "AccountsResult"},
	},
	// Inferred, as the route is: Teal documents no provider list. The fields are those account
	// creation takes and answers (payroll_provider, extra_login_params, mfa_method).
	"PayrollProvidersList": {
		"pagination":        {kind: "object", required: true, schema: "Pagination"},
		"payroll_providers": {kind: "objects", required: true, schema: "PayrollProvider"},
	},
	"PayrollProvider": {
		"name":                        {kind: "string", required: true},
		"login_method":                {kind: "string", required: true, enum: []string{"credentials", "oauth2"}},
		"mfa_method":                  {kind: "object", schema: "MfaMethod"},
		"required_extra_login_params": {kind: "strings", required: true},
	},
	"Pagination": {
		"offset":      {kind: "integer", required: true},
		"limit":       {kind: "integer", required: true},
		"count":       {kind: "integer", required: true},
		"total_count": {kind: "integer", required: true},
	},
}

var accountsResult = map[string]contractField{
	"account_id":       {kind: "string", required: true},
	"payroll_provider": {kind: "string", required: true},
	"user_name":        {kind: "string", required: true},
	"created_at":       {kind: "date-time", required: true},
	"status":           {kind: "string"},
	"mfa_enabled":      {kind: "boolean"},
	"latest_pay_date":  {kind: "date-time"},
}

// extendedWith is the seed's allOf: a schema plus more properties.
func extendedWith(base, more map[string]contractField) map[string]contractField {
	merged := maps.Clone(base)
	maps.Copy(merged, more)
	return merged
}

// mfaVariant resolves MfaMethod's discriminator the way the seed maps it.
func mfaVariant(object map[string]any) string {
	return map[any]string{"Code": "CodeMfa", "Date": "DateMfa", "PasswordWithPositions": "PasswordWithPositions"}[object["type"]]
}

// contractViolations lists where value breaks the named schema.
func contractViolations(schema string, value any) []string {
	object, isObject := value.(map[string]any)
	if !isObject {
		return []string{schema + " is not an object"}
	}
	if schema == "MfaMethod" {
		if schema = mfaVariant(object); schema == "" {
			return []string{fmt.Sprintf("MfaMethod type %v matches no variant", object["type"])}
		}
	}
	fields := tealContract[schema]
	var problems []string
	for name, field := range fields {
		v, present := object[name]
		switch {
		case !present && field.required:
			problems = append(problems, fmt.Sprintf("%s.%s is required", schema, name))
		case present:
			problems = append(problems, fieldViolations(schema+"."+name, field, v)...)
		}
	}
	for name := range object {
		if _, defined := fields[name]; !defined {
			problems = append(problems, fmt.Sprintf("%s.%s is not in the schema", schema, name))
		}
	}
	sort.Strings(problems)
	return problems
}

func fieldViolations(where string, field contractField, v any) []string {
	wrong := []string{fmt.Sprintf("%s = %v is not a valid %s", where, v, field.kind)}
	switch field.kind {
	case "string", "date-time":
		s, isString := v.(string)
		if !isString || (field.kind == "date-time" && !isDateTime(s)) {
			return wrong
		}
		if field.enum != nil && !slices.Contains(field.enum, s) {
			return []string{fmt.Sprintf("%s = %q is not one of %v", where, s, field.enum)}
		}
	case "boolean":
		if _, isBool := v.(bool); !isBool {
			return wrong
		}
	case "integer":
		if n, isNumber := v.(float64); !isNumber || n != float64(int64(n)) {
			return wrong
		}
	case "integers", "strings", "objects":
		return arrayViolations(where, field, v)
	case "object":
		return contractViolations(field.schema, v)
	}
	return nil
}

func arrayViolations(where string, field contractField, v any) []string {
	items, isArray := v.([]any)
	if !isArray {
		return []string{where + " is not an array"}
	}
	itemField := contractField{kind: map[string]string{"integers": "integer", "strings": "string", "objects": "object"}[field.kind], schema: field.schema}
	var problems []string
	for i, item := range items {
		problems = append(problems, fieldViolations(fmt.Sprintf("%s[%d]", where, i), itemField, item)...)
	}
	return problems
}

func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// expectContract fails the test when the body breaks the named seed schema.
func (r response) expectContract(t *testing.T, schema string) response {
	t.Helper()
	var body any
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	if problems := contractViolations(schema, body); len(problems) > 0 {
		t.Errorf("answer breaks the seed's %s schema: %v\nbody: %s", schema, problems, r.body)
	}
	return r
}

// The checker must be able to fail: each of these breaks the seed's schemas once.
func TestTealContractCheckerCatchesViolations(t *testing.T) {
	tests := []struct{ schema, body, want string }{
		{"AccountsResult", `{"payroll_provider":"x","user_name":"u","created_at":"2024-01-01T00:00:00.000Z"}`, "AccountsResult.account_id is required"},
		{"AccountsResult", `{"account_id":"a","payroll_provider":"x","user_name":"u","created_at":"2024-01-01T00:00:00.000Z","user_id":"u"}`, "AccountsResult.user_id is not in the schema"},
		{"AccountsResult", `{"account_id":"a","payroll_provider":"x","user_name":"u","created_at":"2024-01-01T00:00:00.000Z","latest_pay_date":null}`, "AccountsResult.latest_pay_date = <nil> is not a valid date-time"},
		{"CreatedAccount", `{"account_id":"a","payroll_provider":"x","user_name":"u","created_at":"2024-01-01T00:00:00.000Z","mfa_method":{"type":"Code","source":"PIGEON"}}`, `CodeMfa.source = "PIGEON" is not one of [SMS EMAIL AUTHENTICATOR_APP]`},
		{"CreatedAccount", `{"account_id":"a","payroll_provider":"x","user_name":"u","created_at":"2024-01-01T00:00:00.000Z","mfa_method":{"type":"PasswordWithPositions","message":"m"}}`, "PasswordWithPositions.positions is required"},
		{"Error", `{"errors":"one"}`, "Error.errors is not an array"},
		{"AccountsList", `{"pagination":{"offset":0,"limit":20,"count":0},"accounts":[]}`, "Pagination.total_count is required"},
	}
	for _, tt := range tests {
		var body any
		if err := json.Unmarshal([]byte(tt.body), &body); err != nil {
			t.Fatal(err)
		}
		if got := contractViolations(tt.schema, body); !slices.Contains(got, tt.want) {
			t.Errorf("%s %s: violations %v, want %q", tt.schema, tt.body, got, tt.want)
		}
	}
}
