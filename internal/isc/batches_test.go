package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

func seedAccounts(fake *fakeserver.Server, identities ...string) map[string]string {
	ids := map[string]string{}
	for _, identity := range identities {
		ids[identity] = fake.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": identity})
	}
	return ids
}

// inParallel runs one call per key at once, as Terraform's parallel resource operations do.
func inParallel[T any](keys []string, call func(key string) T) map[string]T {
	var mu sync.Mutex
	results := map[string]T{}
	var wg sync.WaitGroup
	for _, key := range keys {
		wg.Go(func() {
			result := call(key)
			mu.Lock()
			results[key] = result
			mu.Unlock()
		})
	}
	wg.Wait()
	return results
}

type readResult struct {
	account *Account
	err     error
}

func readAll(ctx context.Context, client *Client, ids []string) map[string]readResult {
	return inParallel(ids, func(id string) readResult {
		account, err := client.ReadAccount(ctx, id)
		return readResult{account, err}
	})
}

// Concurrent refresh reads share list requests, each gets its own account, and an account
// missing from the list is confirmed gone by a direct GET before it is reported gone.
func TestConcurrentReadsShareListRequestsAndConfirmWhatIsMissing(t *testing.T) {
	fake := fakeserver.New()
	identities := make([]string, 30)
	for i := range identities {
		identities[i] = fmt.Sprintf("reader%02d", i)
	}
	byIdentity := seedAccounts(fake, identities...)
	ids := []string{"0123456789abcdef0123456789abcdef"} // no such account
	for _, id := range byIdentity {
		ids = append(ids, id)
	}
	client, _ := newFakeClient(t, fake, 10*time.Second)

	results := readAll(t.Context(), client, ids)

	for identity, id := range byIdentity {
		if got := results[id]; got.err != nil || got.account.ID != id || got.account.NativeIdentity != identity {
			t.Errorf("read %s: got %+v, want account %s (%s)", id, got, id, identity)
		}
	}
	if got := results[ids[0]]; !errors.Is(got.err, transport.ErrNotFound) {
		t.Errorf("read of a missing account: got %+v, want ErrNotFound", got)
	}
	if lists := fake.RequestCount("isc", "GET", "/accounts/v1") - fake.RequestCount("isc", "GET", "/accounts/v1/"); lists > 10 {
		t.Errorf("%d list requests for %d concurrent reads: they were not batched", lists, len(ids))
	}
	if direct := fake.RequestCount("isc", "GET", "/accounts/v1/"); direct != 1 {
		t.Errorf("%d direct GETs, want 1: only the account missing from the list is confirmed", direct)
	}
}

// A list that leaves an account out (an index lagging behind) does not make it gone: the direct
// GET finds it.
func TestAnAccountALaggingListLeavesOutIsNotReportedGone(t *testing.T) {
	fake := fakeserver.New()
	id := seedAccounts(fake, "lagging")["lagging"]
	fake.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/accounts/v1", Status: http.StatusOK, Body: "[]", Times: 1})
	client, _ := newFakeClient(t, fake, 10*time.Second)

	account, err := client.ReadAccount(t.Context(), id)
	if err != nil || account.ID != id {
		t.Fatalf("got %+v, %v; want the account from the direct GET", account, err)
	}
}

// A list request ISC refuses (400) is asked again per account, and each read still gets its
// own answer; a failure that is not a refusal reaches every read with ISC's status.
func TestAFailedListReadIsRetriedPerAccountOrFailsEachReadWithTheRealError(t *testing.T) {
	fake := fakeserver.New()
	byIdentity := seedAccounts(fake, "r1", "r2", "r3")
	ids := []string{byIdentity["r1"], byIdentity["r2"], byIdentity["r3"]}
	client, _ := newFakeClient(t, fake, 10*time.Second)

	fake.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/accounts/v1", Status: http.StatusBadRequest, Times: 1})
	for id, got := range readAll(t.Context(), client, ids) {
		if got.err != nil || got.account.ID != id {
			t.Errorf("read %s after a refused batch: got %+v", id, got)
		}
	}

	fake.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/accounts/v1", Status: http.StatusServiceUnavailable})
	for id, got := range readAll(t.Context(), client, ids) {
		if transport.StatusOf(got.err) != http.StatusServiceUnavailable {
			t.Errorf("read %s while ISC fails: got %+v, want ISC's 503", id, got)
		}
	}
}

// Concurrent lookups by native identity share a request, and each is exact: a case variant is
// among the matches ISC's case-blind filter returns, but never the exact match of another.
func TestConcurrentLookupsShareARequestAndStayExact(t *testing.T) {
	fake := fakeserver.New()
	held := seedAccounts(fake, "alice", "Bob", "carol")
	client, _ := newFakeClient(t, fake, 10*time.Second)
	asked := []string{"alice", "bob", "Bob", "CAROL", "dave"}

	type lookup struct {
		exact   *Account
		matches []Account
		err     error
	}
	results := inParallel(asked, func(identity string) lookup {
		matches, err := client.FindAccounts(t.Context(), fakeserver.ISCFlatFileSourceID, identity)
		return lookup{exactMatch(matches, identity), matches, err}
	})

	for identity, got := range results {
		if got.err != nil {
			t.Fatalf("%s: %v", identity, got.err)
		}
		wantExact := held[identity]
		switch {
		case wantExact == "" && got.exact != nil:
			t.Errorf("%s: exact match %q, want none (only case variants exist)", identity, got.exact.NativeIdentity)
		case wantExact != "" && (got.exact == nil || got.exact.ID != wantExact):
			t.Errorf("%s: exact match %+v, want account %s", identity, got.exact, wantExact)
		}
	}
	if n := len(results["dave"].matches); n != 0 {
		t.Errorf("dave: %d matches, want none", n)
	}
	if n := len(results["bob"].matches); n != 1 || results["bob"].matches[0].NativeIdentity != "Bob" {
		t.Errorf("bob: matches %+v, want the case variant Bob", results["bob"].matches)
	}
	if lists := fake.RequestCount("isc", "GET", "/accounts/v1"); lists > 3 {
		t.Errorf("%d list requests for %d concurrent lookups: they were not batched", lists, len(asked))
	}
}
