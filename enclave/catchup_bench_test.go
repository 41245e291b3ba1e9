package enclave

import (
	"context"
	"fmt"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// BenchmarkCatchUp measures a member replaying the ledger after a restart:
// batches of 64 commands, each decrypted, its user signature verified
// again, executed and chained into the state hash, in order; decryption
// and verification run ahead on a pool of `workers` (ahead.go; 1: none,
// all on the applying goroutine). It reports
//
//	commands/s       wall clock
//	commands/s/core  that, divided by the cores the workers can use
//	commands/cpu-s   commands per second of CPU time the process spent
//	                 (every thread, the garbage collector's included): the
//	                 per-core rate that other load on the machine moves least
//
// Run it with:
//
//	go test -run '^$' -bench CatchUp -benchtime 3x ./enclave
//
// What its CPU profile showed (issue 13): signature recovery (libsecp256k1
// through cgo) is about three quarters of a command's CPU and cannot be
// avoided (every member checks every user signature). Of the rest, before:
// wire's strict JSON decoder for the request body (~4 µs a command), a new
// Keccak state per hash (four hashes a command), big.Int and an
// ecdsa.PublicKey decoded and re-encoded only to hash the recovered key,
// and a new HMAC for every state-hash link. fastreq.go and extendHash
// removed those (a third of the non-recovery cost), and ahead.go runs
// decryption and recovery on the other cores. What is left besides
// recovery: the ciphertext's key derivation and AES-GCM set-up (one per
// ciphertext by design), the four Keccak hashes (request digest, id,
// signer address, ciphertext hash), and the app itself in the runtime
// (its JSON arguments and store maps, ~5 µs). The recovery's own cost
// moves with the load on the machine, so compare commands/cpu-s with
// BenchmarkOpenCommand/Recover run alongside.
func BenchmarkCatchUp(b *testing.B) {
	for _, history := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("commands=%d", history), func(b *testing.B) {
			if testing.Short() && history > 1_000 {
				b.Skip("long set-up")
			}
			n, alice, args := benchSetup(b)
			src, member := n.encs[0], n.encs[1]
			before, err := member.Seal()
			if err != nil {
				b.Fatal(err)
			}
			var evs []chainmsg.Event
			block := member.Status().Position.Block
			for seq := uint64(0); len(evs)*64 < history; seq++ {
				for j := 0; j < 64; j++ {
					req, _ := alice.request(b, src, "command", "transfer", args[0])
					if _, err := src.Submit(req); err != nil {
						b.Fatal(err)
					}
				}
				bt, err := src.NextBatch(n.seq[src.Identity()]+seq, 64)
				if err != nil {
					b.Fatal(err)
				}
				block++
				evs = append(evs, chainmsg.Event{Position: chainmsg.Position{Block: block},
					Commands: &chainmsg.CommandsEvent{Enclave: src.Identity(), Epoch: bt.Epoch, Seq: bt.Seq, Ciphertexts: bt.Ciphertexts}})
				// src is not measured: drop what it queued.
				src.mu.Lock()
				src.st.pending, src.st.pendingByID = nil, map[common.Hash]*pending{}
				src.mu.Unlock()
			}
			commands := len(evs) * 64
			for _, workers := range []int{1, 2, 4} {
				b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
					var took, cpu time.Duration
					var hash common.Hash
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						e, err := Restore(context.Background(), member.cfg, member.Identity(), before)
						if err != nil {
							b.Fatal(err)
						}
						e.workers = workers
						applied := e.Status().AppliedCommands
						goruntime.GC()
						b.StartTimer()
						start, startCPU := time.Now(), cpuTime()
						if err := e.Apply(evs); err != nil {
							b.Fatal(err)
						}
						took, cpu = took+time.Since(start), cpu+cpuTime()-startCPU
						b.StopTimer()
						s := e.Status()
						if got := s.AppliedCommands - applied; got != uint64(commands) {
							b.Fatalf("applied %d of %d commands", got, commands)
						}
						if i > 0 && s.StateHash != hash {
							b.Fatal("state hash differs between runs")
						}
						hash = s.StateHash
						b.StartTimer()
					}
					rate := float64(commands*b.N) / took.Seconds()
					b.ReportMetric(rate, "commands/s")
					b.ReportMetric(rate/float64(min(workers, goruntime.GOMAXPROCS(0))), "commands/s/core")
					if cpu > 0 {
						b.ReportMetric(float64(commands*b.N)/cpu.Seconds(), "commands/cpu-s")
					}
				})
			}
		})
	}
}
