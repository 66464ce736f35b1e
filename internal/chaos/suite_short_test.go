//go:build !chaos

package chaos

// fullSuite is false in go test: the short matrix keeps make test within minutes.
const fullSuite = false
