package transport

import (
	"os"
	"strings"
)

// UserAgent follows the convention of HashiCorp's providers: the provider and Terraform versions,
// then whatever the user appends through TF_APPEND_USER_AGENT.
func UserAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-accounts/" + providerVersion
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	if extra := strings.TrimSpace(os.Getenv("TF_APPEND_USER_AGENT")); extra != "" {
		ua += " " + extra
	}
	return ua
}
