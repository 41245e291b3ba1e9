package chainmsg

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Golden digests for chain 1337 and contract 0x…ab. ledger/ethereum's
// TestGoldenDigestsOnContract recomputes the same values with the
// compiled contract's bytecode placed at 0x…ab, so these pin the format to
// the contract, not merely to this implementation.
// The custodian payload is keccak256(0x02 ‖ bytes32(1) ‖ bytes32(2)),
// checked with js-sha3; the contract recomputes it from the proposal
// (ledgertest's custodian cases sign with CustodiansPayload).
var (
	goldenChainID  = big.NewInt(1337)
	goldenContract = common.HexToAddress("0x00000000000000000000000000000000000000ab")
)

func TestGoldenDigests(t *testing.T) {
	tests := []struct {
		name string
		got  common.Hash
		want string
	}{
		{"register", RegisterDigest(goldenChainID, goldenContract, common.HexToAddress("0x01"), []byte("rk"), []byte("kp"), []byte("ev")),
			"0x260c26b3ec59e658e8e452fe88b7f8b782da82f2087aff0ba7afabc9c6144010"},
		{"handshake", HandshakeDigest(goldenChainID, goldenContract, 4, []byte("commit"), []common.Address{common.HexToAddress("0x02"), common.HexToAddress("0x03")}, nil),
			"0xcf26b651b84d1c35ecadb8f76a797415d1c88eaf95f1499d3cacaf124620cdea"},
		{"commands", CommandsDigest(goldenChainID, goldenContract, 4, 9, [][]byte{[]byte("ct0"), []byte("ct1")}),
			"0xef97ec78fde38adfe66f9b940d692c1285c5fb9cdf59fd993d8a8b622f1bffe8"},
		{"audit", AuditDigest(goldenChainID, goldenContract, 4, 9, []byte("hdr"), [][]byte{[]byte("r0"), []byte("r1")}),
			"0xf8bee0ff937f185e86c1b0c8267ce894db74eeaebea8f60b4de5b029b4cc2d19"},
		{"auditor act", GovernanceDigest(goldenChainID, goldenContract, ActAuditor, 3, AuditorPayload([32]byte{31: 7}, []byte("erc20"))),
			"0x7637bd751e42a0aa7292c57318bccb3e631ed9f0d490dfbea936507e7c55d646"},
		{"checkpoint", CheckpointDigest(goldenChainID, goldenContract, 4, []byte("manifest")),
			"0x8c2f9a1e2606f40f78037a3f2a6ed67cd9fcb3b0429e199b618c8fdce1bf3e85"},
		{"checkpoint chunk", CheckpointChunkDigest(goldenChainID, goldenContract, 4, 7, []byte("chunk")),
			"0x315bec87f5884770ce709e55c27bca6b88b1e13261cf7ab2f7c33d9d89afb9ef"},
		{"custodians payload", CustodiansPayload([][32]byte{{31: 1}, {31: 2}}, 2),
			"0xe0d6e4903481af9c99cf2a18b23fb248f3dc45552c778650958c4c0a288e045f"},
		{"custodians act", GovernanceDigest(goldenChainID, goldenContract, ActCustodians, 3, CustodiansPayload([][32]byte{{31: 1}, {31: 2}}, 2)),
			"0x64188cc99a8401cf778f45f5463bf06e10b38d8cb64702d0f51cc8e1686210c3"},
	}
	for _, tc := range tests {
		if tc.got != common.HexToHash(tc.want) {
			t.Errorf("%s digest = %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

// TestDigestsSeparate checks that every input of every digest changes it, so
// no signature can be moved to another chain, contract, epoch, sequence,
// kind or payload.
func TestDigestsSeparate(t *testing.T) {
	c, c2 := goldenContract, common.HexToAddress("0xac")
	id, id2 := big.NewInt(1337), big.NewInt(1338)
	a, b := common.HexToAddress("0x0a"), common.HexToAddress("0x0b")
	cts := [][]byte{[]byte("x"), []byte("yz")}
	digests := map[string]common.Hash{
		"commands":                CommandsDigest(id, c, 1, 2, cts),
		"commands other chain":    CommandsDigest(id2, c, 1, 2, cts),
		"commands other contract": CommandsDigest(id, c2, 1, 2, cts),
		"commands other epoch":    CommandsDigest(id, c, 2, 2, cts),
		"commands other seq":      CommandsDigest(id, c, 1, 3, cts),
		"commands epoch/seq swap": CommandsDigest(id, c, 2, 1, cts),
		"commands moved boundary": CommandsDigest(id, c, 1, 2, [][]byte{[]byte("xy"), []byte("z")}),
		"commands reordered":      CommandsDigest(id, c, 1, 2, [][]byte{[]byte("yz"), []byte("x")}),
		"commands one dropped":    CommandsDigest(id, c, 1, 2, cts[:1]),
		"commands empty":          CommandsDigest(id, c, 1, 2, nil),
		"handshake":               HandshakeDigest(id, c, 1, []byte("h"), []common.Address{a}, []common.Address{b}),
		"handshake adds↔removes":  HandshakeDigest(id, c, 1, []byte("h"), []common.Address{b}, []common.Address{a}),
		"handshake no removes":    HandshakeDigest(id, c, 1, []byte("h"), []common.Address{a, b}, nil),
		"handshake other payload": HandshakeDigest(id, c, 1, []byte("H"), []common.Address{a}, []common.Address{b}),
		"handshake other epoch":   HandshakeDigest(id, c, 2, []byte("h"), []common.Address{a}, []common.Address{b}),
		"handshake other chain":   HandshakeDigest(id2, c, 1, []byte("h"), []common.Address{a}, []common.Address{b}),
		"register":                RegisterDigest(id, c, a, []byte("rk"), []byte("kp"), []byte("ev")),
		"register other identity": RegisterDigest(id, c, b, []byte("rk"), []byte("kp"), []byte("ev")),
		"register fields shifted": RegisterDigest(id, c, a, []byte("r"), []byte("kkp"), []byte("ev")),
		"register other evidence": RegisterDigest(id, c, a, []byte("rk"), []byte("kp"), []byte("eV")),
		"register other contract": RegisterDigest(id, c2, a, []byte("rk"), []byte("kp"), []byte("ev")),
		"register nil chain id":   RegisterDigest(nil, c, a, []byte("rk"), []byte("kp"), []byte("ev")),
		"checkpoint":              CheckpointDigest(id, c, 1, []byte("m")),
		"checkpoint other epoch":  CheckpointDigest(id, c, 2, []byte("m")),
		"checkpoint other bytes":  CheckpointDigest(id, c, 1, []byte("M")),
		"checkpoint other chain":  CheckpointDigest(id2, c, 1, []byte("m")),
		"chunk":                   CheckpointChunkDigest(id, c, 1, 0, []byte("m")),
		"chunk other index":       CheckpointChunkDigest(id, c, 1, 1, []byte("m")),
		"chunk other epoch":       CheckpointChunkDigest(id, c, 2, 0, []byte("m")),
		"chunk other bytes":       CheckpointChunkDigest(id, c, 1, 0, []byte("M")),
		"chunk other contract":    CheckpointChunkDigest(id, c2, 1, 0, []byte("m")),
	}
	seen := map[common.Hash]string{}
	for name, d := range digests {
		if other, dup := seen[d]; dup {
			t.Errorf("%q and %q have the same digest %s", name, other, d)
		}
		seen[d] = name
	}
	// Out-of-range chain ids reduce modulo 2^256, as documented: no chain
	// has such an id, so this only fixes the encoding.
	if RegisterDigest(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 256), id), c, a, []byte("rk"), []byte("kp"), []byte("ev")) != digests["register"] {
		t.Error("chain id 2^256+1337 does not encode as 1337")
	}
	// nil and empty lists are the same on chain (an empty address[]).
	if HandshakeDigest(id, c, 1, []byte("h"), nil, nil) != HandshakeDigest(id, c, 1, []byte("h"), []common.Address{}, []common.Address{}) {
		t.Error("nil and empty lists digest differently")
	}
}

func TestSignRecover(t *testing.T) {
	for i := range 64 {
		key := mustKey(t)
		d := CommandsDigest(goldenChainID, goldenContract, uint64(i), uint64(i), [][]byte{{byte(i)}})
		sig, err := Sign(d, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != SignatureLen || (sig[64] != 27 && sig[64] != 28) {
			t.Fatalf("signature %x: want 65 bytes ending in 27 or 28", sig)
		}
		if new(big.Int).SetBytes(sig[32:64]).Cmp(secp256k1HalfN) > 0 {
			t.Fatalf("Sign produced high s")
		}
		got, err := Recover(d, sig)
		if err != nil {
			t.Fatal(err)
		}
		if want := crypto.PubkeyToAddress(key.PublicKey); got != want {
			t.Fatalf("Recover = %s, want %s", got, want)
		}
		// Another digest recovers someone else (the contract then finds an
		// unregistered signer).
		other, err := Recover(common.Hash{1}, sig)
		if err == nil && other == got {
			t.Fatalf("signature recovers the signer for an unrelated digest")
		}
	}
	if _, err := Sign(common.Hash{}, nil); !errors.Is(err, ErrNilKey) {
		t.Fatalf("Sign(nil key) = %v, want ErrNilKey", err)
	}
}

func TestRecoverRejects(t *testing.T) {
	key := mustKey(t)
	d := RegisterDigest(goldenChainID, goldenContract, crypto.PubkeyToAddress(key.PublicKey), []byte("rk"), []byte("kp"), []byte("ev"))
	good, err := Sign(d, key)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(s []byte) []byte) []byte { return f(bytes.Clone(good)) }
	n := crypto.S256().Params().N
	tests := []struct {
		name string
		sig  []byte
		want error
	}{
		{"empty", nil, ErrSignatureLength},
		{"64 bytes", good[:64], ErrSignatureLength},
		{"66 bytes", append(bytes.Clone(good), 0), ErrSignatureLength},
		{"v = 0 (raw recovery id)", edit(func(s []byte) []byte { s[64] -= 27; return s }), ErrSignatureV},
		{"v = 29", edit(func(s []byte) []byte { s[64] = 29; return s }), ErrSignatureV},
		{"v = 255", edit(func(s []byte) []byte { s[64] = 255; return s }), ErrSignatureV},
		{"high s (malleable twin)", edit(func(s []byte) []byte {
			new(big.Int).Sub(n, new(big.Int).SetBytes(s[32:64])).FillBytes(s[32:64])
			s[64] = 27 + 28 - s[64] // the twin has the other parity
			return s
		}), ErrSignatureHighS},
		{"s = n/2 + 1", edit(func(s []byte) []byte {
			new(big.Int).Add(secp256k1HalfN, big.NewInt(1)).FillBytes(s[32:64])
			return s
		}), ErrSignatureHighS},
		{"r = 0", edit(func(s []byte) []byte { clear(s[:32]); return s }), ErrSignatureR},
		{"s = 0", edit(func(s []byte) []byte { clear(s[32:64]); return s }), ErrSignatureR},
		{"r = n", edit(func(s []byte) []byte { n.FillBytes(s[:32]); return s }), ErrSignatureR},
		{"r not on the curve", edit(func(s []byte) []byte { big.NewInt(5).FillBytes(s[:32]); return s }), ErrUnrecoverable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Recover(d, tc.sig)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Recover = %s, %v; want %v", got, err, tc.want)
			}
			if got != (common.Address{}) {
				t.Fatalf("Recover returned address %s with an error", got)
			}
		})
	}
	// The high-s twin is a valid ECDSA signature: only the malleability rule
	// rejects it, which is the point of the rule.
	twin := tests[6].sig
	raw := bytes.Clone(twin)
	raw[64] -= 27
	if pub, err := crypto.SigToPub(d.Bytes(), raw); err != nil || crypto.PubkeyToAddress(*pub) != crypto.PubkeyToAddress(key.PublicKey) {
		t.Fatalf("high-s twin should recover the same key without the rule: %v", err)
	}
}

// FuzzRecover feeds arbitrary signatures: Recover must never panic, and
// whatever it accepts must be canonical (65 bytes, v 27/28, low s).
func FuzzRecover(f *testing.F) {
	key, _ := crypto.GenerateKey()
	d := common.Hash{7}
	sig, _ := Sign(d, key)
	f.Add(d.Bytes(), sig)
	f.Add(d.Bytes(), []byte{})
	f.Add(make([]byte, 32), make([]byte, 65))
	f.Fuzz(func(t *testing.T, digest, sig []byte) {
		addr, err := Recover(common.BytesToHash(digest), sig)
		if err != nil {
			return
		}
		if addr == (common.Address{}) {
			t.Fatal("accepted signature recovers the zero address")
		}
		if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) || new(big.Int).SetBytes(sig[32:64]).Cmp(secp256k1HalfN) > 0 {
			t.Fatalf("accepted non-canonical signature %x", sig)
		}
	})
}

func mustKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func BenchmarkCommandsDigest50x512(b *testing.B) {
	cts := make([][]byte, 50)
	for i := range cts {
		cts[i] = bytes.Repeat([]byte{byte(i)}, 512)
	}
	b.SetBytes(50 * 512)
	for b.Loop() {
		CommandsDigest(goldenChainID, goldenContract, 1, 2, cts)
	}
}

func BenchmarkSign(b *testing.B) {
	key := mustKey(b)
	d := common.Hash{1}
	for b.Loop() {
		if _, err := Sign(d, key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecover(b *testing.B) {
	key := mustKey(b)
	d := common.Hash{1}
	sig, _ := Sign(d, key)
	for b.Loop() {
		if _, err := Recover(d, sig); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPackBatch(t *testing.T) {
	for _, cts := range [][][]byte{nil, {{1}}, {make([]byte, 256), {}, make([]byte, 16384)}} {
		p, err := PackBatch(cts)
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnpackBatch(p)
		if err != nil || len(back) != len(cts) {
			t.Fatalf("UnpackBatch(PackBatch(%d ciphertexts)) = %d, %v", len(cts), len(back), err)
		}
		for i := range cts {
			if !bytes.Equal(back[i], cts[i]) {
				t.Fatalf("ciphertext %d changed", i)
			}
		}
		if BatchHash(back) != BatchHash(cts) {
			t.Fatal("the batch hash changed")
		}
	}
	if p, _ := PackBatch([][]byte{make([]byte, 256)}); len(p) != 258 {
		t.Fatalf("a packed 256-byte ciphertext is %d bytes, want 258", len(p))
	}
	if _, err := PackBatch([][]byte{make([]byte, 0x10000)}); err == nil {
		t.Fatal("a 64 KiB ciphertext was packed")
	}
	for _, bad := range [][]byte{{0}, {0, 2, 1}, {0, 1, 9, 0}} {
		if _, err := UnpackBatch(bad); err == nil {
			t.Fatalf("UnpackBatch(%x) accepted it", bad)
		}
	}
}

// FuzzUnpackBatch: the packed batches of Commands events come from the
// host's RPC endpoint.
func FuzzUnpackBatch(f *testing.F) {
	p, _ := PackBatch([][]byte{{1, 2, 3}, make([]byte, 300)})
	f.Add(p)
	f.Add([]byte{0, 5, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		cts, err := UnpackBatch(b)
		if err != nil {
			return
		}
		again, err := PackBatch(cts)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatal("not canonical")
		}
	})
}

func TestPackCustodians(t *testing.T) {
	keys := [][32]byte{{0: 9, 31: 1}, {31: 2}, {5: 0xff}}
	p := PackCustodians(keys, 2)
	if len(p) != 1+3*32 || p[0] != 2 {
		t.Fatalf("PackCustodians = %x", p)
	}
	back, th, err := UnpackCustodians(p)
	if err != nil || th != 2 || len(back) != 3 || back[0] != keys[0] || back[1] != keys[1] || back[2] != keys[2] {
		t.Fatalf("UnpackCustodians = %x, %d, %v", back, th, err)
	}
	if CustodiansPayload(keys, 2) != crypto.Keccak256Hash(p) {
		t.Fatal("CustodiansPayload is not keccak256 of the packed set")
	}
	// The empty set (no recovery) is threshold 0 alone.
	if p := PackCustodians(nil, 0); !bytes.Equal(p, []byte{0}) {
		t.Fatalf("PackCustodians(none) = %x", p)
	}
	if back, th, err := UnpackCustodians([]byte{0}); err != nil || th != 0 || len(back) != 0 {
		t.Fatalf("UnpackCustodians(0x00) = %x, %d, %v", back, th, err)
	}
	// Every input changes the payload: the threshold, a key, the order.
	seen := map[common.Hash]bool{}
	for _, h := range []common.Hash{
		CustodiansPayload(keys, 2), CustodiansPayload(keys, 3), CustodiansPayload(keys[:2], 2),
		CustodiansPayload([][32]byte{keys[1], keys[0], keys[2]}, 2), CustodiansPayload(nil, 0),
	} {
		if seen[h] {
			t.Fatalf("payload %s repeats", h)
		}
		seen[h] = true
	}
	for _, bad := range [][]byte{nil, make([]byte, 32), make([]byte, 34)} {
		if _, _, err := UnpackCustodians(bad); err == nil {
			t.Fatalf("UnpackCustodians(%d bytes) accepted it", len(bad))
		}
	}
}

func TestActString(t *testing.T) {
	if ActCustodians.String() != "custodians" || Act(9).String() != "act(9)" {
		t.Fatalf("%s, %s", ActCustodians, Act(9))
	}
}
