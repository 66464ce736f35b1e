package fakeserver

import (
	"net/http"
	"reflect"
	"testing"
)

func TestISCMultiValuedAttributesReadInAnotherOrder(t *testing.T) {
	h := newHarness(t)
	body := accountBody(map[string]any{"sourceId": ISCDirectSourceID, "sAMAccountName": "mv", "memberOf": []string{"CN=b", "CN=c", "CN=a"}, "mail": "mv@example.com"})
	created := h.createAccount(body)

	want := []any{"CN=c", "CN=b", "CN=a"}
	if got := h.account(created.ID).Attributes["memberOf"]; !reflect.DeepEqual(got, want) {
		t.Errorf("GET memberOf = %v, want %v", got, want)
	}
	if got := h.accounts(`nativeIdentity eq "mv"`)[0].Attributes["memberOf"]; !reflect.DeepEqual(got, want) {
		t.Errorf("list memberOf = %v, want %v", got, want)
	}
	if got := h.account(created.ID).Attributes["mail"]; got != "mv@example.com" {
		t.Errorf("single-valued mail = %v", got)
	}
	stored := h.server.State().ISC.Accounts[0].Attributes["memberOf"]
	if !reflect.DeepEqual(stored, []any{"CN=b", "CN=c", "CN=a"}) {
		t.Errorf("stored memberOf = %v, want it as sent", stored)
	}

	h.server.SetISCAccountAttribute(created.ID, "memberOf", []string{"CN=only"})
	if got := h.account(created.ID).Attributes["memberOf"]; got != "CN=only" {
		t.Errorf("one-value memberOf = %#v, want a plain string", got)
	}
}

func TestISCReplaceStoresAttributesExactlyAsSent(t *testing.T) {
	h := newHarness(t)
	created := h.createAccount(accountBody(map[string]any{"sourceId": ISCFlatFileSourceID, "id": "9001", "displayName": "Flag", "IIQDisabled": "true"}))
	if !created.Disabled {
		t.Errorf("created with IIQDisabled true = %s, want disabled", mustJSON(t, created))
	}
	tests := []struct {
		name       string
		attributes map[string]any
		disabled   bool
	}{
		{"IIQDisabled true", map[string]any{"id": "9001", "displayName": "Flag", "IIQDisabled": "true"}, true},
		{"IIQDisabled false", map[string]any{"id": "9001", "displayName": "Flag", "IIQDisabled": "false"}, false},
		{"IIQDisabled absent", map[string]any{"id": "9001", "displayName": "Flag"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t)
			h.startTask("PUT", "/accounts/v1/"+created.ID, accountBody(tt.attributes))
			h.finishTasks()
			got := h.account(created.ID)
			if got.Disabled != tt.disabled || !reflect.DeepEqual(got.Attributes, tt.attributes) {
				t.Errorf("account = %s, want attributes %v and disabled %v", mustJSON(t, got), tt.attributes, tt.disabled)
			}
		})
	}
	h.startTask("POST", "/accounts/v1/"+created.ID+"/disable", "{}")
	h.finishTasks()
	if got := h.account(created.ID); !got.Disabled || got.Attributes["IIQDisabled"] != "true" {
		t.Errorf("after disable = %s", mustJSON(t, got))
	}
}

// A delete accepted while another is pending fails once the first removed the account; the
// provider's tests rely on this message.
func TestISCSecondPendingDeleteFails(t *testing.T) {
	h := newHarness(t)
	created := h.createAccount(flatFileAccount("9101", "Twice"))
	first := h.startTask("DELETE", "/accounts/v1/"+created.ID, "")
	second := h.startTask("DELETE", "/accounts/v1/"+created.ID, "")
	h.finishTasks()
	if task := h.settledTask(first); *task.CompletionStatus != "SUCCESS" {
		t.Errorf("first delete = %s", mustJSON(t, task))
	}
	if task := h.settledTask(second); *task.CompletionStatus != "ERROR" || task.Messages[0].LocalizedText.Message != "Account "+created.ID+" was not found." {
		t.Errorf("second delete = %s", mustJSON(t, task))
	}
	h.isc("DELETE", "/accounts/v1/"+created.ID, "").expect(t, http.StatusNotFound)
}
