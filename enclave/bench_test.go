package enclave

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/anonify-go/anonify/enclave/apps/erc20"
	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
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

// BenchmarkSubmitParallel measures Submit's throughput with 1, 2 and 4
// goroutines submitting at once, each for a user of its own: the
// cryptography runs outside the enclave's lock (submit.go), so on a
// machine with idle cores the rate grows with the goroutines. It reports
// ops/s (wall clock) and ops/cpu-s (per second of the process's CPU time).
func BenchmarkSubmitParallel(b *testing.B) {
	for _, g := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			n, _, args := benchSetup(b)
			e := n.encs[0]
			users := make([]*user, g)
			for i := range users {
				users[i] = newUser(b)
			}
			const round = 1024 // within the queue's bound; it is emptied between rounds
			var took, cpu time.Duration
			b.ResetTimer()
			for done := 0; done < b.N; {
				b.StopTimer()
				k := min(round, b.N-done)
				reqs := make([][][]byte, g)
				for i := 0; i < k; i++ {
					req, _ := users[i%g].request(b, e, "command", "transfer", args[0])
					reqs[i%g] = append(reqs[i%g], req)
				}
				b.StartTimer()
				start, startCPU := time.Now(), cpuTime()
				var wg sync.WaitGroup
				for _, mine := range reqs {
					wg.Go(func() {
						for _, req := range mine {
							if _, err := e.Submit(req); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				took, cpu = took+time.Since(start), cpu+cpuTime()-startCPU
				b.StopTimer()
				e.mu.Lock()
				e.st.pending, e.st.pendingByID = nil, map[common.Hash]*pending{}
				e.mu.Unlock()
				done += k
				b.StartTimer()
			}
			b.ReportMetric(float64(b.N)/took.Seconds(), "ops/s")
			if cpu > 0 {
				b.ReportMetric(float64(b.N)/cpu.Seconds(), "ops/cpu-s")
			}
		})
	}
}

// BenchmarkApplyParallel measures an enclave applying batches of 64
// commands, one ledger event per Apply call as a node's follower feeds
// them, with the work that needs no state run on 1, 2 and 4 workers
// (ahead.go; 1: all on the applying goroutine):
//
//	Apply:          a member: decryption and signature recovery ahead
//	Apply+Outcome:  the enclave that received the commands, which also
//	                seals each outcome to its client (in parallel, after)
//
// It reports commands/s (wall clock) and commands/cpu-s.
func BenchmarkApplyParallel(b *testing.B) {
	for _, receiving := range []bool{false, true} {
		name := "Apply"
		if receiving {
			name = "Apply+Outcome"
		}
		for _, workers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("%s/workers=%d", name, workers), func(b *testing.B) {
				n, alice, args := benchSetup(b)
				src, e := n.encs[0], n.encs[1]
				if receiving {
					e = src
				}
				e.workers = workers
				seq := n.seq[src.Identity()]
				block := e.Status().Position.Block
				// prepare orders k commands in batches of up to 64, outside
				// the timer. A member's sender drops them from its queue; the
				// receiving enclave keeps them until it applies them.
				prepare := func(k int) []chainmsg.Event {
					var evs []chainmsg.Event
					for k > 0 {
						m := min(64, k)
						for range m {
							req, _ := alice.request(b, src, "command", "transfer", args[0])
							if _, err := src.Submit(req); err != nil {
								b.Fatal(err)
							}
						}
						bt, err := src.NextBatch(seq, 64)
						if err != nil {
							b.Fatal(err)
						}
						seq++
						block++
						evs = append(evs, chainmsg.Event{Position: chainmsg.Position{Block: block}, Commands: &chainmsg.CommandsEvent{Enclave: src.Identity(), Epoch: bt.Epoch, Seq: bt.Seq, Ciphertexts: bt.Ciphertexts}})
						if !receiving {
							src.mu.Lock()
							src.st.pending, src.st.pendingByID = nil, map[common.Hash]*pending{}
							src.mu.Unlock()
						}
						k -= m
					}
					return evs
				}
				var took, cpu time.Duration
				outcomes := 0
				b.ResetTimer()
				for done := 0; done < b.N; {
					b.StopTimer()
					k := min(1024, b.N-done)
					evs := prepare(k)
					b.StartTimer()
					start, startCPU := time.Now(), cpuTime()
					for i := range evs {
						if err := e.Apply(evs[i : i+1]); err != nil {
							b.Fatal(err)
						}
					}
					took, cpu = took+time.Since(start), cpu+cpuTime()-startCPU
					b.StopTimer()
					outcomes += len(e.TakeOutcomes())
					b.StartTimer()
					done += k
				}
				b.StopTimer()
				if s := e.Status(); s.AppliedCommands != uint64(b.N)+1 {
					b.Fatalf("applied %d of %d", s.AppliedCommands, b.N+1)
				}
				if receiving && outcomes != b.N {
					b.Fatalf("%d outcomes for %d commands", outcomes, b.N)
				}
				b.ReportMetric(float64(b.N)/took.Seconds(), "commands/s")
				if cpu > 0 {
					b.ReportMetric(float64(b.N)/cpu.Seconds(), "commands/cpu-s")
				}
			})
		}
	}
}

// BenchmarkOpenCommand measures what a member does to one ordered command
// before executing it (decrypt the ciphertext, parse and verify the
// request, hash the request id and the ciphertext), three ways in the same
// run:
//
//	Recover: crypto.Ecrecover alone, the floor
//	Wire:    with wire's Verify and go-ethereum's hash helpers (before
//	         fastreq.go)
//	Fast:    openOne, as Apply does it now
func BenchmarkOpenCommand(b *testing.B) {
	n, alice, args := benchSetup(b)
	src := n.encs[0]
	req, _ := alice.request(b, src, "command", "transfer", args[0])
	if _, err := src.Submit(req); err != nil {
		b.Fatal(err)
	}
	bt, err := src.NextBatch(n.seq[src.Identity()], 1)
	if err != nil {
		b.Fatal(err)
	}
	ct, epoch := bt.Ciphertexts[0], bt.Epoch
	secret, err := src.st.group.Secret(epoch)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Recover", func(b *testing.B) {
		msg, _ := openMessage(secret, epoch, testChain, testContract, ct)
		signed, _ := wire.ParseSignedRequest(msg[1:])
		d := wire.RequestDigest(testChain, testContract, signed.Body)
		for b.Loop() {
			if _, err := crypto.Ecrecover(d[:], signed.Sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Wire", func(b *testing.B) {
		for b.Loop() {
			msg, err := openMessage(secret, epoch, testChain, testContract, ct)
			if err != nil {
				b.Fatal(err)
			}
			_ = crypto.Keccak256Hash(ct)
			signed, err := wire.ParseSignedRequest(msg[1:])
			if err != nil {
				b.Fatal(err)
			}
			if _, err := signed.Verify(testChain, testContract); err != nil {
				b.Fatal(err)
			}
			_ = wire.RequestID(signed.Body)
		}
	})
	b.Run("Fast", func(b *testing.B) {
		h := newReqHasher()
		for b.Loop() {
			if o := openOne(h, secret, epoch, testChain, testContract, ct); o.err != nil || o.req.warn != "" {
				b.Fatal(o.err, o.req.warn)
			}
		}
	})
}
