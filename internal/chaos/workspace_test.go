package chaos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

// workspace is one Terraform working directory driven through the CLI, with every run's TRACE
// log and output kept for the secrets audit.
type workspace struct {
	t    *testing.T
	dir  string
	fake *acctest.Fake
	env  []string // extra environment of every run, such as ACCOUNTS_REQUEST_TIMEOUT
	// provider replaces provider settings by attribute path (acctest.Fake.ProviderConfig).
	provider map[string]string
	runs     int
	applies  int
	outputs  []string // stdout and stderr of every run: diagnostics and plan output
}

func newWorkspace(t *testing.T, fake *acctest.Fake) *workspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	return &workspace{t: t, dir: t.TempDir(), fake: fake}
}

// requiredProviders names the provider's source, which the CLI configuration's dev_overrides
// maps to the binary built for this run.
const requiredProviders = `terraform {
  required_providers {
    accounts = { source = "tf-accounts/accounts" }
  }
}
`

// write replaces the configuration with the provider block and body.
func (w *workspace) write(body string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(requiredProviders+w.fake.ProviderConfig(w.provider)+body), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// command prepares one terraform run with TRACE logging to a file of its own.
func (w *workspace) command(ctx context.Context, args ...string) *exec.Cmd {
	w.runs++
	cmd := exec.CommandContext(ctx, "terraform", append([]string{"-chdir=" + w.dir}, args...)...) //nolint:gosec // arguments the suite wrote
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_LOG=TRACE", "TF_LOG_PATH="+w.logPath(w.runs))
	cmd.Env = append(cmd.Env, w.env...)
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

func (w *workspace) logPath(run int) string {
	return filepath.Join(w.dir, fmt.Sprintf("run-%02d.log", run))
}

// terraform runs one command to its end and returns its combined output.
func (w *workspace) terraform(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(w.t.Context(), 5*time.Minute)
	defer cancel()
	out, err := w.command(ctx, args...).CombinedOutput()
	w.outputs = append(w.outputs, string(out))
	return string(out), err
}

// apply runs terraform apply once; an error is returned, not fatal, since faults may fail it.
func (w *workspace) apply() error {
	w.applies++
	started := time.Now()
	out, err := w.terraform("apply", "-auto-approve", "-input=false", "-no-color")
	w.t.Logf("apply %d took %s (error: %v)", w.applies, time.Since(started).Round(time.Millisecond), err)
	if err != nil {
		return fmt.Errorf("apply %d: %w\n%s", w.applies, err, out)
	}
	return nil
}

// applyUntilDone applies until an apply succeeds, at most attempts times.
func (w *workspace) applyUntilDone(attempts int) error {
	var err error
	for range attempts {
		if err = w.apply(); err == nil {
			return nil
		}
	}
	return err
}

// plan runs terraform plan and returns its text and whether it plans any change.
func (w *workspace) plan() (string, bool) {
	w.t.Helper()
	out, changes, err := w.tryPlan()
	if err != nil {
		w.t.Fatal(err)
	}
	return out, changes
}

// tryPlan is plan returning a failed plan as an error.
func (w *workspace) tryPlan() (string, bool, error) {
	out, err := w.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color")
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out, false, nil
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		return out, true, nil
	}
	return out, false, fmt.Errorf("plan: %w\n%s", err, out)
}

// tfInstance is one resource instance in Terraform's state file.
type tfInstance struct {
	Type    string
	Name    string
	ID      string
	Tainted bool
}

// state reads Terraform's state file.
func (w *workspace) state() []tfInstance {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate")) //nolint:gosec // the test's own directory
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	var file struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				Status     string `json:"status"`
				Attributes struct {
					ID string `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		w.t.Fatal(err)
	}
	var out []tfInstance
	for _, r := range file.Resources {
		for _, i := range r.Instances {
			if r.Mode == "managed" {
				out = append(out, tfInstance{Type: r.Type, Name: r.Name, ID: i.Attributes.ID, Tainted: i.Status == "tainted"})
			}
		}
	}
	return out
}

// texts returns everything the secrets audit reads: every run's log and output, and the state.
func (w *workspace) texts() map[string]string {
	w.t.Helper()
	texts := map[string]string{}
	for run := 1; run <= w.runs; run++ {
		data, err := os.ReadFile(w.logPath(run)) //nolint:gosec // the test's own directory
		if err == nil {
			texts[fmt.Sprintf("TRACE log of run %d", run)] = string(data)
		}
	}
	for i, out := range w.outputs {
		texts[fmt.Sprintf("output of run %d", i+1)] = out
	}
	for _, name := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if data, err := os.ReadFile(filepath.Join(w.dir, name)); err == nil { //nolint:gosec // the test's own directory
			texts[name] = string(data)
		}
	}
	return texts
}

// leaks counts the occurrences of every secret in everything the audit reads, naming where.
func (w *workspace) leaks(secrets []string) (int, []string) {
	count, where := 0, []string{}
	for name, text := range w.texts() {
		for _, secret := range secrets {
			if n := strings.Count(text, secret); secret != "" && n > 0 {
				count += n
				where = append(where, fmt.Sprintf("%s holds %.6s… %d times", name, secret, n))
			}
		}
	}
	return count, where
}
