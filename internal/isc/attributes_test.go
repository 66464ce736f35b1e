package isc

import (
	"encoding/json"
	"fmt"
	"testing"
)

// The merge keeps what ISC manages itself: a PUT replaces every attribute, and one without
// IIQDisabled would enable a disabled account.
func TestMergeKeepsUnmanagedAndServerManagedAttributesAndDropsRemovedOnes(t *testing.T) {
	server := map[string]any{"id": "j", "displayName": "Old", "lastLogin": "x", "nickname": "jj", "IIQDisabled": "false"}
	held := map[string]any{"id": "j", "displayName": "Old", "nickname": "jj"}
	wanted := map[string]any{"id": "j", "displayName": "New"}
	got := mergeAttributes(server, held, wanted)
	want := map[string]any{"id": "j", "displayName": "New", "lastLogin": "x", "IIQDisabled": "false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestRefreshComparesOnlyManagedAttributes(t *testing.T) {
	prior := dynamicFrom(map[string]any{"id": "j", "groups": []string{"a", "b"}})
	same := refreshAttributes(prior, map[string]any{"id": "j", "groups": []any{"a", "b"}, "IIQDisabled": "false", "extra": "x"})
	if !same.Equal(prior) {
		t.Errorf("server additions changed the value: %v", same)
	}
	drifted := refreshAttributes(prior, map[string]any{"id": "j", "groups": []any{"a"}})
	want := dynamicFrom(map[string]any{"id": "j", "groups": []string{"a"}})
	if !drifted.Equal(want) {
		t.Errorf("got %v, want %v", drifted, want)
	}
	if gone := refreshAttributes(prior, map[string]any{"groups": []any{"a", "b"}}); gone.Equal(prior) {
		t.Error("a managed attribute removed on the server went unnoticed")
	}
}

// Multi-valued attributes are sets, and a single value may come back as a string: neither a
// reordered list nor a one-element list returned as a string is drift.
func TestRefreshComparesMultiValuedAttributesAsSets(t *testing.T) {
	prior := dynamicFrom(map[string]any{"id": "j", "groups": []string{"staff", "vpn"}, "roles": []string{"admin"}})
	refreshed := refreshAttributes(prior, map[string]any{"id": "j", "groups": []any{"vpn", "staff"}, "roles": "admin"})
	if !refreshed.Equal(prior) {
		t.Errorf("a reordered or string-shaped value showed as drift: %v", refreshed)
	}
	if !sameValue("a", []string{"a"}) || sameValue([]string{"a", "b"}, []string{"a"}) {
		t.Error("sameValue does not compare values as sets")
	}
}

// The source's schema, in either of ISC's spellings, makes an attribute whose one value ISC
// returns as a string a list on import; without a schema it stays a string.
func TestImportShapesMultiValuedAttributesAsTheSchemaSays(t *testing.T) {
	var schema AccountSchema
	raw := `{"name": "account", "identityAttribute": "id", "attributes": [
		{"name": "id"}, {"name": "groups", "isMulti": true}, {"name": "roles", "isMultiValued": true}]}`
	if err := json.Unmarshal([]byte(raw), &schema); err != nil {
		t.Fatal(err)
	}
	server := map[string]any{"id": "j", "groups": "staff", "roles": []any{"b", "a"}, "IIQDisabled": "false"}
	want := dynamicFrom(map[string]any{"id": "j", "groups": []string{"staff"}, "roles": []string{"a", "b"}})
	if got := importedAttributes(server, &schema); !got.Equal(want) {
		t.Errorf("with the schema: got %v, want %v", got, want)
	}
	want = dynamicFrom(map[string]any{"id": "j", "groups": "staff", "roles": []string{"a", "b"}})
	if got := importedAttributes(server, nil); !got.Equal(want) {
		t.Errorf("without a schema: got %v, want %v", got, want)
	}
}

// Drift keeps the shape the state held: a list whose one value ISC returns as a string stays a
// list, so the plan shows the values that changed, not a change of shape.
func TestRefreshKeepsTheHeldShapeOfDriftedValues(t *testing.T) {
	prior := dynamicFrom(map[string]any{"id": "j", "groups": []string{"staff", "vpn"}})
	want := dynamicFrom(map[string]any{"id": "j", "groups": []string{"staff"}})
	if got := refreshAttributes(prior, map[string]any{"id": "j", "groups": "staff"}); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
