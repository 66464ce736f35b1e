// Package chaos holds the reliability and security suite: the same faults against every resource
// type, driven through the real terraform CLI and an out-of-process provider against the fake
// server, with Terraform's state compared to what the server holds after every scenario and
// every log, diagnostic, plan and state searched for secrets.
//
// go test runs a short matrix (TF_ACC=1); -tags chaos (make chaos) runs every scenario, the
// interrupted applies included, and prints the table the README quotes.
package chaos
