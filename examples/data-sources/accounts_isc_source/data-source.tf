# A source looked up by name, and an account on it that takes the source's id and the
# attribute its account schema identifies accounts by.
data "accounts_isc_source" "hr" {
  name = "HR Flat File"
}

resource "accounts_isc_account" "jdoe" {
  source_id                 = data.accounts_isc_source.hr.id
  native_identity_attribute = data.accounts_isc_source.hr.identity_attribute

  attributes = {
    id          = "jdoe"
    displayName = "John Doe"
  }
}

# The attributes the source's accounts may set, and which of them hold lists.
output "hr_attributes" {
  value = { for a in data.accounts_isc_source.hr.attributes : a.name => a.multi_valued }
}
