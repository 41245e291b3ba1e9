package ethereum

import (
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire/chainmsg"
)

// The gas benchmarks run on the embedded chain under plain Osaka rules (see
// embedded.Start), so the figures are what the same calls cost on Ethereum
// mainnet. Each reports gas per transaction and, for command batches, gas per
// command; wall time per op is the embedded chain's, not a real network's.

// BenchmarkGasPostCommands posts batches of ledger ciphertexts of 256
// bytes (an ERC-20 command's: request version 2 in a version-2 ledger
// ciphertext) and, for comparison, of 512 and 569 (the version-1 size of a
// transfer) from one member enclave.
func BenchmarkGasPostCommands(b *testing.B) {
	for _, c := range []struct{ size, bytes int }{{1, 256}, {10, 256}, {50, 256}, {50, 512}, {50, 569}} {
		size := c.size
		b.Run(fmt.Sprintf("batch=%d/bytes=%d", size, c.bytes), func(b *testing.B) {
			n := newTestNet(b)
			a := newEnclave(b)
			n.found(b, a)
			ctx := testContext(b)
			cts := make([][]byte, size)
			for i := range cts {
				cts[i] = ciphertext(c.bytes, byte(i))
			}
			// The enclave's first batch turns its nextSeq slot from zero to
			// non-zero (a one-off 20000-gas store); measure the steady state.
			if err := n.host.PostCommands(ctx, a.batch(b, n.host, 0, 0, cts...)); err != nil {
				b.Fatal(err)
			}
			var gas uint64
			seq, count := uint64(1), uint64(0)
			for b.Loop() {
				receipt, err := n.host.postCommands(ctx, a.batch(b, n.host, 0, seq, cts...))
				if err != nil {
					b.Fatal(err)
				}
				gas += receipt.GasUsed
				seq++
				count++
			}
			b.ReportMetric(float64(gas)/float64(count), "gas/tx")
			b.ReportMetric(float64(gas)/float64(count)/float64(size), "gas/cmd")
		})
	}
}

// BenchmarkGasRegister registers enclaves with a 32-byte request key, a
// 300-byte key package and 5000 bytes of evidence (the size of an SGX DCAP
// quote with its PCK certificate chain).
func BenchmarkGasRegister(b *testing.B) {
	n := newTestNet(b)
	ctx := testContext(b)
	var gas, count uint64
	for b.Loop() {
		e := newEnclave(b)
		r := e.registration(b, n.host)
		r.RequestKey, r.KeyPackage, r.Evidence = ciphertext(32, 1), ciphertext(300, 2), ciphertext(5000, 3)
		r = signRegistration(b, e, n.host, r)
		receipt, err := n.host.tx.transact(ctx, "register", &n.contract,
			n.host.abi.PackRegister(r.Identity, r.RequestKey, r.KeyPackage, r.Evidence, r.Sig))
		if err != nil {
			b.Fatal(err)
		}
		gas += receipt.GasUsed
		count++
	}
	b.ReportMetric(float64(gas)/float64(count), "gas/tx")
}

// BenchmarkGasHandshake posts handshakes with a 1 KiB payload: a key
// rotation (no membership change) and an admission of one registered
// enclave.
func BenchmarkGasHandshake(b *testing.B) {
	for _, mode := range []string{"rotate", "add-one"} {
		b.Run(mode, func(b *testing.B) {
			n := newTestNet(b)
			a := newEnclave(b)
			n.found(b, a)
			ctx := testContext(b)
			payload := string(ciphertext(1024, 5))
			var gas, epoch uint64
			for b.Loop() {
				var adds []common.Address
				if mode == "add-one" {
					b.StopTimer()
					e := newEnclave(b)
					if err := n.host.Register(ctx, e.registration(b, n.host)); err != nil {
						b.Fatal(err)
					}
					adds = []common.Address{e.id}
					b.StartTimer()
				}
				h := a.handshake(b, n.host, epoch, payload, adds, nil)
				receipt, err := n.host.tx.transact(ctx, "postHandshake", &n.contract,
					n.host.abi.PackPostHandshake(h.Epoch, h.Payload, orEmpty(h.Adds), orEmpty(h.Removes), h.Sig))
				if err != nil {
					b.Fatal(err)
				}
				gas += receipt.GasUsed
				epoch++
			}
			b.ReportMetric(float64(gas)/float64(epoch), "gas/tx")
		})
	}
}

// BenchmarkGasPostAudit posts audit records of the ERC-20 commands' sealed
// size (a 1 KiB padded plaintext plus 48 bytes: wire/audit) with a
// 313-byte sealed header, as the enclave packs them: the record count
// padded to a power of two. It reports gas per post and per record; a
// command in one auditor's scope costs one record, a command in no scope
// none.
func BenchmarkGasPostAudit(b *testing.B) {
	for _, records := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			n := newTestNet(b)
			a := newEnclave(b)
			n.found(b, a)
			ctx := testContext(b)
			rs := make([][]byte, records)
			for i := range rs {
				rs[i] = ciphertext(1024+48, byte(i))
			}
			header := ciphertext(313, 0xee)
			post := func(seq uint64) chainmsg.AuditPost {
				p := chainmsg.AuditPost{Epoch: 0, Seq: seq, Header: header, Records: rs}
				p.Sig = a.sign(b, p.Digest(n.host.ChainID(), n.host.Contract()))
				return p
			}
			// The first post turns auditSeq from zero to non-zero (a one-off
			// 20000-gas store); measure the steady state.
			if err := n.host.PostAudit(ctx, post(0)); err != nil {
				b.Fatal(err)
			}
			var gas uint64
			seq, count := uint64(1), uint64(0)
			for b.Loop() {
				g, err := n.host.PostAuditGas(ctx, post(seq))
				if err != nil {
					b.Fatal(err)
				}
				gas += g
				seq++
				count++
			}
			b.ReportMetric(float64(gas)/float64(count), "gas/tx")
			b.ReportMetric(float64(gas)/float64(count)/float64(records), "gas/record")
		})
	}
}
