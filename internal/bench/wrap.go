package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Terraform starts the bench binary, under the provider's name, in place of the provider: it
// runs the real one from wrapBin and appends its peak RSS and CPU time to the file wrapUsage
// names, a line per provider process (Terraform starts several per command).
const (
	wrapBin   = "ACCOUNTS_BENCH_BIN"
	wrapUsage = "ACCOUNTS_BENCH_RUSAGE"
)

func wrapping() bool {
	return strings.HasPrefix(filepath.Base(os.Args[0]), "terraform-provider-") && os.Getenv(wrapBin) != ""
}

func wrapProvider() int {
	//nolint:gosec // the bench set both: the provider's folder, and Terraform's arguments passed through
	cmd := exec.CommandContext(context.Background(), filepath.Join(os.Getenv(wrapBin), filepath.Base(os.Args[0])), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signal.Ignore(os.Interrupt) // Terraform interrupts the provider itself
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "bench wrapper:", err)
		return 1
	}
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu := treeCPU(cmd.ProcessState)
		//nolint:gosec // the file the bench named for this phase
		if file, err := os.OpenFile(os.Getenv(wrapUsage), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			fmt.Fprintf(file, "%d %.3f\n", usage.Maxrss, cpu) // Maxrss is in KiB on Linux
			_ = file.Close()
		}
	}
	return cmd.ProcessState.ExitCode()
}

// treeCPU is the CPU seconds of an ended process and of the children it waited for: Linux adds a
// reaped child's usage to its parent's.
func treeCPU(state *os.ProcessState) float64 {
	return (state.UserTime() + state.SystemTime()).Seconds()
}

// readUsage returns the peak RSS, in MiB, of the provider processes a phase started, and their
// CPU seconds together.
func readUsage(path string) (float64, float64) {
	data, _ := os.ReadFile(path)
	var peak, cpu float64
	for line := range strings.Lines(string(data)) {
		fields := strings.Fields(line)
		if len(fields) != 2 {
			continue
		}
		rss, _ := strconv.ParseFloat(fields[0], 64)
		seconds, _ := strconv.ParseFloat(fields[1], 64)
		peak, cpu = max(peak, rss/1024), cpu+seconds
	}
	return round(peak, 1), round(cpu, 2)
}
