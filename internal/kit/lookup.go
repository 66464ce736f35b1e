package kit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// Lookup is what a data source looks for, for the errors that name it.
type Lookup struct {
	// Noun names the object, such as "ISC source".
	Noun string
	// Keys are the attributes the configuration looks the object up by, with their values.
	Keys []Key
	// Hint, when nothing matches, says where the right values come from; may be empty.
	Hint string
	// Unique, when several match, says how to name exactly one, such as "Look the source up by
	// id instead."
	Unique string
}

// Key is one lookup key of a data source's configuration.
type Key struct{ Attribute, Value string }

func (k Key) String() string { return fmt.Sprintf("%s = %q", k.Attribute, k.Value) }

// Find returns the one object that matches l, or nil after an error: the read failed (err), or
// matches holds none (err may also be transport.ErrNotFound) or more than one. describe names
// an object in the error on several matches, such as `"HR" (id 2c91…)`.
func Find[T any](diags *diag.Diagnostics, l Lookup, matches []T, err error, describe func(*T) string) *T {
	switch {
	case errors.Is(err, transport.ErrNotFound) || err == nil && len(matches) == 0:
		l.NoneMatch(diags)
	case err != nil:
		APIError(diags, "Could not look up the "+l.Noun, err, "")
	case len(matches) > 1:
		names := make([]string, len(matches))
		for i := range matches {
			names[i] = describe(&matches[i])
		}
		diags.AddAttributeError(l.path(), "More than one "+l.Noun+" matches", fmt.Sprintf(
			"%d %ss have %s, which should name one: %s. %s", len(matches), l.Noun, l.keys(), strings.Join(names, ", "), l.Unique))
	default:
		return &matches[0]
	}
	return nil
}

// NoneMatch reports that nothing matches l: an error naming its keys, for a data source that
// must not give an empty result a later resource trips over.
func (l Lookup) NoneMatch(diags *diag.Diagnostics) {
	detail := fmt.Sprintf("No %s has %s.", l.Noun, l.keys())
	if len(l.Keys) == 0 {
		detail = fmt.Sprintf("The API lists no %s.", l.Noun)
	}
	if l.Hint != "" {
		detail += " " + l.Hint
	}
	diags.AddAttributeError(l.path(), "No "+l.Noun+" matches", detail)
}

// Matches is what a read of one object by id found, as Find takes it: nothing when the read
// found nothing.
func Matches[T any](object *T) []T {
	if object == nil {
		return nil
	}
	return []T{*object}
}

func (l Lookup) keys() string {
	keys := make([]string, len(l.Keys))
	for i, k := range l.Keys {
		keys[i] = k.String()
	}
	return strings.Join(keys, " and ")
}

// path is the attribute the errors are attached to: the last key, the most specific.
func (l Lookup) path() path.Path {
	if len(l.Keys) == 0 {
		return path.Empty()
	}
	return path.Root(l.Keys[len(l.Keys)-1].Attribute)
}
