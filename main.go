package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// Format the examples and generate the documentation: run by `make docs`.
//go:generate terraform fmt -recursive ./examples/
//go:generate go tool tfplugindocs generate --provider-name accounts

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

func main() {
	var debugging bool
	flag.BoolVar(&debugging, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debugging {
		quietUnlessTerraformLogs()
	}
	collectLessOften()

	stopProfile := startProfile()
	err := pluginserver.Serve("registry.terraform.io/tf-accounts/accounts", provider.New(version)(), debugging)
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietUnlessTerraformLogs turns the provider's and the plugin SDK's logs off when Terraform
// itself does not log them (neither TF_LOG nor TF_LOG_PROVIDER is set: Terraform then sets its
// provider logger to off and drops every line); see pluginserver.SDKLogLevels. A level the user
// set is kept.
func quietUnlessTerraformLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range append([]string{transport.LogLevelEnv}, pluginserver.SDKLogLevels...) {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "OFF")
		}
	}
}

// collectLessOften sets pluginserver.GCPercent unless the user set GOGC.
func collectLessOften() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(pluginserver.GCPercent)
	}
}
