package kit

import (
	"regexp"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// StringOrNull is null for an empty string: APIs leave out or blank what is not set.
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// StringPointerOrNull is null for a nil or empty string.
func StringPointerOrNull(s *string) types.String {
	if s == nil {
		return types.StringNull()
	}
	return StringOrNull(*s)
}

// StringList is a list of strings, empty for none.
func StringList(values []string) types.List {
	elements := make([]attr.Value, len(values))
	for i, v := range values {
		elements[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elements)
}

// Nearest orders candidates by their edit distance to name, nearest first (ties in the order
// given), for messages that suggest what a typo meant.
func Nearest(name string, candidates []string) []string {
	sorted := slices.Clone(candidates)
	distance := func(s string) int { return levenshtein.Distance(strings.ToLower(name), strings.ToLower(s), nil) }
	slices.SortStableFunc(sorted, func(a, b string) int { return distance(a) - distance(b) })
	return sorted
}

// uuidForm is the textual form of a UUID, in either case.
var uuidForm = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// UUID fails a value that is not a UUID at plan time, for ids an API always makes UUIDs; where
// says where the user finds the right one.
func UUID(where string) validator.String {
	return stringvalidator.RegexMatches(uuidForm, "must be a UUID such as 0a58f56e-3f59-4f4e-a8e1-a9e47aae5c3c ("+where+")")
}
