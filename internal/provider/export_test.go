package provider

// SettingNames lists every setting as (attribute, environment variable) for provider_test.
func SettingNames() [][2]string {
	names := make([][2]string, 0, len(settings))
	for _, s := range settings {
		names = append(names, [2]string{s.String(), s.Env})
	}
	return names
}
