package transport

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// ParseBaseURL checks a configured base or token URL: absolute http(s), with no userinfo (it
// would become Basic auth on every request), query or fragment (both would be dropped), and
// https unless the host is loopback or allowHTTP says the user chose plain HTTP. Errors show the
// URL redacted.
func ParseBaseURL(raw string, allowHTTP bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(raw, "/"))
	shown := RedactURLString(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return nil, fmt.Errorf("must be an absolute http(s) URL such as https://api.example.com, not %q", shown)
	case u.User != nil:
		return nil, fmt.Errorf("must not hold a user name or password (%q): credentials are separate settings", shown)
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("must not hold a query (%q): the provider would drop it", shown)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, fmt.Errorf("must not hold a fragment (%q)", shown)
	case u.Scheme == "http" && !allowHTTP && !Loopback(u.Hostname()):
		return nil, fmt.Errorf("uses plain http for %s, which would send credentials unencrypted (%q): use https, "+
			"or set allow_insecure_http = true if the network is trusted", u.Hostname(), shown)
	}
	return u, nil
}

// Loopback reports a host name that can only be this machine.
func Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

var userinfo = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@`)

// RedactURLString hides the userinfo and the query of a URL for a message, even when the URL
// does not parse.
func RedactURLString(raw string) string {
	shown := userinfo.ReplaceAllString(raw, "${1}redacted@")
	if i := strings.IndexAny(shown, "?#"); i >= 0 {
		shown = shown[:i] + "?redacted"
	}
	return shown
}

// errBadSegment refuses a path segment that would address something else than the object named.
var errBadSegment = errors.New("is empty, \".\" or \"..\"")

// joinPath appends segments to prefix (already escaped), each escaped exactly once.
func joinPath(prefix string, segments []string) (string, error) {
	var b strings.Builder
	b.WriteString(prefix)
	for _, s := range segments {
		if s == "" || s == "." || s == ".." {
			return "", fmt.Errorf("path segment %q %w", s, errBadSegment)
		}
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String(), nil
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}
