package isc

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// privateStore is a resource's private state between two commands.
type privateStore map[string][]byte

func (p privateStore) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

func (p privateStore) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func finishedTask(took time.Duration) *TaskStatus {
	created := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	completed := created.Add(took).Format(time.RFC3339)
	return &TaskStatus{Created: created.Format(time.RFC3339), Completed: &completed}
}

// What one command's provider learned of task durations is kept with the account, and the next
// command's provider starts on it: a destroy's first wave polls when a typical task is done.
func TestThePaceOfTasksCarriesFromOneCommandToTheNext(t *testing.T) {
	ctx := context.Background()
	private := privateStore{}
	apply := &accountResource{}
	apply.Client = &Client{}
	if diags := apply.keepPace(ctx, private); diags.HasError() || len(private) != 0 {
		t.Fatalf("an unlearned pace was kept: %v %v", private, diags)
	}
	apply.Client.pace.learn(finishedTask(2 * time.Second))
	if diags := apply.keepPace(ctx, private); diags.HasError() || string(private[paceKey]) != `{"typical_ms":2000}` {
		t.Fatalf("kept %q, %v", private[paceKey], diags)
	}

	destroy := &accountResource{}
	destroy.Client = &Client{}
	destroy.recallPace(ctx, private)
	if got := destroy.Client.pace.first(); got != 2*time.Second || !destroy.Client.pace.learned() {
		t.Errorf("the next command's first poll comes after %v (learned %t), want 2s", got, destroy.Client.pace.learned())
	}

	// A pace this process learned is not replaced by a recorded one.
	learned := &accountResource{}
	learned.Client = &Client{}
	learned.Client.pace.learn(finishedTask(3 * time.Second))
	learned.recallPace(ctx, private)
	if got := learned.Client.pace.first(); got != 3*time.Second {
		t.Errorf("first poll after %v, want this process's 3s", got)
	}

	// What this provider did not write starts no pace.
	foreign := &accountResource{}
	foreign.Client = &Client{}
	foreign.recallPace(ctx, privateStore{paceKey: []byte("not json")})
	if foreign.Client.pace.learned() {
		t.Error("a malformed record set the pace")
	}
}
