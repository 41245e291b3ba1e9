package mls

import (
	"bytes"
	"crypto/hmac"
	"fmt"
	"slices"
)

// ContentType says what a processed message carried.
type ContentType uint8

// The content types of RFC 9420 §6.
const (
	ApplicationContent ContentType = contentApplication
	ProposalContent    ContentType = contentProposal
	CommitContent      ContentType = contentCommit
)

// Received describes a message Process accepted.
type Received struct {
	Type ContentType
	// Epoch is the epoch the message was sent in; after a commit the group
	// is at Epoch+1.
	Epoch  uint64
	Sender uint32 // leaf index of a member sender
	// ApplicationData is set for application messages.
	ApplicationData []byte
	// Removed is set when the commit removed this member; the group then
	// refuses further use.
	Removed bool
	// For a commit: the members it adds and the members it removes, as
	// the new tree has them (Added) and the old one had them (Gone).
	Added, Gone []Member
}

// Process handles a handshake or application MLSMessage for this group:
// it verifies the framing (epoch, membership, signature, membership tag or
// decryption), caches proposals, applies commits and decrypts application
// data. A commit of our own is recognised by its bytes and its staged
// epoch installed.
func (g *Group) Process(message []byte) (*Received, error) {
	return g.ProcessChecked(message, nil)
}

// ProcessChecked is Process with a last word for the application: for a
// commit of another member that verifies, check sees who it adds and
// removes before the new epoch is installed, and an error from check
// refuses the commit, leaving the group unchanged. Applications use it to
// enforce their own admission rules (RFC 9420 §13.2 leaves the decision of
// which members are acceptable to them).
func (g *Group) ProcessChecked(message []byte, check func(*Received) error) (*Received, error) {
	if g.removed {
		return nil, ErrRemoved
	}
	var m mlsMessage
	if err := decodeAll(message, &m); err != nil {
		return nil, err
	}
	var groupID []byte
	var epoch uint64
	switch {
	case m.public != nil:
		groupID, epoch = m.public.content.groupID, m.public.content.epoch
	case m.private != nil:
		groupID, epoch = m.private.groupID, m.private.epoch
	default:
		return nil, errUnsupportedMessage
	}
	if !bytes.Equal(groupID, g.ctx.groupID) {
		return nil, ErrWrongGroup
	}
	if epoch != g.ctx.epoch {
		return nil, ErrWrongEpoch
	}
	if g.pending != nil && bytes.Equal(message, g.pending.message) {
		next := g.pending.next
		g.wipe()
		*g = *next
		return &Received{Type: CommitContent, Epoch: epoch, Sender: g.me}, nil
	}

	// Secret-tree state advances on decryption, so work on a copy and keep
	// it only if the message is accepted.
	st := g.st
	var ac *authenticatedContent
	if m.public != nil {
		// Check who claims to have sent it before the tag, so that a
		// non-member is reported as such rather than as a bad tag.
		ac = &authenticatedContent{wireFormat: wirePublicMessage, content: m.public.content, auth: m.public.auth}
		if _, err := g.senderKey(ac); err != nil {
			return nil, err
		}
		var err error
		if ac, err = fromPublic(g.s, m.public, &g.ctx, g.es.membership); err != nil {
			return nil, err
		}
	} else {
		st = g.st.clone()
		var err error
		if ac, err = fromPrivate(g.s, m.private, g.es.senderData, st); err != nil {
			return nil, err
		}
	}
	sigKey, err := g.senderKey(ac)
	if err != nil {
		return nil, err
	}
	if err := verifyContent(g.s, ac, &g.ctx, sigKey); err != nil {
		return nil, err
	}
	rec := &Received{Type: ContentType(ac.content.contentType), Epoch: epoch, Sender: ac.content.sender.index}
	switch ac.content.contentType {
	case contentApplication:
		g.st = st
		rec.ApplicationData = ac.content.applicationData
	case contentProposal:
		if ac.content.proposal.proposalType == proposalAdd {
			if err := validateKeyPackage(g.s, ac.content.proposal.add); err != nil {
				return nil, err
			}
		}
		g.st = st
		g.proposals = append(g.proposals, cachedProposal{
			ref: g.s.refHash("MLS 1.0 Proposal Reference", encode(ac)), proposal: ac.content.proposal, sender: ac.content.sender})
	case contentCommit:
		if ac.content.sender.senderType == senderMember && ac.content.sender.index == g.me {
			return nil, ErrOwnCommitUnknown
		}
		next, removed, err := g.processCommit(ac)
		if err != nil {
			return nil, err
		}
		rec.Added, rec.Gone = memberChanges(g, next)
		if check != nil {
			if err := check(rec); err != nil {
				return nil, err
			}
		}
		if removed {
			g.removed = true
			rec.Removed = true
			return rec, nil
		}
		g.wipe()
		*g = *next
	}
	return rec, nil
}

// senderKey returns the signature key that must have signed ac.
func (g *Group) senderKey(ac *authenticatedContent) ([]byte, error) {
	snd := ac.content.sender
	switch snd.senderType {
	case senderMember:
		ln := g.tree.leaf(snd.index)
		if ln == nil {
			return nil, ErrNotMember
		}
		return ln.signatureKey, nil
	case senderExternal:
		data, ok := findExtension(g.ctx.extensions, extExternalSenders)
		if !ok {
			return nil, ErrNotMember
		}
		p := parser{b: data}
		var keys [][]byte
		p.vec(func(p *parser) {
			keys = append(keys, p.opaque())
			var c credential
			c.decode(p)
		})
		if p.finish() != nil || int(snd.index) >= len(keys) {
			return nil, ErrNotMember
		}
		if ac.content.contentType != contentProposal {
			return nil, errUnsupportedMessage
		}
		return keys[snd.index], nil
	case senderNewMemberCommit:
		if ac.content.contentType != contentCommit || ac.content.commit.path == nil {
			return nil, errPathRequired
		}
		return ac.content.commit.path.leafNode.signatureKey, nil
	case senderNewMemberProposal:
		if ac.content.contentType != contentProposal || ac.content.proposal.proposalType != proposalAdd {
			return nil, errUnsupportedMessage
		}
		return ac.content.proposal.add.leafNode.signatureKey, nil
	}
	return nil, ErrNotMember
}

// processCommit verifies and applies another member's (or an external
// joiner's) commit, returning the next epoch's group.
func (g *Group) processCommit(ac *authenticatedContent) (next *Group, removed bool, err error) {
	c := ac.content.commit
	committer := ac.content.sender
	var props []resolvedProposal
	for _, por := range c.proposals {
		if por.proposal != nil {
			props = append(props, resolvedProposal{por.proposal, committer})
			continue
		}
		i := slices.IndexFunc(g.proposals, func(cp cachedProposal) bool { return bytes.Equal(cp.ref, por.reference) })
		if i < 0 {
			return nil, false, errUnknownProposalRef
		}
		props = append(props, resolvedProposal{g.proposals[i].proposal, g.proposals[i].sender})
	}
	if pathRequired(props) && c.path == nil {
		return nil, false, errPathRequired
	}
	next = g.clone()
	added, psks, err := next.applyProposals(props, committer)
	if err != nil {
		return nil, false, err
	}
	if next.tree.leaf(g.me) == nil || !bytes.Equal(next.tree.leaf(g.me).signatureKey, g.tree.leaf(g.me).signatureKey) {
		// next is returned for its tree only (who was added and removed);
		// it holds no secrets of the new epoch.
		return next, true, nil
	}
	initSecret := g.es.init
	commitSecret := g.s.zero()
	if committer.senderType == senderNewMemberCommit {
		for _, rp := range props {
			if rp.p.proposalType == proposalExternalInit {
				priv, _, err := g.s.kem.derive(g.es.external)
				if err != nil {
					return nil, false, err
				}
				if initSecret, err = g.s.kem.exportReceive(priv, rp.p.kemOutput, "MLS 1.0 external init secret", g.s.nh); err != nil {
					return nil, false, fmt.Errorf("mls: external init: %w", err)
				}
			}
		}
	}
	if c.path != nil {
		senderLeaf := committer.index
		if committer.senderType == senderNewMemberCommit {
			senderLeaf = next.tree.addLeaf(&leafNode{})
			next.tree.set(leafToNode(senderLeaf), treeNode{})
		}
		if err := next.checkKeysUnique(&c.path.leafNode, senderLeaf); err != nil {
			return nil, false, err
		}
		if err := checkLeafBasics(g.s, &c.path.leafNode); err != nil {
			return nil, false, err
		}
		fdp, err := next.tree.mergePath(g.s, senderLeaf, c.path, g.ctx.groupID)
		if err != nil {
			return nil, false, err
		}
		next.pruneKeys()
		_, cs, err := next.tree.decryptPath(g.s, senderLeaf, g.me, fdp, c.path, added, g.provisionalContext(next), next.keys)
		if err != nil {
			return nil, false, err
		}
		commitSecret = cs
	}
	if _, err := g.finishEpoch(next, ac, commitSecret, initSecret, psks); err != nil {
		return nil, false, err
	}
	if !hmac.Equal(next.confTag, ac.auth.confirmationTag) {
		return nil, false, ErrBadConfirmationTag
	}
	return next, false, nil
}

// memberChanges compares the trees before and after a commit. A leaf counts
// as changed when its credential or signature key differs, so that a member
// replaced in the same leaf by another shows as removed and added.
func memberChanges(before, after *Group) (added, gone []Member) {
	key := func(m Member) string { return string(m.Identity) + "\x00" + string(m.SignatureKey) }
	old := map[uint32]string{}
	for _, m := range before.Members() {
		old[m.LeafIndex] = key(m)
	}
	cur := map[uint32]string{}
	for _, m := range after.Members() {
		cur[m.LeafIndex] = key(m)
		if k, ok := old[m.LeafIndex]; !ok || k != key(m) {
			added = append(added, m)
		}
	}
	for _, m := range before.Members() {
		if k, ok := cur[m.LeafIndex]; !ok || k != key(m) {
			gone = append(gone, m)
		}
	}
	return added, gone
}
