# The key id; the key attribute stays null, since B3OS shows the secret only once.
terraform import accounts_b3os_api_key.legacy ak_7c1e9a3f5b2d
