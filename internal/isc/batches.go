package isc

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/batch"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// batches coalesce the reads that concurrent resource operations make of ISC into list
// requests: task polls (id in (…) on task-status), refresh reads (id in (…) on accounts) and
// lookups by native identity (sourceId eq … and nativeIdentity in (…)). Under ISC's rate limit of
// 100 requests per 10 s, every request saved is a tenth of a second of an apply.
type batches struct {
	tasks *batch.Batcher[string, *TaskStatus]
	// finishing polls the tasks a poll found completed without their status yet: the tasks of a
	// wave reach that poll together, at the moment their shared answer arrives, so it gathers
	// only for an instant.
	finishing *batch.Batcher[string, *TaskStatus]
	reads     *batch.Batcher[string, *Account]

	mu        sync.Mutex
	bySource  map[string]*batch.Batcher[string, []Account]
	newLookup func(sourceID string) *batch.Batcher[string, []Account]
}

// Gathering is how long the first of a batch waits for company. Polls and lookups wait a tenth of
// a second: the operations of a wave that Terraform starts together reach them that far apart on
// a busy machine, and a batch that leaves without one of them splits the wave for the rest of
// the apply. Refresh reads, and the polls of tasks a shared poll found finishing, arrive
// together and leave almost at once. A batch that holds the wave it expects waits a tenth of its
// gathering more for latecomers: each wait is paid twice per wave of creates.
const (
	pollGathering      = 100 * time.Millisecond
	finishingGathering = 20 * time.Millisecond
	lookupGathering    = 100 * time.Millisecond
	readGathering      = 20 * time.Millisecond
	maxBatchFetch      = 2 * time.Minute
	// maxIdentityBatch keeps a lookup's URL well within what gateways accept, native identities
	// being free text; ids are short, so reads take a whole page of them.
	maxIdentityBatch = 50
	maxTaskBatch     = 50
)

func newBatches(c *Client) *batches {
	options := func(gather time.Duration, size int) batch.Options {
		return batch.Options{Gather: gather, Latecomers: gather / 10, Max: size, Timeout: maxBatchFetch, Alone: refusedRequest}
	}
	return &batches{
		tasks:     batch.New(c.listTasks, c.http.WaitRate, options(pollGathering, maxTaskBatch)),
		finishing: batch.New(c.listTasks, c.http.WaitRate, options(finishingGathering, maxTaskBatch)),
		reads:     batch.New(c.listAccountsByID, c.http.WaitRate, options(readGathering, maxAccountsPage)),
		bySource:  map[string]*batch.Batcher[string, []Account]{},
		newLookup: func(sourceID string) *batch.Batcher[string, []Account] {
			return batch.New(c.lookUpAccounts(sourceID), c.http.WaitRate, options(lookupGathering, maxIdentityBatch))
		},
	}
}

// refusedRequest is true for a batch ISC refused as a request (a 4xx other than 429 and the
// authentication ones): one key may be the cause, so each is asked again alone and meets its
// own answer. Other failures, retried already by the transport, are each waiter's error.
func refusedRequest(err error) bool {
	status := transport.StatusOf(err)
	return status >= 400 && status < 500 && status != http.StatusTooManyRequests &&
		status != http.StatusUnauthorized && status != http.StatusForbidden
}

// lookups returns the batcher of lookups on one source: a filter names a single source.
func (b *batches) lookups(sourceID string) *batch.Batcher[string, []Account] {
	b.mu.Lock()
	defer b.mu.Unlock()
	lookups, found := b.bySource[sourceID]
	if !found {
		lookups = b.newLookup(sourceID)
		b.bySource[sourceID] = lookups
	}
	return lookups
}

// lookUpAccounts returns, for each native identity, the source's accounts whose native identity
// matches it without regard to case, as ISC's filters match: the caller picks the exact one.
func (c *Client) lookUpAccounts(sourceID string) batch.Fetch[string, []Account] {
	return func(ctx context.Context, identities []string) (map[string][]Account, error) {
		accounts, err := c.listAccounts(ctx, "sourceId eq "+quote(sourceID)+" and nativeIdentity in "+quoteAll(identities))
		if err != nil {
			return nil, err
		}
		asked := make(map[string][]string, len(identities))
		for _, identity := range identities {
			asked[strings.ToLower(identity)] = append(asked[strings.ToLower(identity)], identity)
		}
		matches := make(map[string][]Account, len(identities))
		for _, account := range accounts {
			for _, identity := range asked[strings.ToLower(account.NativeIdentity)] {
				matches[identity] = append(matches[identity], account)
			}
		}
		return matches, nil
	}
}

// listAccountsByID reads several accounts by id; accounts ISC does not list are absent.
func (c *Client) listAccountsByID(ctx context.Context, ids []string) (map[string]*Account, error) {
	accounts, err := c.listAccounts(ctx, "id in "+quoteAll(ids))
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Account, len(accounts))
	for i := range accounts {
		byID[accounts[i].ID] = &accounts[i]
	}
	return byID, nil
}

// listAccounts reads every account a filter matches, a page of 250 at a time.
func (c *Client) listAccounts(ctx context.Context, filter string) ([]Account, error) {
	var all []Account
	for {
		var page []Account
		query := url.Values{"filters": {filter}, "limit": {strconv.Itoa(maxAccountsPage)}, "offset": {strconv.Itoa(len(all))}}
		if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: accountsPath, Query: query}, &page); err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < maxAccountsPage {
			return all, nil
		}
	}
}

// listTasks reads the status of several tasks in one request. The task-status/v1 list returns
// tasks in progress too; tasks ISC does not show (yet) are absent from the result.
func (c *Client) listTasks(ctx context.Context, ids []string) (map[string]*TaskStatus, error) {
	query := url.Values{"filters": {"id in " + quoteAll(ids)}, "limit": {strconv.Itoa(len(ids))}}
	var tasks []TaskStatus
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: taskStatusPath, Query: query}, &tasks); err != nil {
		return nil, err
	}
	byID := make(map[string]*TaskStatus, len(tasks))
	for i := range tasks {
		byID[tasks[i].ID] = &tasks[i]
	}
	return byID, nil
}

// quoteAll writes a list literal of ISC's filter grammar: ("a","b").
func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = quote(v)
	}
	return "(" + strings.Join(quoted, ",") + ")"
}
