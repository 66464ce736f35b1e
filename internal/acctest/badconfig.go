package acctest

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// BadConfigs is a resource type's bad-configuration table: each row changes a valid resource
// block and must fail at plan time, naming the attribute, or, when its value comes from another
// resource, plan and then fail at apply; either way without a request to create.
type BadConfigs struct {
	Type string
	// DataSource makes the blocks data sources: a row fails its plan, or, when its value comes
	// from another resource, its apply, where Terraform reads the data source; Create is then
	// the route of the lookup, which a row refused at plan time must not reach.
	DataSource bool
	// Valid are the attribute lines ("name = value") of a valid resource block.
	Valid    []string
	Create   Route
	NewFake  func(*testing.T) *Fake
	Versions []tfversion.TerraformVersionCheck // nil: every Terraform
	Rows     []BadConfig
}

// BadConfig is one row of a bad-configuration table.
type BadConfig struct {
	Name string
	// Set are the attribute lines that replace, or add to, the valid ones; "name = null" unsets.
	Set []string
	// From, when set, is the input of terraform_data.x, which Set refers to as
	// terraform_data.x.output: a value unknown until the apply.
	From string
	// AtApply marks a value only the API can refuse: the plan warns of it and plans the create
	// (kit.PlanWarnings), and the apply fails.
	AtApply bool
	// Path is the attribute path the error names, as its message writes it, such as from or
	// config["api_key"]; Error, what the error says in ErrorMatching's form, must contain it.
	Path, Error string
}

// Route is an API route the tests count requests to, such as a create.
type Route struct{ API, Method, Path string }

// Run runs every row as a test of its own, in parallel, and checks after each that the server
// holds what it held before, with no request on the create route.
func (b BadConfigs) Run(t *testing.T) {
	for _, row := range b.Rows {
		if row.Path == "" || !strings.Contains(row.Error, row.Path) {
			t.Fatalf("row %q: its error %q does not name the attribute path %q", row.Name, row.Error, row.Path)
		}
		t.Run(row.Name, func(t *testing.T) {
			t.Parallel()
			f := b.NewFake(t)
			unchanged := f.checkUnchanged(b.Create)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: ProviderFactories, TerraformVersionChecks: b.Versions, Steps: b.steps(f, row),
			})
			if err := unchanged(); err != nil {
				t.Error(err)
			}
		})
	}
}

// steps plan row's configuration and expect its error; when the bad value comes from another
// resource, or only the API can refuse it, the plan must succeed and plan the create, and the
// apply fail.
func (b BadConfigs) steps(f *Fake, row BadConfig) []resource.TestStep {
	block := Block(b.Type, b.Valid, row.Set...)
	if b.DataSource {
		block = DataBlock(b.Type, b.Valid, row.Set...)
	}
	config := f.Config(block)
	// An error diagnostic, not the failure of a plan that went through, which quotes the configuration.
	expect := regexp.MustCompile(`(?s)Error: .*` + strings.TrimPrefix(ErrorMatching(row.Error).String(), "(?s)"))
	if row.From == "" && !row.AtApply {
		return []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: expect}}
	}
	if row.From != "" {
		config += fmt.Sprintf("resource \"terraform_data\" \"x\" {\n  input = %s\n}\n", row.From)
	}
	if b.DataSource {
		return []resource.TestStep{{Config: config, ExpectError: expect}}
	}
	return []resource.TestStep{
		{
			Config: config, PlanOnly: true, ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(b.Type+".test", plancheck.ResourceActionCreate)},
			},
		},
		{Config: config, ExpectError: expect},
	}
}

// checkUnchanged returns a check that the server holds what it holds now, and has received no
// request on the create route.
func (f *Fake) checkUnchanged(create Route) func() error {
	before := f.State()
	return func() error {
		if n := f.RequestCount(create.API, create.Method, create.Path); n != 0 {
			return fmt.Errorf("the server received %d %s %s%s requests, want none", n, create.Method, create.API, create.Path)
		}
		if after := f.State(); !reflect.DeepEqual(after, before) {
			return fmt.Errorf("the server's state changed:\n%+v\nwas\n%+v", after, before)
		}
		return nil
	}
}

// Block writes resource typ "test" from attribute lines ("name = value"): the defaults, each
// replaced by the change of the same name, then the changes the defaults lack.
func Block(typ string, defaults []string, changes ...string) string {
	return block("resource", typ, defaults, changes)
}

// DataBlock is Block for data source typ "test".
func DataBlock(typ string, defaults []string, changes ...string) string {
	return block("data", typ, defaults, changes)
}

func block(kind, typ string, defaults, changes []string) string {
	name := func(line string) string { n, _, _ := strings.Cut(line, "="); return strings.TrimSpace(n) }
	lines := slices.Clone(defaults)
	for _, change := range changes {
		if i := slices.IndexFunc(lines, func(line string) bool { return name(line) == name(change) }); i >= 0 {
			lines[i] = change
		} else {
			lines = append(lines, change)
		}
	}
	return fmt.Sprintf("%s %q \"test\" {\n  %s\n}\n", kind, typ, strings.Join(lines, "\n  "))
}
