package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// ExpectTracked fails unless the resource at address in Terraform's state has the id of the one
// object the server holds.
func ExpectTracked(s *terraform.State, address, serverID string) error {
	id, err := Attribute(s, address, "id")
	if err != nil {
		return err
	}
	if id != serverID {
		return fmt.Errorf("state tracks %q, the server holds %q", id, serverID)
	}
	return nil
}
