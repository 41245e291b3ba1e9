package enclave

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire/chainmsg"
	"github.com/anonify-go/anonify/wire/erc20abi"
)

// The benchmarks below split one command's life inside enclaves:
//
//	Runtime:        the ERC-20 transfer alone (the baseline)
//	Submit:         open the HPKE request, verify signature, network, counter
//	Submit+Seal:    plus re-encrypt under the epoch key and sign the batch
//	Apply:          a member applying it from the ledger (decrypt, verify the
//	                user signature again, execute, chain the state hash)
//	Apply+Outcome:  the receiving enclave, which also seals the outcome
func benchSetup(b *testing.B) (*network, *user, []string) {
	n := setupNetwork(b, 2)
	alice := newUser(b)
	n.command(alice, 0, "init", `{"supply":"1000000000000"}`)
	bob := newUser(b)
	args := fmt.Sprintf(`{"to":%q,"amount":"1"}`, bob.addr().Hex())
	return n, alice, []string{args}
}

func BenchmarkCommand(b *testing.B) {
	b.Run("Runtime", func(b *testing.B) {
		e, _ := runtime.NewEngine(runtime.NewStore(), erc20.New())
		a, to := common.HexToAddress("0xa"), common.HexToAddress("0xb")
		e.Apply(runtime.Position{}, a, 1, erc20abi.Name, "init", json.RawMessage(`{"supply":"1000000000000"}`))
		args := json.RawMessage(fmt.Sprintf(`{"to":%q,"amount":"1"}`, to.Hex()))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if r := e.Apply(runtime.Position{}, a, uint64(i+2), erc20abi.Name, "transfer", args); !r.OK {
				b.Fatal(r.Reason)
			}
		}
	})
	b.Run("Submit", func(b *testing.B) {
		n, alice, args := benchSetup(b)
		reqs := make([][]byte, b.N)
		for i := range reqs {
			reqs[i], _ = alice.request(b, n.encs[0], "command", "transfer", args[0])
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := n.encs[0].Submit(reqs[i]); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			n.encs[0].st.pending, n.encs[0].st.pendingByID = nil, map[common.Hash]*pending{}
			b.StartTimer()
		}
	})
	b.Run("Submit+Seal", func(b *testing.B) {
		n, alice, args := benchSetup(b)
		reqs := make([][]byte, b.N)
		for i := range reqs {
			reqs[i], _ = alice.request(b, n.encs[0], "command", "transfer", args[0])
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := n.encs[0].Submit(reqs[i]); err != nil {
				b.Fatal(err)
			}
			if _, err := n.encs[0].NextBatch(uint64(i), 1); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			n.encs[0].st.pending, n.encs[0].st.pendingByID = nil, map[common.Hash]*pending{}
			b.StartTimer()
		}
	})
	apply := func(b *testing.B, at int) {
		n, alice, args := benchSetup(b)
		src, e := n.encs[0], n.encs[at]
		seq := uint64(0)
		// prepare makes k ordered command events outside the timer. It
		// works in chunks because the sender's queue is bounded: the
		// commands wait there until the sender applies them (at == 0, the
		// receiving enclave, which then seals the outcomes) or are dropped
		// when another enclave is the one measured.
		prepare := func(k int) []chainmsg.Event {
			evs := make([]chainmsg.Event, k)
			for i := range evs {
				req, _ := alice.request(b, src, "command", "transfer", args[0])
				if _, err := src.Submit(req); err != nil {
					b.Fatal(err)
				}
				bt, err := src.NextBatch(seq, 1)
				if err != nil {
					b.Fatal(err)
				}
				evs[i] = chainmsg.Event{Position: chainmsg.Position{Block: 1000 + seq}, Commands: &chainmsg.CommandsEvent{Enclave: src.Identity(), Epoch: bt.Epoch, Seq: bt.Seq, Ciphertexts: bt.Ciphertexts}}
				seq++
			}
			if at != 0 {
				src.mu.Lock()
				src.st.pending, src.st.pendingByID = nil, map[common.Hash]*pending{}
				src.mu.Unlock()
			}
			return evs
		}
		const chunk = 1024
		b.ResetTimer()
		for done := 0; done < b.N; {
			b.StopTimer()
			evs := prepare(min(chunk, b.N-done))
			b.StartTimer()
			for i := range evs {
				if err := e.Apply(evs[i : i+1]); err != nil {
					b.Fatal(err)
				}
			}
			if at == 0 {
				b.StopTimer()
				e.TakeOutcomes()
				b.StartTimer()
			}
			done += len(evs)
		}
		b.StopTimer()
		if e.Status().AppliedCommands != uint64(b.N)+1 {
			b.Fatalf("applied %d of %d", e.Status().AppliedCommands, b.N+1)
		}
	}
	b.Run("Apply", func(b *testing.B) { apply(b, 1) })
	b.Run("Apply+Outcome", func(b *testing.B) { apply(b, 0) })
}
