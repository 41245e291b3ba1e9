package cliquechain

import (
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
)

// BenchmarkInsert is the cost of verifying one header on the tip (seal
// recovery, Clique's checks, the fork choice, finality) and taking its
// block's logs by its bloom, 3 signers, 2 confirmations.
func BenchmarkInsert(b *testing.B) {
	c := newTestChain(b, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	const n = 2048
	specs := make([]spec, n)
	for i := range specs {
		specs[i] = spec{signer: o[(i+1)%3]}
	}
	chain := c.extend(c.genesis, specs...)
	b.ResetTimer()
	var v *Verifier
	for i := range b.N {
		if i%n == 0 {
			b.StopTimer()
			v = c.verifier(2)
			b.StartTimer()
		}
		if err := v.Insert(chain[i%n]); err != nil {
			b.Fatal(err)
		}
		if h := v.Next(); h != nil {
			if _, err := v.TakeLogs(h.Hash(), nil, testContract); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTakeLogs is the cost of checking one block's receipts (50
// transactions, two logs each, one of them the contract's) and taking its
// logs.
func BenchmarkTakeLogs(b *testing.B) {
	c := newTestChain(b, 30000, "A", "B", "C")
	o := c.signerOrder("A", "B", "C")
	logs := make([][]*types.Log, 50)
	for i := range logs {
		logs[i] = []*types.Log{logOf(testContract, topicA, string(make([]byte, 1024))), logOf(otherAddress, topicB, "other")}
	}
	s := spec{signer: o[1], receipts: logs}
	chain := c.extend(c.genesis, s, spec{signer: o[2]}, spec{signer: o[0]})
	receipts, _ := receiptsOf(s)
	v := c.verifier(2)
	if err := v.Insert(chain...); err != nil {
		b.Fatal(err)
	}
	sealed, _ := v.MarshalBinary()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		v, _ := Restore(sealed, v.cfg)
		b.StartTimer()
		got, err := v.TakeLogs(chain[0].Hash(), receipts, testContract)
		if err != nil || len(got) != 50 {
			b.Fatal(len(got), err)
		}
	}
}
