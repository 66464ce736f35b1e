package transport

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

// redacted replaces every secret value in logged bodies, queries and forms.
const redacted = "***"

// maxLoggedBody bounds the body logged at TRACE level.
const maxLoggedBody = 8 << 10

// secretKeys are the field names whose values never reach a log, compared after lower-casing and
// dropping '_' and '-': API keys, OAuth2 secrets and tokens, passwords, MFA answers and the
// integration configuration objects that hold third-party credentials.
var secretKeys = map[string]bool{
	"authorization": true, "xapikey": true, "apikey": true, "key": true, "secret": true,
	"clientsecret": true, "accesstoken": true, "refreshtoken": true, "idtoken": true, "token": true,
	"jwt": true, "password": true, "mfa": true, "mfaanswer": true, "mfaanswers": true,
	"config": true, "integrationconfiguration": true,
}

// keySeparators are dropped from field names before they are compared; built once, since every
// logged body asks for each of its keys.
var keySeparators = strings.NewReplacer("_", "", "-", "")

func isSecretKey(name string) bool {
	normalized := keySeparators.Replace(strings.ToLower(name))
	return secretKeys[normalized]
}

// logging writes one DEBUG line per attempt (method, URL, status, duration, request id) and the
// redacted bodies at TRACE, in a subsystem named after the API.
type logging struct {
	client    *Client
	subsystem string
	secrets   []string
	bodies    bool // see tracesBodies
	next      http.RoundTripper
}

// LogLevelEnv sets the level of the provider's own logs (terraform-plugin-go reads
// TF_LOG_PROVIDER_<provider type>); Terraform's TF_LOG_PROVIDER only filters what it receives.
const LogLevelEnv = "TF_LOG_PROVIDER_ACCOUNTS"

// tracesBodies reports whether the provider's TRACE lines can reach a log: its level unset (the
// SDK then logs at TRACE) or TRACE. Redacting a body costs a JSON round trip, paid only for a
// line someone may read; the provider turns its logs off when Terraform drops them (main.go).
func tracesBodies() bool {
	level := hclog.LevelFromString(os.Getenv(LogLevelEnv))
	return level == hclog.NoLevel || level == hclog.Trace
}

func (l logging) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := tflog.NewSubsystem(req.Context(), l.subsystem)
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, l.subsystem, l.secrets...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, l.subsystem, l.secrets...)
	// Every other secret known by now (access tokens, passwords and config values sent or read
	// back), which a vendor may echo in an error body that has no secret key to redact by.
	ctx = redact.MaskSubsystemLogs(ctx, l.subsystem)

	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	fields := map[string]any{
		"http_method": req.Method,
		"http_url":    redactURL(req.URL),
	}
	if l.bodies {
		tflog.SubsystemTrace(ctx, l.subsystem, "sending request", with(fields, "http_request_body", redactBody(body)))
	}

	started := time.Now()
	resp, err := l.next.RoundTrip(req)
	fields["http_duration_ms"] = time.Since(started).Milliseconds()
	if err != nil {
		tflog.SubsystemDebug(ctx, l.subsystem, "request failed", with(fields, "error", err.Error()))
		return nil, err
	}
	fields["http_status"] = resp.StatusCode
	if id := l.client.requestIDFrom(resp.Header); id != "" {
		fields["http_request_id"] = id
	}
	respBody, err := readResponseBody(resp.Body) // Client.Do refuses a body cut at the bound
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if err != nil {
		return nil, err
	}
	tflog.SubsystemDebug(ctx, l.subsystem, "received response", fields)
	if l.bodies {
		tflog.SubsystemTrace(ctx, l.subsystem, "response body", with(fields, "http_response_body", redactBody(respBody)))
	}
	return resp, nil
}

func with(fields map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(fields)+1)
	for k, v := range fields {
		out[k] = v
	}
	out[key] = value
	return out
}

func redactURL(u *url.URL) string {
	copied := *u
	copied.User = nil
	copied.RawQuery = redactValues(u.Query()).Encode()
	return copied.String()
}

func redactValues(values url.Values) url.Values {
	for name := range values {
		if isSecretKey(name) {
			values[name] = []string{redacted}
		}
	}
	return values
}

// redactBody hides secret fields of a JSON or form body; a body that is neither is dropped whole,
// since nothing tells which part of it is secret.
func redactBody(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err == nil {
		out, _ := json.Marshal(redactJSON(doc))
		return truncate(string(out))
	}
	if form, err := url.ParseQuery(string(body)); err == nil && len(form) > 0 && !strings.ContainsAny(string(body), " \n{<") {
		return truncate(redactValues(form).Encode())
	}
	return "(non-JSON body omitted)"
}

func redactJSON(value any) any {
	switch v := value.(type) {
	case map[string]any:
		for key, inner := range v {
			if isSecretKey(key) {
				v[key] = redacted
			} else {
				v[key] = redactJSON(inner)
			}
		}
	case []any:
		for i, inner := range v {
			v[i] = redactJSON(inner)
		}
	}
	return value
}

func truncate(s string) string {
	if len(s) > maxLoggedBody {
		return s[:maxLoggedBody] + "…(truncated)"
	}
	return s
}
