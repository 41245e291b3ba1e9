package mls

import (
	"bytes"
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

	// ErrOwnCommitUnknown: a commit signed by this member that it has no
	// record of staging. An application that restarts from saved state
	// sees it when the state is older than its last commit.
	ErrOwnCommitUnknown = errors.New("mls: commit claims to be ours but matches no pending commit")

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
	// welcomer is the leaf that signed the GroupInfo of the Welcome this
	// member joined from (not persisted: read it right after Join).
	welcomer uint32
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

// Welcomer is the leaf index of the member whose signed GroupInfo this
// member joined from: the committer that added it. It is meaningful only
// right after Join (it is not part of the marshalled state), and lets an
// application check who brought it in before trusting the group.
func (g *Group) Welcomer() uint32 { return g.welcomer }

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
