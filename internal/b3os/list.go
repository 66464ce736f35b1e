package b3os

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// ServiceAccountPages reads the organization's service accounts a page at a time, the next page
// only when the previous one has been used, each read within the shared rate limiter. The first
// error ends the sequence.
func (c *Client) ServiceAccountPages(ctx context.Context) iter.Seq2[[]ServiceAccount, error] {
	return pages[ServiceAccount](ctx, c, serviceAccountsPath, nil)
}

// pages reads a B3OS list at path, with filter added to each page's query, as
// ServiceAccountPages describes.
func pages[T any](ctx context.Context, c *Client, path string, filter url.Values) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		for offset := 0; ; offset += pageSize {
			query := url.Values{"limit": {strconv.Itoa(pageSize)}, "offset": {strconv.Itoa(offset)}}
			for name, values := range filter {
				query[name] = values
			}
			list, err := call[page[T]](ctx, c, transport.Request{Method: http.MethodGet, Path: path, Query: query})
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(list.Items, nil) || !list.HasMore || len(list.Items) == 0 {
				return
			}
		}
	}
}

// ServiceAccountsNamed reads every page of the organization's service accounts and returns those
// named name: B3OS keeps names unique, which only reading them all can confirm.
func (c *Client) ServiceAccountsNamed(ctx context.Context, name string) ([]ServiceAccount, error) {
	var named []ServiceAccount
	for list, err := range c.ServiceAccountPages(ctx) {
		if err != nil {
			return nil, err
		}
		for _, sa := range list {
			if sa.Name == name {
				named = append(named, sa)
			}
		}
	}
	return named, nil
}
