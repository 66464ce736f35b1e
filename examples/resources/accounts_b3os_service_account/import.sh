# By service account id:
terraform import accounts_b3os_service_account.ci sa_0123456789abcdef01234567

# By name, unique in the organization:
terraform import accounts_b3os_service_account.ci name:ci-runner
