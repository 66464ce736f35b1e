package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// bench holds what every scenario shares: the binaries, a work folder and the CLI configuration
// that points Terraform at the wrapped providers.
type bench struct {
	bin, work, plugins string
	// trace, when set, receives a line per API request: the timeline shows how operations
	// share batches and where the time between waves goes.
	trace io.Writer
	start time.Time
}

func newBench(bin string) (*bench, error) {
	work, err := os.MkdirTemp("", "accounts-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{bin: bin, work: work, plugins: filepath.Join(work, "plugins"), start: time.Now()}
	self, err := os.Executable()
	if err == nil {
		err = os.Mkdir(b.plugins, 0o755)
	}
	for _, name := range []string{accountsProvider, restapiProvider, floorProvider} {
		if err == nil {
			err = os.Symlink(self, filepath.Join(b.plugins, name))
		}
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(work, "dev.tfrc"), fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "tf-accounts/accounts" = %[1]q
    "Mastercard/restapi"   = %[1]q
    "tf-accounts/floor"    = %[1]q
  }
  direct {}
}
disable_checkpoint = true
`, b.plugins), 0o600)
	}
	return b, err
}

const (
	accountsProvider = "terraform-provider-accounts"
	restapiProvider  = "terraform-provider-restapi"
	floorProvider    = "terraform-provider-floor"
)

func (b *bench) close() { _ = os.RemoveAll(b.work) }

// has reports whether the bin folder holds the provider binary name.
func (b *bench) has(name string) bool {
	_, err := os.Stat(filepath.Join(b.bin, name))
	return err == nil
}

// session is a scenario ready to run on a fake server of its own, and the runs of its phases.
type session struct {
	s    *scenario
	fake *fakeServer
	dir  string
	runs map[string][]row
}

// open starts a scenario's fake server and runs its setup.
func (b *bench) open(s *scenario) (*session, error) {
	fake, err := b.startFake()
	if err != nil {
		return nil, err
	}
	x := &session{s: s, fake: fake, dir: filepath.Join(b.work, strings.ReplaceAll(s.name, " ", "-")), runs: map[string][]row{}}
	if err := os.MkdirAll(x.dir, 0o755); err != nil {
		fake.stop()
		return nil, err
	}
	if s.setup != nil {
		if err := b.runSetup(fake, x.dir, s.setup); err != nil {
			fake.stop()
			return nil, fmt.Errorf("setup: %w", err)
		}
	}
	if err := b.prepare(fake, x.dir, s); err != nil {
		fake.stop()
		return nil, err
	}
	return x, nil
}

// round runs the scenario's phases once.
func (b *bench) round(x *session) error {
	for _, phase := range x.s.phases {
		measured, err := b.terraform(x.fake, x.dir, x.s, phase)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", x.s.name, phase, err)
		}
		x.runs[phase] = append(x.runs[phase], measured)
	}
	return nil
}

// rows are the session's rows, a phase's median run each.
func (x *session) rows() []row {
	var rows []row
	for _, phase := range x.s.phases {
		rows = append(rows, median(x.runs[phase]))
	}
	return rows
}

// median is the run of a phase whose wall time is the median of its rounds, with the number of
// rounds: a phase of one or two seconds varies by a tenth from run to run on a quiet machine.
func median(runs []row) row {
	sorted := slices.SortedFunc(slices.Values(runs), func(a, b row) int { return cmp.Compare(a.Wall, b.Wall) })
	middle := sorted[len(sorted)/2]
	middle.Rounds = len(runs)
	return middle
}

// runSetup prepares what a scenario's phases start from, unmeasured.
func (b *bench) runSetup(fake *fakeServer, dir string, setup *scenario) error {
	if err := b.prepare(fake, dir, setup); err != nil {
		return err
	}
	if setup.seed != nil {
		started := time.Now()
		if err := setup.seed(fake, dir); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %s: seeded in %.1f s\n", setup.name, time.Since(started).Seconds())
	}
	for _, phase := range setup.phases {
		if _, err := b.terraform(fake, dir, setup, phase); err != nil {
			return err
		}
	}
	return nil
}

// prepare configures the fake server for the scenario and writes its configuration.
func (b *bench) prepare(fake *fakeServer, dir string, s *scenario) error {
	if s.fake != nil {
		if err := fake.admin("/_fake/config", s.fake); err != nil {
			return err
		}
	}
	if err := fake.admin("/_fake/faults", nil); err != nil { // clears the setup's latency, if any
		return err
	}
	for _, api := range fakeserver.APIs() {
		if s.latencyMS == 0 {
			break
		}
		// Times and Fraction 0: every request of the API waits this long.
		if err := fake.admin("/_fake/faults", map[string]any{"api": api, "latency_ms": s.latencyMS}); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(requiredProviders(s)+s.resources(s.n)), 0o600)
}

func requiredProviders(s *scenario) string {
	switch {
	case s.peerOf != "":
		return "terraform {\n  required_providers {\n    restapi = { source = \"Mastercard/restapi\" }\n  }\n}\n"
	case s.floorOf != "":
		return "terraform {\n  required_providers {\n    floor = { source = \"tf-accounts/floor\" }\n  }\n}\n"
	case strings.HasPrefix(s.name, "terraform_data"):
		return ""
	}
	return "terraform {\n  required_providers {\n    accounts = { source = \"tf-accounts/accounts\" }\n  }\n}\nprovider \"accounts\" {}\n"
}

var phaseCommands = map[string][]string{
	phaseCreate:  {"apply", "-auto-approve"},
	phaseRefresh: {"plan", "-refresh-only"},
	phaseDestroy: {"destroy", "-auto-approve"},
	phaseFill:    {"apply", "-refresh-only", "-auto-approve"},
	phasePlan:    {"plan"},
}

// terraform runs one phase and measures it.
func (b *bench) terraform(fake *fakeServer, dir string, s *scenario, phase string) (row, error) {
	usage := filepath.Join(dir, "rusage-"+phase)
	_ = os.Remove(usage)
	args := append([]string{"-chdir=" + dir}, phaseCommands[phase]...)
	//nolint:gosec // a developer tool: it runs terraform with the arguments it built itself
	cmd := exec.CommandContext(context.Background(), "terraform", append(args, "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism))...)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(b.work, "dev.tfrc"), "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", wrapBin+"="+b.bin, wrapUsage+"="+usage)
	for name, value := range fake.env {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	cmd.Env = append(cmd.Env, "TF_VAR_b3os_endpoint="+fake.env["B3OS_ENDPOINT"])
	for name, value := range s.env {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	cmd.SysProcAttr = diesWithBench()
	before := fake.counts()
	started := time.Now()
	err := cmd.Run()
	wall := time.Since(started)
	if err != nil {
		return row{}, fmt.Errorf("terraform %s: %w\n%s", phaseCommands[phase][0], err, tail(output.String(), 40))
	}
	after := fake.counts()
	fmt.Fprintf(os.Stderr, "  %s %s: %.1f s\n", s.name, phase, wall.Seconds())
	routesSince(os.Stderr, before, after)
	peak, cpu := readUsage(usage)
	terraformCPU := round(treeCPU(cmd.ProcessState)-cpu, 2)
	fmt.Fprintf(os.Stderr, "    CPU s: provider %.2f, terraform %.2f\n", cpu, terraformCPU)
	var floor time.Duration
	if s.floor != nil {
		floor = s.floor(phase)
	}
	return row{
		Scenario: s.name, Phase: phase, N: s.n, Wall: seconds(wall), Floor: seconds(floor),
		Requests: after.requests - before.requests, TooMany: after.tooMany - before.tooMany,
		PeakRSSMiB: peak, CPUSeconds: cpu, TerraformCPU: terraformCPU, baseline: s.baseline, peerOf: s.peerOf, floorOf: s.floorOf,
	}, nil
}

// diesWithBench stops a child when the bench itself is stopped, so that an interrupted run
// leaves no fake server or terraform behind.
func diesWithBench() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}

func tail(text string, lines int) string {
	all := strings.Split(strings.TrimRight(text, "\n"), "\n")
	return strings.Join(all[max(0, len(all)-lines):], "\n")
}

// fakeServer is a running accounts-fakeserver behind a proxy that counts the provider's
// requests and the 429s they met: the fake's own counts do not tell answers apart.
type fakeServer struct {
	cmd   *exec.Cmd
	base  string // the fake's address, for its admin endpoints
	env   map[string]string
	proxy *http.Server

	trace io.Writer
	start time.Time

	mu    sync.Mutex
	tally tally
}

type tally struct {
	requests, tooMany int
	routes            map[string]int // requests by method and path, ids elided
}

func (b *bench) startFake() (*fakeServer, error) {
	//nolint:gosec // a developer tool: it runs the fake server from the folder it was given
	cmd := exec.CommandContext(context.Background(), filepath.Join(b.bin, "accounts-fakeserver"), "-addr", "127.0.0.1:0", "-print-env")
	cmd.SysProcAttr = diesWithBench()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &fakeServer{cmd: cmd, env: map[string]string{}, tally: tally{routes: map[string]int{}}, trace: b.trace, start: b.start}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if lines.Text() == fakeserver.EndOfExports {
			break
		}
		name, value, _ := strings.Cut(strings.TrimPrefix(lines.Text(), "export "), "=")
		f.env[name] = value
	}
	endpoint, err := url.Parse(f.env["SAILPOINT_BASE_URL"])
	if err != nil || endpoint.Host == "" {
		f.stop()
		return nil, fmt.Errorf("the fake server printed no SAILPOINT_BASE_URL (%w)", err)
	}
	f.base = "http://" + endpoint.Host
	return f, f.startProxy(endpoint)
}

// startProxy puts the counting proxy between the provider and the fake server.
func (f *fakeServer) startProxy(target *url.URL) error {
	listener, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: target.Host})
	proxy.ModifyResponse = func(r *http.Response) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.tally.requests++
		f.tally.routes[route(r.Request)]++
		if f.trace != nil {
			keys := strings.Count(r.Request.URL.Query().Get("filters"), ",") + 1
			fmt.Fprintf(f.trace, "%.3f %s %d %d\n", time.Since(f.start).Seconds(), route(r.Request), keys, r.StatusCode)
		}
		if r.StatusCode == http.StatusTooManyRequests {
			f.tally.tooMany++
		}
		return nil
	}
	f.proxy = &http.Server{Handler: proxy, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = f.proxy.Serve(listener) }()
	for name, value := range f.env {
		f.env[name] = strings.Replace(value, f.base, "http://"+listener.Addr().String(), 1)
	}
	return nil
}

func (f *fakeServer) counts() tally {
	f.mu.Lock()
	defer f.mu.Unlock()
	copied := f.tally
	copied.routes = maps.Clone(f.tally.routes)
	return copied
}

// route names a request by method and path, with the ids in the path elided.
func route(r *http.Request) string {
	segments := strings.Split(r.URL.Path, "/")
	for i, segment := range segments {
		if len(segment) >= 16 {
			segments[i] = "{id}"
		}
	}
	return r.Method + " " + strings.Join(segments, "/")
}

// routesSince prints where a phase's requests went, to find where its time goes.
func routesSince(w io.Writer, before, after tally) {
	for _, name := range slices.Sorted(maps.Keys(after.routes)) {
		if n := after.routes[name] - before.routes[name]; n > 0 {
			fmt.Fprintf(w, "    %5d %s\n", n, name)
		}
	}
}

// admin posts body to an admin endpoint; a nil body on /_fake/faults clears the faults.
func (f *fakeServer) admin(path string, body any) error {
	method, payload := http.MethodPost, []byte(nil)
	if body == nil {
		method = http.MethodDelete
	} else {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(context.Background(), method, f.base+path, bytes.NewReader(payload))
	if err != nil {
		return err
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json") // the admin endpoints take nothing else
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var answer bytes.Buffer
		_, _ = answer.ReadFrom(resp.Body)
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, answer.String())
	}
	return nil
}

func (f *fakeServer) stop() {
	if f.proxy != nil {
		_ = f.proxy.Close()
	}
	_ = f.cmd.Process.Signal(os.Interrupt)
	_ = f.cmd.Wait()
}
