terraform {
  required_providers {
    accounts = {
      source = "tf-accounts/accounts"
    }
  }
}

# Every setting may come from its environment variable instead; secrets are best left there.
provider "accounts" {
  isc = {
    base_url = "https://acme.api.identitynow.com"
    # client_id and client_secret from SAILPOINT_CLIENT_ID and SAILPOINT_CLIENT_SECRET
  }

  poozle = {
    endpoint = "https://poozle.example.com"
    # token from POOZLE_TOKEN
  }

  b3os = {
    organization_id = "org_2f9c1a"
    # api_key from B3OS_API_KEY; endpoint defaults to https://api.b3os.org
  }

  teal = {
    endpoint = "https://api.goteal.co"
    # api_key from TEAL_API_KEY
  }
}
