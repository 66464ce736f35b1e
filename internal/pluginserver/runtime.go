package pluginserver

// SDKLogLevels are the plugin SDK's log level variables. Unset, each defaults to TRACE: every
// gRPC call and API request would be formatted as JSON, written to Terraform and parsed there,
// even when Terraform drops every line (neither TF_LOG nor TF_LOG_PROVIDER set), which took a
// fifth of the provider's CPU in `make bench`. The provider turns them off then (main.go), and
// the bench's framework floor runs with them off too.
var SDKLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// GCPercent is the garbage collector's target when GOGC is unset. A provider process lives for
// one Terraform command and holds little: 28-31 MiB at its peak in `make bench`, where Go's
// default of 100 spent 12-16 % of the provider's CPU collecting. At 200 the provider used 12-16 %
// less CPU there, for 3-4 MiB more peak memory. The bench's framework floor runs with it too.
const GCPercent = 200
