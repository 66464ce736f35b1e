package kit

import (
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
