package isc_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

// TestAccISCActionExamplesValidate: the actions' documented examples are valid configurations
// on a Terraform whose actions know caller.
func TestAccISCActionExamplesValidate(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	examples, err := filepath.Glob(filepath.Join("..", "..", "examples", "actions", "accounts_isc_*", "action.tf"))
	if err != nil || len(examples) != 3 {
		t.Fatalf("found %d ISC action examples, want 3 (%v)", len(examples), err)
	}
	for _, example := range examples {
		t.Run(filepath.Base(filepath.Dir(example)), func(t *testing.T) {
			content, err := os.ReadFile(example) //nolint:gosec // the repository's own examples
			if err != nil {
				t.Fatal(err)
			}
			cli := actionCLISince(t, callerVersion, f, string(content))
			cli.MustRun("validate", "-no-color")
		})
	}
}
