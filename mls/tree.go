package mls

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
)

// ratchetTree is the public state of TreeKEM (RFC 9420 §7): an array of
// nodes with a power-of-two number of leaves, plus a cache of subtree
// hashes so that a commit touching one path costs O(log n) hashing rather
// than rehashing the whole tree.
type ratchetTree struct {
	nodes  []treeNode
	hashes [][]byte // hashes[i] caches the tree hash of node i; nil if stale
}

func newRatchetTree(nodes []treeNode) *ratchetTree {
	return &ratchetTree{nodes: nodes, hashes: make([][]byte, len(nodes))}
}

// clone copies the node array; nodes themselves are immutable.
func (t *ratchetTree) clone() *ratchetTree {
	return &ratchetTree{nodes: slices.Clone(t.nodes), hashes: slices.Clone(t.hashes)}
}

func (t *ratchetTree) nLeaves() uint32 { return uint32(len(t.nodes)+1) / 2 }

func (t *ratchetTree) leaf(i uint32) *leafNode {
	if i >= t.nLeaves() {
		return nil
	}
	return t.nodes[leafToNode(i)].leaf
}

// set installs n at x and invalidates the cached hashes of x's ancestors.
func (t *ratchetTree) set(x uint32, n treeNode) {
	t.nodes[x] = n
	t.invalidate(x)
}

func (t *ratchetTree) invalidate(x uint32) {
	t.hashes[x] = nil
	r := root(t.nLeaves())
	for x != r {
		x = parent(x)
		t.hashes[x] = nil
	}
}

// resolution is the minimal set of non-blank nodes covering x's subtree
// (§4.1.1), in left-to-right order.
func (t *ratchetTree) resolution(x uint32) []uint32 {
	n := t.nodes[x]
	switch {
	case n.leaf != nil:
		return []uint32{x}
	case n.parent != nil:
		res := []uint32{x}
		for _, l := range n.parent.unmergedLeaves {
			res = append(res, leafToNode(l))
		}
		return res
	case isLeaf(x):
		return nil
	default:
		return append(t.resolution(left(x)), t.resolution(right(x))...)
	}
}

// filteredDirectPath omits direct-path nodes whose copath child has an
// empty resolution (§4.1.2).
func (t *ratchetTree) filteredDirectPath(leaf uint32) []uint32 {
	n := t.nLeaves()
	x := leafToNode(leaf)
	var out []uint32
	for _, p := range directPath(x, n) {
		var child uint32
		if isAncestor(left(p), x) {
			child = right(p)
		} else {
			child = left(p)
		}
		if len(t.resolution(child)) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// copathChild returns the child of p that is not an ancestor of x.
func copathChild(p, x uint32) uint32 {
	if isAncestor(left(p), x) {
		return right(p)
	}
	return left(p)
}

func (t *ratchetTree) hashInput(x uint32, w *builder, leftHash, rightHash []byte) {
	n := t.nodes[x]
	if isLeaf(x) {
		w.u8(nodeTypeLeaf)
		w.u32(x / 2)
		w.optional(n.leaf != nil, func(w *builder) { n.leaf.encode(w) })
		return
	}
	w.u8(nodeTypeParent)
	w.optional(n.parent != nil, func(w *builder) { n.parent.encode(w) })
	w.opaque(leftHash)
	w.opaque(rightHash)
}

// treeHash is the tree hash of x's subtree (§7.8), cached.
func (t *ratchetTree) treeHash(s *suite, x uint32) []byte {
	if h := t.hashes[x]; h != nil {
		return h
	}
	var w builder
	if isLeaf(x) {
		t.hashInput(x, &w, nil, nil)
	} else {
		t.hashInput(x, &w, t.treeHash(s, left(x)), t.treeHash(s, right(x)))
	}
	h := s.hash(w.b)
	t.hashes[x] = h
	return h
}

func (t *ratchetTree) rootHash(s *suite) []byte { return t.treeHash(s, root(t.nLeaves())) }

// originalTreeHash is the tree hash of x's subtree with the given leaves
// removed: blanked, and dropped from unmerged_leaves (§7.9.2).
func (t *ratchetTree) originalTreeHash(s *suite, x uint32, removed []uint32) []byte {
	touches := false
	for _, l := range removed {
		if isAncestor(x, leafToNode(l)) {
			touches = true
			break
		}
	}
	if !touches {
		return t.treeHash(s, x)
	}
	var w builder
	if isLeaf(x) {
		w.u8(nodeTypeLeaf)
		w.u32(x / 2)
		w.optional(false, nil)
		return s.hash(w.b)
	}
	w.u8(nodeTypeParent)
	n := t.nodes[x]
	w.optional(n.parent != nil, func(w *builder) {
		pn := *n.parent
		pn.unmergedLeaves = slices.DeleteFunc(slices.Clone(pn.unmergedLeaves), func(l uint32) bool {
			return slices.Contains(removed, l)
		})
		pn.encode(w)
	})
	w.opaque(t.originalTreeHash(s, left(x), removed))
	w.opaque(t.originalTreeHash(s, right(x), removed))
	return s.hash(w.b)
}

// parentHash is the hash a child of p records (§7.9): it binds p's key and
// own parent hash to the sibling subtree as it was when p was set.
func (t *ratchetTree) parentHash(s *suite, p, siblingOfChild uint32) []byte {
	pn := t.nodes[p].parent
	var w builder
	w.opaque(pn.encryptionKey)
	w.opaque(pn.parentHash)
	w.opaque(t.originalTreeHash(s, siblingOfChild, pn.unmergedLeaves))
	return s.hash(w.b)
}

func (t *ratchetTree) nodeParentHash(x uint32) ([]byte, bool) {
	n := t.nodes[x]
	switch {
	case n.parent != nil:
		return n.parent.parentHash, true
	case n.leaf != nil && n.leaf.source == sourceCommit:
		return n.leaf.parentHash, true
	}
	return nil, false
}

// ErrBadParentHash reports a ratchet tree or UpdatePath whose parent
// hashes do not chain (§7.9).
var ErrBadParentHash = errors.New("mls: parent hash mismatch")

// verifyParentHashes checks that every non-blank parent node is
// parent-hash valid with respect to exactly one descendant (§7.9.2, the
// top-down formulation).
func (t *ratchetTree) verifyParentHashes(s *suite) error {
	for x := uint32(1); x < uint32(len(t.nodes)); x += 2 {
		pn := t.nodes[x].parent
		if pn == nil {
			continue
		}
		valid := 0
		for _, c := range []uint32{left(x), right(x)} {
			sib := copathChild(x, c)
			want := t.parentHash(s, x, sib)
			res := t.resolution(c)
			var unmergedUnderC []uint32
			for _, l := range pn.unmergedLeaves {
				if isAncestor(c, leafToNode(l)) {
					unmergedUnderC = append(unmergedUnderC, leafToNode(l))
				}
			}
			for _, d := range res {
				ph, ok := t.nodeParentHash(d)
				if !ok || !bytes.Equal(ph, want) {
					continue
				}
				rest := slices.DeleteFunc(slices.Clone(res), func(y uint32) bool { return y == d })
				slices.Sort(rest)
				u := slices.Clone(unmergedUnderC)
				slices.Sort(u)
				if slices.Equal(rest, u) {
					valid++
				}
			}
		}
		if valid != 1 {
			return fmt.Errorf("%w at node %d", ErrBadParentHash, x)
		}
	}
	return nil
}

// addLeaf places ln in the leftmost blank leaf, growing the tree if it is
// full, and records it as unmerged on its direct path (§7.7).
func (t *ratchetTree) addLeaf(ln *leafNode) uint32 {
	n := t.nLeaves()
	idx := n
	for i := uint32(0); i < n; i++ {
		if t.nodes[leafToNode(i)].blank() {
			idx = i
			break
		}
	}
	if idx == n {
		// Doubling keeps the indices of the existing left half, so their
		// cached hashes stay valid; the new nodes start uncached.
		extra := len(t.nodes) + 1
		t.nodes = append(t.nodes, make([]treeNode, extra)...)
		t.hashes = append(t.hashes, make([][]byte, extra)...)
	}
	x := leafToNode(idx)
	t.set(x, treeNode{leaf: ln})
	for _, p := range directPath(x, t.nLeaves()) {
		if pn := t.nodes[p].parent; pn != nil {
			np := *pn
			np.unmergedLeaves = append(slices.Clone(pn.unmergedLeaves), idx)
			t.set(p, treeNode{parent: &np})
		}
	}
	return idx
}

// blankPath blanks the direct path of a leaf.
func (t *ratchetTree) blankPath(leaf uint32) {
	for _, p := range directPath(leafToNode(leaf), t.nLeaves()) {
		if !t.nodes[p].blank() {
			t.set(p, treeNode{})
		}
	}
}

// updateLeaf replaces a member's leaf and blanks its direct path, whose
// keys the old leaf's holder knew (§12.1.2).
func (t *ratchetTree) updateLeaf(leaf uint32, ln *leafNode) {
	t.set(leafToNode(leaf), treeNode{leaf: ln})
	t.blankPath(leaf)
}

// removeLeaf blanks the leaf and its direct path, then truncates (§12.1.3).
func (t *ratchetTree) removeLeaf(leaf uint32) {
	t.set(leafToNode(leaf), treeNode{})
	t.blankPath(leaf)
	t.truncate()
}

// truncate halves the tree while its right half is entirely blank.
func (t *ratchetTree) truncate() {
	for t.nLeaves() > 1 {
		half := len(t.nodes) / 2
		for _, n := range t.nodes[half:] {
			if !n.blank() {
				return
			}
		}
		t.nodes = t.nodes[:half]
		t.hashes = t.hashes[:half]
		t.invalidate(root(t.nLeaves()))
	}
}

// members lists non-blank leaf indices.
func (t *ratchetTree) forEachMember(f func(i uint32, ln *leafNode)) {
	for i := uint32(0); i < t.nLeaves(); i++ {
		if ln := t.leaf(i); ln != nil {
			f(i, ln)
		}
	}
}

var (
	errTreeLeafSignature = errors.New("mls: invalid leaf node signature")
	errTreeUnmerged      = errors.New("mls: invalid unmerged leaf")
	errTreeDuplicateKey  = errors.New("mls: duplicate encryption or signature key in tree")
	errTreeParentOnLeaf  = errors.New("mls: node type does not match position")
)

// validate performs the checks a joiner runs on a received tree (§12.4.3.1
// and §7.9-§7.10): structure, leaf signatures, unmerged leaves, key
// uniqueness and parent hashes.
func (t *ratchetTree) validate(s *suite, groupID []byte) error {
	encKeys := map[string]bool{}
	sigKeys := map[string]bool{}
	for x, n := range t.nodes {
		if (n.leaf != nil && !isLeaf(uint32(x))) || (n.parent != nil && isLeaf(uint32(x))) {
			return errTreeParentOnLeaf
		}
		if n.leaf != nil {
			if err := checkLeafBasics(s, n.leaf); err != nil {
				return fmt.Errorf("leaf %d: %w", x/2, err)
			}
			if !n.leaf.verify(s, groupID, uint32(x/2)) {
				return fmt.Errorf("%w (leaf %d)", errTreeLeafSignature, x/2)
			}
			if sigKeys[string(n.leaf.signatureKey)] {
				return errTreeDuplicateKey
			}
			sigKeys[string(n.leaf.signatureKey)] = true
		}
		if k := n.encryptionKey(); k != nil {
			if encKeys[string(k)] {
				return errTreeDuplicateKey
			}
			encKeys[string(k)] = true
		}
		if n.parent != nil {
			for _, l := range n.parent.unmergedLeaves {
				ln := leafToNode(l)
				if l >= t.nLeaves() || !isAncestor(uint32(x), ln) || t.nodes[ln].leaf == nil {
					return fmt.Errorf("%w %d at node %d", errTreeUnmerged, l, x)
				}
				// Every non-blank node between the leaf and x must list it too.
				for y := parent(ln); y != uint32(x); y = parent(y) {
					if p := t.nodes[y].parent; p != nil && !slices.Contains(p.unmergedLeaves, l) {
						return fmt.Errorf("%w %d below node %d", errTreeUnmerged, l, x)
					}
				}
			}
		}
	}
	return t.verifyParentHashes(s)
}

var (
	errLeafKeyInvalid = errors.New("mls: invalid leaf encryption key")
	errLeafSigKey     = errors.New("mls: invalid leaf signature key")
	errLeafCapability = errors.New("mls: leaf capabilities do not cover its own credential or extensions")
)

// checkLeafBasics checks a leaf node's self-consistency (§7.3): key
// formats and that it claims support for what it uses.
func checkLeafBasics(s *suite, ln *leafNode) error {
	if err := s.kem.checkPublic(ln.encryptionKey); err != nil {
		return errLeafKeyInvalid
	}
	if len(ln.signatureKey) == 0 {
		return errLeafSigKey
	}
	if !containsU16(ln.capabilities.credentials, ln.credential.credentialType) {
		return errLeafCapability
	}
	for _, e := range ln.extensions {
		if !containsU16(ln.capabilities.extensions, e.extType) && !isDefaultExtension(e.extType) {
			return errLeafCapability
		}
	}
	return nil
}

func isDefaultExtension(t uint16) bool {
	return t >= extApplicationID && t <= extExternalSenders
}
