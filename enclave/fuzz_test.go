package enclave

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Fuzz targets for every input the host feeds an enclave: events (command
// batches, handshakes, governance), checkpoints and sealed blobs. Each
// reaches well over 1,000 executions per second on one core: the network
// is built once, and inputs that do not verify are refused early.

// fuzzNetwork is a joined two-member network built once per target; each
// input is applied at a fresh position, so the enclave keeps going.
func fuzzNetwork(f *testing.F) (*network, func() chainmsg.Position) {
	n := setupNetwork(f, 2)
	alice := newUser(f)
	n.command(alice, 0, "init", `{"supply":"5"}`)
	block := uint64(1 << 32)
	return n, func() chainmsg.Position { block++; return chainmsg.Position{Block: block} }
}

func FuzzApplyCommands(f *testing.F) {
	n, next := fuzzNetwork(f)
	e := n.encs[1]
	for _, ev := range n.log {
		if ev.Commands != nil {
			f.Add(ev.Commands.Epoch, ev.Commands.Ciphertexts[0])
		}
	}
	state := func() []byte {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.st.engine.Store().Snapshot()
	}
	f.Fuzz(func(t *testing.T, epoch uint64, ct []byte) {
		before := state()
		ev := chainmsg.Event{Position: next(), Commands: &chainmsg.CommandsEvent{Enclave: n.encs[0].Identity(), Epoch: epoch, Ciphertexts: [][]byte{ct}}}
		if err := e.Apply([]chainmsg.Event{ev}); err != nil {
			t.Fatal(err)
		}
		// A ciphertext nobody in the group made never changes the state,
		// and a replayed real one is stopped by its counter (the state
		// hash still records the rejection, the same on every member).
		if after := state(); !bytes.Equal(after, before) {
			t.Fatalf("fuzzed batch changed the state")
		}
	})
}

func FuzzApplyHandshake(f *testing.F) {
	n, next := fuzzNetwork(f)
	e := n.encs[1]
	for _, ev := range n.log {
		if ev.Handshake != nil {
			f.Add(ev.Handshake.Payload)
		}
	}
	f.Add(encodeHandshake([]byte{0, 1}, nil))
	f.Fuzz(func(t *testing.T, payload []byte) {
		members := e.Status().Members
		ev := chainmsg.Event{Position: next(), Handshake: &chainmsg.HandshakeEvent{Epoch: e.Status().Epoch, Committer: n.encs[0].Identity(), Payload: payload}}
		if err := e.Apply([]chainmsg.Event{ev}); err != nil {
			t.Fatal(err)
		}
		if e.Status().Members != members {
			t.Fatalf("fuzzed handshake changed the membership")
		}
	})
}

func FuzzApplyGovernance(f *testing.F) {
	n, next := fuzzNetwork(f)
	e := n.encs[1]
	f.Add(uint8(0), uint64(2), testPolicy, govSigs(f, chainmsg.ActPolicy, 2, common.Hash{}, testGovernors[0])[0], common.Address{}.Bytes())
	f.Add(uint8(1), uint64(1), []byte{}, []byte{27}, e.Identity().Bytes())
	f.Add(uint8(2), uint64(0), []byte{}, make([]byte, 65), n.encs[0].Identity().Bytes())
	f.Fuzz(func(t *testing.T, kind uint8, nonce uint64, policy, sig, addr []byte) {
		before := snap(e)
		sigs := [][]byte{sig, sig}
		ev := chainmsg.Event{Position: next()}
		switch kind % 3 {
		case 0:
			ev.PolicyChanged = &chainmsg.PolicyChangedEvent{Version: nonce, Policy: policy, Sigs: sigs}
		case 1:
			ev.Founded = &chainmsg.FoundedEvent{Identity: common.BytesToAddress(addr), Nonce: nonce, Sigs: sigs}
		case 2:
			ev.Expelled = &chainmsg.ExpelledEvent{Identity: common.BytesToAddress(addr), Sigs: sigs}
		}
		if err := e.Apply([]chainmsg.Event{ev}); err != nil {
			t.Fatal(err)
		}
		if after := snap(e); after != before {
			t.Fatalf("unsigned governance changed the enclave: %+v -> %+v", before, after)
		}
	})
}

// FuzzCheckpointPayload: the plaintext of a checkpoint is authenticated
// under the epoch's key, but a member of an older build could have
// written it; decoding never panics, and what decodes re-encodes.
func FuzzCheckpointPayload(f *testing.F) {
	n := setupNetwork(f, 1)
	n.command(newUser(f), 0, "init", `{"supply":"5"}`)
	e := n.encs[0]
	e.mu.Lock()
	good, err := e.checkpointPayload()
	e.mu.Unlock()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte{checkpointPayloadVersion, 32})
	f.Fuzz(func(t *testing.T, raw []byte) {
		cs, err := parseCheckpointPayload(raw)
		if err != nil {
			return
		}
		if len(cs.hashKey) != 32 || 1+1+32+32+8+4+len(cs.store)+len(cs.audit) != len(raw) {
			t.Fatalf("decoded %d bytes into a checkpoint of other size", len(raw))
		}
	})
}

func FuzzDecodeSealed(f *testing.F) {
	e := newTestEnclave(f, testMeasure)
	blob, err := e.Seal()
	if err != nil {
		f.Fatal(err)
	}
	// The plaintext, as decodeSealed sees it: reopen the blob like restore.
	key, _ := e.cfg.Platform.SealingKey()
	aead, _ := sealAEAD(key, blob[len(sealMagic):len(sealMagic)+32])
	id := e.Identity()
	pt, err := aead.Open(nil, make([]byte, aead.NonceSize()), blob[len(sealMagic)+32:], append(append([]byte{}, sealMagic...), id[:]...))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pt)
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, pt []byte) {
		decodeSealed(e.cfg, id, pt) // must not panic
	})
}

func FuzzRestore(f *testing.F) {
	e := newTestEnclave(f, testMeasure)
	blob, err := e.Seal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(blob)
	f.Add(binary.BigEndian.AppendUint64(append([]byte{}, sealMagic...), 7))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Restore(context.Background(), e.cfg, e.Identity(), b)
		if err == nil && !bytes.Equal(b, blob) {
			t.Fatalf("restored a blob the enclave never sealed: %v", r.Identity())
		}
	})
}
