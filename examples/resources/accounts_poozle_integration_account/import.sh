# By integration account id:
terraform import accounts_poozle_integration_account.github 9b2f0c4e-1d3a-4e5b-8f6a-7c8d9e0f1a2b
