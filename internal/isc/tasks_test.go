package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// statusCounter counts the answers of the fake server by status.
type statusCounter struct {
	next http.Handler
	mu   sync.Mutex
	seen map[int]int
}

type recordingWriter struct {
	http.ResponseWriter
	status int
}

func (w *recordingWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (c *statusCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &recordingWriter{ResponseWriter: w, status: http.StatusOK}
	c.next.ServeHTTP(rec, r)
	c.mu.Lock()
	c.seen[rec.status]++
	c.mu.Unlock()
}

func newFakeClient(t *testing.T, fake *fakeserver.Server, rateLimit int, window time.Duration) (*Client, *statusCounter) {
	t.Helper()
	counter := &statusCounter{next: fake, seen: map[int]int{}}
	ts := httptest.NewServer(counter)
	t.Cleanup(ts.Close)
	env := fakeserver.Env(ts.URL)
	client, err := NewClient(Settings{
		BaseURL: env["SAILPOINT_BASE_URL"], ClientID: env["SAILPOINT_CLIENT_ID"], ClientSecret: env["SAILPOINT_CLIENT_SECRET"], RateLimit: rateLimit,
	}, transport.Config{RateWindow: window, MaxRetries: 5, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 100 * time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return client, counter
}

// An apply of 100 accounts: the creates and their task polls stay within the rate limit (no 429
// at all) and the polls are batched. The window is scaled down from 10 s to 1 s on both sides.
func TestHundredConcurrentCreatesStayWithinTheRateLimit(t *testing.T) {
	const accounts, limit = 100, 100
	fake := fakeserver.New()
	windowMS, taskMS := 1000, 300
	fake.Configure(fakeserver.Config{ISCRateLimit: intPtr(limit), ISCRateWindowMS: &windowMS, ISCTaskDurationMS: &taskMS})
	client, counter := newFakeClient(t, fake, limit, time.Second)

	var wg sync.WaitGroup
	errs := make(chan error, accounts)
	for i := range accounts {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			taskID, err := client.CreateAccount(ctx, fakeserver.ISCFlatFileSourceID, map[string]any{"id": fmt.Sprintf("user%03d", i)})
			if err == nil {
				_, err = client.WaitForTask(ctx, taskID)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	if got := len(fake.State().ISC.Accounts); got != accounts {
		t.Errorf("server holds %d accounts, want %d", got, accounts)
	}
	if counter.seen[http.StatusTooManyRequests] != 0 {
		t.Errorf("server answered 429 %d times; the client-side limiter should prevent every one", counter.seen[http.StatusTooManyRequests])
	}
	polls := fake.RequestCount("isc", "GET", "/beta/task-status")
	if polls > accounts/2 {
		t.Errorf("%d task-status requests for %d tasks: polls are not batched", polls, accounts)
	}
	t.Logf("%d accounts: %d task-status requests, answers by status %v", accounts, polls, counter.seen)
}

func TestWaitForTaskReportsFailureWithMessagesAndHonoursTheContext(t *testing.T) {
	fake := fakeserver.New()
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/v3/accounts", TaskOutcome: "TERMINATED", Times: 1, TaskMessages: []string{"cancelled by admin"}})
	client, _ := newFakeClient(t, fake, 100, 10*time.Second)
	ctx := context.Background()

	taskID, err := client.CreateAccount(ctx, fakeserver.ISCFlatFileSourceID, map[string]any{"id": "t1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.WaitForTask(ctx, taskID)
	var taskErr *TaskError
	if !errors.As(err, &taskErr) || taskErr.Status != "TERMINATED" || taskErr.Temporary() || !strings.Contains(err.Error(), "cancelled by admin") {
		t.Fatalf("got %v, want a TERMINATED task error with its message", err)
	}

	slow := 5000
	fake.Configure(fakeserver.Config{ISCTaskDurationMS: &slow})
	taskID, err = client.CreateAccount(ctx, fakeserver.ISCFlatFileSourceID, map[string]any{"id": "t2"})
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if _, err := client.WaitForTask(short, taskID); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
}

func TestTaskIsDoneOnlyWithBothCompletionFields(t *testing.T) {
	at, lower := "2026-01-01T00:00:00Z", "success"
	cases := []struct {
		name      string
		task      TaskStatus
		done, won bool
	}{
		{"running", TaskStatus{}, false, false},
		{"completed before its status", TaskStatus{Completed: &at}, false, false},
		{"lower-case success", TaskStatus{Completed: &at, CompletionStatus: &lower}, true, true},
		{"temp error spelled with underscore", TaskStatus{Completed: &at, CompletionStatus: strPtr("TEMP_ERROR")}, true, false},
	}
	for _, c := range cases {
		if c.task.done() != c.done || (c.done && c.task.Succeeded() != c.won) {
			t.Errorf("%s: done=%v succeeded=%v", c.name, c.task.done(), c.task.Succeeded())
		}
	}
	if !taskError(&TaskStatus{CompletionStatus: strPtr("TEMP_ERROR")}).Temporary() {
		t.Error("TEMP_ERROR is not treated as temporary")
	}
}

func TestErrorShapesAreDecoded(t *testing.T) {
	cases := map[string][2]string{
		`{"detailCode":"400.1 Bad Request Content","trackingId":"abc","messages":[{"text":"bad sourceId"}]}`: {"400.1 Bad Request Content: bad sourceId", "abc"},
		`{"error":"JWT validation failed: JWT is expired"}`:                                                  {"JWT validation failed: JWT is expired", ""},
		`{"message":" Rate Limit Exceeded "}`:                                                                {"Rate Limit Exceeded", ""},
	}
	for body, want := range cases {
		message, id := decodeError([]byte(body))
		if message != want[0] || id != want[1] {
			t.Errorf("%s: got %q, %q", body, message, id)
		}
	}
}

func TestWrongCredentialsShowTheTokenEndpointsAnswer(t *testing.T) {
	fake := fakeserver.New()
	ts := httptest.NewServer(fake)
	defer ts.Close()
	client, err := NewClient(Settings{BaseURL: ts.URL + "/isc", ClientID: "nobody", ClientSecret: "wrong-secret-123"}, transport.Config{RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetAccount(context.Background(), "x")
	if transport.StatusOf(err) != http.StatusUnauthorized || !strings.Contains(err.Error(), "invalid_client") || strings.Contains(err.Error(), "wrong-secret-123") {
		t.Fatalf("got %v, want a 401 naming invalid_client and never the secret", err)
	}
}

func intPtr(n int) *int       { return &n }
func strPtr(s string) *string { return &s }
