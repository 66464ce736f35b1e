package isc

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// AccountPages reads the accounts of a source, page by page at ISC's maximum page size, that also
// match filters (an expression of ISC's filter grammar) when it is set. A page is read only when
// the previous one has been used, so a source of any size is never held in memory, and each read
// waits for the shared rate limiter. The first error ends the sequence.
func (c *Client) AccountPages(ctx context.Context, sourceID, filters string) iter.Seq2[[]Account, error] {
	filter := "sourceId eq " + quote(sourceID)
	if filters != "" {
		filter += " and (" + filters + ")" // parenthesized: an "or" in filters stays within the source
	}
	return func(yield func([]Account, error) bool) {
		for offset := 0; ; offset += maxAccountsPage {
			page, err := c.accountPage(ctx, filter, offset)
			if !yield(page, err) || err != nil || len(page) < maxAccountsPage {
				return
			}
		}
	}
}

func (c *Client) accountPage(ctx context.Context, filter string, offset int) ([]Account, error) {
	query := url.Values{"filters": {filter}, "limit": {strconv.Itoa(maxAccountsPage)}, "offset": {strconv.Itoa(offset)}}
	var accounts []Account
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: accountsPath, Query: query}, &accounts); err != nil {
		return nil, err
	}
	return accounts, nil
}
