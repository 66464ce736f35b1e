package chaos

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// providerDir holds the provider binary built for this run; cliConfig points Terraform at it.
var providerDir, cliConfig string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run() // the acceptance tests report themselves skipped
	}
	dir, err := os.MkdirTemp("", "chaos-provider")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := buildProvider(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	printReport(os.Stdout)
	return code
}

// buildProvider builds the provider binary and a CLI configuration whose dev_overrides use it,
// so Terraform starts it as a plugin process of its own, as it would in production.
func buildProvider(dir string) error {
	build := exec.CommandContext(context.Background(), "go", "build", "-o", filepath.Join(dir, "terraform-provider-accounts"), "../..") //nolint:gosec // a path this function chose
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	providerDir = dir
	cliConfig = filepath.Join(dir, "dev.tfrc")
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"tf-accounts/accounts\" = %q\n  }\n  direct {}\n}\ndisable_checkpoint = true\n", dir)
	return os.WriteFile(cliConfig, []byte(config), 0o600)
}
