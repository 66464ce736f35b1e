package acctest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TraceLog turns on TRACE logs for t's Terraform runs and the in-process provider, and returns
// a check to run once they are done: it fails t unless the log holds want (so that the absence
// of secrets proves something) and when it holds any of secrets. Not for parallel tests: the log
// settings reach the provider through the process's environment.
func TraceLog(t *testing.T) func(want string, secrets ...string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(dir, "%s.log"))
	return func(want string, secrets ...string) {
		t.Helper()
		written, err := os.ReadFile(filepath.Join(dir, t.Name()+".log"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(written), want) {
			t.Fatalf("the TRACE log lacks %q (%d bytes)", want, len(written))
		}
		for _, secret := range secrets {
			if strings.Contains(string(written), secret) {
				t.Errorf("the TRACE log holds the secret %q", secret)
			}
		}
	}
}
