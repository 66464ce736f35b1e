package transport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxResponseBytes bounds every response body read into memory. The largest answer the clients
// ask for (a page of 250 ISC accounts) is well under 1 MiB; anything beyond the bound is a
// misbehaving server or proxy and is refused rather than read.
const MaxResponseBytes = 8 << 20

// readResponseBody reads at most MaxResponseBytes+1 bytes, so a caller can tell a body that
// reached the bound from one that fits. It never reads the rest of a larger body.
func readResponseBody(body io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(body, MaxResponseBytes+1))
}

// tooLarge reports a body that readResponseBody cut at the bound.
func tooLarge(body []byte) bool { return len(body) > MaxResponseBytes }

// decodeResponse turns one answer into the caller's value or an error naming the call and the
// status: an *APIError for a non-2xx answer, a plain error for a body too large to read or a
// 2xx body that is not the expected JSON.
func (c *Client) decodeResponse(r Request, resp *http.Response, out any) error {
	body, err := readResponseBody(resp.Body)
	if err != nil {
		return fmt.Errorf("%s API: %s %s returned %d, reading the body failed: %w", c.api, r.Method, r.Path, resp.StatusCode, err)
	}
	if tooLarge(body) {
		return fmt.Errorf("%s API: %s %s returned %d with a body over the %d MiB limit", c.api, r.Method, r.Path, resp.StatusCode, MaxResponseBytes>>20)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.newAPIError(r.Method, r.Path, resp, body)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s API: %s %s returned %d with a body that is not the expected JSON: %w", c.api, r.Method, r.Path, resp.StatusCode, err)
	}
	return nil
}

// cleanMessage makes text from a response body fit for a diagnostic: valid UTF-8 (Terraform's
// protocol refuses anything else), without control characters but newline and tab (a terminal
// would act on them), trimmed, and at most limit bytes.
func cleanMessage(text string, limit int) string {
	text = strings.TrimSpace(strings.Map(dropControl, strings.ToValidUTF8(text, "\uFFFD")))
	if len(text) <= limit {
		return text
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

func dropControl(r rune) rune {
	if r != '\n' && r != '\t' && unicode.IsControl(r) {
		return -1
	}
	return r
}
