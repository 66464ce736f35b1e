package main

import "context"

// The bench's resource types: for each type the provider manages, the body of its resource
// block (i numbers the block) and how to seed one on the fake server with its API's client,
// returning its id. Each type registers itself in kinds_<api>.go.
var (
	accountBodies = map[string]func(i int) string{}
	seeders       = map[string]func(ctx context.Context, client any, i int) (string, error){}
)

//nolint:unparam // the result lets a package-level var register a kind beside its code
func registerKind(typ string, body func(i int) string, seed func(ctx context.Context, client any, i int) (string, error)) bool {
	accountBodies[typ], seeders[typ] = body, seed
	return true
}
