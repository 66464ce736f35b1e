package main

import (
	"context"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

const parallelism = 10

// comparedRounds is how often the scenarios of a second or two that are compared with each other
// (B3OS, its peers, Terraform's baselines) run their phases: five runs' median moves by a few
// hundredths where one run moved by a tenth or more.
const comparedRounds = 5

// scenario is one measured configuration: the fake server's settings, the resources, and the
// phases run against them. Every phase's floor follows from the scenario's own settings.
type scenario struct {
	name      string
	n         int
	latencyMS int            // added to every API request
	fake      map[string]any // POST /_fake/config body
	env       map[string]string
	resources func(n int) string
	// setup runs unmeasured, without latency, before the phases: its seed, if any, then its phases.
	setup *scenario
	// seed puts the scenario's resources on the fake server and in the state without Terraform.
	seed   func(fake *fakeServer, dir string) error
	phases []string
	floor  func(phase string) time.Duration
	// baseline names the terraform_data row measuring Terraform's own time for this graph.
	baseline string
	// peerOf names the scenario this one repeats with another provider; floorOf, the scenario
	// this one repeats with the framework floor (floorpeer).
	peerOf, floorOf string
	// rounds runs the phases this many times over and keeps each phase's median (default 1):
	// for the scenarios compared with each other whose phases take a second or two.
	rounds int
}

const (
	phaseCreate  = "create"
	phaseRefresh = "refresh"
	phaseDestroy = "destroy"
	// phaseFill is a setup's refresh that completes a seeded state, as after an import.
	phaseFill = "fill"
	// phasePlan is a plan: the data sources are read, nothing is changed.
	phasePlan = "plan"
)

var allPhases = []string{phaseCreate, phaseRefresh, phaseDestroy}

// The settings the ISC scenarios share: SailPoint's documented 100 requests per 10 s.
const (
	iscRateLimit = 100
	iscWindow    = 10 * time.Second
	iscTask      = 2 * time.Second
)

// fewestRequests is what the floors count, printed under the table.
const fewestRequests = `floor: the fewest requests each phase needs, one per resource (the create or delete request, ` +
	`or one GET on refresh) with polls and lookups shared, sent ` + "10" + ` at a time as -parallelism=10 allows, each ` +
	`taking the scenario's latency; for ISC the larger of ceil(N/10) x task duration and N / rate limit`

func scenarios() []*scenario {
	b3os := &scenario{
		name: "b3os", n: 200, latencyMS: latencyMS, phases: allPhases, baseline: "terraform_data-200", rounds: comparedRounds,
		// The scenario measures latency, not B3OS's rate limit: both sides lift it.
		fake: map[string]any{"b3os": map[string]any{"rate_limit": 0}}, env: map[string]string{"B3OS_RATE_LIMIT": "0"},
		resources: repeat("accounts_b3os_service_account", b3osAccount),
	}
	b3os.floor = waves(b3os.n)
	restapi := *b3os
	restapi.name, restapi.peerOf, restapi.resources = "restapi-peer", "b3os", restapiObjects
	floor := *b3os
	floor.name, floor.floorOf, floor.resources = "framework-floor", "b3os", repeat("floor_service_account", b3osAccount)
	floor.env = maps.Clone(b3os.env)
	maps.Copy(floor.env, floorRuntime())

	isc := &scenario{
		name: "isc", n: 100, latencyMS: latencyMS, phases: allPhases, baseline: "terraform_data-100",
		fake:      map[string]any{"isc": map[string]any{"task_duration_ms": iscTask.Milliseconds(), "rate_limit": iscRateLimit, "rate_window_ms": iscWindow.Milliseconds()}},
		resources: repeat("accounts_isc_account", iscAccount),
	}
	isc.floor = func(phase string) time.Duration {
		byRate := time.Duration(float64(isc.n) / iscRateLimit * float64(iscWindow))
		if phase == phaseRefresh {
			return byRate
		}
		return max(byRate, time.Duration(math.Ceil(float64(isc.n)/parallelism))*iscTask)
	}

	keys := &scenario{
		name: "b3os-keys", n: 100, latencyMS: latencyMS, phases: allPhases, baseline: "terraform_data-100",
		fake: b3os.fake, env: b3os.env, resources: b3osKeysOfOneAccount,
	}
	// The service account first, then its keys; a key's create lists the keys of its name first
	// (so that a lost mint's orphan can be told apart) and reads the key after: three requests.
	keys.floor = func(phase string) time.Duration {
		return waves(keys.n)(phase) + latency
	}

	mixed := mixedScenario()
	return []*scenario{b3os, &restapi, &floor, keys, isc, iscLookupScenario(), mixed}
}

// floorRuntime runs the framework floor as the provider runs when Terraform does not log: the
// plugin SDK's logs off and the provider's garbage collector target (pluginserver), so that the
// floor differs from the provider only in the work each call does.
func floorRuntime() map[string]string {
	env := map[string]string{"GOGC": strconv.Itoa(pluginserver.GCPercent)}
	for _, name := range pluginserver.SDKLogLevels {
		env[name] = "OFF"
	}
	return env
}

// iscLookupScenario plans 100 accounts_isc_account data sources on one source, each by its
// native identity: their reads share list requests as the resource's do (goal: at most 0.15
// requests per data source). The accounts are seeded beforehand, the state stays empty.
func iscLookupScenario() *scenario {
	const n = 100
	lookups := &scenario{
		name: "isc-lookups", n: n, latencyMS: latencyMS, phases: []string{phasePlan},
		fake:      map[string]any{"isc": map[string]any{"rate_limit": iscRateLimit, "rate_window_ms": iscWindow.Milliseconds()}},
		resources: repeatData("accounts_isc_account", iscLookup),
		setup: &scenario{name: "isc-lookups setup", n: n, seed: seedWithoutState("accounts_isc_account", n),
			resources: func(int) string { return "" }, fake: map[string]any{"isc": map[string]any{"rate_limit": 0, "task_duration_ms": 50}}},
	}
	lookups.floor = waves(n)
	return lookups
}

// mixedScenario refreshes 1,000 accounts of every type the provider manages. They are seeded
// on the fake server and in the state beforehand (seed.go), without latency or rate limits, so
// that the setup stays short: Terraform alone takes minutes to apply 1,000 resources.
func mixedScenario() *scenario {
	types := managedTypes()
	const n = 1000
	each := n / len(types)
	resources := func(int) string {
		var hcl strings.Builder
		for _, typ := range types {
			hcl.WriteString(repeat(typ, accountBodies[typ])(each))
		}
		return hcl.String()
	}
	setup := &scenario{name: "mixed setup", n: each * len(types), resources: resources, env: unlimitedRates(), seed: seedAccounts(each),
		phases: []string{phaseFill},
		fake:   map[string]any{"isc": map[string]any{"rate_limit": 0, "task_duration_ms": 50}, "b3os": map[string]any{"rate_limit": 0}}}
	mixed := &scenario{
		name: "mixed", n: each * len(types), latencyMS: latencyMS, phases: []string{phaseRefresh}, setup: setup, baseline: "terraform_data-1000",
		fake:      map[string]any{"isc": map[string]any{"rate_limit": iscRateLimit, "rate_window_ms": iscWindow.Milliseconds()}},
		env:       unlimitedRates(),
		resources: resources,
	}
	delete(mixed.env, "SAILPOINT_RATE_LIMIT") // SailPoint's limit is part of the scenario
	mixed.floor = func(string) time.Duration {
		byRate := time.Duration(float64(each) / iscRateLimit * float64(iscWindow))
		return max(byRate, waves(mixed.n)(phaseRefresh))
	}
	return mixed
}

// managedTypes are the resource types of every API the provider serves, in its order; each
// must have its block in accountBodies.
func managedTypes() []string {
	var types []string
	for _, api := range provider.APIs {
		for _, typ := range resourceTypes(api) {
			if accountBodies[typ] == nil {
				panic("bench: no block for " + typ + " in accountBodies")
			}
			types = append(types, typ)
		}
	}
	return types
}

// unlimitedRates lift every API's client-side rate limit: the environment setting each
// descriptor names rate_limit to 0.
func unlimitedRates() map[string]string {
	env := map[string]string{}
	for _, api := range provider.APIs {
		for _, s := range api.Settings {
			if s.Name == "rate_limit" {
				env[s.Env] = "0"
			}
		}
	}
	return env
}

// resourceTypes are the type names of an API's resources.
func resourceTypes(api kit.API) []string {
	var types []string
	for _, construct := range api.Resources {
		var resp resource.MetadataResponse
		construct().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "accounts"}, &resp)
		types = append(types, resp.TypeName)
	}
	return types
}

// baselines measure Terraform's own time for graphs of the scenarios' sizes. The graph of 1,000
// is only refreshed, from a seeded state: Terraform alone takes minutes to apply or destroy it.
func baselines() []*scenario {
	var rows []*scenario
	for _, n := range []int{100, 200, 1000} {
		base := &scenario{
			name: fmt.Sprintf("terraform_data-%d", n), n: n, phases: allPhases, rounds: comparedRounds,
			resources: repeat("terraform_data", func(i int) string { return fmt.Sprintf("input = %d", i) }),
		}
		if n == 1000 {
			base.phases, base.setup = []string{phaseRefresh}, &scenario{name: base.name + " setup", n: n, resources: base.resources, seed: terraformDataState(n)}
		}
		rows = append(rows, base)
	}
	return rows
}

// latencyMS is what every scenario adds to each API request, and latency the same as a duration.
const (
	latencyMS = 20
	latency   = latencyMS * time.Millisecond
)

// waves is the floor of n one-request operations run ten at a time, each taking latency.
func waves(n int) func(string) time.Duration {
	return func(string) time.Duration {
		return time.Duration(math.Ceil(float64(n)/parallelism)) * latency
	}
}

func repeat(resourceType string, body func(i int) string) func(n int) string {
	return blocks("resource", resourceType, body)
}

func repeatData(dataSourceType string, body func(i int) string) func(n int) string {
	return blocks("data", dataSourceType, body)
}

func blocks(kind, typ string, body func(i int) string) func(n int) string {
	return func(n int) string {
		var hcl strings.Builder
		for i := range n {
			fmt.Fprintf(&hcl, "%s %q \"r%d\" {\n%s\n}\n", kind, typ, i, body(i))
		}
		return hcl.String()
	}
}

// provider is the binary of the provider the scenario drives.
func (s *scenario) provider() string {
	switch {
	case s.peerOf != "":
		return restapiProvider
	case s.floorOf != "":
		return floorProvider
	}
	return accountsProvider
}

// iscLookup finds the account iscAccount(i) makes, as seedWithoutState seeds it.
func iscLookup(i int) string {
	return fmt.Sprintf("source_id = %q\nnative_identity = \"bench-%d\"", fakeserver.ISCFlatFileSourceID, i)
}

// restapiObjects configures Mastercard/terraform-provider-restapi for the same B3OS routes.
func restapiObjects(n int) string {
	provider := fmt.Sprintf(`provider "restapi" {
  uri                  = var.b3os_endpoint
  write_returns_object = true
  id_attribute         = "data/id"
  headers = { Authorization = "Bearer %s", X-Org-Id = %q }
}
variable "b3os_endpoint" { type = string }
`, fakeserver.B3OSAPIKey, fakeserver.B3OSOrganizationID)
	return provider + repeat("restapi_object", func(i int) string {
		return fmt.Sprintf("path = \"/v1/service-accounts\"\ndata = jsonencode({ name = \"bench-%d\", description = \"\", permissions = [\"workflow:read\"] })", i)
	})(n)
}
