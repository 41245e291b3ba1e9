package enclave

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRestart measures what a node pays to restart its enclave:
// unseal and decode its sealed state. The state, not the history, is
// sealed, so the cost must stay flat as the number of applied commands
// grows (here 1k, 10k, 100k transfers between the same two accounts). Run
// it with: go test -run '^$' -bench Restart -benchtime 20x ./enclave
func BenchmarkRestart(b *testing.B) {
	for _, history := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("commands=%d", history), func(b *testing.B) {
			if testing.Short() && history > 1_000 {
				b.Skip("long set-up")
			}
			n, alice, args := benchSetup(b)
			e := n.encs[0]
			for i := 0; i < history; i += 64 {
				for j := 0; j < 64 && i+j < history; j++ {
					req, _ := alice.request(b, e, "command", "transfer", args[0])
					if _, err := e.Submit(req); err != nil {
						b.Fatal(err)
					}
				}
				n.flush(e)
				e.TakeOutcomes()
			}
			if got := e.Status().AppliedCommands; got != uint64(history)+1 {
				b.Fatalf("applied %d commands, want %d", got, history+1)
			}
			blob, err := e.Seal()
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Restore(context.Background(), e.cfg, e.Identity(), blob); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(blob)), "sealed-bytes")
		})
	}
}
