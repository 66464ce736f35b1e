package acctest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

// CLI runs the Terraform the acceptance tests use (TF_ACC_TERRAFORM_PATH, else terraform on
// PATH) in a directory of its own, with the provider served by the test process, as a user runs
// it: for commands the test framework does not run, such as terraform query -generate-config-out.
type CLI struct {
	t         *testing.T
	Dir       string
	terraform string
	env       []string
}

// NewCLI serves the provider for t's commands. It skips t on a Terraform older than minimum.
func NewCLI(t *testing.T, minimum *version.Version) *CLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run when TF_ACC is set")
	}
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		var err error
		if terraform, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("terraform is not on PATH: install Terraform 1.11 or later, or set TF_ACC_TERRAFORM_PATH")
		}
	}
	c := &CLI{t: t, Dir: t.TempDir(), terraform: terraform}
	if v := c.version(); v.LessThan(minimum) {
		t.Skipf("Terraform %s is older than %s", v, minimum)
	}
	c.env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_REATTACH_PROVIDERS="+serve(t))
	return c
}

func (c *CLI) version() *version.Version {
	var out struct {
		Version string `json:"terraform_version"`
	}
	raw, err := exec.CommandContext(c.t.Context(), c.terraform, "version", "-json").Output() //nolint:gosec // the Terraform the tests were told to use
	if err == nil {
		err = json.Unmarshal(raw, &out)
	}
	if err != nil {
		c.t.Fatalf("terraform version: %v", err)
	}
	return version.Must(version.NewVersion(out.Version))
}

// ProviderHost is the registry host of the provider under test, as the test framework takes it
// from TF_ACC_PROVIDER_HOST: registry.opentofu.org on OpenTofu, where a provider without a
// source address comes from there.
func ProviderHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}

// serve runs the provider in-process until t ends and returns the TF_REATTACH_PROVIDERS value
// that points Terraform at it.
func serve(t *testing.T) string {
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	address := ProviderHost() + "/hashicorp/accounts"
	go func() {
		err := tf6server.Serve(address, pluginserver.New(provider.New("test")()),
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()), tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattach:
	case <-time.After(10 * time.Second):
		t.Fatal("the provider did not start serving")
	}
	t.Cleanup(func() { cancel(); <-closed })
	raw, _ := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": string(config.Protocol), "ProtocolVersion": config.ProtocolVersion, "Pid": config.Pid, "Test": true,
		"Addr": map[string]string{"Network": config.Addr.Network(), "String": config.Addr.String()},
	}})
	return string(raw)
}

// Setenv sets an environment variable for the commands that follow, as a user exports one,
// such as TF_VAR_password: secrets go in the environment, never on the command line.
func (c *CLI) Setenv(name, value string) {
	c.env = append(c.env, name+"="+value)
}

// Clone is a CLI in the same directory, served by the same provider, whose environment changes
// leave c's alone: a command run with extra variables.
func (c *CLI) Clone() *CLI {
	clone := *c
	clone.env = slices.Clone(c.env)
	return &clone
}

// Write writes a file of the working directory.
func (c *CLI) Write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Read reads a file of the working directory.
func (c *CLI) Read(name string) string {
	c.t.Helper()
	raw, err := os.ReadFile(filepath.Join(c.Dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(raw)
}

// Run runs terraform with args and returns its output and exit code.
func (c *CLI) Run(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.terraform, args...) //nolint:gosec // the Terraform the tests were told to use, with the test's arguments
	cmd.Dir, cmd.Env = c.Dir, c.env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		c.t.Fatalf("terraform %v: %v", args, err)
	}
	return string(out), 0
}

// MustRun runs terraform with args and fails t unless it succeeds.
func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	out, code := c.Run(args...)
	if code != 0 {
		c.t.Fatalf("terraform %v exited with %d:\n%s", args, code, out)
	}
	return out
}

// MustImportAll applies the configuration, whose import blocks import want objects, and fails t
// unless the state then holds them all and the next plan is empty.
func (c *CLI) MustImportAll(want int) {
	c.t.Helper()
	c.MustRun("apply", "-auto-approve", "-input=false")
	if got := strings.Fields(c.MustRun("state", "list")); len(got) != want {
		c.t.Fatalf("state holds %d resources, want %d: %v", len(got), want, got)
	}
	if out, code := c.Run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		c.t.Fatalf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
}
