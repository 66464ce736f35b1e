package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
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
	for len(lines) < 11 && scanner.Scan() {
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
