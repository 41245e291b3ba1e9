package chainmsg

import (
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Governance is authenticated end to end: governors sign typed digests of
// each act with their own keys, the contract checks those signatures and
// emits them with the act, and every enclave checks them again against the
// network's genesis. The host that carries an act to its enclave can drop
// it, but cannot forge, alter, replay or reorder one.

// GovernanceDomain tags every governance digest. It differs from Domain in
// content and length, so no enclave signature is ever a governance one.
const GovernanceDomain = "anonify-governance-v1"

// GenesisDomain tags the genesis hash.
const GenesisDomain = "anonify-genesis-v1"

// Act is what a governance decision does.
type Act uint8

const (
	// ActPolicy installs an admission policy: nonce is the version it
	// becomes (the current one plus 1), payload keccak256(policy).
	ActPolicy Act = 1
	// ActFounder names the enclave that founds (or re-founds) the group:
	// nonce is the number of earlier foundings, payload the identity.
	ActFounder Act = 2
	// ActExpel expels a member: it may no longer post, and members remove
	// it from the group key. Nonce 0, payload the identity.
	ActExpel Act = 3
	// ActAuditor sets an auditor's scope, or removes the auditor when the
	// scope is empty: nonce is the number of earlier auditor acts plus 1,
	// payload AuditorPayload(key, scope).
	ActAuditor Act = 4
	// ActCustodians sets the disaster-recovery custodians: any Threshold
	// of Keys recover, and no keys (threshold 0) removes recovery. Nonce
	// is the custodian version it becomes (the number of earlier
	// custodian acts plus 1), payload CustodiansPayload(keys, threshold).
	ActCustodians Act = 5
)

func (a Act) String() string {
	switch a {
	case ActPolicy:
		return "policy"
	case ActFounder:
		return "founder"
	case ActExpel:
		return "expel"
	case ActAuditor:
		return "auditor"
	case ActCustodians:
		return "custodians"
	}
	return fmt.Sprintf("act(%d)", uint8(a))
}

// AddressPayload is the payload of an act about one identity: the address
// as a left-padded 32-byte word, as Solidity's bytes32(uint256(uint160(a))).
func AddressPayload(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

// AuditorPayload is the payload of an auditor act:
// keccak256(key ‖ scope), as abi.encodePacked(bytes32, bytes).
func AuditorPayload(key [32]byte, scope []byte) common.Hash {
	return crypto.Keccak256Hash(key[:], scope)
}

// CustodiansPayload is the payload of a custodian act:
// keccak256(PackCustodians(keys, threshold)), as
// keccak256(abi.encodePacked(uint8, bytes32[])).
func CustodiansPayload(keys [][32]byte, threshold uint8) common.Hash {
	return crypto.Keccak256Hash(PackCustodians(keys, threshold))
}

// PackCustodians is uint8 threshold ‖ key1 ‖ key2 ‖ …: the custodian
// act's signed preimage, which the contract keeps as the proposal's policy
// (ProposedEvent.Policy, ledger.Proposal.Policy).
func PackCustodians(keys [][32]byte, threshold uint8) []byte {
	out := make([]byte, 0, 1+32*len(keys))
	out = append(out, threshold)
	for _, k := range keys {
		out = append(out, k[:]...)
	}
	return out
}

// SameCustodians reports whether two custodian sets hold the same keys,
// in any order, with the same threshold: the same recovery, whatever order
// governance listed the keys in.
func SameCustodians(a [][32]byte, ta uint8, b [][32]byte, tb uint8) bool {
	if ta != tb || len(a) != len(b) {
		return false
	}
	in := map[[32]byte]bool{}
	for _, k := range a {
		in[k] = true
	}
	for _, k := range b {
		if !in[k] {
			return false
		}
	}
	return len(in) == len(b)
}

// UnpackCustodians reverses PackCustodians.
func UnpackCustodians(packed []byte) (keys [][32]byte, threshold uint8, err error) {
	if len(packed) == 0 || (len(packed)-1)%32 != 0 {
		return nil, 0, fmt.Errorf("chainmsg: a packed custodian set is 1 + 32k bytes, not %d", len(packed))
	}
	keys = make([][32]byte, (len(packed)-1)/32)
	for i := range keys {
		copy(keys[i][:], packed[1+32*i:])
	}
	return keys, packed[0], nil
}

// GovernanceDigest is what each governor signs to approve an act:
//
//	keccak256(GovernanceDomain ‖ uint256 chainID ‖ contract ‖ uint8 act ‖ uint64 nonce ‖ bytes32 payload)
//
// (abi.encodePacked in the contract).
func GovernanceDigest(chainID *big.Int, contract common.Address, act Act, nonce uint64, payload common.Hash) common.Hash {
	buf := make([]byte, 0, len(GovernanceDomain)+32+common.AddressLength+1+8+common.HashLength)
	buf = append(buf, GovernanceDomain...)
	buf = append(buf, uint256Bytes(chainID)...)
	buf = append(buf, contract.Bytes()...)
	buf = append(buf, byte(act))
	buf = binary.BigEndian.AppendUint64(buf, nonce)
	buf = append(buf, payload.Bytes()...)
	return crypto.Keccak256Hash(buf)
}

// Genesis is what fixes a network for ever: the chain, the contract, the
// governors and how many of them must agree, and the policy it started
// with. Its hash is bound into every enclave's evidence, so members and
// clients refuse an enclave that follows another network's governance.
type Genesis struct {
	ChainID    uint64
	Contract   common.Address
	Governors  []common.Address // in the contract's order
	Threshold  uint64
	PolicyHash common.Hash // keccak256 of the policy of version 1
	// Policy is the policy of version 1 itself, as the deployment's
	// PolicyChanged event carries it; not part of Hash (PolicyHash is).
	// An enclave takes its chain anchor from it (attest.AnchorOf), so it
	// needs the bytes, and checks them against PolicyHash (CheckPolicy).
	Policy []byte
}

// CheckPolicy checks that Policy is the genesis's first policy.
func (g *Genesis) CheckPolicy() error {
	if len(g.Policy) == 0 {
		return fmt.Errorf("chainmsg: genesis lacks its first policy's bytes")
	}
	if h := crypto.Keccak256Hash(g.Policy); h != g.PolicyHash {
		return fmt.Errorf("chainmsg: genesis policy hashes to %s, the genesis names %s", h.Hex(), g.PolicyHash.Hex())
	}
	return nil
}

// Hash is keccak256(GenesisDomain ‖ uint256 chainID ‖ contract ‖ uint256
// threshold ‖ listHash(governors) ‖ policyHash), as the contract computes
// it at deployment.
func (g *Genesis) Hash() common.Hash {
	buf := make([]byte, 0, len(GenesisDomain)+32+common.AddressLength+32+2*common.HashLength)
	buf = append(buf, GenesisDomain...)
	buf = append(buf, uint256Bytes(new(big.Int).SetUint64(g.ChainID))...)
	buf = append(buf, g.Contract.Bytes()...)
	buf = append(buf, uint256Bytes(new(big.Int).SetUint64(g.Threshold))...)
	buf = append(buf, listHash(g.Governors).Bytes()...)
	buf = append(buf, g.PolicyHash.Bytes()...)
	return crypto.Keccak256Hash(buf)
}

// Check reports whether g is a well-formed genesis: governors distinct and
// non-zero, 1 <= threshold <= len(governors).
func (g *Genesis) Check() error {
	if g.ChainID == 0 || g.Contract == (common.Address{}) {
		return fmt.Errorf("chainmsg: genesis names no chain or contract")
	}
	seen := map[common.Address]bool{}
	for _, a := range g.Governors {
		if a == (common.Address{}) || seen[a] {
			return fmt.Errorf("chainmsg: genesis governor %s is zero or repeated", a.Hex())
		}
		seen[a] = true
	}
	if g.Threshold == 0 || g.Threshold > uint64(len(g.Governors)) {
		return fmt.Errorf("chainmsg: genesis threshold %d of %d governors", g.Threshold, len(g.Governors))
	}
	return nil
}

// VerifyApprovals checks that sigs hold at least the genesis threshold of
// signatures by distinct genesis governors over digest. Signatures that do
// not recover to a governor, or repeat one, are not counted, and the error
// says how many counted, so a refusal in a log explains itself.
func (g *Genesis) VerifyApprovals(digest common.Hash, sigs [][]byte) error {
	gov := map[common.Address]bool{}
	for _, a := range g.Governors {
		gov[a] = true
	}
	counted := map[common.Address]bool{}
	for _, sig := range sigs {
		signer, err := Recover(digest, sig)
		if err != nil || !gov[signer] || counted[signer] {
			continue
		}
		counted[signer] = true
	}
	if uint64(len(counted)) < g.Threshold {
		return fmt.Errorf("chainmsg: %d valid governor signatures of %d given, %d needed", len(counted), len(sigs), g.Threshold)
	}
	return nil
}
