package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRunPrintsEnvServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdoutReader, stdout := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, "127.0.0.1:0", true, stdout, &stderr)
		stdout.Close()
	}()

	var lines, names []string
	scanner := bufio.NewScanner(stdoutReader)
	for scanner.Scan() && scanner.Text() != fakeserver.EndOfExports {
		lines = append(lines, scanner.Text())
		name, _, _ := strings.Cut(strings.TrimPrefix(scanner.Text(), "export "), "=")
		names = append(names, name)
	}
	if len(lines) != 11 || !slices.IsSorted(names) {
		t.Fatalf("printed %q, want 11 sorted export lines", lines)
	}
	var baseURL string
	for _, line := range lines {
		if value, found := strings.CutPrefix(line, "export B3OS_ENDPOINT="); found {
			baseURL = strings.TrimSuffix(value, "/b3os")
		}
	}
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") || strings.HasSuffix(baseURL, ":0") {
		t.Fatalf("base URL %q does not name the chosen port", baseURL)
	}

	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, baseURL+"/_fake/state", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("state: %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run = %v, want a clean shutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancellation")
	}
	if want := "accounts-fakeserver listening on " + baseURL + "\n"; stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

// The default address is loopback, and -help says the admin endpoints are served wherever the
// server listens.
func TestFlagsDefaultToLoopbackAndHelpWarnsAboutAdminEndpoints(t *testing.T) {
	var output bytes.Buffer
	flags := flag.NewFlagSet("accounts-fakeserver", flag.ContinueOnError)
	addr, _ := declareFlags(flags, &output)
	if err := flags.Parse(nil); err != nil {
		t.Fatal(err)
	}
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Errorf("default address %q is not loopback", *addr)
	}
	if err := flags.Parse([]string{"-help"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-help: %v", err)
	}
	help := strings.Join(strings.Fields(output.String()), " ")
	for _, want := range []string{"/_fake/state", "need no credentials and are served wherever the server listens", "-addr", "loopback"} {
		if !strings.Contains(help, want) {
			t.Errorf("-help does not say %q:\n%s", want, output.String())
		}
	}
}

// Listening beyond loopback is allowed but warned about.
func TestNonLoopbackAddressIsWarnedAbout(t *testing.T) {
	for _, tc := range []struct {
		addr string
		warn bool
	}{{"127.0.0.1:0", false}, {"0.0.0.0:0", true}} {
		t.Run(tc.addr, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			var stderr syncBuffer
			done := make(chan error, 1)
			go func() { done <- run(ctx, tc.addr, false, io.Discard, &stderr) }()
			waitFor(t, func() bool { return strings.Contains(stderr.String(), "listening on") })
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if warned := strings.Contains(stderr.String(), "warning: "); warned != tc.warn {
				t.Errorf("stderr = %q, want a warning: %v", stderr.String(), tc.warn)
			}
		})
	}
}

// A client sending garbage, or stalling in its headers, gets an error and does not stop the
// server serving others.
func TestSurvivesMalformedRequests(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr syncBuffer
	go func() { _ = run(ctx, "127.0.0.1:0", false, io.Discard, &stderr) }()
	waitFor(t, func() bool { return strings.Contains(stderr.String(), "listening on") })
	addr := strings.TrimPrefix(strings.Fields(stderr.String())[3], "http://")

	for _, garbage := range []string{
		"GARBAGE\r\n\r\n",
		"GET /isc/v3/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
		"GET /" + strings.Repeat("a", 100<<10) + " HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("b", 100<<10) + "\r\n\r\n",
		"POST /isc/oauth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
	} {
		status := rawRequest(t, addr, garbage)
		if status < 400 || status > 499 {
			t.Errorf("%.40q: status line %d, want a 4xx", garbage, status)
		}
	}
	if status := rawRequest(t, addr, "GET /_fake/state HTTP/1.1\r\nHost: localhost\r\n\r\n"); status != http.StatusOK {
		t.Fatalf("after malformed requests: status %d", status)
	}
}

// rawRequest writes text on a fresh connection and returns the status of the answer.
func rawRequest(t *testing.T, addr, text string) int {
	t.Helper()
	conn, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = conn.Write([]byte(text))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%.40q: reading the answer: %v", text, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func waitFor(t *testing.T, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !done(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
