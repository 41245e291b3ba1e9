package mls

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
)

// TreeKEM (RFC 9420 §7.4-§7.6): a committer refreshes the keys on its
// filtered direct path from a chain of path secrets and encrypts each path
// secret to the resolution of the copath child below it, so every other
// member can decrypt exactly one and derive the rest.

type hpkeKeyPair struct {
	priv, pub []byte
}

var (
	errPathLength        = errors.New("mls: update path length does not match the filtered direct path")
	errPathLeafSource    = errors.New("mls: update path leaf node source is not commit")
	errPathLeafSignature = errors.New("mls: invalid update path leaf node signature")
	errPathCiphertexts   = errors.New("mls: update path node ciphertext count does not match the resolution")
	errPathKeyMismatch   = errors.New("mls: derived path public key does not match the update path")
	errPathNoKey         = errors.New("mls: no private key to decrypt the update path")
	errPathDecrypt       = errors.New("mls: cannot decrypt path secret")
)

// setPathParents installs the new parent nodes of an update path top-down,
// computing each one's parent hash from the node above it, and returns the
// parent hash the leaf must carry (§7.9).
func (t *ratchetTree) setPathParents(s *suite, leaf uint32, fdp []uint32, keys [][]byte) []byte {
	t.blankPath(leaf)
	var above []byte // parent hash to give the next node down
	for i := len(fdp) - 1; i >= 0; i-- {
		if i == len(fdp)-1 {
			above = nil
		} else {
			above = t.parentHash(s, fdp[i+1], copathChild(fdp[i+1], fdp[i]))
		}
		t.set(fdp[i], treeNode{parent: &parentNode{encryptionKey: keys[i], parentHash: above, unmergedLeaves: []uint32{}}})
	}
	if len(fdp) == 0 {
		return nil
	}
	return t.parentHash(s, fdp[0], copathChild(fdp[0], leafToNode(leaf)))
}

// pathSecrets derives the chain of path secrets and node key pairs from a
// first secret, and the commit secret after the last one.
func (s *suite) derivePath(first []byte, n int) (secrets [][]byte, keys []hpkeKeyPair, commitSecret []byte, err error) {
	ps := first
	for i := 0; i < n; i++ {
		if i > 0 {
			ps = s.deriveSecret(ps, "path")
		}
		priv, pub, err := s.kem.derive(s.deriveSecret(ps, "node"))
		if err != nil {
			return nil, nil, nil, err
		}
		secrets = append(secrets, ps)
		keys = append(keys, hpkeKeyPair{priv, pub})
	}
	return secrets, keys, s.deriveSecret(ps, "path"), nil
}

// pathGeneration is what a committer keeps from generating an UpdatePath.
type pathGeneration struct {
	path         *updatePath
	commitSecret []byte
	fdp          []uint32
	pathSecrets  [][]byte // aligned with fdp
	keys         map[uint32]hpkeKeyPair
}

// generatePath replaces the committer's leaf and path in t and encrypts
// the new path secrets. leafTemplate supplies the credential, capabilities
// and extensions of the new leaf. newLeaves are excluded from the
// encryption because they receive the path secret through the Welcome.
// groupContext is called once the tree is final to obtain the provisional
// GroupContext that binds the ciphertexts (§12.4.1).
func (t *ratchetTree) generatePath(s *suite, leaf uint32, leafTemplate *leafNode, sigPriv, groupID []byte, newLeaves []uint32, groupContext func() []byte) (*pathGeneration, error) {
	leafPriv, leafPub, err := s.kem.generate()
	if err != nil {
		return nil, err
	}
	t.blankPath(leaf)
	fdp := t.filteredDirectPath(leaf)
	first := make([]byte, s.nh)
	if _, err := rand.Read(first); err != nil {
		return nil, err
	}
	secrets, kps, commitSecret, err := s.derivePath(first, len(fdp))
	if err != nil {
		return nil, err
	}
	pubs := make([][]byte, len(kps))
	for i := range kps {
		pubs[i] = kps[i].pub
	}
	ln := *leafTemplate
	ln.encryptionKey = leafPub
	ln.source = sourceCommit
	ln.notBefore, ln.notAfter = 0, 0
	ln.parentHash = t.setPathParents(s, leaf, fdp, pubs)
	if ln.parentHash == nil {
		ln.parentHash = []byte{}
	}
	if err := ln.sign(s, sigPriv, groupID, leaf); err != nil {
		return nil, err
	}
	t.set(leafToNode(leaf), treeNode{leaf: &ln})

	ctx := groupContext()
	up := &updatePath{leafNode: ln, nodes: make([]updatePathNode, len(fdp))}
	gen := &pathGeneration{path: up, commitSecret: commitSecret, fdp: fdp, pathSecrets: secrets,
		keys: map[uint32]hpkeKeyPair{leafToNode(leaf): {leafPriv, leafPub}}}
	senderNode := leafToNode(leaf)
	for i, p := range fdp {
		gen.keys[p] = kps[i]
		up.nodes[i].encryptionKey = kps[i].pub
		for _, r := range t.resolution(copathChild(p, senderNode)) {
			if slices.Contains(newLeaves, r/2) && isLeaf(r) {
				continue
			}
			kem, ct, err := s.encryptWithLabel(t.nodes[r].encryptionKey(), "UpdatePathNode", ctx, secrets[i])
			if err != nil {
				return nil, fmt.Errorf("mls: encrypting path secret to node %d: %w", r, err)
			}
			up.nodes[i].secrets = append(up.nodes[i].secrets, hpkeCiphertext{kem, ct})
		}
	}
	return gen, nil
}

// mergePath applies another member's UpdatePath to t, verifying the leaf
// signature and the parent-hash chain it commits to. It returns the
// filtered direct path the nodes correspond to.
func (t *ratchetTree) mergePath(s *suite, sender uint32, up *updatePath, groupID []byte) ([]uint32, error) {
	if up.leafNode.source != sourceCommit {
		return nil, errPathLeafSource
	}
	if !up.leafNode.verify(s, groupID, sender) {
		return nil, errPathLeafSignature
	}
	t.blankPath(sender)
	fdp := t.filteredDirectPath(sender)
	if len(fdp) != len(up.nodes) {
		return nil, errPathLength
	}
	pubs := make([][]byte, len(fdp))
	for i := range up.nodes {
		if err := s.kem.checkPublic(up.nodes[i].encryptionKey); err != nil {
			return nil, fmt.Errorf("mls: invalid update path public key: %w", err)
		}
		pubs[i] = up.nodes[i].encryptionKey
	}
	want := t.setPathParents(s, sender, fdp, pubs)
	if !bytes.Equal(want, up.leafNode.parentHash) {
		return nil, ErrBadParentHash
	}
	ln := up.leafNode
	t.set(leafToNode(sender), treeNode{leaf: &ln})
	return fdp, nil
}

// decryptPath recovers the path secret addressed to us and derives the
// rest of the path above it. t must already have the path merged. keys
// holds our private keys by node; the new ones are added to it.
func (t *ratchetTree) decryptPath(s *suite, sender, me uint32, fdp []uint32, up *updatePath, newLeaves []uint32, ctx []byte, keys map[uint32]hpkeKeyPair) (pathSecret, commitSecret []byte, err error) {
	senderNode, myNode := leafToNode(sender), leafToNode(me)
	for i, p := range fdp {
		if !isAncestor(p, myNode) {
			continue
		}
		var res []uint32
		for _, r := range t.resolution(copathChild(p, senderNode)) {
			if !(isLeaf(r) && slices.Contains(newLeaves, r/2)) {
				res = append(res, r)
			}
		}
		if len(res) != len(up.nodes[i].secrets) {
			return nil, nil, errPathCiphertexts
		}
		for j, r := range res {
			kp, ok := keys[r]
			if !ok || !bytes.Equal(kp.pub, t.nodes[r].encryptionKey()) {
				continue
			}
			c := up.nodes[i].secrets[j]
			ps, err := s.decryptWithLabel(kp.priv, "UpdatePathNode", ctx, c.kemOutput, c.ciphertext)
			if err != nil {
				return nil, nil, errPathDecrypt
			}
			cs, err := t.installPathSecret(s, fdp[i:], ps, keys)
			return ps, cs, err
		}
		return nil, nil, errPathNoKey
	}
	return nil, nil, errPathNoKey
}

// installPathSecret derives keys for nodes from a known path secret,
// checks them against the public keys in the tree and records them.
func (t *ratchetTree) installPathSecret(s *suite, nodes []uint32, pathSecret []byte, keys map[uint32]hpkeKeyPair) ([]byte, error) {
	_, kps, commitSecret, err := s.derivePath(pathSecret, len(nodes))
	if err != nil {
		return nil, err
	}
	for i, n := range nodes {
		if !bytes.Equal(kps[i].pub, t.nodes[n].encryptionKey()) {
			return nil, errPathKeyMismatch
		}
		keys[n] = kps[i]
	}
	return commitSecret, nil
}
