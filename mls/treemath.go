package mls

import "math/bits"

// Tree math for the array representation of a left-balanced binary tree
// (RFC 9420 Appendix C). Leaves sit at even node indices, leaf i at 2i. The
// ratchet tree always has a power-of-two number of leaves, so every
// function here assumes a full tree of nLeaves leaves.

// level is the height of node x above the leaves.
func level(x uint32) uint32 {
	return uint32(bits.TrailingZeros32(^x))
}

func nodeWidth(nLeaves uint32) uint32 {
	if nLeaves == 0 {
		return 0
	}
	return 2*(nLeaves-1) + 1
}

func root(nLeaves uint32) uint32 {
	w := nodeWidth(nLeaves)
	return (uint32(1) << (bits.Len32(w) - 1)) - 1
}

func left(x uint32) uint32 {
	k := level(x)
	return x ^ (1 << (k - 1))
}

func right(x uint32) uint32 {
	k := level(x)
	return x ^ (3 << (k - 1))
}

// parent of x; x must not be the root.
func parent(x uint32) uint32 {
	k := level(x)
	b := (x >> (k + 1)) & 1
	return (x | (1 << k)) ^ (b << (k + 1))
}

func sibling(x uint32) uint32 {
	p := parent(x)
	if x < p {
		return right(p)
	}
	return left(p)
}

// directPath lists the parents of x up to and including the root.
func directPath(x, nLeaves uint32) []uint32 {
	r := root(nLeaves)
	var d []uint32
	for x != r {
		x = parent(x)
		d = append(d, x)
	}
	return d
}

// copath lists the siblings of x and of each node of its direct path below
// the root.
func copath(x, nLeaves uint32) []uint32 {
	r := root(nLeaves)
	var c []uint32
	for x != r {
		c = append(c, sibling(x))
		x = parent(x)
	}
	return c
}

func isLeaf(x uint32) bool { return x&1 == 0 }

func leafToNode(leaf uint32) uint32 { return 2 * leaf }

// isAncestor reports whether a is x itself or an ancestor of x: the
// subtree of a node at level k spans the 2^(k+1)-1 indices centred on it.
func isAncestor(a, x uint32) bool {
	span := uint32(1)<<level(a) - 1
	return x+span >= a && x <= a+span
}

// commonAncestor is the lowest node whose subtree holds both x and y, in
// a tree of nLeaves leaves.
func commonAncestor(x, y, nLeaves uint32) uint32 {
	r := root(nLeaves)
	for !isAncestor(x, y) && x != r {
		x = parent(x)
	}
	return x
}
