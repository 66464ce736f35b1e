// Package chaos holds the reliability and security suite: the same faults against every resource
// type, driven through the real terraform CLI and an out-of-process provider against the fake
// server, with Terraform's state compared to what the server holds after every scenario and
// every log, diagnostic, plan and state searched for secrets.
//
// The "wrong wire" family (TestAccWrongWire) puts something other than the API on the wire —
// a mistyped endpoint, a proxy's HTML pages, a redirect to another origin, a refused or silent
// host, an absurd Retry-After, an error echoing secrets — and checks, besides the same
// invariants, that the command meeting it fails in bounded time, that Terraform's state never
// drops an object the API still holds, and that no credential reaches the other origin.
//
// go test runs a short matrix (TF_ACC=1); -tags chaos (make chaos) runs every scenario, the
// interrupted applies included, and prints the table the README quotes.
package chaos
