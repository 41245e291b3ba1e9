// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title AnonifyLedger
/// @notice The on-chain half of Anonify-Go: a registry of enclave identities,
/// a governance of allowed-enclave policy, and the ordered log of group-key
/// handshakes and encrypted command batches that every enclave replays.
/// @dev The contract never sees plaintext. Authority comes only from the
/// enclave signature carried inside each call; the transaction sender is an
/// untrusted host that merely pays gas. The signed digests are specified in
/// docs/ARCHITECTURE.md ("On-chain protocol") and computed off-chain by the
/// Go package wire/chainmsg; the two must stay byte-for-byte identical.
contract AnonifyLedger {
    // ---------------------------------------------------------------------
    // Constants
    // ---------------------------------------------------------------------

    /// Domain tag of every signed digest. Changing it invalidates every
    /// signature, so it names the protocol version.
    bytes17 public constant DOMAIN = "anonify-ledger-v1";
    /// Domain tag of every governance digest (what governors sign).
    bytes21 public constant GOVERNANCE_DOMAIN = "anonify-governance-v1";
    /// Domain tag of the genesis hash.
    bytes18 public constant GENESIS_DOMAIN = "anonify-genesis-v1";

    uint8 private constant KIND_REGISTER = 1;
    uint8 private constant KIND_HANDSHAKE = 2;
    uint8 private constant KIND_COMMANDS = 3;
    uint8 private constant KIND_AUDIT = 4;
    uint8 private constant KIND_CHECKPOINT = 5;
    uint8 private constant KIND_CHECKPOINT_CHUNK = 6;

    // Proposal kinds, which are also the governance acts governors sign.
    uint8 private constant PROPOSAL_POLICY = 1;
    uint8 private constant PROPOSAL_FOUNDER = 2;
    uint8 private constant PROPOSAL_EXPEL = 3;
    uint8 private constant PROPOSAL_AUDITOR = 4;
    uint8 private constant PROPOSAL_CUSTODIANS = 5;

    /// secp256k1 n / 2. Signatures with s above it are the malleable twin of
    /// a low-s signature (EIP-2) and are refused so that a signature has
    /// exactly one accepted encoding.
    uint256 private constant SECP256K1_HALF_N =
        0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    // Input caps. They bound the gas of one call and keep every transaction
    // under geth's 128 KiB transaction-pool limit, so a host cannot post a
    // batch that some nodes' pools would silently drop.
    uint256 public constant MAX_CIPHERTEXTS = 256; // per postCommands
    uint256 public constant MAX_CIPHERTEXT_BYTES = 16384; // per ciphertext
    uint256 public constant MAX_BATCH_BYTES = 98304; // sum over one batch
    uint256 public constant MAX_REQUEST_KEY_BYTES = 1024;
    uint256 public constant MAX_KEY_PACKAGE_BYTES = 16384;
    uint256 public constant MAX_EVIDENCE_BYTES = 65536;
    uint256 public constant MAX_HANDSHAKE_BYTES = 65536;
    uint256 public constant MAX_MEMBERSHIP_CHANGES = 64; // adds, and removes, per handshake
    uint256 public constant MAX_POLICY_BYTES = 16384;
    uint256 public constant MAX_GOVERNORS = 32;
    uint256 public constant MAX_SCOPE_BYTES = 1024;
    /// Every in-scope command costs one record per auditor whose scope
    /// holds it, so the auditor set is bounded.
    uint256 public constant MAX_AUDITORS = 16;
    uint256 public constant MAX_AUDIT_HEADER_BYTES = 512;
    /// Disaster-recovery custodians: keys of one k-of-n set.
    uint256 public constant MAX_CUSTODIANS = 16;
    /// A checkpoint's manifest (one per epoch) and each of its chunks. A
    /// full chunk's transaction is about 66 KB, half of geth's pool limit.
    uint256 public constant MAX_MANIFEST_BYTES = 8192;
    uint256 public constant MAX_CHUNK_BYTES = 65536;

    // BadSignature reasons.
    uint8 private constant SIG_LENGTH = 1; // not 65 bytes
    uint8 private constant SIG_HIGH_S = 2; // s > n/2
    uint8 private constant SIG_V = 3; // v not 27 or 28
    uint8 private constant SIG_UNRECOVERABLE = 4; // ecrecover returned address(0)
    uint8 private constant SIG_WRONG_SIGNER = 5; // register: signer is not the identity

    // ---------------------------------------------------------------------
    // Errors (decoded by ledger/ethereum into typed Go errors)
    // ---------------------------------------------------------------------

    error BadSignature(uint8 reason);
    error UnknownSigner(address signer);
    error AlreadyRegistered(address identity);
    error NotRegistered(address identity);
    error NotMember(address identity);
    error AlreadyMember(address identity);
    /// The identity was removed from the group once; it may not come back
    /// (its enclave's keys are presumed compromised or retired).
    error WasRemoved(address identity);
    error WrongEpoch(uint64 current, uint64 got);
    error BadSequence(uint64 expected, uint64 got);
    error EmptyBatch();
    /// A packed batch whose length prefix at offset runs past its end.
    error MalformedBatch(uint256 offset);
    error TooManyCiphertexts(uint256 count, uint256 limit);
    error EmptyCiphertext(uint256 index);
    error CiphertextTooLarge(uint256 index, uint256 size, uint256 limit);
    error BatchTooLarge(uint256 size, uint256 limit);
    error EmptyField(string field);
    error FieldTooLarge(string field, uint256 size, uint256 limit);
    error NotGovernor(address account);
    error BadGovernor(address account);
    error BadThreshold(uint256 threshold, uint256 governors);
    error UnknownProposal(uint256 id);
    error ProposalExecuted(uint256 id);
    error AlreadyApproved(uint256 id, address governor);
    error AlreadyFounded();
    /// The proposal was made for a state that has moved on: another policy
    /// version, or another founding, was executed first.
    error StaleProposal(uint256 id);
    /// A handshake removes a member governance did not expel.
    error NotExpelled(address identity);
    error AlreadyExpelled(address identity);
    /// Removing (empty scope) a key that is no auditor.
    error NotAuditor(bytes32 key);
    error TooManyAuditors(uint256 limit);
    /// A custodian set whose threshold is not between 1 and its number of
    /// keys (or, for the empty set that removes recovery, not 0).
    error BadCustodians(uint256 threshold, uint256 keys);
    error DuplicateCustodian(bytes32 key);
    /// The epoch has its checkpoint manifest already: one per epoch.
    error AlreadyCheckpointed(uint64 epoch);
    /// A checkpoint chunk for an epoch that has no manifest.
    error NoCheckpoint(uint64 epoch);

    // ---------------------------------------------------------------------
    // Events (the log every enclave replays in (block, log index) order)
    // ---------------------------------------------------------------------

    event Registered(address indexed identity, bytes requestKey, bytes keyPackage, bytes evidence);
    event Handshake(uint64 indexed epoch, address indexed committer, bytes handshake, address[] adds, address[] removes);
    /// batch is packed: `u16 length ‖ ciphertext` for each (see postCommands).
    event Commands(address indexed enclave, uint64 indexed epoch, uint64 seq, bytes batch);
    /// Every governance act is emitted with the governors' signatures over
    /// its governance digest, so that enclaves check them against the
    /// genesis themselves instead of believing the event. Version 1 (the
    /// deployment's policy) carries none: the genesis hash covers it.
    event PolicyChanged(uint64 indexed version, bytes policy, bytes[] sigs);
    event Founded(address indexed identity, uint64 nonce, bytes[] sigs);
    event Expelled(address indexed identity, bytes[] sigs);
    /// An auditor's scope was set (registered or changed) or, when scope is
    /// empty, the auditor was removed. sigs are over
    /// governanceDigest(PROPOSAL_AUDITOR, nonce, keccak256(key ‖ scope)).
    event AuditorChanged(bytes32 indexed key, bytes scope, uint64 nonce, bytes[] sigs);
    /// A member enclave's post of audit records (wire/audit): header is
    /// sealed to the group (which records these are), records are sealed to
    /// the auditors, each unreadable to everyone else.
    event Audit(address indexed enclave, uint64 indexed epoch, uint64 seq, bytes header, bytes[] records);
    /// The disaster-recovery custodian set became keys, any threshold of
    /// which recover; an empty set (threshold 0) removes recovery. sigs
    /// are over governanceDigest(PROPOSAL_CUSTODIANS, version,
    /// keccak256(uint8 threshold ‖ keys)).
    event CustodiansChanged(uint64 indexed version, bytes32[] keys, uint8 threshold, bytes[] sigs);
    /// A member enclave's checkpoint manifest for epoch (at most one per
    /// epoch); the chunks it lists follow as CheckpointChunk events. sig is
    /// the enclave's over checkpointDigest(epoch, manifest), so that readers
    /// check who signed the manifest instead of believing the event.
    event Checkpoint(uint64 indexed epoch, address indexed enclave, bytes manifest, bytes sig);
    /// One chunk of epoch's checkpoint. Any member may post any chunk, also
    /// again: readers check chunks against the manifest.
    event CheckpointChunk(uint64 indexed epoch, address indexed enclave, uint32 index, bytes chunk);
    /// target is the founder or the expelled identity; nonce is the policy
    /// version, founding number, auditor or custodian act the proposal is
    /// for; policy is the policy, the auditor's scope, or the custodian
    /// set as signed (uint8 threshold ‖ keys).
    event Proposed(uint256 indexed id, address indexed proposer, uint8 kind, bytes policy, address target, uint64 nonce);
    event Approved(uint256 indexed id, address indexed governor, uint256 approvals);

    // ---------------------------------------------------------------------
    // State
    // ---------------------------------------------------------------------

    struct Proposal {
        uint8 kind;
        bool executed;
        uint64 approvals;
        uint64 nonce; // the policy version or founding number it is for
        address target; // founder or expelled identity
        bytes32 subject; // the auditor's key
        bytes policy; // the policy, the auditor's scope, or uint8 threshold ‖ custodian keys
        bytes[] sigs;
    }

    /// Block of deployment: followers start replaying the log here.
    uint64 public immutable deployedAt;
    uint256 public immutable threshold;
    /// keccak256 of the deployment's policy (version 1).
    bytes32 public immutable initialPolicyHash;
    /// The network's genesis (wire/chainmsg.Genesis.Hash): chain, contract,
    /// threshold, governors and first policy. Every enclave's evidence binds
    /// it; clients compare.
    bytes32 public immutable genesisHash;

    address[] private governorList;
    mapping(address => bool) public isGovernor;

    uint256 public proposalCount;
    mapping(uint256 => Proposal) private proposalById;
    mapping(uint256 => mapping(address => bool)) public approvedBy;

    uint64 public policyVersion;
    bytes public policy;

    /// Non-zero iff the identity is registered: the register body hash
    /// (identity and the hashes of its request key, key package, evidence).
    mapping(address => bytes32) public registrationHash;

    address[] private memberList;
    mapping(address => uint256) private memberSlot; // index in memberList + 1
    mapping(address => bool) public wasRemoved;
    /// Expelled by governance: may no longer post; members remove it.
    mapping(address => bool) public expelled;
    /// Members not expelled; a (re-)founding needs none.
    uint256 public liveMembers;
    /// How many times the group was founded.
    uint64 public foundings;

    uint64 public currentEpoch;
    mapping(address => uint64) public nextSeq;

    /// Auditor acts executed: the next one has nonce auditorVersion + 1.
    uint64 public auditorVersion;
    mapping(bytes32 => bool) public isAuditor;
    uint256 public auditorCount;
    /// The sequence number of the next audit post (one series for the
    /// network: any member may post the records every member computed).
    uint64 public auditSeq;

    /// Custodian acts executed: the next one has nonce custodianVersion + 1.
    uint64 public custodianVersion;
    uint8 private custodianThreshold;
    bytes32[] private custodianKeys;
    /// The founding (1, 2, …) under which each epoch got its checkpoint
    /// manifest, 0 for none. A re-founding after every member was lost
    /// begins the current epoch number again with a new founder and a new
    /// state position, so it takes a checkpoint of its own.
    mapping(uint64 => uint64) private checkpointFounding;

    // ---------------------------------------------------------------------
    // Construction and governance
    // ---------------------------------------------------------------------

    constructor(address[] memory governors_, uint256 threshold_, bytes memory policy_) {
        uint256 n = governors_.length;
        if (n > MAX_GOVERNORS) revert FieldTooLarge("governors", n, MAX_GOVERNORS);
        if (threshold_ == 0 || threshold_ > n) revert BadThreshold(threshold_, n);
        for (uint256 i = 0; i < n; i++) {
            address g = governors_[i];
            if (g == address(0) || isGovernor[g]) revert BadGovernor(g);
            isGovernor[g] = true;
        }
        governorList = governors_;
        threshold = threshold_;
        deployedAt = uint64(block.number);
        initialPolicyHash = keccak256(policy_);
        genesisHash = keccak256(
            abi.encodePacked(
                GENESIS_DOMAIN,
                block.chainid,
                address(this),
                threshold_,
                keccak256(abi.encodePacked(governors_)),
                keccak256(policy_)
            )
        );
        _setPolicy(policy_, new bytes[](0));
    }

    /// Proposes the next policy version. Authority is the signature: sig is
    /// a governor's over governanceDigest(PROPOSAL_POLICY, version,
    /// keccak256(policy)), and counts as its approval; anyone may relay it.
    function proposePolicy(bytes calldata policy_, bytes calldata sig) external returns (uint256 id) {
        _checkPolicy(policy_);
        uint64 version = policyVersion + 1;
        id = _propose(PROPOSAL_POLICY, version, address(0), 0, policy_, keccak256(policy_), sig);
    }

    /// Proposes the founding member: the enclave that draws the group key.
    /// Only while the group has no live member (at first, or once every
    /// member was expelled).
    function proposeFounder(address identity, bytes calldata sig) external returns (uint256 id) {
        _checkFounder(identity);
        id = _propose(PROPOSAL_FOUNDER, foundings, identity, 0, "", bytes32(uint256(uint160(identity))), sig);
    }

    /// Proposes to expel a member: once executed it can post nothing, and
    /// the other members remove it from the group key.
    function proposeExpel(address identity, bytes calldata sig) external returns (uint256 id) {
        _checkExpel(identity);
        id = _propose(PROPOSAL_EXPEL, 0, identity, 0, "", bytes32(uint256(uint160(identity))), sig);
    }

    /// Proposes to register an auditor (its X25519 public key) with a scope,
    /// to change its scope, or, with an empty scope, to remove it. Auditor
    /// acts are numbered like policy versions, so none can be replayed.
    function proposeAuditor(bytes32 key, bytes calldata scope, bytes calldata sig) external returns (uint256 id) {
        _checkAuditor(key, scope);
        id = _propose(PROPOSAL_AUDITOR, auditorVersion + 1, address(0), key, scope, keccak256(abi.encodePacked(key, scope)), sig);
    }

    /// Proposes the disaster-recovery custodian set: threshold of keys
    /// recover; no keys (and threshold 0) removes recovery. Numbered like
    /// policy versions: the nonce is the custodian version it becomes. The
    /// proposal's policy holds the signed preimage, uint8 threshold ‖ keys.
    function proposeCustodians(bytes32[] calldata keys, uint8 threshold_, bytes calldata sig)
        external
        returns (uint256 id)
    {
        _checkCustodians(keys, threshold_);
        bytes memory packed = abi.encodePacked(threshold_, keys);
        id = _propose(PROPOSAL_CUSTODIANS, custodianVersion + 1, address(0), 0, packed, keccak256(packed), sig);
    }

    /// Adds a governor's approval: sig over the proposal's governance digest.
    function approve(uint256 id, bytes calldata sig) external {
        Proposal storage p = proposalById[id];
        if (p.kind == 0) revert UnknownProposal(id);
        _approve(id, p, sig);
    }

    function _propose(
        uint8 kind,
        uint64 nonce,
        address target,
        bytes32 subject,
        bytes memory policy_,
        bytes32 payload,
        bytes calldata sig
    ) private returns (uint256 id) {
        address proposer = _recover(_govDigest(kind, nonce, payload), sig);
        if (!isGovernor[proposer]) revert NotGovernor(proposer);
        id = ++proposalCount;
        Proposal storage p = proposalById[id];
        p.kind = kind;
        p.nonce = nonce;
        p.target = target;
        p.subject = subject;
        p.policy = policy_;
        emit Proposed(id, proposer, kind, policy_, target, nonce);
        _approve(id, p, sig);
    }

    function _approve(uint256 id, Proposal storage p, bytes calldata sig) private {
        if (p.executed) revert ProposalExecuted(id);
        address governor = _recover(_govDigest(p.kind, p.nonce, _payload(p)), sig);
        if (!isGovernor[governor]) revert NotGovernor(governor);
        if (approvedBy[id][governor]) revert AlreadyApproved(id, governor);
        approvedBy[id][governor] = true;
        p.sigs.push(sig);
        uint64 approvals = p.approvals + 1;
        p.approvals = approvals;
        emit Approved(id, governor, approvals);
        if (approvals < threshold) return;
        p.executed = true;
        if (p.kind == PROPOSAL_POLICY) {
            if (p.nonce != policyVersion + 1) revert StaleProposal(id);
            _setPolicy(p.policy, p.sigs);
        } else if (p.kind == PROPOSAL_FOUNDER) {
            // Re-checked at execution: the group may have been founded, or
            // the proposal may predate the identity's registration.
            if (p.nonce != foundings) revert StaleProposal(id);
            address identity = p.target;
            _checkFounder(identity);
            _clearExpelled();
            foundings++;
            _addMember(identity);
            emit Founded(identity, p.nonce, p.sigs);
        } else if (p.kind == PROPOSAL_AUDITOR) {
            if (p.nonce != auditorVersion + 1) revert StaleProposal(id);
            bytes32 key = p.subject;
            bytes memory scope = p.policy;
            _checkAuditor(key, scope);
            auditorVersion = p.nonce;
            if (scope.length == 0) {
                isAuditor[key] = false;
                auditorCount--;
            } else if (!isAuditor[key]) {
                isAuditor[key] = true;
                auditorCount++;
            }
            emit AuditorChanged(key, scope, p.nonce, p.sigs);
        } else if (p.kind == PROPOSAL_CUSTODIANS) {
            if (p.nonce != custodianVersion + 1) revert StaleProposal(id);
            (bytes32[] memory keys, uint8 t) = _unpackCustodians(p.policy);
            _checkCustodians(keys, t);
            custodianVersion = p.nonce;
            custodianThreshold = t;
            custodianKeys = keys;
            emit CustodiansChanged(p.nonce, keys, t, p.sigs);
        } else {
            address identity = p.target;
            _checkExpel(identity);
            expelled[identity] = true;
            liveMembers--;
            emit Expelled(identity, p.sigs);
        }
    }

    function _payload(Proposal storage p) private view returns (bytes32) {
        if (p.kind == PROPOSAL_POLICY || p.kind == PROPOSAL_CUSTODIANS) return keccak256(p.policy);
        if (p.kind == PROPOSAL_AUDITOR) return keccak256(abi.encodePacked(p.subject, p.policy));
        return bytes32(uint256(uint160(p.target)));
    }

    function _checkPolicy(bytes memory policy_) private pure {
        if (policy_.length == 0) revert EmptyField("policy");
        if (policy_.length > MAX_POLICY_BYTES) revert FieldTooLarge("policy", policy_.length, MAX_POLICY_BYTES);
    }

    function _setPolicy(bytes memory policy_, bytes[] memory sigs) private {
        _checkPolicy(policy_);
        policy = policy_;
        uint64 version = ++policyVersion;
        emit PolicyChanged(version, policy_, sigs);
    }

    function _checkFounder(address identity) private view {
        if (liveMembers != 0) revert AlreadyFounded();
        if (registrationHash[identity] == bytes32(0)) revert NotRegistered(identity);
        if (wasRemoved[identity] || expelled[identity]) revert WasRemoved(identity);
    }

    function _checkAuditor(bytes32 key, bytes memory scope) private view {
        if (key == bytes32(0)) revert EmptyField("key");
        if (scope.length > MAX_SCOPE_BYTES) revert FieldTooLarge("scope", scope.length, MAX_SCOPE_BYTES);
        if (scope.length == 0) {
            if (!isAuditor[key]) revert NotAuditor(key);
        } else if (!isAuditor[key] && auditorCount >= MAX_AUDITORS) {
            revert TooManyAuditors(MAX_AUDITORS);
        }
    }

    function _checkCustodians(bytes32[] memory keys, uint8 threshold_) private pure {
        uint256 n = keys.length;
        if (n > MAX_CUSTODIANS) revert FieldTooLarge("keys", n, MAX_CUSTODIANS);
        // No keys removes recovery, and then nobody's quorum is needed.
        bool ok = n == 0 ? threshold_ == 0 : threshold_ >= 1 && threshold_ <= n;
        if (!ok) revert BadCustodians(threshold_, n);
        for (uint256 i = 0; i < n; i++) {
            bytes32 k = keys[i];
            if (k == bytes32(0)) revert EmptyField("key");
            for (uint256 j = 0; j < i; j++) {
                if (keys[j] == k) revert DuplicateCustodian(k);
            }
        }
    }

    /// Reverses abi.encodePacked(uint8 threshold, bytes32[] keys), which
    /// proposeCustodians stored.
    function _unpackCustodians(bytes memory packed) private pure returns (bytes32[] memory keys, uint8 threshold_) {
        threshold_ = uint8(packed[0]);
        uint256 n = (packed.length - 1) / 32;
        keys = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            bytes32 k;
            assembly ("memory-safe") {
                k := mload(add(add(packed, 33), mul(i, 32)))
            }
            keys[i] = k;
        }
    }

    function _checkExpel(address identity) private view {
        if (memberSlot[identity] == 0) revert NotMember(identity);
        if (expelled[identity]) revert AlreadyExpelled(identity);
    }

    /// A re-founding starts a new group: the expelled members of the old one
    /// leave the member list for good. Bounded: the list was built by
    /// handshakes of at most MAX_MEMBERSHIP_CHANGES adds each.
    function _clearExpelled() private {
        while (memberList.length != 0) {
            _removeMember(memberList[memberList.length - 1]);
        }
    }

    // ---------------------------------------------------------------------
    // Enclave calls
    // ---------------------------------------------------------------------

    /// Publishes an enclave's keys and evidence. The signature by `identity`
    /// over the register digest is the proof of possession: nobody can
    /// register a key they do not hold, nor bind someone else's evidence to it.
    function register(
        address identity,
        bytes calldata requestKey,
        bytes calldata keyPackage,
        bytes calldata evidence,
        bytes calldata sig
    ) external {
        _checkField("requestKey", requestKey.length, MAX_REQUEST_KEY_BYTES);
        // Every enclave joins the MLS group through its KeyPackage.
        _checkField("keyPackage", keyPackage.length, MAX_KEY_PACKAGE_BYTES);
        _checkField("evidence", evidence.length, MAX_EVIDENCE_BYTES);
        if (registrationHash[identity] != bytes32(0)) revert AlreadyRegistered(identity);
        bytes32 body = _registerBody(identity, requestKey, keyPackage, evidence);
        if (_recover(_digest(KIND_REGISTER, body), sig) != identity) revert BadSignature(SIG_WRONG_SIGNER);
        registrationHash[identity] = body;
        emit Registered(identity, requestKey, keyPackage, evidence);
    }

    /// Records the one group-key commit of the current epoch and applies its
    /// membership changes. Whoever loses the race for an epoch gets
    /// WrongEpoch and must rebase its commit onto the winner's.
    function postHandshake(
        uint64 epoch,
        bytes calldata handshake,
        address[] calldata adds,
        address[] calldata removes,
        bytes calldata sig
    ) external {
        _checkField("handshake", handshake.length, MAX_HANDSHAKE_BYTES);
        if (adds.length > MAX_MEMBERSHIP_CHANGES) revert FieldTooLarge("adds", adds.length, MAX_MEMBERSHIP_CHANGES);
        if (removes.length > MAX_MEMBERSHIP_CHANGES) {
            revert FieldTooLarge("removes", removes.length, MAX_MEMBERSHIP_CHANGES);
        }
        address committer = _recover(_digest(KIND_HANDSHAKE, _handshakeBody(epoch, handshake, adds, removes)), sig);
        _checkMember(committer);
        if (epoch != currentEpoch) revert WrongEpoch(currentEpoch, epoch);

        for (uint256 i = 0; i < removes.length; i++) {
            // Only governance removes a member: one operator, or one stolen
            // enclave key, cannot evict the others.
            if (!expelled[removes[i]]) revert NotExpelled(removes[i]);
            _removeMember(removes[i]);
        }
        for (uint256 i = 0; i < adds.length; i++) {
            address a = adds[i];
            if (registrationHash[a] == bytes32(0)) revert NotRegistered(a);
            if (memberSlot[a] != 0) revert AlreadyMember(a);
            if (wasRemoved[a]) revert WasRemoved(a);
            _addMember(a);
        }
        currentEpoch = epoch + 1;
        emit Handshake(epoch, committer, handshake, adds, removes);
    }

    /// Appends one enclave-signed batch of encrypted commands to the log.
    /// The per-enclave sequence makes every signed batch acceptable at most
    /// once, so a replayed transaction reverts with BadSequence.
    ///
    /// The ciphertexts travel packed, `u16 length ‖ ciphertext` for each,
    /// not as bytes[]: the ABI's offset and length words, 64 mostly-zero
    /// bytes per element, cost about 1,000 gas per command in calldata and
    /// log data, a tenth of a command's cost (issue 13). The signed digest
    /// is the same (batchHash of the ciphertexts).
    function postCommands(uint64 epoch, uint64 seq, bytes calldata packed, bytes calldata sig) external {
        bytes32 batch = _packedBatchHash(packed);
        address enclave = _recover(_digest(KIND_COMMANDS, keccak256(abi.encodePacked(epoch, seq, batch))), sig);
        _checkMember(enclave);
        if (epoch != currentEpoch) revert WrongEpoch(currentEpoch, epoch);
        uint64 expected = nextSeq[enclave];
        if (seq != expected) revert BadSequence(expected, seq);
        nextSeq[enclave] = expected + 1;
        emit Commands(enclave, epoch, seq, packed);
    }

    /// Appends one member-signed post of audit records. Every member
    /// computes the same records (wire/audit seals them deterministically)
    /// and checks a post against its own, so whichever member posts first,
    /// the auditors read the same bytes; the others' posts of the same
    /// sequence number revert with BadSequence.
    function postAudit(uint64 epoch, uint64 seq, bytes calldata header, bytes[] calldata records, bytes calldata sig)
        external
    {
        _checkField("header", header.length, MAX_AUDIT_HEADER_BYTES);
        bytes32 body = keccak256(abi.encodePacked(epoch, seq, keccak256(header), _batchHash(records)));
        address enclave = _recover(_digest(KIND_AUDIT, body), sig);
        _checkMember(enclave);
        if (epoch != currentEpoch) revert WrongEpoch(currentEpoch, epoch);
        if (seq != auditSeq) revert BadSequence(auditSeq, seq);
        auditSeq = seq + 1;
        emit Audit(enclave, epoch, seq, header, records);
    }

    /// Whether epoch has its checkpoint manifest.
    function checkpointed(uint64 epoch) external view returns (bool) {
        return checkpointFounding[epoch] != 0;
    }

    /// Posts the checkpoint manifest of the current epoch, signed by a
    /// member; the first one of an epoch (under the current founding) is
    /// the epoch's, later ones revert with AlreadyCheckpointed.
    function postCheckpoint(uint64 epoch, bytes calldata manifest, bytes calldata sig) external {
        _checkField("manifest", manifest.length, MAX_MANIFEST_BYTES);
        bytes32 body = keccak256(abi.encodePacked(epoch, keccak256(manifest)));
        address enclave = _recover(_digest(KIND_CHECKPOINT, body), sig);
        _checkMember(enclave);
        if (epoch != currentEpoch) revert WrongEpoch(currentEpoch, epoch);
        if (checkpointFounding[epoch] == foundings) revert AlreadyCheckpointed(epoch);
        checkpointFounding[epoch] = foundings;
        emit Checkpoint(epoch, enclave, manifest, sig);
    }

    /// Posts one chunk of the checkpoint of epoch, which must have its
    /// manifest (it may be an earlier epoch: chunks follow the manifest
    /// over several blocks). Duplicates are accepted: any member may post
    /// any chunk again, and readers keep those that match the manifest.
    function postCheckpointChunk(uint64 epoch, uint32 index, bytes calldata chunk, bytes calldata sig) external {
        _checkField("chunk", chunk.length, MAX_CHUNK_BYTES);
        bytes32 body = keccak256(abi.encodePacked(epoch, index, keccak256(chunk)));
        address enclave = _recover(_digest(KIND_CHECKPOINT_CHUNK, body), sig);
        _checkMember(enclave);
        if (checkpointFounding[epoch] == 0) revert NoCheckpoint(epoch);
        emit CheckpointChunk(epoch, enclave, index, chunk);
    }

    // ---------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------

    function registered(address identity) external view returns (bool) {
        return registrationHash[identity] != bytes32(0);
    }

    function isMember(address identity) external view returns (bool) {
        return memberSlot[identity] != 0;
    }

    function members() external view returns (address[] memory) {
        return memberList;
    }

    function governors() external view returns (address[] memory) {
        return governorList;
    }

    /// Everything a node needs to resume, read in one call so that it is
    /// consistent (one block's state).
    function state()
        external
        view
        returns (
            uint64 epoch,
            address[] memory memberSet,
            uint64 version,
            bytes memory currentPolicy,
            uint64 nextAuditSeq,
            uint64 custodiansVersion,
            bytes32[] memory custodianSet,
            uint8 custodianQuorum
        )
    {
        return (
            currentEpoch,
            memberList,
            policyVersion,
            policy,
            auditSeq,
            custodianVersion,
            custodianKeys,
            custodianThreshold
        );
    }

    /// The disaster-recovery custodian set: any threshold of keys recover
    /// (none: no recovery), as set by custodian act number version.
    function custodians() external view returns (bytes32[] memory keys, uint8 threshold_, uint64 version) {
        return (custodianKeys, custodianThreshold, custodianVersion);
    }

    function proposal(uint256 id)
        external
        view
        returns (
            uint8 kind,
            bool executed,
            uint64 approvals,
            address target,
            uint64 nonce,
            bytes memory proposedPolicy,
            bytes32 subject
        )
    {
        Proposal storage p = proposalById[id];
        if (p.kind == 0) revert UnknownProposal(id);
        return (p.kind, p.executed, p.approvals, p.target, p.nonce, p.policy, p.subject);
    }

    /// The digest a governor signs to propose or approve an act (see
    /// wire/chainmsg.GovernanceDigest).
    function governanceDigest(uint8 act, uint64 nonce, bytes32 payload) external view returns (bytes32) {
        return _govDigest(act, nonce, payload);
    }

    /// The digests, exposed so that any client can check its signer against
    /// the contract's own computation.
    function registerDigest(
        address identity,
        bytes calldata requestKey,
        bytes calldata keyPackage,
        bytes calldata evidence
    ) external view returns (bytes32) {
        return _digest(KIND_REGISTER, _registerBody(identity, requestKey, keyPackage, evidence));
    }

    function handshakeDigest(
        uint64 epoch,
        bytes calldata handshake,
        address[] calldata adds,
        address[] calldata removes
    ) external view returns (bytes32) {
        return _digest(KIND_HANDSHAKE, _handshakeBody(epoch, handshake, adds, removes));
    }

    function commandsDigest(uint64 epoch, uint64 seq, bytes[] calldata ciphertexts) external view returns (bytes32) {
        return _digest(KIND_COMMANDS, keccak256(abi.encodePacked(epoch, seq, _batchHash(ciphertexts))));
    }

    function auditDigest(uint64 epoch, uint64 seq, bytes calldata header, bytes[] calldata records)
        external
        view
        returns (bytes32)
    {
        return _digest(KIND_AUDIT, keccak256(abi.encodePacked(epoch, seq, keccak256(header), _batchHash(records))));
    }

    function checkpointDigest(uint64 epoch, bytes calldata manifest) external view returns (bytes32) {
        return _digest(KIND_CHECKPOINT, keccak256(abi.encodePacked(epoch, keccak256(manifest))));
    }

    function checkpointChunkDigest(uint64 epoch, uint32 index, bytes calldata chunk) external view returns (bytes32) {
        return _digest(KIND_CHECKPOINT_CHUNK, keccak256(abi.encodePacked(epoch, index, keccak256(chunk))));
    }

    // ---------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------

    function _govDigest(uint8 act, uint64 nonce, bytes32 payload) private view returns (bytes32) {
        return keccak256(abi.encodePacked(GOVERNANCE_DOMAIN, block.chainid, address(this), act, nonce, payload));
    }

    function _digest(uint8 kind, bytes32 body) private view returns (bytes32) {
        return keccak256(abi.encodePacked(DOMAIN, block.chainid, address(this), kind, body));
    }

    function _registerBody(
        address identity,
        bytes calldata requestKey,
        bytes calldata keyPackage,
        bytes calldata evidence
    ) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(identity, keccak256(requestKey), keccak256(keyPackage), keccak256(evidence)));
    }

    function _handshakeBody(
        uint64 epoch,
        bytes calldata handshake,
        address[] calldata adds,
        address[] calldata removes
    ) private pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                epoch, keccak256(handshake), keccak256(abi.encodePacked(adds)), keccak256(abi.encodePacked(removes))
            )
        );
    }

    /// keccak256 over the concatenated keccak256 of each ciphertext, after
    /// the batch caps. Hashing each element first keeps the digest
    /// unambiguous without length prefixes.
    function _batchHash(bytes[] calldata ciphertexts) private pure returns (bytes32) {
        uint256 n = ciphertexts.length;
        if (n == 0) revert EmptyBatch();
        if (n > MAX_CIPHERTEXTS) revert TooManyCiphertexts(n, MAX_CIPHERTEXTS);
        bytes32[] memory hashes = new bytes32[](n);
        uint256 total;
        for (uint256 i = 0; i < n; i++) {
            bytes calldata ct = ciphertexts[i];
            if (ct.length == 0) revert EmptyCiphertext(i);
            if (ct.length > MAX_CIPHERTEXT_BYTES) revert CiphertextTooLarge(i, ct.length, MAX_CIPHERTEXT_BYTES);
            total += ct.length;
            hashes[i] = keccak256(ct);
        }
        if (total > MAX_BATCH_BYTES) revert BatchTooLarge(total, MAX_BATCH_BYTES);
        return keccak256(abi.encodePacked(hashes));
    }

    /// _batchHash of a packed batch, with the same checks in the same
    /// order: the count first, then each ciphertext, then the total.
    function _packedBatchHash(bytes calldata packed) private pure returns (bytes32) {
        uint256 end = packed.length;
        if (end == 0) revert EmptyBatch();
        uint256 n;
        for (uint256 off = 0; off < end; n++) {
            if (off + 2 > end) revert MalformedBatch(off);
            uint256 len = (uint256(uint8(packed[off])) << 8) | uint256(uint8(packed[off + 1]));
            if (off + 2 + len > end) revert MalformedBatch(off);
            off += 2 + len;
        }
        if (n > MAX_CIPHERTEXTS) revert TooManyCiphertexts(n, MAX_CIPHERTEXTS);
        bytes32[] memory hashes = new bytes32[](n);
        uint256 total;
        uint256 at;
        for (uint256 i = 0; i < n; i++) {
            uint256 len = (uint256(uint8(packed[at])) << 8) | uint256(uint8(packed[at + 1]));
            at += 2;
            if (len == 0) revert EmptyCiphertext(i);
            if (len > MAX_CIPHERTEXT_BYTES) revert CiphertextTooLarge(i, len, MAX_CIPHERTEXT_BYTES);
            total += len;
            hashes[i] = keccak256(packed[at:at + len]);
            at += len;
        }
        if (total > MAX_BATCH_BYTES) revert BatchTooLarge(total, MAX_BATCH_BYTES);
        return keccak256(abi.encodePacked(hashes));
    }

    function _checkField(string memory field, uint256 size, uint256 limit) private pure {
        if (size == 0) revert EmptyField(field);
        if (size > limit) revert FieldTooLarge(field, size, limit);
    }

    function _checkMember(address signer) private view {
        if (memberSlot[signer] != 0 && !expelled[signer]) return;
        // A signer nobody registered means a forged or tampered message (the
        // signature recovers to a random key); a registered one that is not
        // a member was never admitted or has been removed.
        if (registrationHash[signer] == bytes32(0)) revert UnknownSigner(signer);
        revert NotMember(signer);
    }

    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address signer) {
        if (sig.length != 65) revert BadSignature(SIG_LENGTH);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(sig.offset)
            s := calldataload(add(sig.offset, 32))
            v := byte(0, calldataload(add(sig.offset, 64)))
        }
        if (uint256(s) > SECP256K1_HALF_N) revert BadSignature(SIG_HIGH_S);
        if (v != 27 && v != 28) revert BadSignature(SIG_V);
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert BadSignature(SIG_UNRECOVERABLE);
    }

    function _addMember(address identity) private {
        memberList.push(identity);
        memberSlot[identity] = memberList.length;
        liveMembers++;
    }

    function _removeMember(address identity) private {
        uint256 slot = memberSlot[identity];
        if (slot == 0) revert NotMember(identity);
        uint256 last = memberList.length;
        if (slot != last) {
            address moved = memberList[last - 1];
            memberList[slot - 1] = moved;
            memberSlot[moved] = slot;
        }
        memberList.pop();
        delete memberSlot[identity];
        wasRemoved[identity] = true;
        if (!expelled[identity]) liveMembers--;
    }
}
