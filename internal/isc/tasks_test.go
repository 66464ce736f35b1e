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

func (c *statusCounter) count(status int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[status]
}

func newFakeClient(t *testing.T, fake *fakeserver.Server, window time.Duration) (*Client, *statusCounter) {
	t.Helper()
	counter := &statusCounter{next: fake, seen: map[int]int{}}
	ts := httptest.NewServer(counter)
	t.Cleanup(ts.Close)
	client, err := NewClient(Settings{
		BaseURL: fakeserver.APIURL(ts.URL, fakeserver.APIISC), ClientID: fakeserver.ISCClientID, ClientSecret: fakeserver.ISCClientSecret, RateLimit: DefaultRateLimit,
	}, transport.Config{RateWindow: window, MaxRetries: 5, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 100 * time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return client, counter
}

// create runs a create through the client as the resource does: submit, then await.
func create(ctx context.Context, client *Client, nativeIdentity string) (*Account, error) {
	want := NewAccount{SourceID: fakeserver.ISCFlatFileSourceID, NativeIdentity: nativeIdentity, Attributes: map[string]any{"id": nativeIdentity}}
	taskID, err := client.SubmitCreate(ctx, want)
	if err != nil {
		return nil, err
	}
	return client.AwaitCreate(ctx, taskID, want, func(string) {})
}

// An apply of 100 accounts: the creates, their task polls and lookups stay within the rate
// limit (no 429 at all: the client keeps a margin below it) and the polls are batched. The
// window is scaled down from 10 s to 2 s on both sides; the margin absorbs the scheduling jitter
// between the client's count and the server's on a loaded machine.
func TestHundredConcurrentCreatesStayWithinTheRateLimit(t *testing.T) {
	const accounts, limit = 100, 100
	fake := fakeserver.New()
	fake.ConfigureISC(func(s *fakeserver.ISCSettings) { s.RateLimit, s.RateWindowMS, s.TaskDurationMS = limit, 2000, 300 })
	client, counter := newFakeClient(t, fake, 2*time.Second)

	var wg sync.WaitGroup
	errs := make(chan error, accounts)
	for i := range accounts {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			_, err := create(ctx, client, fmt.Sprintf("user%03d", i))
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
	if counter.count(http.StatusTooManyRequests) != 0 {
		t.Errorf("server answered 429 %d times; the client-side limiter should prevent every one", counter.count(http.StatusTooManyRequests))
	}
	polls := fake.RequestCount("isc", "GET", "/task-status/v1")
	if polls > accounts/2 {
		t.Errorf("%d task-status requests for %d tasks: polls are not batched", polls, accounts)
	}
	t.Logf("%d accounts: %d task-status requests, answers by status %v", accounts, polls, counter.seen)
}

func TestTaskFailureShowsItsMessagesAndTheContextBoundsTheWait(t *testing.T) {
	fake := fakeserver.New()
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", TaskOutcome: "TERMINATED", Times: 1, TaskMessages: []string{"cancelled by admin"}})
	client, _ := newFakeClient(t, fake, 10*time.Second)
	ctx := context.Background()

	_, err := create(ctx, client, "t1")
	var taskErr *TaskError
	if !errors.As(err, &taskErr) || taskErr.Status != "TERMINATED" || taskErr.Temporary() || !strings.Contains(err.Error(), "cancelled by admin") {
		t.Fatalf("got %v, want a TERMINATED task error with its message", err)
	}

	fake.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 5000 })
	short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if _, err := create(short, client, "t2"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
}

// A task ISC never shows in task-status, and a task-status endpoint that refuses the token,
// cost seconds: the waiter watches for the account instead of waiting out its timeout.
func TestCreateCompletesWhenTaskStatusNeverTellsByWatchingTheAccount(t *testing.T) {
	for name, fault := range map[string]fakeserver.Fault{
		"task never shown":      {API: "isc", Method: "POST", Path: "/accounts/v1", TaskHidden: true},
		"task status forbidden": {API: "isc", Method: "GET", Path: "/task-status/v1", Status: http.StatusForbidden},
	} {
		t.Run(name, func(t *testing.T) {
			fake := fakeserver.New()
			fake.AddFault(fault)
			client, _ := newFakeClient(t, fake, 10*time.Second)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			started := time.Now()
			account, err := create(ctx, client, "unseen")
			if err != nil || account.NativeIdentity != "unseen" {
				t.Fatalf("got %v, %v; want the created account", account, err)
			}
			if took := time.Since(started); took > 15*time.Second {
				t.Errorf("took %v: the account was not watched for", took)
			}
		})
	}
}

// A DELETE sent again after its answer was lost starts a second task, which fails once the first
// removed the account: the account is gone, so the delete succeeded.
func TestDeleteSucceedsWhenARepeatedDeletesTaskFindsTheAccountGone(t *testing.T) {
	fake := fakeserver.New()
	fake.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 1500 })
	client, _ := newFakeClient(t, fake, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	account, err := create(ctx, client, "twice")
	if err != nil {
		t.Fatal(err)
	}
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "DELETE", Path: "/accounts/v1/", Drop: "after", Times: 1})
	if err := client.DeleteAccount(ctx, account.ID); err != nil {
		t.Fatalf("delete failed although the account is gone: %v", err)
	}
	if n := fake.RequestCount("isc", "DELETE", "/accounts/v1/"); n != 2 {
		t.Errorf("%d DELETE requests reached the server, want 2 (the lost one and its retry)", n)
	}
	if n := len(fake.State().ISC.Accounts); n != 0 {
		t.Errorf("server holds %d accounts, want 0", n)
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

func strPtr(s string) *string { return &s }

// Polls learn from ISC's own task times: once 2 s tasks have finished, the first poll waits
// about 2 s and the next ones follow quickly; until then, and for times ISC garbles, polls keep
// the default cadence.
func TestPollCadenceAdaptsToHowLongTasksTake(t *testing.T) {
	var pace taskPace
	if got := pace.first(); got != taskPolls.First {
		t.Fatalf("first poll before any task finished = %v, want %v", got, taskPolls.First)
	}
	pace.learn(&TaskStatus{Created: "2026-01-01T00:00:00.000Z", Completed: strPtr("2026-01-01T00:00:02.500Z")})
	pace.learn(&TaskStatus{Created: "2026-01-01T00:00:00.000Z", Completed: strPtr("garbled")})
	for range 3 {
		pace.learn(&TaskStatus{Created: "2026-01-01T00:00:10.000Z", Completed: strPtr("2026-01-01T00:00:12.000Z")})
	}
	first := pace.first()
	if first < 2*time.Second || first > 2300*time.Millisecond {
		t.Errorf("first poll after 2 s tasks = %v, want about 2 s", first)
	}
	if second := pace.next(first); second != first/8 {
		t.Errorf("second poll = %v, want %v: a task late by a little should not wait another 2 s", second, first/8)
	}
	if third := pace.next(first / 8); third != taskPolls.Next(first/8) {
		t.Errorf("third poll = %v, want the backoff's %v", third, taskPolls.Next(first/8))
	}
}

// pacedClient returns a client whose pace a first create of a 300 ms task has set.
func pacedClient(t *testing.T) (*fakeserver.Server, *Client, context.Context) {
	t.Helper()
	fake := fakeserver.New()
	fake.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 300 })
	client, _ := newFakeClient(t, fake, 10*time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	if _, err := create(ctx, client, "teacher"); err != nil {
		t.Fatal(err)
	}
	return fake, client, ctx
}

// Once this run's tasks have set the pace, a create is answered by the lookup that finds its
// account when a typical task would be done: no task poll, and no second lookup after the task.
// Before, the same create cost two polls (ISC writes the completion status a moment after the
// completion time) and a lookup.
func TestACreateAfterThePaceIsLearnedCostsItsPostAndOneLookup(t *testing.T) {
	fake, client, ctx := pacedClient(t)
	polls, lookups := fake.RequestCount("isc", "GET", "/task-status/v1"), fake.RequestCount("isc", "GET", "/accounts/v1")

	account, err := create(ctx, client, "learner")
	if err != nil || account.NativeIdentity != "learner" || account.ID == "" {
		t.Fatalf("got %+v, %v; want the created account", account, err)
	}
	if n := fake.RequestCount("isc", "GET", "/task-status/v1") - polls; n != 0 {
		t.Errorf("%d task polls, want none: the lookup found the account", n)
	}
	if n := fake.RequestCount("isc", "GET", "/accounts/v1") - lookups; n != 1 {
		t.Errorf("%d lookups, want 1", n)
	}
}

// Looking for the account first does not hide a failed task: the lookup finds nothing, and the
// poll that follows reports the task's status and messages.
func TestAFailedCreateAfterThePaceIsLearnedStillReportsTheTask(t *testing.T) {
	fake, client, ctx := pacedClient(t)
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", TaskOutcome: "ERROR", Times: 1, TaskMessages: []string{"connector refused"}})

	_, err := create(ctx, client, "refused")
	var taskErr *TaskError
	if !errors.As(err, &taskErr) || taskErr.Status != "ERROR" || !strings.Contains(err.Error(), "connector refused") {
		t.Fatalf("got %v, want the task's ERROR with its message", err)
	}
	if n := len(fake.State().ISC.Accounts); n != 1 {
		t.Errorf("server holds %d accounts, want only the first", n)
	}
}

// A lookup that fails while a create looks for its account leaves the task's poll to tell: the
// create still ends with its account, read once the task is done.
func TestACreateWhoseLookupFailsIsAnsweredByItsTask(t *testing.T) {
	fake, client, ctx := pacedClient(t)
	// Every attempt of the first lookup, retries included (newFakeClient allows 5), answers 503.
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/accounts/v1", Status: http.StatusServiceUnavailable, Times: 6})
	polls := fake.RequestCount("isc", "GET", "/task-status/v1")

	account, err := create(ctx, client, "unlooked")
	if err != nil || account.NativeIdentity != "unlooked" || account.ID == "" {
		t.Fatalf("got %+v, %v; want the created account", account, err)
	}
	if n := fake.RequestCount("isc", "GET", "/task-status/v1") - polls; n == 0 {
		t.Error("no task poll: the failed lookup was taken for an answer")
	}
}
