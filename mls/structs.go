package mls

import (
	"errors"
	"fmt"
)

// Wire structures of RFC 9420 with their TLS presentation encodings. Each
// type's encode and decode mirror the struct definition in the RFC section
// named in its comment; decoders check only syntax (enum values and
// lengths), semantic checks live with the operations that use them.

const protocolVersionMLS10 = 1

// Credential types (§5.3).
const (
	credentialBasic = 1
	credentialX509  = 2
)

// Extension types (§17.3).
const (
	extApplicationID        = 1
	extRatchetTree          = 2
	extRequiredCapabilities = 3
	extExternalPub          = 4
	extExternalSenders      = 5
)

// Proposal types (§17.4).
const (
	proposalAdd                    = 1
	proposalUpdate                 = 2
	proposalRemove                 = 3
	proposalPSK                    = 4
	proposalReInit                 = 5
	proposalExternalInit           = 6
	proposalGroupContextExtensions = 7
)

// Leaf node sources (§7.2).
const (
	sourceKeyPackage = 1
	sourceUpdate     = 2
	sourceCommit     = 3
)

func errBadEnum(what string, v uint64) error {
	return fmt.Errorf("mls: invalid %s %d", what, v)
}

type credential struct {
	credentialType uint16
	identity       []byte   // basic
	certificates   [][]byte // x509
}

func (c *credential) encode(w *builder) {
	w.u16(c.credentialType)
	switch c.credentialType {
	case credentialBasic:
		w.opaque(c.identity)
	case credentialX509:
		w.vec(func(w *builder) {
			for _, cert := range c.certificates {
				w.opaque(cert)
			}
		})
	}
}

func (c *credential) decode(p *parser) {
	c.credentialType = p.u16()
	switch c.credentialType {
	case credentialBasic:
		c.identity = p.opaque()
	case credentialX509:
		c.certificates = [][]byte{}
		p.vec(func(p *parser) { c.certificates = append(c.certificates, p.opaque()) })
	default:
		p.fail(errBadEnum("credential type", uint64(c.credentialType)))
	}
}

type extension struct {
	extType uint16
	data    []byte
}

func encodeExtensions(w *builder, exts []extension) {
	w.vec(func(w *builder) {
		for _, e := range exts {
			w.u16(e.extType)
			w.opaque(e.data)
		}
	})
}

var errDuplicateExtension = errors.New("mls: duplicate extension type")

func decodeExtensions(p *parser) []extension {
	exts := []extension{}
	p.vec(func(p *parser) {
		e := extension{extType: p.u16(), data: p.opaque()}
		for _, o := range exts {
			if o.extType == e.extType {
				p.fail(errDuplicateExtension)
			}
		}
		exts = append(exts, e)
	})
	return exts
}

func findExtension(exts []extension, t uint16) ([]byte, bool) {
	for _, e := range exts {
		if e.extType == t {
			return e.data, true
		}
	}
	return nil, false
}

func encodeU16s(w *builder, v []uint16) {
	w.vec(func(w *builder) {
		for _, x := range v {
			w.u16(x)
		}
	})
}

func decodeU16s(p *parser) []uint16 {
	v := []uint16{}
	p.vec(func(p *parser) { v = append(v, p.u16()) })
	return v
}

func containsU16(v []uint16, x uint16) bool {
	for _, y := range v {
		if y == x {
			return true
		}
	}
	return false
}

type capabilities struct {
	versions, cipherSuites, extensions, proposals, credentials []uint16
}

func (c *capabilities) encode(w *builder) {
	encodeU16s(w, c.versions)
	encodeU16s(w, c.cipherSuites)
	encodeU16s(w, c.extensions)
	encodeU16s(w, c.proposals)
	encodeU16s(w, c.credentials)
}

func (c *capabilities) decode(p *parser) {
	c.versions = decodeU16s(p)
	c.cipherSuites = decodeU16s(p)
	c.extensions = decodeU16s(p)
	c.proposals = decodeU16s(p)
	c.credentials = decodeU16s(p)
}

// leafNode is LeafNode (§7.2).
type leafNode struct {
	encryptionKey []byte
	signatureKey  []byte
	credential    credential
	capabilities  capabilities
	source        uint8
	notBefore     uint64 // source key_package
	notAfter      uint64
	parentHash    []byte // source commit
	extensions    []extension
	signature     []byte
}

func (l *leafNode) encodeBody(w *builder) {
	w.opaque(l.encryptionKey)
	w.opaque(l.signatureKey)
	l.credential.encode(w)
	l.capabilities.encode(w)
	w.u8(l.source)
	switch l.source {
	case sourceKeyPackage:
		w.u64(l.notBefore)
		w.u64(l.notAfter)
	case sourceCommit:
		w.opaque(l.parentHash)
	}
	encodeExtensions(w, l.extensions)
}

func (l *leafNode) encode(w *builder) {
	l.encodeBody(w)
	w.opaque(l.signature)
}

func (l *leafNode) decode(p *parser) {
	l.encryptionKey = p.opaque()
	l.signatureKey = p.opaque()
	l.credential.decode(p)
	l.capabilities.decode(p)
	l.source = p.u8()
	switch l.source {
	case sourceKeyPackage:
		l.notBefore = p.u64()
		l.notAfter = p.u64()
	case sourceUpdate:
	case sourceCommit:
		l.parentHash = p.opaque()
	default:
		p.fail(errBadEnum("leaf node source", uint64(l.source)))
	}
	l.extensions = decodeExtensions(p)
	l.signature = p.opaque()
}

// tbs is LeafNodeTBS: leaves from updates and commits are bound to their
// group and position so they cannot be replayed elsewhere.
func (l *leafNode) tbs(groupID []byte, leafIndex uint32) []byte {
	var w builder
	l.encodeBody(&w)
	if l.source == sourceUpdate || l.source == sourceCommit {
		w.opaque(groupID)
		w.u32(leafIndex)
	}
	return w.b
}

func (l *leafNode) sign(s *suite, priv, groupID []byte, leafIndex uint32) error {
	sig, err := s.signWithLabel(priv, "LeafNodeTBS", l.tbs(groupID, leafIndex))
	l.signature = sig
	return err
}

func (l *leafNode) verify(s *suite, groupID []byte, leafIndex uint32) bool {
	return s.verifyWithLabel(l.signatureKey, "LeafNodeTBS", l.tbs(groupID, leafIndex), l.signature)
}

// keyPackage is KeyPackage (§10).
type keyPackage struct {
	version     uint16
	cipherSuite CipherSuite
	initKey     []byte
	leafNode    leafNode
	extensions  []extension
	signature   []byte
}

func (k *keyPackage) encodeBody(w *builder) {
	w.u16(k.version)
	w.u16(uint16(k.cipherSuite))
	w.opaque(k.initKey)
	k.leafNode.encode(w)
	encodeExtensions(w, k.extensions)
}

func (k *keyPackage) encode(w *builder) {
	k.encodeBody(w)
	w.opaque(k.signature)
}

func (k *keyPackage) decode(p *parser) {
	k.version = p.u16()
	k.cipherSuite = CipherSuite(p.u16())
	k.initKey = p.opaque()
	k.leafNode.decode(p)
	k.extensions = decodeExtensions(p)
	k.signature = p.opaque()
}

func (k *keyPackage) tbs() []byte {
	var w builder
	k.encodeBody(&w)
	return w.b
}

func (k *keyPackage) ref(s *suite) []byte {
	return s.refHash("MLS 1.0 KeyPackage Reference", encode(k))
}

// parentNode is ParentNode (§7.1).
type parentNode struct {
	encryptionKey  []byte
	parentHash     []byte
	unmergedLeaves []uint32
}

func (n *parentNode) encode(w *builder) {
	w.opaque(n.encryptionKey)
	w.opaque(n.parentHash)
	w.vec(func(w *builder) {
		for _, u := range n.unmergedLeaves {
			w.u32(u)
		}
	})
}

func (n *parentNode) decode(p *parser) {
	n.encryptionKey = p.opaque()
	n.parentHash = p.opaque()
	n.unmergedLeaves = []uint32{}
	p.vec(func(p *parser) { n.unmergedLeaves = append(n.unmergedLeaves, p.u32()) })
}

// preSharedKeyID is PreSharedKeyID (§8.4).
type preSharedKeyID struct {
	pskType    uint8 // 1 external, 2 resumption
	pskID      []byte
	usage      uint8
	pskGroupID []byte
	pskEpoch   uint64
	nonce      []byte
}

const (
	pskExternal   = 1
	pskResumption = 2

	resumptionApplication = 1
	resumptionReinit      = 2
	resumptionBranch      = 3
)

func (k *preSharedKeyID) encode(w *builder) {
	w.u8(k.pskType)
	switch k.pskType {
	case pskExternal:
		w.opaque(k.pskID)
	case pskResumption:
		w.u8(k.usage)
		w.opaque(k.pskGroupID)
		w.u64(k.pskEpoch)
	}
	w.opaque(k.nonce)
}

func (k *preSharedKeyID) decode(p *parser) {
	k.pskType = p.u8()
	switch k.pskType {
	case pskExternal:
		k.pskID = p.opaque()
	case pskResumption:
		k.usage = p.u8()
		if k.usage < resumptionApplication || k.usage > resumptionBranch {
			p.fail(errBadEnum("resumption PSK usage", uint64(k.usage)))
		}
		k.pskGroupID = p.opaque()
		k.pskEpoch = p.u64()
	default:
		p.fail(errBadEnum("PSK type", uint64(k.pskType)))
	}
	k.nonce = p.opaque()
}

type reInit struct {
	groupID     []byte
	version     uint16
	cipherSuite CipherSuite
	extensions  []extension
}

// proposal is Proposal (§12.1).
type proposal struct {
	proposalType uint16
	add          *keyPackage
	update       *leafNode
	remove       uint32
	psk          *preSharedKeyID
	reinit       *reInit
	kemOutput    []byte      // external_init
	extensions   []extension // group_context_extensions
}

func (pr *proposal) encode(w *builder) {
	w.u16(pr.proposalType)
	switch pr.proposalType {
	case proposalAdd:
		pr.add.encode(w)
	case proposalUpdate:
		pr.update.encode(w)
	case proposalRemove:
		w.u32(pr.remove)
	case proposalPSK:
		pr.psk.encode(w)
	case proposalReInit:
		w.opaque(pr.reinit.groupID)
		w.u16(pr.reinit.version)
		w.u16(uint16(pr.reinit.cipherSuite))
		encodeExtensions(w, pr.reinit.extensions)
	case proposalExternalInit:
		w.opaque(pr.kemOutput)
	case proposalGroupContextExtensions:
		encodeExtensions(w, pr.extensions)
	}
}

func (pr *proposal) decode(p *parser) {
	pr.proposalType = p.u16()
	switch pr.proposalType {
	case proposalAdd:
		pr.add = new(keyPackage)
		pr.add.decode(p)
	case proposalUpdate:
		pr.update = new(leafNode)
		pr.update.decode(p)
	case proposalRemove:
		pr.remove = p.u32()
	case proposalPSK:
		pr.psk = new(preSharedKeyID)
		pr.psk.decode(p)
	case proposalReInit:
		pr.reinit = &reInit{groupID: p.opaque(), version: p.u16(), cipherSuite: CipherSuite(p.u16())}
		pr.reinit.extensions = decodeExtensions(p)
	case proposalExternalInit:
		pr.kemOutput = p.opaque()
	case proposalGroupContextExtensions:
		pr.extensions = decodeExtensions(p)
	default:
		p.fail(errBadEnum("proposal type", uint64(pr.proposalType)))
	}
}

const (
	proposalOrRefProposal  = 1
	proposalOrRefReference = 2
)

type proposalOrRef struct {
	proposal  *proposal
	reference []byte
}

// commit is Commit (§12.4).
type commit struct {
	proposals []proposalOrRef
	path      *updatePath
}

func (c *commit) encode(w *builder) {
	w.vec(func(w *builder) {
		for _, por := range c.proposals {
			if por.proposal != nil {
				w.u8(proposalOrRefProposal)
				por.proposal.encode(w)
			} else {
				w.u8(proposalOrRefReference)
				w.opaque(por.reference)
			}
		}
	})
	w.optional(c.path != nil, func(w *builder) { c.path.encode(w) })
}

func (c *commit) decode(p *parser) {
	c.proposals = []proposalOrRef{}
	p.vec(func(p *parser) {
		switch t := p.u8(); t {
		case proposalOrRefProposal:
			pr := new(proposal)
			pr.decode(p)
			c.proposals = append(c.proposals, proposalOrRef{proposal: pr})
		case proposalOrRefReference:
			c.proposals = append(c.proposals, proposalOrRef{reference: p.opaque()})
		default:
			p.fail(errBadEnum("ProposalOrRef type", uint64(t)))
		}
	})
	if p.optional() {
		c.path = new(updatePath)
		c.path.decode(p)
	}
}

type hpkeCiphertext struct {
	kemOutput, ciphertext []byte
}

func (h *hpkeCiphertext) encode(w *builder) { w.opaque(h.kemOutput); w.opaque(h.ciphertext) }
func (h *hpkeCiphertext) decode(p *parser)  { h.kemOutput = p.opaque(); h.ciphertext = p.opaque() }

type updatePathNode struct {
	encryptionKey []byte
	secrets       []hpkeCiphertext
}

// updatePath is UpdatePath (§7.6).
type updatePath struct {
	leafNode leafNode
	nodes    []updatePathNode
}

func (u *updatePath) encode(w *builder) {
	u.leafNode.encode(w)
	w.vec(func(w *builder) {
		for i := range u.nodes {
			w.opaque(u.nodes[i].encryptionKey)
			w.vec(func(w *builder) {
				for j := range u.nodes[i].secrets {
					u.nodes[i].secrets[j].encode(w)
				}
			})
		}
	})
}

func (u *updatePath) decode(p *parser) {
	u.leafNode.decode(p)
	u.nodes = []updatePathNode{}
	p.vec(func(p *parser) {
		n := updatePathNode{encryptionKey: p.opaque(), secrets: []hpkeCiphertext{}}
		p.vec(func(p *parser) {
			var c hpkeCiphertext
			c.decode(p)
			n.secrets = append(n.secrets, c)
		})
		u.nodes = append(u.nodes, n)
	})
}

// groupContext is GroupContext (§8.1).
type groupContext struct {
	version                 uint16
	cipherSuite             CipherSuite
	groupID                 []byte
	epoch                   uint64
	treeHash                []byte
	confirmedTranscriptHash []byte
	extensions              []extension
}

func (g *groupContext) encode(w *builder) {
	w.u16(g.version)
	w.u16(uint16(g.cipherSuite))
	w.opaque(g.groupID)
	w.u64(g.epoch)
	w.opaque(g.treeHash)
	w.opaque(g.confirmedTranscriptHash)
	encodeExtensions(w, g.extensions)
}

func (g *groupContext) decode(p *parser) {
	g.version = p.u16()
	g.cipherSuite = CipherSuite(p.u16())
	g.groupID = p.opaque()
	g.epoch = p.u64()
	g.treeHash = p.opaque()
	g.confirmedTranscriptHash = p.opaque()
	g.extensions = decodeExtensions(p)
}

// Ratchet tree node types (§7.8).
const (
	nodeTypeLeaf   = 1
	nodeTypeParent = 2
)

// treeNode is one array slot of the ratchet tree; both nil means blank.
// Nodes are never mutated once in a tree: changes install new values, so
// copying a tree is a shallow slice copy.
type treeNode struct {
	leaf   *leafNode
	parent *parentNode
}

func (n treeNode) blank() bool { return n.leaf == nil && n.parent == nil }

func (n treeNode) encryptionKey() []byte {
	if n.leaf != nil {
		return n.leaf.encryptionKey
	}
	if n.parent != nil {
		return n.parent.encryptionKey
	}
	return nil
}

// encodeRatchetTree writes optional<Node> ratchet_tree<V>, dropping
// trailing blank nodes as §12.4.3.3 requires.
func encodeRatchetTree(w *builder, nodes []treeNode) {
	end := len(nodes)
	for end > 0 && nodes[end-1].blank() {
		end--
	}
	w.vec(func(w *builder) {
		for _, n := range nodes[:end] {
			w.optional(!n.blank(), func(w *builder) {
				if n.leaf != nil {
					w.u8(nodeTypeLeaf)
					n.leaf.encode(w)
				} else {
					w.u8(nodeTypeParent)
					n.parent.encode(w)
				}
			})
		}
	})
}

var (
	errTreeNodeType  = errors.New("mls: ratchet tree node type does not match its position")
	errTreeEmpty     = errors.New("mls: ratchet tree is empty")
	errTreeTrailing  = errors.New("mls: ratchet tree ends with a blank node")
	errTreeEvenCount = errors.New("mls: ratchet tree has an even number of nodes")
)

// decodeRatchetTree reads the extension form and pads it to a full tree.
func decodeRatchetTree(p *parser) []treeNode {
	var nodes []treeNode
	p.vec(func(p *parser) {
		var n treeNode
		if p.optional() {
			switch t := p.u8(); t {
			case nodeTypeLeaf:
				n.leaf = new(leafNode)
				n.leaf.decode(p)
			case nodeTypeParent:
				n.parent = new(parentNode)
				n.parent.decode(p)
			default:
				p.fail(errBadEnum("node type", uint64(t)))
			}
		}
		if (n.leaf != nil && !isLeaf(uint32(len(nodes)))) || (n.parent != nil && isLeaf(uint32(len(nodes)))) {
			p.fail(errTreeNodeType)
		}
		nodes = append(nodes, n)
	})
	if p.err != nil {
		return nil
	}
	switch {
	case len(nodes) == 0:
		p.fail(errTreeEmpty)
		return nil
	case nodes[len(nodes)-1].blank():
		p.fail(errTreeTrailing)
		return nil
	case len(nodes)%2 == 0:
		p.fail(errTreeEvenCount)
		return nil
	}
	leaves := uint32(1)
	for nodeWidth(leaves) < uint32(len(nodes)) {
		leaves *= 2
	}
	full := make([]treeNode, nodeWidth(leaves))
	copy(full, nodes)
	return full
}

// Wire formats (§6).
const (
	wirePublicMessage  = 1
	wirePrivateMessage = 2
	wireWelcome        = 3
	wireGroupInfo      = 4
	wireKeyPackage     = 5
)

// Sender types (§6).
const (
	senderMember            = 1
	senderExternal          = 2
	senderNewMemberProposal = 3
	senderNewMemberCommit   = 4
)

type sender struct {
	senderType uint8
	index      uint32 // leaf_index or sender_index
}

func (s *sender) encode(w *builder) {
	w.u8(s.senderType)
	if s.senderType == senderMember || s.senderType == senderExternal {
		w.u32(s.index)
	}
}

func (s *sender) decode(p *parser) {
	s.senderType = p.u8()
	switch s.senderType {
	case senderMember, senderExternal:
		s.index = p.u32()
	case senderNewMemberProposal, senderNewMemberCommit:
	default:
		p.fail(errBadEnum("sender type", uint64(s.senderType)))
	}
}

// Content types (§6).
const (
	contentApplication = 1
	contentProposal    = 2
	contentCommit      = 3
)

// framedContent is FramedContent (§6).
type framedContent struct {
	groupID           []byte
	epoch             uint64
	sender            sender
	authenticatedData []byte
	contentType       uint8
	applicationData   []byte
	proposal          *proposal
	commit            *commit
}

func (f *framedContent) encodeBody(w *builder) {
	switch f.contentType {
	case contentApplication:
		w.opaque(f.applicationData)
	case contentProposal:
		f.proposal.encode(w)
	case contentCommit:
		f.commit.encode(w)
	}
}

func (f *framedContent) decodeBody(p *parser) {
	switch f.contentType {
	case contentApplication:
		f.applicationData = p.opaque()
	case contentProposal:
		f.proposal = new(proposal)
		f.proposal.decode(p)
	case contentCommit:
		f.commit = new(commit)
		f.commit.decode(p)
	default:
		p.fail(errBadEnum("content type", uint64(f.contentType)))
	}
}

func (f *framedContent) encode(w *builder) {
	w.opaque(f.groupID)
	w.u64(f.epoch)
	f.sender.encode(w)
	w.opaque(f.authenticatedData)
	w.u8(f.contentType)
	f.encodeBody(w)
}

func (f *framedContent) decode(p *parser) {
	f.groupID = p.opaque()
	f.epoch = p.u64()
	f.sender.decode(p)
	f.authenticatedData = p.opaque()
	f.contentType = p.u8()
	f.decodeBody(p)
}

// authData is FramedContentAuthData (§6.1).
type authData struct {
	signature       []byte
	confirmationTag []byte // commits only
}

func (a *authData) encode(w *builder, contentType uint8) {
	w.opaque(a.signature)
	if contentType == contentCommit {
		w.opaque(a.confirmationTag)
	}
}

func (a *authData) decode(p *parser, contentType uint8) {
	a.signature = p.opaque()
	if contentType == contentCommit {
		a.confirmationTag = p.opaque()
	}
}

// authenticatedContent is AuthenticatedContent (§6.1).
type authenticatedContent struct {
	wireFormat uint16
	content    framedContent
	auth       authData
}

func (a *authenticatedContent) encode(w *builder) {
	w.u16(a.wireFormat)
	a.content.encode(w)
	a.auth.encode(w, a.content.contentType)
}

func (a *authenticatedContent) decode(p *parser) {
	a.wireFormat = p.u16()
	a.content.decode(p)
	a.auth.decode(p, a.content.contentType)
}

// tbs is FramedContentTBS; ctx is required for member and new-member-commit
// senders.
func (a *authenticatedContent) tbs(ctx *groupContext) []byte {
	var w builder
	w.u16(protocolVersionMLS10)
	w.u16(a.wireFormat)
	a.content.encode(&w)
	switch a.content.sender.senderType {
	case senderMember, senderNewMemberCommit:
		ctx.encode(&w)
	}
	return w.b
}

// publicMessage is PublicMessage (§6.2).
type publicMessage struct {
	content       framedContent
	auth          authData
	membershipTag []byte
}

func (m *publicMessage) encode(w *builder) {
	m.content.encode(w)
	m.auth.encode(w, m.content.contentType)
	if m.content.sender.senderType == senderMember {
		w.opaque(m.membershipTag)
	}
}

func (m *publicMessage) decode(p *parser) {
	m.content.decode(p)
	m.auth.decode(p, m.content.contentType)
	if m.content.sender.senderType == senderMember {
		m.membershipTag = p.opaque()
	}
}

// privateMessage is PrivateMessage (§6.3).
type privateMessage struct {
	groupID             []byte
	epoch               uint64
	contentType         uint8
	authenticatedData   []byte
	encryptedSenderData []byte
	ciphertext          []byte
}

func (m *privateMessage) encode(w *builder) {
	w.opaque(m.groupID)
	w.u64(m.epoch)
	w.u8(m.contentType)
	w.opaque(m.authenticatedData)
	w.opaque(m.encryptedSenderData)
	w.opaque(m.ciphertext)
}

func (m *privateMessage) decode(p *parser) {
	m.groupID = p.opaque()
	m.epoch = p.u64()
	m.contentType = p.u8()
	if m.contentType < contentApplication || m.contentType > contentCommit {
		p.fail(errBadEnum("content type", uint64(m.contentType)))
	}
	m.authenticatedData = p.opaque()
	m.encryptedSenderData = p.opaque()
	m.ciphertext = p.opaque()
}

type groupSecrets struct {
	joinerSecret []byte
	pathSecret   []byte // nil when absent
	psks         []preSharedKeyID
}

func (g *groupSecrets) encode(w *builder) {
	w.opaque(g.joinerSecret)
	w.optional(g.pathSecret != nil, func(w *builder) { w.opaque(g.pathSecret) })
	w.vec(func(w *builder) {
		for i := range g.psks {
			g.psks[i].encode(w)
		}
	})
}

func (g *groupSecrets) decode(p *parser) {
	g.joinerSecret = p.opaque()
	if p.optional() {
		g.pathSecret = p.opaque()
		if g.pathSecret == nil {
			g.pathSecret = []byte{}
		}
	}
	g.psks = []preSharedKeyID{}
	p.vec(func(p *parser) {
		var id preSharedKeyID
		id.decode(p)
		g.psks = append(g.psks, id)
	})
}

type encryptedGroupSecrets struct {
	newMember []byte
	secrets   hpkeCiphertext
}

// welcome is Welcome (§12.4.3.1).
type welcome struct {
	cipherSuite        CipherSuite
	secrets            []encryptedGroupSecrets
	encryptedGroupInfo []byte
}

func (wl *welcome) encode(w *builder) {
	w.u16(uint16(wl.cipherSuite))
	w.vec(func(w *builder) {
		for i := range wl.secrets {
			w.opaque(wl.secrets[i].newMember)
			wl.secrets[i].secrets.encode(w)
		}
	})
	w.opaque(wl.encryptedGroupInfo)
}

func (wl *welcome) decode(p *parser) {
	wl.cipherSuite = CipherSuite(p.u16())
	wl.secrets = []encryptedGroupSecrets{}
	p.vec(func(p *parser) {
		e := encryptedGroupSecrets{newMember: p.opaque()}
		e.secrets.decode(p)
		wl.secrets = append(wl.secrets, e)
	})
	wl.encryptedGroupInfo = p.opaque()
}

// groupInfo is GroupInfo (§12.4.3).
type groupInfo struct {
	groupContext    groupContext
	extensions      []extension
	confirmationTag []byte
	signer          uint32
	signature       []byte
}

func (g *groupInfo) encodeBody(w *builder) {
	g.groupContext.encode(w)
	encodeExtensions(w, g.extensions)
	w.opaque(g.confirmationTag)
	w.u32(g.signer)
}

func (g *groupInfo) encode(w *builder) {
	g.encodeBody(w)
	w.opaque(g.signature)
}

func (g *groupInfo) decode(p *parser) {
	g.groupContext.decode(p)
	g.extensions = decodeExtensions(p)
	g.confirmationTag = p.opaque()
	g.signer = p.u32()
	g.signature = p.opaque()
}

func (g *groupInfo) tbs() []byte {
	var w builder
	g.encodeBody(&w)
	return w.b
}

// mlsMessage is MLSMessage (§6).
type mlsMessage struct {
	version    uint16
	wireFormat uint16
	public     *publicMessage
	private    *privateMessage
	welcome    *welcome
	groupInfo  *groupInfo
	keyPackage *keyPackage
}

func (m *mlsMessage) encode(w *builder) {
	w.u16(m.version)
	w.u16(m.wireFormat)
	switch m.wireFormat {
	case wirePublicMessage:
		m.public.encode(w)
	case wirePrivateMessage:
		m.private.encode(w)
	case wireWelcome:
		m.welcome.encode(w)
	case wireGroupInfo:
		m.groupInfo.encode(w)
	case wireKeyPackage:
		m.keyPackage.encode(w)
	}
}

var errVersion = errors.New("mls: unsupported protocol version")

func (m *mlsMessage) decode(p *parser) {
	m.version = p.u16()
	if p.err == nil && m.version != protocolVersionMLS10 {
		p.fail(errVersion)
	}
	m.wireFormat = p.u16()
	switch m.wireFormat {
	case wirePublicMessage:
		m.public = new(publicMessage)
		m.public.decode(p)
	case wirePrivateMessage:
		m.private = new(privateMessage)
		m.private.decode(p)
	case wireWelcome:
		m.welcome = new(welcome)
		m.welcome.decode(p)
	case wireGroupInfo:
		m.groupInfo = new(groupInfo)
		m.groupInfo.decode(p)
	case wireKeyPackage:
		m.keyPackage = new(keyPackage)
		m.keyPackage.decode(p)
	default:
		p.fail(errBadEnum("wire format", uint64(m.wireFormat)))
	}
}

// ratchetTreeExt wraps a tree for decodeAll.
type ratchetTreeExt struct{ nodes []treeNode }

func (r *ratchetTreeExt) encode(w *builder) { encodeRatchetTree(w, r.nodes) }
func (r *ratchetTreeExt) decode(p *parser)  { r.nodes = decodeRatchetTree(p) }
