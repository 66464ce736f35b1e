//go:build profile

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// profileDirEnv names the folder where a provider built with -tags profile (`make profile`)
// writes a CPU profile per process, for `go tool pprof` to merge. Release builds have no such
// hook (noprofile.go).
const profileDirEnv = "ACCOUNTS_CPUPROFILE_DIR"

func startProfile() (stop func()) {
	dir := os.Getenv(profileDirEnv)
	if dir == "" {
		return func() {}
	}
	file, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid()))) //nolint:gosec // the developer's own folder
	if err != nil {
		return func() {}
	}
	if pprof.StartCPUProfile(file) != nil {
		_ = file.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = file.Close()
	}
}
