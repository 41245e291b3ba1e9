package mls

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
)

// Errors a caller may want to branch on. Other errors name the failed
// check in their text.
var (
	// ErrWrongEpoch reports a message for an epoch other than the current
	// one; for a commit it usually means another commit won the epoch.
	ErrWrongEpoch = errors.New("mls: message is not for the current epoch")
	// ErrWrongGroup reports a message for another group.
	ErrWrongGroup = errors.New("mls: message is for another group")
	// ErrNotMember reports a sender that is not a member of the group.
	ErrNotMember = errors.New("mls: sender is not a member of the group")
	// ErrRemoved is returned by a group whose member has been removed.
	ErrRemoved = errors.New("mls: this member has been removed from the group")

	errOwnCommitUnknown   = errors.New("mls: commit claims to be ours but matches no pending commit")
	errUnknownProposalRef = errors.New("mls: commit references an unknown proposal")
	errPathRequired       = errors.New("mls: commit must carry an update path")
	errInvalidProposals   = errors.New("mls: invalid proposal list")
	errUnknownPSK         = errors.New("mls: unknown pre-shared key")
	errTreeHashMismatch   = errors.New("mls: ratchet tree does not match the group context tree hash")
	errNoRatchetTree      = errors.New("mls: no ratchet tree in the Welcome and none given")
	errWelcomeNotForUs    = errors.New("mls: Welcome has no secrets for this key package")
	errWelcomeDecrypt     = errors.New("mls: cannot decrypt Welcome")
	errOwnLeafNotFound    = errors.New("mls: own leaf not found in the ratchet tree")
	errNotWelcome         = errors.New("mls: message is not a Welcome")
	errUnsupportedMessage = errors.New("mls: unsupported message type for a member")
	errReInit             = errors.New("mls: ReInit proposals are not supported")
	errSelfRemove         = errors.New("mls: a member cannot commit its own removal")
)

// resumptionEpochs is how many past epochs' resumption PSKs a member
// keeps. Each kept secret weakens forward secrecy for that epoch, so the
// window is small.
const resumptionEpochs = 4

// Group is one member's view of an MLS group: the public ratchet tree, the
// member's private path keys, and the current epoch's secrets. It is not
// safe for concurrent use. All operations are atomic: on error the group
// is unchanged.
//
// Methods that advance the epoch replace the previous epoch's secrets, so
// after Process returns the old epoch can no longer be read (forward
// secrecy). A caller that must still decrypt late messages of an old
// epoch should keep an exporter output for it, not the Group.
type Group struct {
	s          *suite
	ctx        groupContext
	tree       *ratchetTree
	interim    []byte
	confTag    []byte
	es         epochSecrets
	st         *secretTree
	me         uint32
	sigPriv    []byte
	keys       map[uint32]hpkeKeyPair
	proposals  []cachedProposal
	psks       map[string][]byte
	resumption map[uint64][]byte
	pending    *pendingCommit
	removed    bool
}

type cachedProposal struct {
	ref      []byte
	proposal *proposal
	sender   sender
}

type pendingCommit struct {
	message []byte
	next    *Group
}

// NewGroup creates a one-member group at epoch 0 (§11).
func NewGroup(cs CipherSuite, groupID, identity, signaturePriv []byte) (*Group, error) {
	s, err := suiteFor(cs)
	if err != nil {
		return nil, err
	}
	sigPub, err := s.sig.publicKey(signaturePriv)
	if err != nil {
		return nil, err
	}
	encPriv, encPub, err := s.kem.generate()
	if err != nil {
		return nil, err
	}
	ln := &leafNode{
		encryptionKey: encPub, signatureKey: sigPub,
		credential:   credential{credentialType: credentialBasic, identity: clone(identity)},
		capabilities: defaultCapabilities(cs),
		source:       sourceKeyPackage, notBefore: 0, notAfter: 1<<64 - 1,
		extensions: []extension{},
	}
	if err := ln.sign(s, signaturePriv, nil, 0); err != nil {
		return nil, err
	}
	g := &Group{
		s:          s,
		tree:       newRatchetTree([]treeNode{{leaf: ln}}),
		sigPriv:    clone(signaturePriv),
		keys:       map[uint32]hpkeKeyPair{0: {encPriv, encPub}},
		psks:       map[string][]byte{},
		resumption: map[uint64][]byte{},
	}
	g.ctx = groupContext{version: protocolVersionMLS10, cipherSuite: cs, groupID: clone(groupID), epoch: 0,
		treeHash: g.tree.rootHash(s), confirmedTranscriptHash: []byte{}, extensions: []extension{}}
	initSecret := make([]byte, s.nh)
	if _, err := rand.Read(initSecret); err != nil {
		return nil, err
	}
	ctxBytes := encode(&g.ctx)
	joiner := s.joinerSecret(initSecret, s.zero(), ctxBytes)
	g.setEpoch(s.epochSecrets(joiner, s.zero(), ctxBytes))
	g.confTag = s.mac(g.es.confirmation, g.ctx.confirmedTranscriptHash)
	g.interim = s.interimTranscriptHash(g.ctx.confirmedTranscriptHash, g.confTag)
	return g, nil
}

func (g *Group) setEpoch(es epochSecrets) {
	g.es = es
	g.st = newSecretTree(es.encryption, g.tree.nLeaves())
	g.es.encryption = nil // lives on only inside the secret tree
	g.resumption[g.ctx.epoch] = es.resumption
	for e := range g.resumption {
		if e+resumptionEpochs <= g.ctx.epoch {
			clear(g.resumption[e])
			delete(g.resumption, e)
		}
	}
}

// CipherSuite returns the group's cipher suite.
func (g *Group) CipherSuite() CipherSuite { return g.s.id }

// GroupID returns the group identifier.
func (g *Group) GroupID() []byte { return clone(g.ctx.groupID) }

// Epoch returns the current epoch number.
func (g *Group) Epoch() uint64 { return g.ctx.epoch }

// LeafIndex returns this member's leaf index.
func (g *Group) LeafIndex() uint32 { return g.me }

// EpochAuthenticator returns the epoch authenticator (§8.7), which members
// may compare out of band to detect a split view of the group.
func (g *Group) EpochAuthenticator() []byte { return clone(g.es.authenticator) }

// Exporter derives a secret of the given length from the current epoch
// (MLS-Exporter, §8.5). Distinct labels give independent secrets.
func (g *Group) Exporter(label string, context []byte, length int) ([]byte, error) {
	if g.removed {
		return nil, ErrRemoved
	}
	return g.s.exporter(g.es.exporter, label, context, length)
}

// Member describes one leaf of the group.
type Member struct {
	LeafIndex    uint32
	Identity     []byte // the basic credential's identity
	SignatureKey []byte
}

// Members lists the current members in leaf order.
func (g *Group) Members() []Member {
	var out []Member
	g.tree.forEachMember(func(i uint32, ln *leafNode) {
		out = append(out, Member{LeafIndex: i, Identity: clone(ln.credential.identity), SignatureKey: clone(ln.signatureKey)})
	})
	return out
}

// SetExternalPSK registers an external pre-shared key that commits or
// Welcomes may reference by id.
func (g *Group) SetExternalPSK(id, psk []byte) { g.psks[string(id)] = clone(psk) }

// clone deep-copies the mutable parts of the group; immutable tree nodes
// and secrets are shared.
func (g *Group) clone() *Group {
	n := *g
	n.tree = g.tree.clone()
	n.keys = make(map[uint32]hpkeKeyPair, len(g.keys))
	for k, v := range g.keys {
		n.keys[k] = v
	}
	n.proposals = slices.Clone(g.proposals)
	n.resumption = make(map[uint64][]byte, len(g.resumption))
	for k, v := range g.resumption {
		n.resumption[k] = v
	}
	n.pending = nil
	// The secret tree is per epoch and replaced on every epoch change, so
	// the copy is only made for the same-epoch case in Process.
	n.st = g.st
	return &n
}

// pruneKeys forgets private keys for nodes that no longer carry the
// matching public key (blanked or replaced by a commit).
func (g *Group) pruneKeys() {
	for x, kp := range g.keys {
		if int(x) >= len(g.tree.nodes) || !bytes.Equal(g.tree.nodes[x].encryptionKey(), kp.pub) {
			delete(g.keys, x)
		}
	}
}

// resolvedProposal is a proposal with the sender that proposed it.
type resolvedProposal struct {
	p      *proposal
	sender sender
}

// applyProposals validates the proposal list of a commit (§12.2) and
// applies it to g's tree and context in the order of §12.3. It returns the
// leaf indices of added members and the PSK ids to inject.
func (g *Group) applyProposals(props []resolvedProposal, committer sender) (added []uint32, psks []preSharedKeyID, err error) {
	var (
		updated, removedLeaves []uint32
		gce                    *proposal
		externalInit           int
		addKeys                = map[string]bool{}
	)
	for _, rp := range props {
		p := rp.p
		switch p.proposalType {
		case proposalUpdate:
			if rp.sender.senderType != senderMember || (committer.senderType == senderMember && rp.sender.index == committer.index) {
				return nil, nil, fmt.Errorf("%w: update from the committer or a non-member", errInvalidProposals)
			}
			if slices.Contains(updated, rp.sender.index) {
				return nil, nil, fmt.Errorf("%w: two updates for leaf %d", errInvalidProposals, rp.sender.index)
			}
			updated = append(updated, rp.sender.index)
		case proposalRemove:
			if g.tree.leaf(p.remove) == nil || slices.Contains(removedLeaves, p.remove) {
				return nil, nil, fmt.Errorf("%w: remove of blank or repeated leaf %d", errInvalidProposals, p.remove)
			}
			if committer.senderType == senderMember && p.remove == committer.index {
				return nil, nil, errSelfRemove
			}
			removedLeaves = append(removedLeaves, p.remove)
		case proposalAdd:
			if err := validateKeyPackage(g.s, p.add); err != nil {
				return nil, nil, err
			}
			k := string(p.add.leafNode.signatureKey)
			if addKeys[k] {
				return nil, nil, fmt.Errorf("%w: duplicate add", errInvalidProposals)
			}
			addKeys[k] = true
		case proposalPSK:
			for _, id := range psks {
				if bytes.Equal(encode(&id), encode(p.psk)) {
					return nil, nil, fmt.Errorf("%w: duplicate PSK", errInvalidProposals)
				}
			}
			psks = append(psks, *p.psk)
		case proposalGroupContextExtensions:
			if gce != nil {
				return nil, nil, fmt.Errorf("%w: two group context extensions proposals", errInvalidProposals)
			}
			gce = p
		case proposalExternalInit:
			if committer.senderType != senderNewMemberCommit {
				return nil, nil, fmt.Errorf("%w: external init in a member commit", errInvalidProposals)
			}
			externalInit++
		case proposalReInit:
			return nil, nil, errReInit
		}
	}
	if committer.senderType == senderNewMemberCommit && externalInit != 1 {
		return nil, nil, fmt.Errorf("%w: external commit needs exactly one external init", errInvalidProposals)
	}

	if gce != nil {
		g.ctx.extensions = gce.extensions
	}
	for _, rp := range props {
		if rp.p.proposalType != proposalUpdate {
			continue
		}
		ln := rp.p.update
		if ln.source != sourceUpdate || !ln.verify(g.s, g.ctx.groupID, rp.sender.index) {
			return nil, nil, fmt.Errorf("%w: invalid update leaf node from leaf %d", errInvalidProposals, rp.sender.index)
		}
		if err := checkLeafBasics(g.s, ln); err != nil {
			return nil, nil, err
		}
		g.tree.updateLeaf(rp.sender.index, ln)
	}
	for _, l := range removedLeaves {
		g.tree.removeLeaf(l)
	}
	for _, rp := range props {
		if rp.p.proposalType != proposalAdd {
			continue
		}
		if err := g.checkKeysUnique(&rp.p.add.leafNode, ^uint32(0)); err != nil {
			return nil, nil, err
		}
		ln := rp.p.add.leafNode
		added = append(added, g.tree.addLeaf(&ln))
	}
	return added, psks, nil
}

// checkKeysUnique rejects a leaf whose keys already appear in the tree
// (other than at leaf skip).
func (g *Group) checkKeysUnique(ln *leafNode, skip uint32) error {
	for x, n := range g.tree.nodes {
		if n.blank() || (isLeaf(uint32(x)) && uint32(x/2) == skip) {
			continue
		}
		if bytes.Equal(n.encryptionKey(), ln.encryptionKey) ||
			(n.leaf != nil && bytes.Equal(n.leaf.signatureKey, ln.signatureKey)) {
			return errTreeDuplicateKey
		}
	}
	return nil
}

// pathRequired reports whether a commit must carry an UpdatePath (§12.4).
func pathRequired(props []resolvedProposal) bool {
	if len(props) == 0 {
		return true
	}
	for _, rp := range props {
		switch rp.p.proposalType {
		case proposalUpdate, proposalRemove, proposalExternalInit, proposalGroupContextExtensions:
			return true
		}
	}
	return false
}

// resolvePSKs looks up the secret of every PSK id.
func (g *Group) resolvePSKs(ids []preSharedKeyID) ([][]byte, error) {
	out := make([][]byte, len(ids))
	for i, id := range ids {
		var v []byte
		var ok bool
		switch id.pskType {
		case pskExternal:
			v, ok = g.psks[string(id.pskID)]
		case pskResumption:
			if bytes.Equal(id.pskGroupID, g.ctx.groupID) && id.usage == resumptionApplication {
				v, ok = g.resumption[id.pskEpoch]
			}
		}
		if !ok {
			return nil, errUnknownPSK
		}
		out[i] = v
	}
	return out, nil
}

// finishEpoch runs the key schedule for the commit in ac over next, whose
// tree and extensions are final, and returns the new confirmation tag.
func (g *Group) finishEpoch(next *Group, ac *authenticatedContent, commitSecret, initSecret []byte, psks []preSharedKeyID) ([]byte, error) {
	pskValues, err := g.resolvePSKs(psks)
	if err != nil {
		return nil, err
	}
	confirmed := g.s.confirmedTranscriptHash(g.interim, ac)
	next.ctx.epoch = g.ctx.epoch + 1
	next.ctx.treeHash = next.tree.rootHash(g.s)
	next.ctx.confirmedTranscriptHash = confirmed
	ctxBytes := encode(&next.ctx)
	joiner := g.s.joinerSecret(initSecret, commitSecret, ctxBytes)
	pskSecret := g.s.pskSecret(psks, pskValues)
	next.setEpoch(g.s.epochSecrets(joiner, pskSecret, ctxBytes))
	next.confTag = g.s.mac(next.es.confirmation, confirmed)
	next.interim = g.s.interimTranscriptHash(confirmed, next.confTag)
	next.proposals = nil
	next.pruneKeys()
	return joiner, nil
}

// provisionalContext is the GroupContext of the next epoch before the
// commit is confirmed, which binds UpdatePath encryption (§12.4.1).
func (g *Group) provisionalContext(next *Group) []byte {
	ctx := next.ctx
	ctx.epoch = g.ctx.epoch + 1
	ctx.treeHash = next.tree.rootHash(g.s)
	ctx.confirmedTranscriptHash = g.ctx.confirmedTranscriptHash
	return encode(&ctx)
}

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

// groupInfo builds and signs the GroupInfo of the current epoch.
func (g *Group) groupInfo(withTree bool) (*groupInfo, error) {
	gi := &groupInfo{groupContext: g.ctx, extensions: []extension{}, confirmationTag: g.confTag, signer: g.me}
	if withTree {
		gi.extensions = append(gi.extensions, extension{extRatchetTree, encode(&ratchetTreeExt{g.tree.nodes})})
	}
	var err error
	gi.signature, err = g.s.signWithLabel(g.sigPriv, "GroupInfoTBS", gi.tbs())
	return gi, err
}

// welcome encrypts the new epoch's GroupInfo and each joiner's secrets.
func (g *Group) welcome(joiner []byte, psks []preSharedKeyID, kps []*keyPackage, leaves []uint32, pathSecretFor func(uint32) []byte, withTree bool) ([]byte, error) {
	gi, err := g.groupInfo(withTree)
	if err != nil {
		return nil, err
	}
	pskValues, err := g.resolvePSKs(psks)
	if err != nil {
		return nil, err
	}
	key, nonce := g.s.welcomeKeyNonce(g.s.welcomeSecret(joiner, g.s.pskSecret(psks, pskValues)))
	aead, err := g.s.newAEAD(key)
	if err != nil {
		return nil, err
	}
	w := &welcome{cipherSuite: g.s.id, encryptedGroupInfo: aead.Seal(nil, nonce, encode(gi), nil)}
	for i, kp := range kps {
		gs := groupSecrets{joinerSecret: joiner, psks: psks}
		if gs.psks == nil {
			gs.psks = []preSharedKeyID{}
		}
		if pathSecretFor != nil {
			gs.pathSecret = pathSecretFor(leaves[i])
		}
		kem, ct, err := g.s.encryptWithLabel(kp.initKey, "Welcome", w.encryptedGroupInfo, encode(&gs))
		if err != nil {
			return nil, err
		}
		w.secrets = append(w.secrets, encryptedGroupSecrets{newMember: kp.ref(g.s), secrets: hpkeCiphertext{kem, ct}})
	}
	return encode(&mlsMessage{version: protocolVersionMLS10, wireFormat: wireWelcome, welcome: w}), nil
}

// RatchetTree returns the ratchet_tree extension encoding of the current
// tree, for joiners whose Welcome omits it.
func (g *Group) RatchetTree() []byte { return encode(&ratchetTreeExt{g.tree.nodes}) }

// GroupInfo returns a signed GroupInfo (MLSMessage) for the current epoch,
// with the ratchet tree included.
func (g *Group) GroupInfo() ([]byte, error) {
	gi, err := g.groupInfo(true)
	if err != nil {
		return nil, err
	}
	return encode(&mlsMessage{version: protocolVersionMLS10, wireFormat: wireGroupInfo, groupInfo: gi}), nil
}

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
}

// Process handles a handshake or application MLSMessage for this group:
// it verifies the framing (epoch, membership, signature, membership tag or
// decryption), caches proposals, applies commits and decrypts application
// data. A commit of our own is recognised by its bytes and its staged
// epoch installed.
func (g *Group) Process(message []byte) (*Received, error) {
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
			return nil, errOwnCommitUnknown
		}
		next, removed, err := g.processCommit(ac)
		if err != nil {
			return nil, err
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

// applicationPadding is the block size application plaintexts are padded
// to, so that ciphertext lengths reveal only a size class.
const applicationPadding = 64

// EncryptApplication protects application data as a PrivateMessage of the
// current epoch, under the sender's application ratchet (§6.3). Every call
// consumes a fresh key and nonce from the secret tree, so no key/nonce
// pair is ever reused, including across MarshalBinary/UnmarshalBinary as
// long as the state is saved after each call.
func (g *Group) EncryptApplication(data, authenticatedData []byte) ([]byte, error) {
	if g.removed {
		return nil, ErrRemoved
	}
	if authenticatedData == nil {
		authenticatedData = []byte{}
	}
	ac := &authenticatedContent{wireFormat: wirePrivateMessage, content: framedContent{
		groupID: g.ctx.groupID, epoch: g.ctx.epoch, sender: sender{senderType: senderMember, index: g.me},
		authenticatedData: clone(authenticatedData), contentType: contentApplication, applicationData: clone(data),
	}}
	if err := signContent(g.s, ac, &g.ctx, g.sigPriv); err != nil {
		return nil, err
	}
	padding := applicationPadding - (len(data)+len(ac.auth.signature))%applicationPadding
	pm, err := toPrivate(g.s, ac, g.es.senderData, g.st, padding)
	if err != nil {
		return nil, err
	}
	return encode(&mlsMessage{version: protocolVersionMLS10, wireFormat: wirePrivateMessage, private: pm}), nil
}

// wipe clears the secrets of an epoch that is being left behind. Go gives
// no guarantee that no other copy exists, but clearing the ones we own
// keeps them out of later memory dumps and sealed snapshots.
func (g *Group) wipe() {
	for _, b := range [][]byte{g.es.senderData, g.es.exporter, g.es.external, g.es.confirmation, g.es.membership, g.es.authenticator, g.es.init} {
		clear(b)
	}
	g.st.wipe()
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
		return nil, true, nil
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

// JoinOptions are optional inputs to Join.
type JoinOptions struct {
	// RatchetTree is the ratchet_tree extension encoding (see
	// Group.RatchetTree), required when the Welcome omits the tree.
	RatchetTree []byte
	// ExternalPSKs maps PSK ids to secrets for Welcomes that inject PSKs.
	ExternalPSKs map[string][]byte
}

// Join creates a member's group from a Welcome addressed to one of its
// KeyPackages (§12.4.3.1). It verifies the GroupInfo signature, the whole
// ratchet tree (leaf signatures, parent hashes, tree hash) and the
// confirmation tag.
func Join(welcomeMsg []byte, kp *KeyPackageSecret, opts *JoinOptions) (*Group, error) {
	if opts == nil {
		opts = &JoinOptions{}
	}
	var m mlsMessage
	if err := decodeAll(welcomeMsg, &m); err != nil {
		return nil, err
	}
	if m.welcome == nil {
		return nil, errNotWelcome
	}
	wl := m.welcome
	s, err := suiteFor(wl.cipherSuite)
	if err != nil {
		return nil, err
	}
	if kp.kp.cipherSuite != s.id {
		return nil, errKeyPackageSuite
	}
	ref := kp.kp.ref(s)
	i := slices.IndexFunc(wl.secrets, func(e encryptedGroupSecrets) bool { return bytes.Equal(e.newMember, ref) })
	if i < 0 {
		return nil, errWelcomeNotForUs
	}
	ct := wl.secrets[i].secrets
	gsBytes, err := s.decryptWithLabel(kp.initPriv, "Welcome", wl.encryptedGroupInfo, ct.kemOutput, ct.ciphertext)
	if err != nil {
		return nil, errWelcomeDecrypt
	}
	var gs groupSecrets
	if err := decodeAll(gsBytes, &gs); err != nil {
		return nil, err
	}
	g := &Group{s: s, sigPriv: clone(kp.sigPriv), psks: map[string][]byte{}, resumption: map[uint64][]byte{}}
	for id, v := range opts.ExternalPSKs {
		g.psks[id] = clone(v)
	}
	pskValues, err := g.resolvePSKs(gs.psks)
	if err != nil {
		return nil, err
	}
	pskSecret := s.pskSecret(gs.psks, pskValues)
	key, nonce := s.welcomeKeyNonce(s.welcomeSecret(gs.joinerSecret, pskSecret))
	aead, err := s.newAEAD(key)
	if err != nil {
		return nil, err
	}
	giBytes, err := aead.Open(nil, nonce, wl.encryptedGroupInfo, nil)
	if err != nil {
		return nil, errWelcomeDecrypt
	}
	var gi groupInfo
	if err := decodeAll(giBytes, &gi); err != nil {
		return nil, err
	}
	if gi.groupContext.cipherSuite != s.id || gi.groupContext.version != protocolVersionMLS10 {
		return nil, errKeyPackageSuite
	}
	treeBytes := opts.RatchetTree
	if ext, ok := findExtension(gi.extensions, extRatchetTree); ok {
		treeBytes = ext
	}
	if treeBytes == nil {
		return nil, errNoRatchetTree
	}
	var rt ratchetTreeExt
	if err := decodeAll(treeBytes, &rt); err != nil {
		return nil, err
	}
	g.tree = newRatchetTree(rt.nodes)
	signer := g.tree.leaf(gi.signer)
	if signer == nil {
		return nil, ErrNotMember
	}
	if !s.verifyWithLabel(signer.signatureKey, "GroupInfoTBS", gi.tbs(), gi.signature) {
		return nil, ErrBadSignature
	}
	if !bytes.Equal(g.tree.rootHash(s), gi.groupContext.treeHash) {
		return nil, errTreeHashMismatch
	}
	if err := g.tree.validate(s, gi.groupContext.groupID); err != nil {
		return nil, err
	}
	myLeaf := encode(&kp.kp.leafNode)
	found := false
	g.tree.forEachMember(func(i uint32, ln *leafNode) {
		if !found && bytes.Equal(encode(ln), myLeaf) {
			g.me, found = i, true
		}
	})
	if !found {
		return nil, errOwnLeafNotFound
	}
	g.ctx = gi.groupContext
	ctxBytes := encode(&g.ctx)
	g.setEpoch(s.epochSecrets(gs.joinerSecret, pskSecret, ctxBytes))
	if !hmac.Equal(s.mac(g.es.confirmation, g.ctx.confirmedTranscriptHash), gi.confirmationTag) {
		return nil, ErrBadConfirmationTag
	}
	g.confTag = gi.confirmationTag
	g.interim = s.interimTranscriptHash(g.ctx.confirmedTranscriptHash, gi.confirmationTag)
	g.keys = map[uint32]hpkeKeyPair{leafToNode(g.me): {kp.encPriv, kp.kp.leafNode.encryptionKey}}
	if gs.pathSecret != nil {
		fdp := g.tree.filteredDirectPath(gi.signer)
		anc := commonAncestor(leafToNode(g.me), leafToNode(gi.signer), g.tree.nLeaves())
		j := slices.Index(fdp, anc)
		if j < 0 {
			return nil, errPathKeyMismatch
		}
		if _, err := g.tree.installPathSecret(s, fdp[j:], gs.pathSecret, g.keys); err != nil {
			return nil, err
		}
	}
	return g, nil
}
