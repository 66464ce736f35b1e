package isc

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// paceKey holds, in each account's private state, how long the tenant's tasks took when the
// account was last written. Every Terraform command starts new provider processes, each of
// which would otherwise poll its first wave of tasks on an unlearned backoff: a destroy after
// an apply starts on the apply's pace instead.
const paceKey = "task_pace"

type keptPace struct {
	TypicalMS int64 `json:"typical_ms"`
}

// keepPace records the pace learned so far, if any.
func (r *accountResource) keepPace(ctx context.Context, private kit.PrivateSetter) diag.Diagnostics {
	typical := r.Client.pace.typicalDuration()
	if typical <= 0 {
		return nil
	}
	encoded, err := json.Marshal(keptPace{TypicalMS: typical.Milliseconds()})
	if err != nil {
		return nil
	}
	return private.SetKey(ctx, paceKey, encoded)
}

// recallPace takes the pace an earlier command recorded, until this process learns its own.
func (r *accountResource) recallPace(ctx context.Context, private kit.PrivateGetter) {
	raw, _ := private.GetKey(ctx, paceKey)
	var kept keptPace
	if len(raw) == 0 || json.Unmarshal(raw, &kept) != nil {
		return // none yet, or not this provider's: the pace is learned again
	}
	r.Client.pace.assume(time.Duration(kept.TypicalMS) * time.Millisecond)
}
