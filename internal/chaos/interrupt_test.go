//go:build chaos

package chaos

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// interruptNames are the resources of each type an interrupted apply creates.
var interruptNames = []string{"i1", "i2", "i3", "i4", "i5", "i6"}

// TestAccInterruptedApply stops an apply while creates are in flight (make chaos).
//   - SIGINT: Terraform stops gracefully, recording what finished; the next apply ends with
//     each object exactly once.
//   - SIGKILL of the provider: Terraform records nothing of the creates in flight, so what they
//     made is untracked; the figure is measured, and the next apply must report each such object
//     (with its import command) instead of duplicating it. Importing them converges.
func TestAccInterruptedApply(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.typ+"/SIGINT", func(t *testing.T) {
			t.Parallel()
			c := newInterruptRun(t, k)
			c.interrupt(func(cmd int) error { return syscall.Kill(cmd, syscall.SIGINT) })
			c.settle()
			c.applyAll("v1", 2)
			c.expectPlan("")
			c.finish("SIGINT while creates are in flight")
		})
		t.Run(k.typ+"/SIGKILL", func(t *testing.T) {
			t.Parallel()
			c := newInterruptRun(t, k)
			c.interrupt(func(cmd int) error { return killProvider(cmd) })
			c.settle()
			killed := c.snapshot("SIGKILL of the provider: after the killed apply")
			if !c.kind.uniqueKey {
				c.measureDuplicates(killed)
				return
			}
			reported := c.reportedNotDuplicated(killed)
			c.importUntracked()
			c.applyAll("v1", 1)
			c.expectPlan("")
			c.t.Logf("SIGKILL: %d objects untracked after the killed apply, %d reported by the next apply", killed, reported)
			c.finish("SIGKILL of the provider: after the next apply and imports")
		})
	}
}

func newInterruptRun(t *testing.T, k kind) *chaosRun {
	c := newChaosRun(t, k, interruptNames)
	c.slow()
	c.managed, c.value = c.names, "v1"
	c.w.write(c.config("v1"))
	return c
}

// slow makes creates take seconds, so that an interruption finds them in flight.
func (c *chaosRun) slow() {
	if c.kind.api == fakeserver.APIISC {
		c.fake.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 3000 })
		return
	}
	c.inject(fakeserver.Fault{Method: c.kind.create.method, Path: c.kind.create.path, LatencyMS: 3000})
}

// interrupt starts an apply, signals it once the first create has reached the server, and
// waits for Terraform to exit.
func (c *chaosRun) interrupt(signal func(terraformPID int) error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.t.Context(), 5*time.Minute)
	defer cancel()
	c.w.applies++
	cmd := c.w.command(ctx, "apply", "-auto-approve", "-input=false", "-no-color")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	for c.fake.RequestCount(c.kind.api, c.kind.create.method, c.kind.create.path)+c.fake.FaultsApplied() == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // let the other creates go out too
	if err := signal(cmd.Process.Pid); err != nil {
		c.t.Fatal(err)
	}
	err := cmd.Wait()
	c.w.outputs = append(c.w.outputs, out.String())
	c.t.Logf("interrupted apply: %v\n%s", err, out.String())
	c.clear()
}

// settle waits until the server has finished what the interrupted creates started (slow makes
// them last 3 s), as a user applying again later would find it.
func (c *chaosRun) settle() {
	time.Sleep(4 * time.Second)
}

// measureDuplicates applies once more where the API's natural key is not unique, so nothing
// can tell what the killed apply made from another object: the next apply creates anew. The
// figures are recorded, not judged.
func (c *chaosRun) measureDuplicates(untracked int) {
	err := c.w.apply()
	cmp := c.compare()
	c.t.Logf("SIGKILL, non-unique names: %d untracked after the kill; the next apply (error: %v) leaves %d duplicated, %d untracked, %d lost",
		untracked, err, cmp.duplicated, cmp.untracked, cmp.lost+cmp.missing)
	c.measure("SIGKILL of the provider: after the next apply (names not unique)", cmp.lost+cmp.missing, cmp.duplicated, cmp.untracked)
}

// snapshot records the comparison as it stands, without failing: the figures are measured.
// Configured objects the killed apply never made are not counted as lost.
func (c *chaosRun) snapshot(scenario string) (untracked int) {
	cmp := c.compare()
	c.measure(scenario, cmp.lost, cmp.duplicated, cmp.untracked)
	return cmp.untracked
}

// measure adds a measured row; leaks still fail the test.
func (c *chaosRun) measure(scenario string, lost, duplicated, untracked int) {
	leaks, where := c.w.leaks(c.secrets())
	record(row{scenario: scenario, typ: c.kind.typ, faults: c.injected, applies: c.w.applies, lost: lost, duplicated: duplicated, untracked: untracked, leaks: leaks})
	for _, w := range where {
		c.t.Error(w)
	}
}

// reportedNotDuplicated applies once: every untracked object must be reported as existing, and
// none made a second time. It returns how many were reported.
func (c *chaosRun) reportedNotDuplicated(untracked int) int {
	c.t.Helper()
	c.w.write(c.config(c.value))
	err := c.w.apply()
	reported := 0
	if err != nil {
		reported = len(alreadyExists.FindAllString(err.Error(), -1))
	}
	if cmp := c.compare(); cmp.duplicated > 0 {
		c.t.Fatalf("the apply after the kill duplicated objects: %v", cmp.problems)
	}
	if untracked > 0 && reported < untracked {
		c.t.Errorf("%d objects untracked, the next apply reported %d", untracked, reported)
	}
	return reported
}

// alreadyExists matches the summary of one "already exists" error diagnostic.
var alreadyExists = regexp.MustCompile(`Error: [^\n]*already exists`)

// importUntracked imports every object the server holds for a managed name that the state
// does not track, as the reports tell the user to.
func (c *chaosRun) importUntracked() {
	c.t.Helper()
	tracked := map[string]bool{}
	for _, i := range c.w.state() {
		tracked[i.ID] = true
	}
	for _, name := range c.managed {
		for _, o := range c.kind.held(c.fake.State()) {
			if o.key == c.kind.key(name) && !tracked[o.id] {
				if out, err := c.w.terraform("import", "-input=false", "-no-color", c.kind.typ+"."+name, o.id); err != nil {
					c.t.Fatalf("import %s: %v\n%s", name, err, out)
				}
			}
		}
	}
}

// killProvider sends SIGKILL to the provider plugin process Terraform started.
func killProvider(terraformPID int) error {
	pid, err := childNamed(terraformPID, "terraform-provider-accounts")
	if err != nil {
		return err
	}
	return syscall.Kill(pid, syscall.SIGKILL)
}

// childNamed finds a child process of parent by its executable's name, through /proc.
func childNamed(parent int, name string) (int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		exe, _ := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || filepath.Base(exe) != name {
			continue
		}
		// stat: pid (comm) state ppid ...; comm may hold spaces, so split after its ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(parent) {
			return pid, nil
		}
	}
	return 0, fmt.Errorf("no %s process under %d", name, parent)
}
