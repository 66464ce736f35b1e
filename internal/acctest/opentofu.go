package acctest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// skipOnOpenTofu skips a test on OpenTofu, which lacks feature: OpenTofu's version numbers do
// not follow Terraform's features, so tfversion.SkipBelow cannot tell.
type skipOnOpenTofu struct{ feature string }

func (s skipOnOpenTofu) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if isOpenTofu() {
		resp.Skip = "OpenTofu has no " + s.feature
	}
}

// isOpenTofu tells whether the CLI the tests run (TF_ACC_TERRAFORM_PATH, else terraform on PATH)
// is OpenTofu, as its version line says.
var isOpenTofu = sync.OnceValue(func() bool {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	out, err := exec.CommandContext(context.Background(), cli, "version").Output() //nolint:gosec // the CLI the tests were told to use
	return err == nil && strings.HasPrefix(string(out), "OpenTofu")
})
