package fakeserver

// Helpers every API's handlers share: paging, ids and times.

import (
	cryptorand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

func milliseconds(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// page is a parsed offset/limit pair.
type page struct{ offset, limit int }

// pageLimits are an API's rules for the limit parameter.
type pageLimits struct{ defaultLimit, minLimit, maxLimit int }

func parsePage(q url.Values, rules pageLimits) (page, error) {
	offset, err := intParam(q, "offset", 0)
	if err != nil || offset < 0 {
		return page{}, errors.New("offset must be a non-negative integer")
	}
	limit, err := intParam(q, "limit", rules.defaultLimit)
	if err != nil || limit < rules.minLimit || limit > rules.maxLimit {
		return page{}, fmt.Errorf("limit must be an integer between %d and %d", rules.minLimit, rules.maxLimit)
	}
	return page{offset: offset, limit: limit}, nil
}

func intParam(q url.Values, name string, fallback int) (int, error) {
	value := q.Get(name)
	if value == "" {
		return fallback, nil
	}
	return strconv.Atoi(value)
}

// pageOf returns the items p selects, never nil so that it encodes as [].
func pageOf[T any](items []T, p page) []T {
	start := min(p.offset, len(items))
	end := min(start+p.limit, len(items))
	return append(make([]T, 0, end-start), items[start:end]...)
}

func ptr[T any](v T) *T { return &v }

// randomHex returns n random bytes as 2n lowercase hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = cryptorand.Read(b) // never fails on supported platforms
	return hex.EncodeToString(b)
}

// randomUUID returns a random (version 4) UUID.
func randomUUID() string {
	b := make([]byte, 16)
	_, _ = cryptorand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// isoMillis formats t the way JavaScript's toISOString and the ISC API do.
func isoMillis(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
