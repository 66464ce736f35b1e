package acctest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// savedPlan is the plan file of ApplySavedPlan, in the working directory.
const savedPlan = "saved.tfplan"

// ApplySavedPlan runs terraform as a remote run does (HCP Terraform, a pipeline): terraform plan
// -out in one process, then terraform apply of that plan file in another, served by a fresh
// provider, so that nothing the plan's provider held in memory reaches the apply. Each runs with
// TF_IN_AUTOMATION=1, -input=false and no terminal, with env (such as TF_VAR_mfa=…) set for both,
// as a workspace's variables are. It fails t unless the plan plans changes and both succeed, and
// returns the apply's output.
func (c *CLI) ApplySavedPlan(env ...string) string {
	c.t.Helper()
	return c.savedRun(nil, env)
}

// DestroySavedPlan is ApplySavedPlan of a destroy plan (terraform plan -destroy -out).
func (c *CLI) DestroySavedPlan(env ...string) string {
	c.t.Helper()
	return c.savedRun([]string{"-destroy"}, env)
}

func (c *CLI) savedRun(planArgs, env []string) string {
	c.t.Helper()
	run := c.with(env)
	args := append([]string{"plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=" + savedPlan}, planArgs...)
	if out, code := run.Run(args...); code != 2 {
		c.t.Fatalf("terraform %v exited %d, want 2 (changes planned):\n%s", args, code, out)
	}
	return run.fresh().MustRun("apply", "-input=false", "-no-color", savedPlan)
}

// SavedRun is one remote run of TestSavedPlans: the configuration it plans (after the provider
// block), the workspace variables (TF_VAR_…=…), the secrets its plan file must not hold, and
// what the state and the server hold after it.
type SavedRun struct {
	Config  string
	Env     []string
	Secrets []string
	Check   resource.TestCheckFunc
}

// TestSavedPlans runs each run against f as ApplySavedPlan does, checks it, and expects the plan
// after it to be empty; then, unless destroyed is nil, destroys with a saved destroy plan and
// checks destroyed.
func TestSavedPlans(t *testing.T, f *Fake, runs []SavedRun, destroyed resource.TestCheckFunc) {
	t.Helper()
	c := NewCLI(t, version.Must(version.NewVersion("1.11.0")))
	c.Write("main.tf", f.Config(runs[0].Config))
	c.MustRun("init", "-input=false")
	for _, run := range runs {
		c.Write("main.tf", f.Config(run.Config))
		c.ApplySavedPlan(run.Env...)
		c.Check(run.Check)
		plan := c.MustRun("show", "-json", savedPlan)
		for _, secret := range run.Secrets {
			if strings.Contains(plan, secret) {
				t.Errorf("the saved plan holds the secret %q", secret)
			}
		}
		c.ExpectEmptyPlan(run.Env...)
	}
	if destroyed != nil {
		c.DestroySavedPlan(runs[len(runs)-1].Env...)
		c.Check(destroyed)
	}
}

// ExpectEmptyPlan fails t unless a plan, with env set, plans no change.
func (c *CLI) ExpectEmptyPlan(env ...string) {
	c.t.Helper()
	if out, code := c.with(env).Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		c.t.Fatalf("the plan is not empty (exit %d):\n%s", code, out)
	}
}

// Check runs checks written for the test framework's steps (resource.TestCheckFunc) against the
// state of c's working directory: each resource's top-level attributes that are strings,
// numbers or bools, as the framework's flat state holds them.
func (c *CLI) Check(checks ...resource.TestCheckFunc) {
	c.t.Helper()
	var shown tfjson.State
	if err := json.Unmarshal([]byte(c.MustRun("show", "-json")), &shown); err != nil {
		c.t.Fatalf("terraform show -json: %v", err)
	}
	root := &terraform.ModuleState{Path: []string{"root"}, Resources: map[string]*terraform.ResourceState{}}
	state := &terraform.State{Modules: []*terraform.ModuleState{root}}
	if shown.Values != nil {
		for _, r := range shown.Values.RootModule.Resources {
			attributes := map[string]string{}
			for name, value := range r.AttributeValues {
				switch value.(type) {
				case string, float64, bool:
					attributes[name] = fmt.Sprint(value)
				}
			}
			root.Resources[r.Address] = &terraform.ResourceState{Type: r.Type,
				Primary: &terraform.InstanceState{ID: attributes["id"], Attributes: attributes}}
		}
	}
	if err := resource.ComposeAggregateTestCheckFunc(checks...)(state); err != nil {
		c.t.Fatal(err)
	}
}

// with is c with env added for its commands.
func (c *CLI) with(env []string) *CLI {
	run := c.Clone()
	run.env = append(run.env, env...)
	return run
}

// fresh is c served by a new provider server: a process that starts with nothing in memory.
func (c *CLI) fresh() *CLI {
	run := c.Clone()
	run.env = append(slices.DeleteFunc(run.env, isReattach), "TF_REATTACH_PROVIDERS="+serve(c.t))
	return run
}

func isReattach(variable string) bool {
	return strings.HasPrefix(variable, "TF_REATTACH_PROVIDERS=")
}
