package provider

import (
	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/isc"
	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/poozle"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
)

// APIs are the vendor APIs the provider serves: adding one here adds its settings, client,
// resources, list resources, data sources, ephemeral resources and actions.
var APIs = []kit.API{isc.API, poozle.API, b3os.API, teal.API}
