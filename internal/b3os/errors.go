package b3os

import (
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// decodeError reads the error shapes B3OS answers with. Its two doc sets disagree: the API
// reference's envelope {code, message, requestId}, and the guide's {success: false, error:
// {message, code}}; the SDK's tests also meet {"error": "..."}. A proxy in front answers plain
// text, which the transport uses as it is, or an HTML page, of which only the title is kept.
func decodeError(body []byte) (message, requestID string) {
	if page := htmlTitle(body); page != "" {
		return page, ""
	}
	var e struct {
		Message   string          `json:"message"`
		RequestID string          `json:"requestId"`
		Error     json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	if e.Message != "" {
		return e.Message, e.RequestID
	}
	var text string
	if json.Unmarshal(e.Error, &text) == nil {
		return text, e.RequestID
	}
	var guide struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(e.Error, &guide)
	return guide.Message, e.RequestID
}

var (
	titleElement = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	anyTag       = regexp.MustCompile(`<[^>]*>`)
	whiteSpace   = regexp.MustCompile(`\s+`)
)

// maxTitleLength bounds the title kept, so an odd page cannot flood a diagnostic.
const maxTitleLength = 120

// htmlTitle describes an HTML error page by its title, without markup; it is empty for a body
// that is not HTML.
func htmlTitle(body []byte) string {
	text := strings.TrimSpace(string(body))
	if !strings.HasPrefix(text, "<") {
		return ""
	}
	const described = "the server, or a proxy in front of it, answered with an HTML error page"
	match := titleElement.FindStringSubmatch(text)
	if match == nil {
		return described
	}
	title := whiteSpace.ReplaceAllString(html.UnescapeString(anyTag.ReplaceAllString(match[1], "")), " ")
	if title = strings.TrimSpace(title); title == "" {
		return described
	}
	if len(title) > maxTitleLength {
		title = title[:maxTitleLength] + "…"
	}
	return described + " titled " + strconv.Quote(title)
}

// isNotFound recognises B3OS's 404 in either of its documented shapes: the envelope {code: 404,
// message} or the guide's {success: false, error: {message, code}}.
func isNotFound(body []byte) bool {
	var e struct {
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
		Success *bool           `json:"success"`
		Error   *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	return (string(e.Code) == "404" && e.Message != "") || (e.Success != nil && !*e.Success && e.Error != nil && e.Error.Message != "")
}

// isEnvelope recognises B3OS's success envelope around a list: {code: 200, data: [...]}.
func isEnvelope(status int, body []byte) bool {
	var e struct {
		Code int             `json:"code"`
		Data json.RawMessage `json:"data"`
	}
	return status == 200 && json.Unmarshal(body, &e) == nil && e.Code == status && len(e.Data) > 0 && string(e.Data) != "null"
}
