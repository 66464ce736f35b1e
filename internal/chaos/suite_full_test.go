//go:build chaos

package chaos

// fullSuite is true under -tags chaos (make chaos): every scenario, and the interrupted applies.
const fullSuite = true
