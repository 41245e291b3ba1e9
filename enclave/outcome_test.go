package enclave

import (
	"encoding/json"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// TestOutcomeNamesItsBatch checks that an outcome says where the ledger
// ordered its command, as the event the enclave applied says: the block,
// the transaction, and the hash of the ciphertext that carried it. That is
// what a client checks on its own view of the chain, since the enclave
// cannot tell a posted batch from one its host only feeds it.
func TestOutcomeNamesItsBatch(t *testing.T) {
	n := setupNetwork(t, 2)
	e := n.encs[1]
	alice, bob := newUser(t), newUser(t)
	// Another user's command shares the batch, so that the hash must be
	// of this command's ciphertext, not of the batch's first.
	sealed, _ := bob.request(t, e, wire.KindCommand, "init", `{"supply":"5"}`)
	if _, err := e.Submit(sealed); err != nil {
		t.Fatal(err)
	}
	sealed, rk := alice.request(t, e, wire.KindCommand, "approve", `{"spender":"`+bob.addr().Hex()+`","amount":"1"}`)
	if _, err := e.Submit(sealed); err != nil {
		t.Fatal(err)
	}
	b, err := e.NextBatch(n.seq[e.Identity()], 64)
	if err != nil || b == nil || len(b.Ciphertexts) != 2 {
		t.Fatalf("NextBatch = %v, %v; want a batch of 2", b, err)
	}
	n.seq[e.Identity()]++
	tx := common.HexToHash("0x7a7a")
	n.emit(chainmsg.Event{TxHash: tx, Commands: &chainmsg.CommandsEvent{Enclave: e.Identity(), Epoch: b.Epoch, Seq: b.Seq, Ciphertexts: b.Ciphertexts}})

	var out *wire.Outcome
	for _, o := range e.TakeOutcomes() {
		if o.ID != rk.id {
			continue
		}
		pk, _ := rk.priv.Bytes()
		priv, _ := wire.ParsePrivateKey(pk)
		pt, err := wire.OpenOutcome(priv, rk.id, o.Sealed)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(pt, &out); err != nil {
			t.Fatal(err)
		}
	}
	if out == nil {
		t.Fatal("no outcome for the approval")
	}
	want := wire.Outcome{ID: rk.id, OK: true, Block: n.block, Epoch: b.Epoch, TxHash: tx, Ciphertext: crypto.Keccak256Hash(b.Ciphertexts[1])}
	if *out != want {
		t.Fatalf("outcome %+v\nwant    %+v", *out, want)
	}
}
