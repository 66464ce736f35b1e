package kit

import "github.com/hashicorp/terraform-plugin-framework/types"

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
