package transport_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// A body far over the bound is refused once the bound is read, whatever the status: the error
// names the status and the limit, and the client stops reading.
func TestHugeBodiesAreRefusedAtTheBound(t *testing.T) {
	const offered = 256 << 20
	for _, status := range []int{http.StatusOK, http.StatusInternalServerError} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			chunk := bytes.Repeat([]byte("a"), 1<<20)
			var sent atomic.Int64
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(status)
				for sent.Load() < offered {
					if _, err := w.Write(chunk); err != nil {
						return // the client hung up
					}
					sent.Add(int64(len(chunk)))
				}
			}))
			cfg := transporttest.Config()
			cfg.API, cfg.BaseURL = "huge", server.URL
			client, err := transport.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var out map[string]any
			_, err = client.Do(t.Context(), transport.Request{Method: http.MethodGet, Path: "/big"}, &out)
			server.Close()
			if err == nil || !strings.Contains(err.Error(), "returned "+strconv.Itoa(status)) || !strings.Contains(err.Error(), "over the 8 MiB limit") {
				t.Fatalf("error = %v, want the status and the limit", err)
			}
			if sent.Load() >= offered {
				t.Fatalf("the client read all %d bytes", offered)
			}
		})
	}
}
