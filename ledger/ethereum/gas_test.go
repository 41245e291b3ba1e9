package ethereum

import (
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
