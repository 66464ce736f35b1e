// Command accounts-fakeserver serves the fake vendor APIs (ISC, Poozle, B3OS, Teal) until it
// receives SIGINT or SIGTERM, for running the provider against them by hand:
//
//	accounts-fakeserver -print-env > fake.env &
//	sleep 1; . ./fake.env; terraform apply
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
	"syscall"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8765", "listen address; port 0 picks a free port")
	printEnv := flag.Bool("print-env", false, "once listening, print export NAME=value lines setting the provider's environment")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *printEnv, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, addr string, printEnv bool, stdout, stderr io.Writer) error {
	listener, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	baseURL := "http://" + listener.Addr().String()
	fmt.Fprintf(stderr, "accounts-fakeserver listening on %s\n", baseURL)
	if printEnv {
		writeExports(stdout, provider.Environment(fakeserver.ProviderSettings(baseURL)))
	}

	server := &http.Server{Handler: fakeserver.New(), ReadHeaderTimeout: 10 * time.Second}
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

// writeExports prints the variables sorted by name. Every value is a URL or a fixed credential
// without shell metacharacters, so no quoting is needed.
func writeExports(w io.Writer, env map[string]string) {
	for _, name := range slices.Sorted(maps.Keys(env)) {
		fmt.Fprintf(w, "export %s=%s\n", name, env[name])
	}
}
