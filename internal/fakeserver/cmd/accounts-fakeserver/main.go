// Command accounts-fakeserver serves the fake vendor APIs (fakeserver.APIs) until it
// receives SIGINT or SIGTERM, for running the provider against them by hand:
//
//	accounts-fakeserver -print-env > fake.env &
//	sleep 1; . ./fake.env; terraform apply
//
// It listens on loopback unless told otherwise: its admin endpoints (/_fake/...) need no
// credentials and are served wherever it listens.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

// defaultAddr is loopback: nothing beyond this machine reaches the fake or its admin endpoints.
const defaultAddr = "127.0.0.1:8765"

const usage = `Usage: accounts-fakeserver [-addr host:port] [-print-env]

Serves in-memory fakes of the vendor APIs (%s) for testing the provider. They
accept only the fixed development credentials that -print-env prints.

The admin endpoints (GET /_fake/state, POST /_fake/reset, /_fake/faults, /_fake/config) need no
credentials and are served wherever the server listens: anyone who can reach -addr can read every
stored object and secret and change the server's behaviour. Keep the default loopback address
unless every host that can reach the address is trusted. They answer only a loopback Host
(localhost, 127.0.0.1, [::1]) and, on a POST, only Content-Type: application/json; that keeps
web pages in a browser out, not other programs, which can send both.

`

func main() {
	flags := flag.NewFlagSet("accounts-fakeserver", flag.ExitOnError)
	addr, printEnv := declareFlags(flags, os.Stderr)
	_ = flags.Parse(os.Args[1:]) // ExitOnError: a bad flag or -help exits here

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *printEnv, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// declareFlags declares the command's flags and its -help text on flags.
func declareFlags(flags *flag.FlagSet, output io.Writer) (addr *string, printEnv *bool) {
	flags.SetOutput(output)
	flags.Usage = func() {
		fmt.Fprintf(output, usage, strings.Join(fakeserver.APIs(), ", "))
		flags.PrintDefaults()
	}
	addr = flags.String("addr", defaultAddr, "listen address (loopback by default); port 0 picks a free port")
	printEnv = flags.Bool("print-env", false, "once listening, print export NAME=value lines setting the provider's environment")
	return addr, printEnv
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, addr string, printEnv bool, stdout, stderr io.Writer) error {
	listener, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	baseURL := "http://" + listener.Addr().String()
	fmt.Fprintf(stderr, "accounts-fakeserver listening on %s\n", baseURL)
	if !isLoopback(listener.Addr()) {
		fmt.Fprintf(stderr, "warning: %s is not a loopback address; its unauthenticated admin endpoints are reachable from other hosts\n", listener.Addr())
	}
	if printEnv {
		writeExports(stdout, provider.Environment(acctest.FakeSettings(baseURL)))
	}

	// Bounds for stalled clients and oversized headers; the fake bounds request bodies itself. No
	// ReadTimeout: it would cancel handlers that an injected latency keeps longer.
	server := &http.Server{
		Handler:           fakeserver.New(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// writeExports prints the variables sorted by name. Every value is a URL or a fixed credential
// without shell metacharacters, so no quoting is needed.
func writeExports(w io.Writer, env map[string]string) {
	for _, name := range slices.Sorted(maps.Keys(env)) {
		fmt.Fprintf(w, "export %s=%s\n", name, env[name])
	}
	fmt.Fprintln(w, fakeserver.EndOfExports)
}
