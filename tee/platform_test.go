package tee_test

import (
	"errors"
	"testing"

	"github.com/anonify-go/anonify/attest/atls"
	"github.com/anonify-go/anonify/tee"
	"github.com/anonify-go/anonify/tee/nitro"
	"github.com/anonify-go/anonify/tee/tsm"
)

// Hosts tell "no sealing key on this platform" from a failure through
// tee.ErrNoSealingKey, whatever the platform's own message.
func TestNoSealingKeyMatches(t *testing.T) {
	for name, err := range map[string]error{"tsm": tsm.ErrNoSealingKey, "nitro": nitro.ErrNoSealingKey, "made": tee.NoSealingKey("x")} {
		if !errors.Is(err, tee.ErrNoSealingKey) {
			t.Errorf("%s: %v does not match tee.ErrNoSealingKey", name, err)
		}
	}
	if errors.Is(errors.New("other"), tee.ErrNoSealingKey) {
		t.Error("an unrelated error matches")
	}
}

// attest/atls takes an evidence source rather than a tee.Platform, so that
// its client side does not depend on the producers; every platform must
// still be one.
var _ atls.EvidenceSource = tee.Platform(nil)
