# By account id:
terraform import accounts_isc_account.jdoe 2c9180857a3b4c5d017a3b4c5d6e0001

# By source id and native identity:
terraform import accounts_isc_account.jdoe 2c9180835d2e5168015d32f890ca1581:jdoe
