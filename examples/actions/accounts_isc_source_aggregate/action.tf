# Aggregate a flat-file source from an HR export (Terraform v1.14.0 and later):
#   terraform apply -invoke=action.accounts_isc_source_aggregate.hr
action "accounts_isc_source_aggregate" "hr" {
  config {
    source_id = "2c91808a7c1e4b5d017c1e4b5d8a0001" # a delimited-file source
    file      = "${path.module}/hr-export.csv"
  }
}

# Keep the file and ISC in step: the next aggregation of a flat-file source removes every account
# its file lacks, so build the file from the accounts Terraform manages and aggregate it after they
# are created or changed. terraform_data holds the file; its changes trigger the aggregation.
locals {
  employees = {
    jdoe   = { displayName = "John Doe", department = "Sales" }
    asmith = { displayName = "Ann Smith", department = "Finance" }
  }
}

resource "accounts_isc_account" "hr" {
  for_each   = local.employees
  source_id  = "2c91808a7c1e4b5d017c1e4b5d8a0001"
  attributes = { id = each.key, displayName = each.value.displayName, department = each.value.department }
}

resource "terraform_data" "hr_file" {
  input = join("", concat(["id,displayName,department\n"], [
    for a in accounts_isc_account.hr : "${a.attributes.id},${a.attributes.displayName},${a.attributes.department}\n"
  ]))

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.accounts_isc_source_aggregate.managed]
    }
  }
}

action "accounts_isc_source_aggregate" "managed" {
  config {
    source_id = "2c91808a7c1e4b5d017c1e4b5d8a0001"
    content   = terraform_data.hr_file.output
  }
}
