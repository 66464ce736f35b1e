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
// provider logger to off and drops every line). Unset, the SDK's levels default to TRACE: each
// gRPC call and API request would be formatted as JSON, written to Terraform and parsed there
// only to be dropped, which took a fifth of the provider's CPU in `make bench`. A level the
// user set is kept.
func quietUnlessTerraformLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{transport.LogLevelEnv, "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "OFF")
		}
	}
}

// gcPercent is the garbage collector's target when GOGC is unset. A provider process lives for
// one Terraform command and holds little: 28-31 MiB at its peak in `make bench`, where Go's
// default of 100 spent 12-16 % of the provider's CPU collecting. At 200 the provider used 12-16 %
// less CPU there, for 3-4 MiB more peak memory.
const gcPercent = 200

// collectLessOften sets gcPercent unless the user set GOGC.
func collectLessOften() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}
