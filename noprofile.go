//go:build !profile

package main

// startProfile profiles nothing: only a build with -tags profile (`make profile`) does.
func startProfile() (stop func()) { return func() {} }
