package mls

import (
	"bytes"
	"crypto/hmac"
	"slices"
)

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
	g.welcomer = gi.signer
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
