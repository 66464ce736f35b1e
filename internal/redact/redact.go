// Package redact masks, by value, every secret the provider process has learned: provider
// credentials, access tokens, and the sensitive attribute values it sends or reads back. A
// vendor may repeat any of them in an error; keys alone (the transport's body redaction) cannot
// catch that, so diagnostics and log lines are scrubbed of the values themselves.
//
// The registry is process-wide: a provider process serves one Terraform command, and a secret
// learned in one call (a password sent at create) may be echoed in another (a later read).
package redact

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Mask replaces a secret, as terraform-plugin-log's own masks do.
const Mask = "***"

const (
	// minLength is the shortest value registered: shorter ones would mask common text, and
	// guessing them is no harder than guessing the mask.
	minLength = 3
	// WordLength is the length below which a value is masked only as a whole word, so that a
	// short password such as "acme" does not shred every word that contains it.
	WordLength = 8
)

// Registry holds secret values. Its zero value is ready; it is safe for concurrent use.
type Registry struct {
	mu    sync.Mutex
	known map[string]bool
	// current is replaced, never changed, by an Add that brings a new value: readers take it
	// without locking.
	current atomic.Pointer[snapshot]
}

// snapshot is the registry's values prepared for masking, each list the longest first so that
// a secret containing another is masked whole.
type snapshot struct {
	long  []string    // masked wherever they occur
	short []shortWord // masked as whole words
}

type shortWord struct {
	value   string
	pattern *regexp.Regexp
}

// Secrets is the process's registry.
var Secrets = &Registry{}

// Add registers values with Secrets.
func Add(values ...string) { Secrets.Add(values...) }

// String masks Secrets' values in s.
func String(s string) string { return Secrets.String(s) }

// MaskLogs returns ctx with root-logger masks for Secrets' values.
func MaskLogs(ctx context.Context) context.Context { return Secrets.MaskLogs(ctx) }

// MaskSubsystemLogs returns ctx whose subsystem logger masks Secrets' values.
func MaskSubsystemLogs(ctx context.Context, subsystem string) context.Context {
	return Secrets.MaskSubsystemLogs(ctx, subsystem)
}

// Masking registers values with Secrets and returns ctx masking them in the root logger's
// lines: for a call that learns a secret after its masks were set (MaskLogs at its start).
func Masking(ctx context.Context, values ...string) context.Context {
	Secrets.Add(values...)
	if !tflog.IsError(ctx) {
		return ctx
	}
	var s snapshot
	for _, v := range values {
		if len(v) >= minLength {
			s.insert(v)
		}
	}
	return s.maskLogs(ctx)
}

// Add registers values; empty and very short values are ignored. Most calls bring nothing new
// (a Read registers the same config values at every refresh) and only take the lock.
func (r *Registry) Add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var next *snapshot
	for _, v := range values {
		if len(v) < minLength || r.known[v] {
			continue
		}
		if r.known == nil {
			r.known = map[string]bool{}
		}
		r.known[v] = true
		if next == nil {
			next = r.current.Load().clone()
		}
		next.insert(v)
	}
	if next != nil {
		r.current.Store(next)
	}
}

func (s *snapshot) clone() *snapshot {
	if s == nil {
		return &snapshot{}
	}
	return &snapshot{long: slices.Clone(s.long), short: slices.Clone(s.short)}
}

// longerFirst orders values the longest first, equal lengths in a fixed order so that masking
// is deterministic.
func longerFirst(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) }

func (s *snapshot) insert(v string) {
	if len(v) >= WordLength {
		at, _ := slices.BinarySearchFunc(s.long, v, longerFirst)
		s.long = slices.Insert(s.long, at, v)
		return
	}
	at, _ := slices.BinarySearchFunc(s.short, v, func(w shortWord, v string) int { return longerFirst(w.value, v) })
	s.short = slices.Insert(s.short, at, shortWord{value: v, pattern: wordPattern(v)})
}

// wordPattern matches v where it is not part of a longer word: a word boundary is required only
// at an end of v that is itself a word character ("p@ss!" is masked in "p@ss!!").
func wordPattern(v string) *regexp.Regexp {
	pattern := regexp.QuoteMeta(v)
	if isWordByte(v[0]) {
		pattern = `\b` + pattern
	}
	if isWordByte(v[len(v)-1]) {
		pattern += `\b`
	}
	return regexp.MustCompile(pattern)
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// Values returns the registered values, the longest first.
func (r *Registry) Values() []string {
	s := r.current.Load()
	if s == nil {
		return nil
	}
	all := slices.Clone(s.long)
	for _, w := range s.short {
		all = append(all, w.value)
	}
	return all
}

// String masks every registered value in s.
func (r *Registry) String(s string) string {
	snap := r.current.Load()
	if snap == nil || s == "" {
		return s
	}
	for _, v := range snap.long {
		s = strings.ReplaceAll(s, v, Mask)
	}
	for _, w := range snap.short {
		if strings.Contains(s, w.value) {
			s = w.pattern.ReplaceAllLiteralString(s, Mask)
		}
	}
	return s
}

func (s *snapshot) patterns() []*regexp.Regexp {
	patterns := make([]*regexp.Regexp, len(s.short))
	for i, w := range s.short {
		patterns[i] = w.pattern
	}
	return patterns
}

// MaskLogs returns ctx whose root logger masks every registered value in messages and field
// values. terraform-plugin-log copies the masks into the context, so values registered later
// need another call (see Masking). A logger that writes nothing gets none: terraform-plugin-log
// applies masks before it looks at the level.
func (r *Registry) MaskLogs(ctx context.Context) context.Context {
	snap := r.current.Load()
	if snap == nil || !tflog.IsError(ctx) {
		return ctx
	}
	return snap.maskLogs(ctx)
}

func (s *snapshot) maskLogs(ctx context.Context) context.Context {
	if len(s.long) > 0 {
		ctx = tflog.MaskLogStrings(ctx, s.long...)
	}
	if len(s.short) > 0 {
		ctx = tflog.MaskLogRegexes(ctx, s.patterns()...)
	}
	return ctx
}

// MaskSubsystemLogs returns ctx whose subsystem logger masks every registered value.
func (r *Registry) MaskSubsystemLogs(ctx context.Context, subsystem string) context.Context {
	snap := r.current.Load()
	if snap == nil || !tflog.SubsystemIsError(ctx, subsystem) {
		return ctx
	}
	if len(snap.long) > 0 {
		ctx = tflog.SubsystemMaskLogStrings(ctx, subsystem, snap.long...)
	}
	if len(snap.short) > 0 {
		ctx = tflog.SubsystemMaskLogRegexes(ctx, subsystem, snap.patterns()...)
	}
	return ctx
}

// Clean drops control characters other than newline and tab, so that vendor text cannot move
// the cursor, retitle a terminal or hide what follows it.
func Clean(s string) string {
	if !strings.ContainsFunc(s, isStripped) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isStripped(r) {
			return -1
		}
		return r
	}, s)
}

func isStripped(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r)
}

// Text masks and cleans text bound for a user: a diagnostic's summary or detail.
func Text(s string) string {
	return Clean(String(s))
}
