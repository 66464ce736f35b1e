package b3os

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// maxMints bounds the mints one create sends when answers are lost: each lost one is revoked
// before the next is sent, so at most one key of the create stays active.
const maxMints = 3

// minting is one create of a managed key. A mint whose answer was lost cannot be adopted, since
// B3OS shows the raw key only in that answer: the key it made (an orphan) is found by name,
// revoked, and another minted. Key names need not be unique (a key being rotated and its
// replacement share one), so the keys that were active before the create began are never
// orphans.
type minting struct {
	client *Client
	in     APIKeyInput
	// before are the ids of the keys of that name that were active before the first mint.
	before []string
	// revoked are the orphans revoked so far, for the warning that says so.
	revoked []string
}

// newMinting lists the keys already active under the name, before anything is minted.
func newMinting(ctx context.Context, client *Client, in APIKeyInput) (*minting, error) {
	active, err := client.ActiveAPIKeysNamed(ctx, in.ServiceAccountID, in.Name)
	m := &minting{client: client, in: in}
	for _, key := range active {
		m.before = append(m.before, key.ID)
	}
	return m, err
}

// mint sends the mint, and after a lost answer revokes what it made and sends it again, at most
// maxMints times. The last failure is returned as it is, for kit.Create to resolve with find.
func (m *minting) mint(ctx context.Context) (*MintedAPIKey, error) {
	for attempt := 1; ; attempt++ {
		record := kit.Unfinished{Started: time.Now().UTC()}
		minted, err := m.client.MintAPIKey(ctx, m.in)
		if err == nil || kit.DefinitelyRefused(err) || attempt == maxMints || ctx.Err() != nil {
			return minted, err
		}
		if _, lookErr := m.revokeOrphans(ctx, record); lookErr != nil {
			return nil, err // kit.Create looks again, and keeps the record if it still cannot tell
		}
		tflog.Warn(ctx, "a mint's answer was lost; minting again", map[string]any{"attempt": attempt, "error": err.Error()})
	}
}

// find is the Creation.Find of a mint, and the look Read and Delete make for an unfinished
// create: it revokes the keys the create made, whose secrets nobody has, and says with
// kit.ErrNotMade that nothing usable was made. It finds nothing (nil, nil) while the mint may
// still commit.
func (m *minting) find(ctx context.Context, record kit.Unfinished) (*MintedAPIKey, error) {
	revoked, err := m.revokeOrphans(ctx, record)
	switch {
	case err != nil:
		return nil, err
	case len(revoked) == 0 && !record.Ended(time.Now()):
		return nil, nil
	}
	return nil, fmt.Errorf("%w: %s", kit.ErrNotMade, m.lostAnswers())
}

// lostAnswers says what became of the keys whose mint answers were lost.
func (m *minting) lostAnswers() string {
	if len(m.revoked) == 0 {
		return "no key was minted"
	}
	return fmt.Sprintf("the mint's answer was lost, and with it the key's secret, which B3OS shows only once; the key it made "+
		"(%s) was revoked, so that no key nobody holds stays active", strings.Join(m.revoked, ", "))
}

// revokeOrphans revokes the active keys of the name that the create may have made: not active
// before it began, and made after the attempt of record started.
func (m *minting) revokeOrphans(ctx context.Context, record kit.Unfinished) ([]string, error) {
	active, err := m.client.ActiveAPIKeysNamed(ctx, m.in.ServiceAccountID, m.in.Name)
	if err != nil {
		return nil, err
	}
	var revoked []string
	for _, key := range active {
		if slices.Contains(m.before, key.ID) || !record.MayHaveMade(key.CreatedAt) {
			continue
		}
		if err := m.client.RevokeAPIKey(ctx, key.ID); err != nil {
			return revoked, fmt.Errorf("revoking the orphan key %s: %w", key.ID, err)
		}
		revoked = append(revoked, key.ID)
		m.revoked = append(m.revoked, key.ID)
	}
	return revoked, nil
}

// warnRevoked tells the user of the orphans a successful create revoked on the way.
func (m *minting) warnRevoked(diags *diag.Diagnostics) {
	if len(m.revoked) > 0 {
		diags.AddWarning("A "+keyNoun+" was minted again", "The answer to a mint was lost: "+m.lostAnswers()+
			". Another key was minted; it is the one in state.")
	}
}

// activeBeforeKey names the private state entry that keeps minting.before while a create's
// outcome is unknown, for Read and Delete to resolve it.
const activeBeforeKey = "api_keys_active_before"

type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func (m *minting) save(ctx context.Context, private privateState) diag.Diagnostics {
	raw, _ := json.Marshal(m.before) // a list of strings always encodes
	return private.SetKey(ctx, activeBeforeKey, raw)
}

func forgetActiveBefore(ctx context.Context, private privateState) diag.Diagnostics {
	return private.SetKey(ctx, activeBeforeKey, nil)
}

// resumeMinting is the minting of an unfinished create, as Read and Delete find it in state.
func resumeMinting(ctx context.Context, client *Client, in APIKeyInput, private privateState) *minting {
	m := &minting{client: client, in: in}
	if raw, _ := private.GetKey(ctx, activeBeforeKey); len(raw) > 0 {
		_ = json.Unmarshal(raw, &m.before) // written by save; without it, every new key of the name is the create's
	}
	return m
}
