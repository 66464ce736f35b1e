package redact

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestStringMasksLongValuesAnywhereAndShortOnesAsWords(t *testing.T) {
	var r Registry
	r.Add("hunter2", "correct-horse-battery", "correct-horse", "p@ss!", "ab", "")
	tests := []struct{ in, want string }{
		{"password correct-horse-battery refused", "password *** refused"},
		{"password correct-horse refused", "password *** refused"},
		{"xcorrect-horse-batteryx", "x***x"},
		{"login hunter2 failed", "login *** failed"},
		{"hunter2.", "***."},
		{"hunter21 and myhunter2 are other words", "hunter21 and myhunter2 are other words"},
		{`"p@ss!" given`, `"***" given`},
		{"ab is too short to be a secret", "ab is too short to be a secret"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := strings.Join(r.Values(), ","), "correct-horse-battery,correct-horse,hunter2,p@ss!"; got != want {
		t.Errorf("Values() = %s, want %s", got, want)
	}
}

func TestAddIsSafeForConcurrentUse(t *testing.T) {
	var r Registry
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			secret := fmt.Sprintf("secret-value-%02d", i)
			r.Add(secret)
			if got := r.String("the value " + secret + " leaked"); got != "the value *** leaked" {
				t.Errorf("String = %q", got)
			}
		})
	}
	wg.Wait()
	if n := len(r.Values()); n != 50 {
		t.Errorf("registry holds %d values, want 50", n)
	}
}

func TestCleanStripsControlCharactersButNewlineAndTab(t *testing.T) {
	in := "red\x1b[31m text\r\n\tbell\a nul\x00 del\x7f c1\u009b end"
	want := "red[31m text\n\tbell nul del c1 end"
	if got := Clean(in); got != want {
		t.Errorf("Clean(%q) = %q, want %q", in, got, want)
	}
	if plain := "nothing to strip\n"; Clean(plain) != plain {
		t.Errorf("Clean changed %q", plain)
	}
}

func TestMaskLogsMasksRootLoggerMessagesAndFields(t *testing.T) {
	var r Registry
	r.Add("tok-1234567890", "pin42")
	var out bytes.Buffer
	ctx := r.MaskLogs(tflogtest.RootLogger(context.Background(), &out))
	tflog.Warn(ctx, "token tok-1234567890 refused", map[string]any{"error": "pin pin42 wrong; pin421 kept"})
	logged := out.String()
	for _, leaked := range []string{"tok-1234567890", "pin42 "} {
		if strings.Contains(logged, leaked) {
			t.Errorf("the log holds %q: %s", leaked, logged)
		}
	}
	if !strings.Contains(logged, "token *** refused") || !strings.Contains(logged, "pin *** wrong; pin421 kept") {
		t.Errorf("the log lacks the masked text: %s", logged)
	}
}

func TestMaskingCoversValuesLearnedDuringACall(t *testing.T) {
	var out bytes.Buffer
	ctx := MaskLogs(tflogtest.RootLogger(context.Background(), &out))
	ctx = Masking(ctx, "learned-mid-call-secret")
	tflog.Warn(ctx, "echo", map[string]any{"error": "learned-mid-call-secret"})
	if strings.Contains(out.String(), "learned-mid-call-secret") {
		t.Errorf("the log holds the secret: %s", out.String())
	}
}

func TestMaskSubsystemLogs(t *testing.T) {
	var r Registry
	r.Add("api-key-abcdefgh")
	var out bytes.Buffer
	ctx := tflog.NewSubsystem(tflogtest.RootLogger(context.Background(), &out), "poozle")
	ctx = r.MaskSubsystemLogs(ctx, "poozle")
	tflog.SubsystemTrace(ctx, "poozle", "response body", map[string]any{"body": `{"message":"key api-key-abcdefgh revoked"}`})
	if strings.Contains(out.String(), "api-key-abcdefgh") || !strings.Contains(out.String(), "key *** revoked") {
		t.Errorf("the subsystem log is not masked: %s", out.String())
	}
}
