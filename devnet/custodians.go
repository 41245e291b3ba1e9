package devnet

import (
	"context"
	"crypto/hpke"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/anonify-go/anonify/ledger/ethereum"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/recovery"
)

// Development disaster-recovery custodians. With Options.Custodians the
// devnet makes that many X25519 custodian keys and has governance appoint
// them (chainmsg.ActCustodians), any Options.CustodianThreshold of which
// recover. They are development keys: keys.json holds the private ones in
// clear, so whoever runs the devnet can play every custodian.
//
// On a directory the keys go to DIR/keys.json as soon as they are made,
// before governance appoints them, and a resumed network reads them back
// from there: the keys are made once per directory (a resumed network
// keeps its own set, as it keeps its number of nodes). Governance
// appoints them only while no custodian act has executed on the network:
// a resumed network whose set in force is this one proposes nothing, and
// one whose governors appointed other custodians since (anonify recovery
// custodians propose) keeps theirs.

// checkCustodianOptions checks Options.Custodians and CustodianThreshold.
func checkCustodianOptions(n, k int) error {
	switch {
	case n < 0 || n > chainmsg.MaxCustodians:
		return fmt.Errorf("devnet: %d custodians: want 0 to %d", n, chainmsg.MaxCustodians)
	case n == 0 && k != 0:
		return fmt.Errorf("devnet: a custodian threshold of %d without custodians", k)
	case n > 0 && (k < 1 || k > n):
		return fmt.Errorf("devnet: a custodian threshold of %d with %d custodians: want 1 to %d", k, n, n)
	}
	return nil
}

// custodianKeys sets d.Custodians: on a devnet directory those its
// keys.json holds, if any; else new ones, written to keys.json at once.
func (d *Devnet) custodianKeys(opts Options) error {
	if opts.Custodians == 0 {
		return nil
	}
	persistent := d.tempDir == ""
	if persistent {
		keys, k, err := readCustodians(filepath.Join(opts.Dir, "keys.json"))
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			d.Custodians, d.CustodianThreshold = keys, k
			return nil
		}
	}
	for range opts.Custodians {
		k, err := recovery.GenerateKey()
		if err != nil {
			return err
		}
		d.Custodians = append(d.Custodians, k)
	}
	d.CustodianThreshold = opts.CustodianThreshold
	if persistent {
		// Before governance appoints them: a devnet that stops in
		// between resumes with these keys, not new ones.
		if err := d.WriteKeys(opts.Dir); err != nil {
			return fmt.Errorf("devnet: record the custodian keys: %w", err)
		}
	}
	return nil
}

// readCustodians reads the custodian keys and threshold of a keys.json;
// none if the file or its custodians are absent.
func readCustodians(path string) ([]hpke.PrivateKey, int, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	var k Keys
	if err := json.Unmarshal(b, &k); err != nil {
		return nil, 0, fmt.Errorf("devnet: %s: %w; move it away to make new keys", path, err)
	}
	if len(k.Custodians) == 0 {
		return nil, 0, nil
	}
	if err := checkCustodianOptions(len(k.Custodians), k.CustodianThreshold); err != nil {
		return nil, 0, fmt.Errorf("%w (in %s)", err, path)
	}
	var keys []hpke.PrivateKey
	for i, c := range k.Custodians {
		raw, err := hex.DecodeString(strings.TrimPrefix(c.Private, "0x"))
		var priv hpke.PrivateKey
		if err == nil {
			priv, err = recovery.ParsePrivateKey(raw)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("devnet: %s: custodian %d: not an X25519 private key in hex", path, i)
		}
		if pub := "0x" + hex.EncodeToString(priv.PublicKey().Bytes()); !strings.EqualFold(pub, c.Public) {
			return nil, 0, fmt.Errorf("devnet: %s: custodian %d: the public key of the private key is %s, not %s", path, i, pub, c.Public)
		}
		keys = append(keys, priv)
	}
	return keys, k.CustodianThreshold, nil
}

func custodianKeyJSON(k hpke.PrivateKey) (CustodianKey, error) {
	priv, err := k.Bytes()
	if err != nil {
		return CustodianKey{}, err
	}
	return CustodianKey{Private: "0x" + hex.EncodeToString(priv), Public: "0x" + hex.EncodeToString(k.PublicKey().Bytes())}, nil
}

// CustodianPublicKeys returns the public keys of d.Custodians, in order.
func (d *Devnet) CustodianPublicKeys() [][32]byte {
	var out [][32]byte
	for _, k := range d.Custodians {
		out = append(out, [32]byte(k.PublicKey().Bytes()))
	}
	return out
}

// appointCustodians has governance appoint d.Custodians unless a custodian
// act has executed already (see above).
func (d *Devnet) appointCustodians(ctx context.Context, gov *ethereum.Driver) error {
	if len(d.Custodians) == 0 {
		return nil
	}
	keys, threshold := d.CustodianPublicKeys(), uint8(d.CustodianThreshold)
	st, err := gov.State(ctx)
	if err != nil {
		return err
	}
	switch {
	case chainmsg.SameCustodians(st.Custodians, st.CustodianThreshold, keys, threshold):
		return nil
	case st.CustodianVersion > 0:
		d.log.Warn("governance appointed other custodians than the devnet's development ones, which keys.json holds; they stay in force",
			"custodian_version", st.CustodianVersion, "threshold", st.CustodianThreshold, "custodians", len(st.Custodians))
		return nil
	}
	id, err := gov.ProposeCustodians(ctx, keys, threshold)
	if err != nil {
		return fmt.Errorf("devnet: appoint the custodians: %w", err)
	}
	p, err := gov.Proposal(ctx, id)
	if err != nil {
		return err
	}
	if !p.Executed {
		return fmt.Errorf("devnet: custodian proposal %d awaits more governors' approvals", id)
	}
	d.log.Info("governance appointed the development custodians", "proposal", id, "threshold", threshold, "custodians", len(keys))
	return nil
}
