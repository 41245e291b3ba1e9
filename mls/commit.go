package mls

import "slices"

// CommitOptions selects what a commit does. A commit with no adds and no
// removes rotates the committer's keys (an UpdatePath is always included
// unless the commit only adds members and ForcePath is false).
type CommitOptions struct {
	// Add lists KeyPackages (MLSMessage encoding) of members to add.
	Add [][]byte
	// Remove lists leaf indices of members to remove.
	Remove []uint32
	// ForcePath includes an UpdatePath even when only adding members, which
	// refreshes the committer's keys at the cost of O(log n) encryptions.
	ForcePath bool
	// OmitRatchetTree leaves the ratchet_tree extension out of the Welcome;
	// joiners must then get the tree from elsewhere (see RatchetTree). The
	// tree is O(n) bytes, everything else in a commit O(log n).
	OmitRatchetTree bool
	// AuthenticatedData is carried in the clear but signed.
	AuthenticatedData []byte
}

// CommitResult is what Commit produces for the delivery service.
type CommitResult struct {
	// Commit is the MLSMessage (PublicMessage) to deliver to all members,
	// including the committer, which applies it through Process.
	Commit []byte
	// Welcome is the MLSMessage for the added members, nil without adds.
	Welcome []byte
}

// Commit creates a commit for the current epoch. The group does not
// change: the new epoch is staged until the delivery service returns the
// commit to Process, so that when another member's commit wins the epoch
// this one is simply dropped (and the caller commits again, rebased).
func (g *Group) Commit(opts CommitOptions) (*CommitResult, error) {
	if g.removed {
		return nil, ErrRemoved
	}
	self := sender{senderType: senderMember, index: g.me}
	var props []resolvedProposal
	var kps []*keyPackage
	for _, r := range opts.Remove {
		props = append(props, resolvedProposal{&proposal{proposalType: proposalRemove, remove: r}, self})
	}
	for _, b := range opts.Add {
		var m mlsMessage
		if err := decodeAll(b, &m); err != nil {
			return nil, err
		}
		if m.keyPackage == nil {
			return nil, errNotKeyPackage
		}
		kps = append(kps, m.keyPackage)
		props = append(props, resolvedProposal{&proposal{proposalType: proposalAdd, add: m.keyPackage}, self})
	}
	next := g.clone()
	added, psks, err := next.applyProposals(props, self)
	if err != nil {
		return nil, err
	}
	c := &commit{proposals: make([]proposalOrRef, len(props))}
	for i := range props {
		c.proposals[i] = proposalOrRef{proposal: props[i].p}
	}
	commitSecret := g.s.zero()
	var gen *pathGeneration
	if opts.ForcePath || pathRequired(props) {
		gen, err = next.tree.generatePath(g.s, g.me, g.tree.leaf(g.me), g.sigPriv, g.ctx.groupID, added,
			func() []byte { return g.provisionalContext(next) })
		if err != nil {
			return nil, err
		}
		for x, kp := range gen.keys {
			next.keys[x] = kp
		}
		c.path = gen.path
		commitSecret = gen.commitSecret
	}
	ac := &authenticatedContent{wireFormat: wirePublicMessage, content: framedContent{
		groupID: g.ctx.groupID, epoch: g.ctx.epoch, sender: self,
		authenticatedData: clone(opts.AuthenticatedData), contentType: contentCommit, commit: c,
	}}
	if ac.content.authenticatedData == nil {
		ac.content.authenticatedData = []byte{}
	}
	if err := signContent(g.s, ac, &g.ctx, g.sigPriv); err != nil {
		return nil, err
	}
	joiner, err := g.finishEpoch(next, ac, commitSecret, g.es.init, psks)
	if err != nil {
		return nil, err
	}
	ac.auth.confirmationTag = next.confTag
	pm, err := toPublic(g.s, ac, &g.ctx, g.es.membership)
	if err != nil {
		return nil, err
	}
	res := &CommitResult{Commit: encode(&mlsMessage{version: protocolVersionMLS10, wireFormat: wirePublicMessage, public: pm})}
	if len(added) > 0 {
		var pathSecretFor func(leaf uint32) []byte
		if gen != nil {
			pathSecretFor = func(leaf uint32) []byte {
				anc := commonAncestor(leafToNode(leaf), leafToNode(g.me), next.tree.nLeaves())
				return gen.pathSecrets[slices.Index(gen.fdp, anc)]
			}
		}
		if res.Welcome, err = next.welcome(joiner, psks, kps, added, pathSecretFor, !opts.OmitRatchetTree); err != nil {
			return nil, err
		}
	}
	g.pending = &pendingCommit{message: res.Commit, next: next}
	return res, nil
}
