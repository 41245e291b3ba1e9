package mls

import (
	"crypto/rand"
	"fmt"
	"testing"
)

// Benchmarks for groups of 10 to 10,000 members. Building a large group by
// sequential commits would take O(n^2) work, so buildGroup constructs the
// tree state directly, with real keys, as if every parent node had last
// been set by a commit from its leftmost leaf: the tree is fully populated
// and passes full validation (signatures, parent hashes).

type benchGroup struct {
	committer, receiver *Group
}

func buildGroup(b testing.TB, n int) *benchGroup {
	b.Helper()
	s, _ := suiteFor(testSuite)
	groupID := []byte("benchmark group")
	leaves := uint32(1)
	for leaves < uint32(n) {
		leaves *= 2
	}
	nodes := make([]treeNode, nodeWidth(leaves))
	encPrivs := map[uint32]hpkeKeyPair{}
	sigPrivs := make([][]byte, n)
	for x := uint32(1); x < uint32(len(nodes)); x += 2 {
		// A parent is non-blank only if some leaf below it is a member.
		span := uint32(1)<<level(x) - 1
		if (x-span)/2 >= uint32(n) {
			continue
		}
		priv, pub, err := s.kem.generate()
		if err != nil {
			b.Fatal(err)
		}
		encPrivs[x] = hpkeKeyPair{priv, pub}
		nodes[x] = treeNode{parent: &parentNode{encryptionKey: pub, unmergedLeaves: []uint32{}}}
	}
	for i := 0; i < n; i++ {
		priv, pub, err := s.kem.generate()
		if err != nil {
			b.Fatal(err)
		}
		sigPriv, sigPub, err := s.sig.generate()
		if err != nil {
			b.Fatal(err)
		}
		x := leafToNode(uint32(i))
		encPrivs[x] = hpkeKeyPair{priv, pub}
		sigPrivs[i] = sigPriv
		nodes[x] = treeNode{leaf: &leafNode{encryptionKey: pub, signatureKey: sigPub,
			credential:   credential{credentialType: credentialBasic, identity: []byte(fmt.Sprintf("member-%d", i))},
			capabilities: defaultCapabilities(testSuite), source: sourceKeyPackage, notAfter: ^uint64(0), extensions: []extension{}}}
	}
	tree := newRatchetTree(nodes)
	// Set parent hashes top-down: the left child of each parent carries the
	// hash linking it to the parent, computed once the right (sibling)
	// subtree is final.
	var finalize func(x uint32, ph []byte)
	finalize = func(x uint32, ph []byte) {
		if tree.nodes[x].blank() {
			return
		}
		if isLeaf(x) {
			ln := *tree.nodes[x].leaf
			if ph != nil {
				ln.source, ln.parentHash, ln.notAfter = sourceCommit, ph, 0
			}
			if err := ln.sign(s, sigPrivs[x/2], groupID, x/2); err != nil {
				b.Fatal(err)
			}
			tree.set(x, treeNode{leaf: &ln})
			return
		}
		pn := *tree.nodes[x].parent
		pn.parentHash = ph
		tree.set(x, treeNode{parent: &pn})
		finalize(right(x), nil)
		finalize(left(x), tree.parentHash(s, x, right(x)))
	}
	finalize(root(leaves), nil)

	mk := func(me uint32) *Group {
		g := &Group{s: s, tree: tree.clone(), me: me, sigPriv: sigPrivs[me], keys: map[uint32]hpkeKeyPair{},
			psks: map[string][]byte{}, resumption: map[uint64][]byte{}}
		for _, x := range append([]uint32{leafToNode(me)}, directPath(leafToNode(me), leaves)...) {
			if kp, ok := encPrivs[x]; ok {
				g.keys[x] = kp
			}
		}
		return g
	}
	committer, receiver := mk(0), mk(uint32(n-1))
	ctx := groupContext{version: 1, cipherSuite: testSuite, groupID: groupID, epoch: 7,
		treeHash: tree.rootHash(s), confirmedTranscriptHash: make([]byte, 32), extensions: []extension{}}
	joiner := make([]byte, 32)
	rand.Read(joiner)
	for _, g := range []*Group{committer, receiver} {
		g.ctx = ctx
		g.setEpoch(s.epochSecrets(joiner, s.zero(), encode(&ctx)))
		g.confTag = s.mac(g.es.confirmation, ctx.confirmedTranscriptHash)
		g.interim = s.interimTranscriptHash(ctx.confirmedTranscriptHash, g.confTag)
	}
	return &benchGroup{committer, receiver}
}

var benchSizes = []int{10, 100, 1000, 10000}

func TestBenchGroupIsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100-member tree")
	}
	bg := buildGroup(t, 100)
	if err := bg.committer.tree.validate(bg.committer.s, bg.committer.ctx.groupID); err != nil {
		t.Fatal(err)
	}
	res, err := bg.committer.Commit(CommitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	deliver(t, res.Commit, bg.committer, bg.receiver)
	assertAgree(t, bg.committer, bg.receiver)
}

func BenchmarkCommitUpdatePath(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			bg := buildGroup(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := bg.committer.Commit(CommitOptions{})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(res.Commit)), "commit-bytes")
			}
		})
	}
}

func BenchmarkProcessUpdatePath(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			bg := buildGroup(b, n)
			res, err := bg.committer.Commit(CommitOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				// Process wipes the old epoch's secrets, which the clone
				// shares with the template, so copy them.
				r := bg.receiver.clone()
				r.st = bg.receiver.st.clone()
				es := r.es
				for _, p := range []*[]byte{&es.senderData, &es.exporter, &es.external, &es.confirmation, &es.membership, &es.authenticator, &es.init} {
					*p = clone(*p)
				}
				r.es = es
				b.StartTimer()
				if _, err := r.Process(res.Commit); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	for _, withTree := range []bool{false, true} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("tree=%v/members=%d", withTree, n), func(b *testing.B) {
				bg := buildGroup(b, n)
				kp := newKeyPackage(b, testSuite, "joiner").KeyPackage()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					res, err := bg.committer.Commit(CommitOptions{Add: [][]byte{kp}, OmitRatchetTree: !withTree})
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(len(res.Commit)+len(res.Welcome)), "bytes")
				}
			})
		}
	}
}

func BenchmarkExporter(b *testing.B) {
	g := newTestGroup(b, testSuite, "A")
	for i := 0; i < b.N; i++ {
		if _, err := g.Exporter("anonify command key", []byte("ctx"), 32); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApplicationMessage(b *testing.B) {
	g := newTestGroup(b, testSuite, "A")
	msg := make([]byte, 256)
	for i := 0; i < b.N; i++ {
		if _, err := g.EncryptApplication(msg, nil); err != nil {
			b.Fatal(err)
		}
	}
}
