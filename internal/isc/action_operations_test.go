package isc

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// progressLog collects the progress lines of an operation.
type progressLog struct {
	mu    sync.Mutex
	lines []string
}

func (p *progressLog) add(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lines = append(p.lines, line)
}

func (p *progressLog) holds(prefix string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.ContainsFunc(p.lines, func(line string) bool { return strings.HasPrefix(line, prefix) })
}

// An aggregation whose status ISC refuses (an API client's token: the status is userAuth only)
// is followed by its task alone, and still ends with the task's counts.
func TestAggregationFollowsItsTaskWhenTheStatusIsRefused(t *testing.T) {
	fake := fakeserver.New()
	fake.ConfigureISC(func(s *fakeserver.ISCSettings) { s.AggregationMS = 600 })
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/account-aggregations/v1", Status: 403})
	fake.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": "gone", "displayName": "Gone"})
	client, _ := newFakeClient(t, fake, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var progress progressLog
	file := &AccountFile{Name: "hr.csv", Data: []byte("id,displayName,extra\ne1,One,x\ne2,Two,y\n")}
	result, err := client.AggregateSource(ctx, fakeserver.ISCFlatFileSourceID, file, false, progress.add)
	if err != nil {
		t.Fatal(err)
	}
	if result.Found != 2 || result.Added != 2 || result.Removed != 1 || result.Changed != 0 || result.Status != statusWarning ||
		len(result.Notes) != 1 || !strings.Contains(result.Notes[0], "extra") {
		t.Fatalf("result = %+v", result)
	}
	if !progress.holds("ISC shows an aggregation's progress to personal access tokens only") || progress.holds("Aggregation STARTED") {
		t.Fatalf("progress = %q", progress.lines)
	}
	// The aggregation's task, far longer than an account's, leaves the pace of account tasks unset.
	if learned := client.pace.typicalDuration(); learned != 0 {
		t.Fatalf("the aggregation set the pace of account tasks to %v", learned)
	}
}

// The lines describing a task say its state once per change, with its share done.
func TestDescribeTask(t *testing.T) {
	done, status, progress := "2026-01-01T00:00:01Z", "SUCCESS", "Started"
	tests := []struct {
		task TaskStatus
		want string
	}{
		{TaskStatus{ID: "t1", UniqueName: "Cloud Account Reload", Progress: &progress, PercentComplete: 40}, "ISC task t1 (Cloud Account Reload): Started, 40%"},
		{TaskStatus{ID: "t1", Completed: &done}, "ISC task t1: completing"},
		{TaskStatus{ID: "t1", Completed: &done, CompletionStatus: &status, PercentComplete: 100}, "ISC task t1: completed: SUCCESS"},
	}
	for _, tt := range tests {
		if got := describeTask(&tt.task); got != tt.want {
			t.Errorf("describeTask = %q, want %q", got, tt.want)
		}
	}
}
