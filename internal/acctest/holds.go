package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// Held is how a test finds its objects on the fake server: the objects with the natural key the
// test uses (described by what, for messages) and each one's id.
type Held[T any] struct {
	What string
	Find func(*Fake) []T
	ID   func(T) string
}

// CheckHoldsOne asserts the server holds exactly one object h finds, that the resource at
// address tracks it by id, and that it passes check (nil for none).
func CheckHoldsOne[T any](f *Fake, address string, h Held[T], check func(T) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		objects := h.Find(f)
		if len(objects) != 1 {
			return fmt.Errorf("server holds %d %s, want 1", len(objects), h.What)
		}
		id, err := Attribute(s, address, "id")
		if err != nil {
			return err
		}
		if id != h.ID(objects[0]) {
			return fmt.Errorf("state tracks %q, server holds %q", id, h.ID(objects[0]))
		}
		if check != nil {
			return check(objects[0])
		}
		return nil
	}
}
