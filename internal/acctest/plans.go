package acctest

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// ExpectKnown is a plan check that the named top-level attributes of address are known in the
// plan, not "(known after apply)": values the planned change cannot alter must keep the state's.
func ExpectKnown(address string, names ...string) plancheck.PlanCheck {
	return expectKnown{address: address, names: names}
}

type expectKnown struct {
	address string
	names   []string
}

func (e expectKnown) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		var shown []string
		for _, name := range e.names {
			if flag, _ := unknown[name].(bool); flag {
				shown = append(shown, name)
			}
		}
		if len(shown) > 0 {
			resp.Error = fmt.Errorf("%s plans %v as known after apply (%v), want the state's values", e.address, shown, rc.Change.Actions)
		}
		return
	}
	resp.Error = fmt.Errorf("the plan has no change for %s; it has %v", e.address, slices.Collect(func(yield func(string) bool) {
		for _, rc := range req.Plan.ResourceChanges {
			if !yield(rc.Address) {
				return
			}
		}
	}))
}

// RequestsByPlan is a plan check that records in n how many requests to api with method and a
// path starting with pathPrefix reached the fake by the time the step's first plan is made: a
// step's data sources are read once by then, where the apply and the plans after it read them
// again.
func (f *Fake) RequestsByPlan(api, method, pathPrefix string, n *int) plancheck.PlanCheck {
	return countRequests(func() { *n = f.RequestCount(api, method, pathPrefix) })
}

type countRequests func()

func (c countRequests) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	c()
}
