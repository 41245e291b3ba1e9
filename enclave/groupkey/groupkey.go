// Package groupkey holds the secret the member enclaves of a network share:
// an RFC 9420 (MLS) group whose epochs the ledger orders. Every handshake
// the contract accepts is one MLS commit (Add with a Welcome, an UpdatePath
// rotation, or a Remove); every member processes it in ledger order, so all
// agree on the epoch and its secrets. Command ciphertexts are keyed from the
// MLS exporter of the current epoch, so a removed enclave cannot read what
// is posted after its removal (post-compromise security), and secrets of
// past epochs are deleted as soon as the ledger moves on (forward secrecy):
// the contract refuses commands for any epoch but the current one, so no
// later ciphertext can need them.
//
// The surface is deliberately small: Epoch, Secret, Commit, Process, Skip,
// Members, Marshal. The enclave never touches MLS directly.
//
// Trust: TRUSTED. Never hand a Group or its secrets to the host.
package groupkey

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/crypto/cryptobyte"

	"github.com/anonify-go/anonify/mls"
)

// Suite is the cipher suite every Anonify group uses (RFC 9420 suite 1).
const Suite = mls.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519

const exporterLabel = "anonify ledger commands v1"

// secretLen is the length of each epoch's command secret, fixed because
// the sealed encoding stores secrets without a length.
const secretLen = 32

// Group is this enclave's MLS member state plus the ledger epoch it is at.
// Ledger and MLS epochs advance together; they can differ only when a
// handshake the contract accepted fails MLS validation everywhere (Skip),
// which moves the ledger epoch alone.
type Group struct {
	g       *mls.Group
	epoch   uint64 // ledger epoch
	secrets map[uint64][]byte
	// keepOld retains earlier epochs' secrets (a joiner waiting for its
	// state snapshot still has to decrypt the commands ordered before it).
	keepOld bool
}

var (
	ErrEpoch    = errors.New("groupkey: no secret for that epoch")
	ErrRemoved  = errors.New("groupkey: this enclave was removed from the group")
	ErrIdentity = errors.New("groupkey: key package does not belong to the registered identity")
)

// GroupID names the MLS group of one network.
func GroupID(chainID uint64, contract common.Address) []byte {
	return append(binary.BigEndian.AppendUint64([]byte("anonify/"), chainID), contract[:]...)
}

// NewSigner draws the enclave's MLS signature key and its KeyPackage, whose
// credential is the enclave's ledger identity.
func NewSigner(identity common.Address) (sigPriv []byte, kp *mls.KeyPackageSecret, err error) {
	sigPriv, _, err = mls.GenerateSignatureKey(Suite)
	if err != nil {
		return nil, nil, err
	}
	kp, err = mls.NewKeyPackage(Suite, identity[:], sigPriv)
	return sigPriv, kp, err
}

// CheckKeyPackage verifies a registered KeyPackage (signatures, suite) and
// that its credential names the registering identity, and returns its MLS
// signature key: the key every leaf of that identity must carry.
func CheckKeyPackage(kp []byte, identity common.Address) (signatureKey []byte, err error) {
	info, err := mls.ParseKeyPackage(kp)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIdentity, err)
	}
	if info.CipherSuite != Suite {
		return nil, fmt.Errorf("%w: cipher suite %d, the network uses %d", ErrIdentity, info.CipherSuite, Suite)
	}
	if !bytes.Equal(info.Identity, identity[:]) {
		return nil, fmt.Errorf("%w: credential names %x, registered as %s", ErrIdentity, info.Identity, identity.Hex())
	}
	return info.SignatureKey, nil
}

// Member is one leaf of the group: the enclave identity its credential
// names, and its MLS signature key.
type Member struct {
	Identity     common.Address
	SignatureKey []byte
}

// Changes is what a commit does to the group, for the enclave to judge
// before the commit is installed.
type Changes struct {
	Committer   Member
	Added, Gone []Member
}

func toMember(m mls.Member) Member {
	return Member{Identity: common.BytesToAddress(m.Identity), SignatureKey: m.SignatureKey}
}

// Found creates the group with this enclave as its only member.
func Found(groupID []byte, identity common.Address, sigPriv []byte, ledgerEpoch uint64) (*Group, error) {
	g, err := mls.NewGroup(Suite, groupID, identity[:], sigPriv)
	if err != nil {
		return nil, err
	}
	k := &Group{g: g, epoch: ledgerEpoch, secrets: map[uint64][]byte{}}
	return k, k.derive()
}

// Join enters the group from a Welcome that the ledger ordered at
// ledgerEpoch (the new group is at ledgerEpoch+1). It also returns the
// member that signed the Welcome's GroupInfo (the committer that added
// this enclave), whom the state transfer must come from.
func Join(welcome []byte, kp *mls.KeyPackageSecret, ledgerEpoch uint64) (*Group, Member, error) {
	g, err := mls.Join(welcome, kp, nil)
	if err != nil {
		return nil, Member{}, err
	}
	var by Member
	for _, m := range g.Members() {
		if m.LeafIndex == g.Welcomer() {
			by = toMember(m)
		}
	}
	k := &Group{g: g, epoch: ledgerEpoch + 1, secrets: map[uint64][]byte{}, keepOld: true}
	return k, by, k.derive()
}

func (k *Group) derive() error {
	s, err := k.g.Exporter(exporterLabel, binary.BigEndian.AppendUint64(nil, k.epoch), secretLen)
	if err != nil {
		return err
	}
	if !k.keepOld {
		for e, old := range k.secrets {
			clear(old)
			delete(k.secrets, e)
		}
	}
	k.secrets[k.epoch] = s
	return nil
}

// Settle ends a joiner's catch-up: secrets of earlier epochs go.
func (k *Group) Settle() {
	k.keepOld = false
	for e, old := range k.secrets {
		if e != k.epoch {
			clear(old)
			delete(k.secrets, e)
		}
	}
}

// Epoch is the ledger epoch the group is at.
func (k *Group) Epoch() uint64 { return k.epoch }

// MLSEpoch is the underlying MLS epoch.
func (k *Group) MLSEpoch() uint64 { return k.g.Epoch() }

// Secret returns the command secret of a ledger epoch still held.
func (k *Group) Secret(epoch uint64) ([]byte, error) {
	s, ok := k.secrets[epoch]
	if !ok {
		return nil, fmt.Errorf("%w: epoch %d (this member is at %d; past secrets are deleted)", ErrEpoch, epoch, k.epoch)
	}
	return s, nil
}

// Commit stages a commit for the current epoch; nothing changes until the
// ledger returns it to Process.
func (k *Group) Commit(opts mls.CommitOptions) (*mls.CommitResult, error) {
	return k.g.Commit(opts)
}

// Process applies the commit the ledger ordered for the current epoch,
// after check (when not nil) accepted what it changes. On error the MLS
// state is unchanged; the caller decides whether to Skip. The enclave's
// own staged commit is installed without check: it was judged when staged.
func (k *Group) Process(commit []byte, check func(Changes) error) (removed bool, err error) {
	var mlsCheck func(*mls.Received) error
	if check != nil {
		mlsCheck = func(r *mls.Received) error {
			c := Changes{}
			for _, m := range k.g.Members() {
				if m.LeafIndex == r.Sender {
					c.Committer = toMember(m)
				}
			}
			for _, m := range r.Added {
				c.Added = append(c.Added, toMember(m))
			}
			for _, m := range r.Gone {
				c.Gone = append(c.Gone, toMember(m))
			}
			return check(c)
		}
	}
	r, err := k.g.ProcessChecked(commit, mlsCheck)
	if err != nil {
		return false, err
	}
	if r.Type != mls.CommitContent {
		return false, fmt.Errorf("groupkey: handshake is not a commit")
	}
	if r.Removed {
		k.epoch++
		for e, old := range k.secrets {
			clear(old)
			delete(k.secrets, e)
		}
		return true, nil
	}
	k.epoch++
	return false, k.derive()
}

// Skip advances the ledger epoch over a handshake that every member
// refused, keeping the MLS epoch; the new ledger epoch gets its own secret.
func (k *Group) Skip() error {
	k.epoch++
	return k.derive()
}

// MemberList lists the members in leaf order with their signature keys.
func (k *Group) MemberList() []Member {
	var out []Member
	for _, m := range k.g.Members() {
		out = append(out, toMember(m))
	}
	return out
}

// Members lists the identities in the MLS tree with their leaf indices.
func (k *Group) Members() map[common.Address]uint32 {
	out := map[common.Address]uint32{}
	for _, m := range k.g.Members() {
		if len(m.Identity) == common.AddressLength {
			out[common.BytesToAddress(m.Identity)] = m.LeafIndex
		}
	}
	return out
}

// Marshal encodes the group for the enclave's sealed blob:
// u64 ledger epoch ‖ u8 keepOld ‖ u32 n ‖ n × (u64 epoch ‖ secret[32]) ‖ MLS state.
func (k *Group) Marshal() ([]byte, error) {
	st, err := k.g.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddUint64(k.epoch)
	if k.keepOld {
		b.AddUint8(1)
	} else {
		b.AddUint8(0)
	}
	b.AddUint32(uint32(len(k.secrets)))
	// In epoch order so that one state always seals to the same bytes, as
	// the MLS state does; Unmarshal accepts any order.
	for _, e := range slices.Sorted(maps.Keys(k.secrets)) {
		b.AddUint64(e)
		b.AddBytes(k.secrets[e])
	}
	b.AddBytes(st)
	return b.Bytes()
}

// Unmarshal is the inverse of Marshal.
func Unmarshal(b []byte) (*Group, error) {
	in := cryptobyte.String(b)
	var (
		epoch   uint64
		keepOld uint8
		n       uint32
	)
	if !in.ReadUint64(&epoch) || !in.ReadUint8(&keepOld) || !in.ReadUint32(&n) {
		return nil, fmt.Errorf("groupkey: sealed group of %d bytes is truncated", len(b))
	}
	k := &Group{epoch: epoch, keepOld: keepOld == 1, secrets: map[uint64][]byte{}}
	// A count the input cannot hold fails at the first missing entry, so n
	// bounds no allocation and no more work than the input's length.
	for range n {
		var e uint64
		var s []byte
		if !in.ReadUint64(&e) || !in.ReadBytes(&s, secretLen) {
			return nil, fmt.Errorf("groupkey: sealed group truncated in its secrets")
		}
		k.secrets[e] = bytes.Clone(s)
	}
	k.g = new(mls.Group)
	if err := k.g.UnmarshalBinary([]byte(in)); err != nil {
		return nil, fmt.Errorf("groupkey: sealed MLS state: %w", err)
	}
	return k, nil
}
