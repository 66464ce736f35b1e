package transport_test

import (
	"net/http"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDo sends one request answered with any status and body through the whole client: logging,
// bounded reads, the error decoder, and decoding into a typed value. The seed corpus in
// testdata/fuzz/FuzzDo (truncated and invalid JSON, wrong types, HTML pages, empty and long
// bodies, invalid UTF-8) runs with every go test.
func FuzzDo(f *testing.F) {
	f.Add(200, []byte(`{"id":"a","count":1,"items":[{"name":"x"}]}`))
	f.Add(404, []byte(`{"message":"not found","requestId":"r-1"}`))
	server := transporttest.NewServer(f)
	cfg := transporttest.Config()
	cfg.API, cfg.BaseURL = "fuzz", server.URL
	cfg.DecodeError = transporttest.DecodeMessage
	client, err := transport.New(cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rawStatus int, body []byte) {
		status := transporttest.Status(rawStatus)
		server.Answer(status, body)
		var out struct {
			ID    string `json:"id"`
			Count int    `json:"count"`
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
		}
		_, err := client.Do(t.Context(), transport.Request{Method: http.MethodGet, Path: "/things"}, &out)
		transporttest.CheckResult(t, status, err)
	})
}
