package main

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var levelVariables = []string{transport.LogLevelEnv, "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// unsetLevels clears the variables for the test; t.Setenv restores them afterwards.
func unsetLevels(t *testing.T, names ...string) {
	for _, name := range names {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
}

// Without TF_LOG or TF_LOG_PROVIDER, Terraform drops every line the provider logs, so the
// provider's and the SDK's logs are turned off; a level the user set stays.
func TestProviderLogsAreOffWhenTerraformDropsThem(t *testing.T) {
	unsetLevels(t, append(levelVariables, "TF_LOG", "TF_LOG_PROVIDER")...)
	t.Setenv("TF_LOG_SDK_PROTO", "INFO")

	quietUnlessTerraformLogs()

	for _, name := range levelVariables {
		want := "OFF"
		if name == "TF_LOG_SDK_PROTO" {
			want = "INFO"
		}
		if got := os.Getenv(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestProviderLogsStayWhenTerraformLogs(t *testing.T) {
	for _, variable := range []string{"TF_LOG", "TF_LOG_PROVIDER"} {
		unsetLevels(t, append(levelVariables, "TF_LOG", "TF_LOG_PROVIDER")...)
		t.Setenv(variable, "DEBUG")

		quietUnlessTerraformLogs()

		for _, name := range levelVariables {
			if value, set := os.LookupEnv(name); set {
				t.Errorf("with %s set, %s = %q, want it unset", variable, name, value)
			}
		}
	}
}

// Unset, GOGC becomes pluginserver.GCPercent; a GOGC the user set is left to the runtime.
func TestGarbageCollectionTargetUnlessGOGCIsSet(t *testing.T) {
	initial := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(initial) })
	for _, gogc := range []string{"", "50"} {
		unsetLevels(t, "GOGC")
		if gogc != "" {
			t.Setenv("GOGC", gogc)
		}
		collectLessOften()
		want := pluginserver.GCPercent
		if gogc != "" {
			want = 100 // what the runtime holds: it read GOGC when the process started
		}
		if got := debug.SetGCPercent(100); got != want {
			t.Errorf("with GOGC %q, the target is %d, want %d", gogc, got, want)
		}
	}
}
