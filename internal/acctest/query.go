package acctest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// QueryVersions skip a test on Terraform before 1.14, which has no terraform query, and on
// OpenTofu, which has no list resources whatever its version.
var QueryVersions = []tfversion.TerraformVersionCheck{skipOnOpenTofu{"list resources (terraform query)"}, tfversion.SkipBelow(tfversion.Version1_14_0)}

// IdentityVersions skip a test on Terraform before 1.12, which has no resource identity.
var IdentityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// ListBlock is a list block of terraform query for resourceType, served by this provider, with
// body (its config block, limit, include_resource) inside.
func ListBlock(resourceType, name, body string) string {
	return fmt.Sprintf("\nlist %q %q {\n  provider = accounts\n%s\n}\n", resourceType, name, body)
}

// ImportByIdentity is an import block that names the object at address by its resource identity
// (Terraform 1.12 and later).
func ImportByIdentity(address string, identity map[string]string) string {
	attributes := make([]string, 0, len(identity))
	for _, name := range slices.Sorted(maps.Keys(identity)) {
		attributes = append(attributes, fmt.Sprintf("%s = %q", name, identity[name]))
	}
	return fmt.Sprintf("\nimport {\n  to       = %s\n  identity = { %s }\n}\n", address, strings.Join(attributes, ", "))
}

// QueryCheck is a query step check written as a function of every result terraform query found.
type QueryCheck func(results []tfjson.ListResourceFoundData) error

// CheckQuery implements querycheck.QueryResultCheck.
func (c QueryCheck) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = c(req.Query)
}

// ResultsOf are the results of one list block, by its address, such as "accounts_isc_account.all".
func ResultsOf(results []tfjson.ListResourceFoundData, address string) []tfjson.ListResourceFoundData {
	var found []tfjson.ListResourceFoundData
	for _, r := range results {
		if strings.TrimPrefix(r.Address, "list.") == address {
			found = append(found, r)
		}
	}
	return found
}

// CaptureState keeps the attribute values of a resource in state, as terraform show -json gives
// them, for a later step to compare with.
func CaptureState(address string, values *map[string]any) statecheck.StateCheck {
	return captureState{address: address, values: values}
}

type captureState struct {
	address string
	values  *map[string]any
}

func (c captureState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = errors.New("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.address {
			*c.values = r.AttributeValues
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in state", c.address)
}

// SameIdentities checks that results carry exactly the identities whose attribute name holds
// want, in order.
func SameIdentities(results []tfjson.ListResourceFoundData, name string, want []string) error {
	got := make([]string, len(results))
	for i, r := range results {
		got[i], _ = r.Identity[name].(string)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("results identify %d objects %v…, want %d %v…", len(got), got[:min(3, len(got))], len(want), want[:min(3, len(want))])
	}
	return nil
}

// ExpectResourceAsRead checks that the only result of a list block carries, with
// include_resource, the very object Read held in state (see CaptureState).
func ExpectResourceAsRead(address string, read *map[string]any) QueryCheck {
	return func(results []tfjson.ListResourceFoundData) error {
		found := ResultsOf(results, address)
		if len(found) != 1 {
			return fmt.Errorf("%s found %d results, want 1", address, len(found))
		}
		if got := found[0].ResourceObject; !reflect.DeepEqual(got, *read) {
			return fmt.Errorf("include_resource gives\n%v\nRead holds\n%v", got, *read)
		}
		return nil
	}
}

// RequestsDuring counts the requests a step makes: mark, the step's PreConfig, notes the count so
// far, and check, one of its query checks, asserts how many more got past fault injection.
func (f *Fake) RequestsDuring(api, method, pathPrefix string, want int) (mark func(), check QueryCheck) {
	before := 0
	mark = func() { before = f.RequestCount(api, method, pathPrefix) }
	check = func([]tfjson.ListResourceFoundData) error {
		if n := f.RequestCount(api, method, pathPrefix) - before; n != want {
			return fmt.Errorf("the query sent %d %s %s%s requests, want %d", n, method, api, pathPrefix, want)
		}
		return nil
	}
	return mark, check
}
