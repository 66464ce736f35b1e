# By account id:
terraform import accounts_isc_account.jdoe 2c9180857a3b4c5d017a3b4c5d6e0001

# By source id and native identity:
terraform import accounts_isc_account.jdoe 2c91808a7c1e4b5d017c1e4b5d8a0001:jdoe
