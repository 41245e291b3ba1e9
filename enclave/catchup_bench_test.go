package enclave

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// BenchmarkCatchUp measures a member replaying the ledger after a restart:
// batches of 64 commands, each decrypted, its user signature verified
// again, executed and chained into the state hash, in order. It reports
// commands per second on one core. Run it with:
//
//	go test -run '^$' -bench CatchUp -benchtime 3x ./enclave
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
			var took time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e, err := Restore(context.Background(), member.cfg, member.Identity(), before)
				if err != nil {
					b.Fatal(err)
				}
				applied := e.Status().AppliedCommands
				b.StartTimer()
				start := time.Now()
				if err := e.Apply(evs); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
				b.StopTimer()
				if got := e.Status().AppliedCommands - applied; got != uint64(commands) {
					b.Fatalf("applied %d of %d commands", got, commands)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(commands*b.N)/took.Seconds(), "commands/s")
		})
	}
}
