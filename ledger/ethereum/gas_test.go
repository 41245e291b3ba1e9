package ethereum

import (
	"context"
	"crypto/rand"
	"testing"

	"github.com/anonify-go/anonify/ledger"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// TestPostCommandsGas: the node's batch gas metric reads the receipt's
// GasUsed through PostCommandsGas; a refused batch reports no gas.
func TestPostCommandsGas(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a)
	ctx := testContext(t)
	gas, err := n.host.PostCommandsGas(ctx, a.batch(t, n.host, 0, 0, ciphertext(512, 1)))
	if err != nil {
		t.Fatal(err)
	}
	// More than a bare transaction, less than a block.
	if gas <= 21_000 || gas >= 30_000_000 {
		t.Fatalf("PostCommandsGas reported %d gas for a one-command batch", gas)
	}
	gas, err = n.host.PostCommandsGas(ctx, a.batch(t, n.host, 0, 0, ciphertext(512, 2)))
	wantErr(t, err, ledger.ErrBadSequence, "")
	if gas != 0 {
		t.Fatalf("a refused batch reported %d gas", gas)
	}
}

// TestCheckpointGas posts a checkpoint manifest of about 600 bytes and a
// full-size (MaxChunkBytes) chunk of random bytes on the embedded Osaka
// chain and logs what they cost: the chunk's transaction must fit geth's
// 128 KiB pool limit and, with the driver's gas margin, EIP-7825's 2^24
// gas cap.
func TestCheckpointGas(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a)
	ctx := testContext(t)
	random := func(size int) []byte {
		b := make([]byte, size)
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	m := chainmsg.CheckpointPost{Epoch: 0, Manifest: random(600)}
	m.Sig = a.sign(t, m.Digest(n.host.ChainID(), n.host.Contract()))
	gas, err := n.host.PostCheckpointGas(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("postCheckpoint, 600-byte manifest: %d gas", gas)

	c := chainmsg.CheckpointChunkPost{Epoch: 0, Index: 0, Chunk: random(chainmsg.MaxChunkBytes)}
	c.Sig = a.sign(t, c.Digest(n.host.ChainID(), n.host.Contract()))
	data := n.host.abi.PackPostCheckpointChunk(c.Epoch, c.Index, c.Chunk, c.Sig)
	if gas, err = n.host.PostCheckpointChunkGas(ctx, c); err != nil {
		t.Fatal(err)
	}
	// EIP-7623's calldata floor: 10 gas per zero byte, 40 per other byte.
	floor := uint64(21_000)
	for _, b := range data {
		if b == 0 {
			floor += 10
		} else {
			floor += 40
		}
	}
	t.Logf("postCheckpointChunk, %d-byte random chunk: %d gas (calldata %d bytes, floor %d gas)", len(c.Chunk), gas, len(data), floor)
	if len(data) > 120*1024 {
		t.Errorf("a full chunk's calldata is %d bytes, near geth's 128 KiB transaction limit", len(data))
	}
	if limit := gas*gasMarginNum/gasMarginDen + gasMarginAdd; limit > 1<<24 {
		t.Errorf("a full chunk's gas limit would be %d, over EIP-7825's 2^24", limit)
	}
}

// TestPostCommandsGasBound: the gas limit a batch goes out with
// (postCommandsGas, no estimate) is enough for batches of every shape,
// the first batch of an enclave (which writes its sequence number from
// zero) and later ones, with zero bytes (execution dominates), random
// bytes and 0xff bytes (the calldata floor does on Osaka): each lands;
// and the limit does not reserve much more than the batch uses.
func TestPostCommandsGasBound(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a)
	ctx := testContext(t)
	fills := []struct {
		name string
		fill func([]byte)
	}{
		{"zero", func([]byte) {}},
		{"random", func(b []byte) { rand.Read(b) }},
		{"0xff", func(b []byte) {
			for i := range b {
				b[i] = 0xff
			}
		}},
	}
	seq := uint64(0)
	for _, count := range []int{1, 2, 7, 32, chainmsg.MaxCiphertexts} {
		for _, size := range []int{32, 256, 1000, chainmsg.MaxCiphertextBytes} {
			if count*size > chainmsg.MaxBatchBytes {
				continue
			}
			for _, f := range fills {
				cts := make([][]byte, count)
				for i := range cts {
					cts[i] = make([]byte, size)
					f.fill(cts[i])
				}
				b := a.batch(t, n.host, 0, seq, cts...)
				packed, err := chainmsg.PackBatch(b.Ciphertexts)
				if err != nil {
					t.Fatal(err)
				}
				bound := postCommandsGas(n.host.abi.PackPostCommands(b.Epoch, b.Seq, packed, b.Sig), count, len(packed))
				used, err := n.host.PostCommandsGas(ctx, b)
				if err != nil {
					t.Fatalf("batch %d, %d ciphertexts × %d %s bytes, gas limit %d: %v", seq, count, size, f.name, bound, err)
				}
				if used > bound || bound > used*6/5+30_000 {
					t.Errorf("batch %d, %d ciphertexts × %d %s bytes: gas limit %d, used %d", seq, count, size, f.name, bound, used)
				}
				seq++
			}
		}
	}
}

// TestPostCommandsGasShort: a batch whose gas bound falls short runs out
// of gas on the chain and goes out again with an estimate: it lands, and
// its sequence number is the one it was signed with.
func TestPostCommandsGasShort(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a)
	ctx := testContext(t)
	sent := n.host.TxStats().Sent
	// Zero bytes: execution, not the calldata floor, sets the gas.
	n.host.batchGas = func(data []byte, count, packedLen int) uint64 {
		return postCommandsGas(data, count, packedLen) - batchGasBase
	}
	if err := n.host.PostCommands(ctx, a.batch(t, n.host, 0, 0, make([]byte, 256), make([]byte, 256))); err != nil {
		t.Fatalf("a batch whose bound fell short: %v", err)
	}
	seq, err := n.host.NextSeq(ctx, a.id)
	if err != nil {
		t.Fatal(err)
	}
	if seq != 1 {
		t.Fatalf("next sequence number %d after one batch, want 1", seq)
	}
	if s := n.host.TxStats(); s.Sent-sent != 2 {
		t.Errorf("%d transactions sent, want 2 (the one out of gas, then the estimated one)", s.Sent-sent)
	}
	// A refusal is still a refusal, with no estimate to find it first.
	n.host.batchGas = nil
	err = n.host.PostCommands(ctx, a.batch(t, n.host, 0, 0, ciphertext(256, 3)))
	wantErr(t, err, ledger.ErrBadSequence, "")
}

// TestSendCommandsInFlight: a node's batches go out back to back, each
// sent before the one before it is included, and land in sequence order
// (nonces follow the order they were sent in); a batch sent behind one
// the contract refuses is refused too, and says why.
func TestSendCommandsInFlight(t *testing.T) {
	n := newTestNet(t)
	a := newEnclave(t)
	n.found(t, a)
	ctx := testContext(t)
	var waits []func(context.Context) (uint64, error)
	for seq := range uint64(4) {
		w, err := n.host.SendCommands(ctx, a.batch(t, n.host, 0, seq, ciphertext(256, byte(seq))))
		if err != nil {
			t.Fatalf("send batch %d: %v", seq, err)
		}
		waits = append(waits, w)
	}
	if s := n.host.TxStats(); s.PeakInFlight < 2 {
		t.Errorf("at most %d transaction in flight, want the batches together", s.PeakInFlight)
	}
	for seq, w := range waits {
		if gas, err := w(ctx); err != nil || gas == 0 {
			t.Fatalf("batch %d: %d gas, %v", seq, gas, err)
		}
	}
	if seq, err := n.host.NextSeq(ctx, a.id); err != nil || seq != 4 {
		t.Fatalf("next sequence number %d (%v), want 4", seq, err)
	}
	// Batch 5 behind a stale batch 3: both refused.
	w3, err := n.host.SendCommands(ctx, a.batch(t, n.host, 0, 3, ciphertext(256, 9)))
	if err != nil {
		t.Fatal(err)
	}
	w5, err := n.host.SendCommands(ctx, a.batch(t, n.host, 0, 5, ciphertext(256, 9)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = w3(ctx)
	wantErr(t, err, ledger.ErrBadSequence, "")
	_, err = w5(ctx)
	wantErr(t, err, ledger.ErrBadSequence, "")
}
