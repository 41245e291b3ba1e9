// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package ledgerabi

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// AnonifyLedgerMetaData contains all meta data concerning the AnonifyLedger contract.
var AnonifyLedgerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"governors_\",\"type\":\"address[]\"},{\"internalType\":\"uint256\",\"name\":\"threshold_\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"policy_\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"governor\",\"type\":\"address\"}],\"name\":\"AlreadyApproved\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"AlreadyCheckpointed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"AlreadyExpelled\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"AlreadyFounded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"AlreadyMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"keys\",\"type\":\"uint256\"}],\"name\":\"BadCustodians\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"BadGovernor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"BadSequence\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"governors\",\"type\":\"uint256\"}],\"name\":\"BadThreshold\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"BatchTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"CiphertextTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"}],\"name\":\"DuplicateCustodian\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyBatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"EmptyCiphertext\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"field\",\"type\":\"string\"}],\"name\":\"EmptyField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"field\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"FieldTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"offset\",\"type\":\"uint256\"}],\"name\":\"MalformedBatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"NoCheckpoint\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"}],\"name\":\"NotAuditor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"NotExpelled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotGovernor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"NotMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"NotRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"ProposalExecuted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"StaleProposal\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"TooManyAuditors\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"TooManyCiphertexts\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"UnknownProposal\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"UnknownSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"WasRemoved\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"current\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"WrongEpoch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"governor\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"approvals\",\"type\":\"uint256\"}],\"name\":\"Approved\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"enclave\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"records\",\"type\":\"bytes[]\"}],\"name\":\"Audit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"scope\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"AuditorChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"enclave\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"manifest\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"Checkpoint\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"enclave\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"index\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"chunk\",\"type\":\"bytes\"}],\"name\":\"CheckpointChunk\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"enclave\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"batch\",\"type\":\"bytes\"}],\"name\":\"Commands\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32[]\",\"name\":\"keys\",\"type\":\"bytes32[]\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"threshold\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"CustodiansChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"Expelled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"Founded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"handshake\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"adds\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"removes\",\"type\":\"address[]\"}],\"name\":\"Handshake\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"policy\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"PolicyChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"policy\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"name\":\"Proposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"requestKey\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"keyPackage\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"}],\"name\":\"Registered\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DOMAIN\",\"outputs\":[{\"internalType\":\"bytes17\",\"name\":\"\",\"type\":\"bytes17\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"GENESIS_DOMAIN\",\"outputs\":[{\"internalType\":\"bytes18\",\"name\":\"\",\"type\":\"bytes18\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"GOVERNANCE_DOMAIN\",\"outputs\":[{\"internalType\":\"bytes21\",\"name\":\"\",\"type\":\"bytes21\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_AUDITORS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_AUDIT_HEADER_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_BATCH_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CHUNK_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CIPHERTEXTS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CIPHERTEXT_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CUSTODIANS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_EVIDENCE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_GOVERNORS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_HANDSHAKE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_KEY_PACKAGE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MANIFEST_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MEMBERSHIP_CHANGES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_POLICY_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_REQUEST_KEY_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_SCOPE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"approvedBy\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"records\",\"type\":\"bytes[]\"}],\"name\":\"auditDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"auditSeq\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"auditorCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"auditorVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"index\",\"type\":\"uint32\"},{\"internalType\":\"bytes\",\"name\":\"chunk\",\"type\":\"bytes\"}],\"name\":\"checkpointChunkDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"manifest\",\"type\":\"bytes\"}],\"name\":\"checkpointDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"checkpointed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes[]\",\"name\":\"ciphertexts\",\"type\":\"bytes[]\"}],\"name\":\"commandsDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"currentEpoch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"custodianVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"custodians\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"keys\",\"type\":\"bytes32[]\"},{\"internalType\":\"uint8\",\"name\":\"threshold_\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"deployedAt\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"expelled\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"foundings\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"genesisHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"act\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"payload\",\"type\":\"bytes32\"}],\"name\":\"governanceDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"governors\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"handshake\",\"type\":\"bytes\"},{\"internalType\":\"address[]\",\"name\":\"adds\",\"type\":\"address[]\"},{\"internalType\":\"address[]\",\"name\":\"removes\",\"type\":\"address[]\"}],\"name\":\"handshakeDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"initialPolicyHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"isAuditor\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isGovernor\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"isMember\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"liveMembers\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"members\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"nextSeq\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"policy\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"policyVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"records\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postAudit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"manifest\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postCheckpoint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"index\",\"type\":\"uint32\"},{\"internalType\":\"bytes\",\"name\":\"chunk\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postCheckpointChunk\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"packed\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postCommands\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"handshake\",\"type\":\"bytes\"},{\"internalType\":\"address[]\",\"name\":\"adds\",\"type\":\"address[]\"},{\"internalType\":\"address[]\",\"name\":\"removes\",\"type\":\"address[]\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postHandshake\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"proposal\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"bool\",\"name\":\"executed\",\"type\":\"bool\"},{\"internalType\":\"uint64\",\"name\":\"approvals\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"proposedPolicy\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"subject\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proposalCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"scope\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeAuditor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"keys\",\"type\":\"bytes32[]\"},{\"internalType\":\"uint8\",\"name\":\"threshold_\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeCustodians\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeExpel\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeFounder\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"policy_\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposePolicy\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"requestKey\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"keyPackage\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"register\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"requestKey\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"keyPackage\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"}],\"name\":\"registerDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"registered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"registrationHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"state\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"address[]\",\"name\":\"memberSet\",\"type\":\"address[]\"},{\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"currentPolicy\",\"type\":\"bytes\"},{\"internalType\":\"uint64\",\"name\":\"nextAuditSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"custodiansVersion\",\"type\":\"uint64\"},{\"internalType\":\"bytes32[]\",\"name\":\"custodianSet\",\"type\":\"bytes32[]\"},{\"internalType\":\"uint8\",\"name\":\"custodianQuorum\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"threshold\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"wasRemoved\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "AnonifyLedger",
	Bin: "0x61010060405234801561001157600080fd5b50604051615a14380380615a148339810160408190526100309161044d565b8251602081111561008357604051630c77a0e760e01b8152606060048201526009606482015268676f7665726e6f727360b81b6084820152602481018290526020604482015260a4015b60405180910390fd5b82158061008f57508083115b156100b75760405163b8f1f4df60e01b8152600481018490526024810182905260440161007a565b60005b8181101561016b5760008582815181106100d6576100d6610547565b6020026020010151905060006001600160a01b0316816001600160a01b0316148061011957506001600160a01b03811660009081526001602052604090205460ff165b156101415760405162bc29b760e51b81526001600160a01b038216600482015260240161007a565b6001600160a01b03166000908152600160208190526040909120805460ff191682179055016100ba565b506000610178858261057b565b5060a08390526001600160401b034316608052815160208381019190912060c05260405171616e6f6e6966792d67656e657369732d763160701b914691309187916101c5918a9101610611565b604051602081830303815290604052805190602001208680519060200120604051602001610234969594939291906001600160701b0319969096168652601286019490945260609290921b6001600160601b031916603285015260468401526066830152608682015260a60190565b60408051808303601f19018152828252805160209182012060e052600080845290830190915261028091849161027a565b60608152602001906001900390816102655790505b50610289565b505050506108d0565b61029282610328565b600661029e83826106d3565b50600580546000919082906102bb906001600160401b0316610791565b91906101000a8154816001600160401b0302191690836001600160401b0316021790559050806001600160401b03167fb0cdb07f4c458dfbebe713e53a27ebf2b15f523c14c04946e008a5dbaf077d36848460405161031b9291906107f7565b60405180910390a2505050565b805160000361034a5760405163a69290e760e01b815260040161007a9061086e565b61400081511115610375578051614000604051630c77a0e760e01b815260040161007a92919061089a565b50565b634e487b7160e01b600052604160045260246000fd5b604051601f8201601f191681016001600160401b03811182821017156103b6576103b6610378565b604052919050565b60005b838110156103d95781810151838201526020016103c1565b50506000910152565b600082601f8301126103f357600080fd5b81516001600160401b0381111561040c5761040c610378565b61041f601f8201601f191660200161038e565b81815284602083860101111561043457600080fd5b6104458260208301602087016103be565b949350505050565b60008060006060848603121561046257600080fd5b83516001600160401b0381111561047857600080fd5b8401601f8101861361048957600080fd5b80516001600160401b038111156104a2576104a2610378565b8060051b6104b26020820161038e565b918252602081840181019290810190898411156104ce57600080fd5b6020850194505b8385101561050857845192506001600160a01b03831683146104f657600080fd5b828252602094850194909101906104d5565b602089015160408a01519198509650935050506001600160401b03821115905061053157600080fd5b61053d868287016103e2565b9150509250925092565b634e487b7160e01b600052603260045260246000fd5b60005b8281101561057657600082820155600101610560565b505050565b81516001600160401b0381111561059457610594610378565b680100000000000000008111156105ad576105ad610378565b8154818355808210156105d35782600052816020600020016105d18383038261055d565b505b506020830182600052602060002060005b838110156106095782516001600160a01b0316828201556020909201916001016105e4565b505050505050565b8151600090829060208501835b828110156106455781516001600160a01b031684526020938401939091019060010161061e565b509195945050505050565b600181811c9082168061066457607f821691505b60208210810361068457634e487b7160e01b600052602260045260246000fd5b50919050565b601f821115610576578282111561057657806000526020600020601f840160051c60208510156106b8575060005b6106cc81601f860160051c0382840161055d565b5050505050565b81516001600160401b038111156106ec576106ec610378565b610700816106fa8454610650565b8461068a565b6020601f821160018114610734576000831561071c5750848201515b600019600385901b1c1916600184901b1784556106cc565b600084815260208120601f198516915b828110156107645787850151825560209485019460019092019101610744565b50848210156107825786840151600019600387901b60f8161c191681555b50505050600190811b01905550565b60006001600160401b0382166002600160401b031981016107c257634e487b7160e01b600052601160045260246000fd5b60010192915050565b600081518084526107e38160208601602086016103be565b601f01601f19169290920160200192915050565b60408152600061080a60408301856107cb565b828103602084015280845180835260208301915060208160051b8401016020870160005b8381101561086057601f1986840301855261084a8383516107cb565b602095860195909350919091019060010161082e565b509098975050505050505050565b602081526000610894602083016006815265706f6c69637960d01b602082015260400190565b92915050565b6060815260006108c0606083016006815265706f6c69637960d01b602082015260400190565b6020830194909452506040015290565b60805160a05160c05160e0516151046109106000396000610719015260006106b30152600081816104ee0152612de30152600061098a01526151046000f3fe608060405234801561001057600080fd5b50600436106103f15760003560e01c806387fd414511610215578063c32ef40611610125578063de445ea5116100b8578063eba013f011610087578063eba013f0146109ac578063f078abd7146109bf578063f4294f73146109c8578063f89cb8da146109db578063ffd6b5b9146109ee57600080fd5b8063de445ea51461094f578063e43581b814610962578063e7f29fec14610676578063eae4c19f1461098557600080fd5b8063d5751f94116100f4578063d5751f9414610909578063d60668411461091c578063d95ff54414610933578063da35c6641461094657600080fd5b8063c32ef406146108c2578063c4aea7ec146108e5578063cdb035d9146108ed578063d0c8f777146108f657600080fd5b8063a230c524116101a8578063b907150411610177578063b9071504146107f8578063baf1f75f1461082c578063bdd4d18d14610868578063c1594ac21461087d578063c19d93fb146108a657600080fd5b8063a230c524146107cd578063ae6a057a146107f8578063b2dd5c0714610801578063b632ab571461067657600080fd5b806399a450c2116101e457806399a450c21461074e5780639bb88cf2146104c55780639f52059d1461078a578063a05914ab146107ad57600080fd5b806387fd4145146106de57806388028e6c146106f157806394391a6d1461071457806398bf3a731461073b57600080fd5b806352a9674b1161031057806376671808116102a35780637f15013e116102725780637f15013e1461066d5780637f9a75301461067657806385667f1c14610680578063858fd48f146106ae57806386dea158146106d557600080fd5b806376671808146105fb57806377cbb9a3146104cd57806379a2496a146106155780637e2918471461065357600080fd5b80635e6ee22b116102df5780635e6ee22b146105af5780635f6813ac146105c25780636acc314d146105d55780636d0af90e146105e857600080fd5b806352a9674b1461054357806353445ec51461057f57806357ebaceb1461059257806358355ead1461059c57600080fd5b806330326c171161038857806342cde4e81161035757806342cde4e8146104e9578063456e098f14610510578063466712b5146104cd5780634edc8e9a1461051857600080fd5b806330326c171461049f5780633462dd03146104c55780633bbe360b146104cd57806341e2c933146104d657600080fd5b8063115f574c116103c4578063115f574c1461045d578063139324761461046657806323ba33a614610479578063300409d81461048c57600080fd5b80630505c8c9146103f65780630b9ad359146104145780630bcffc6f1461042957806310233e5e1461044a575b600080fd5b6103fe6109f6565b60405161040b9190613aee565b60405180910390f35b610427610422366004613b6c565b610a84565b005b61043c610437366004613c52565b610c19565b60405190815260200161040b565b61043c610458366004613cc1565b610ce1565b61043c60115481565b61043c610474366004613dd0565b610d08565b61043c610487366004613e71565b610d1e565b61043c61049a366004613f05565b610d82565b6104b26104ad366004613f57565b610dd0565b60405161040b9796959493929190613f70565b61043c601081565b61043c61400081565b6104276104e4366004613fe4565b610eff565b61043c7f000000000000000000000000000000000000000000000000000000000000000081565b61043c602081565b600f5461052b906001600160401b031681565b6040516001600160401b03909116815260200161040b565b61055e70616e6f6e6966792d6c65646765722d763160781b81565b6040516effffffffffffffffffffffffffffff19909116815260200161040b565b61042761058d366004614066565b611027565b61043c6201800081565b60055461052b906001600160401b031681565b61043c6105bd36600461410a565b6113e9565b61043c6105d0366004614187565b6114b4565b61043c6105e33660046141ec565b611501565b60125461052b906001600160401b031681565b600d5461052b90600160401b90046001600160401b031681565b610643610623366004614254565b6001600160401b0390811660009081526014602052604090205416151590565b604051901515815260200161040b565b60125461052b90600160401b90046001600160401b031681565b61043c600c5481565b61043c6201000081565b61064361068e36600461426f565b600460209081526000928352604080842090915290825290205460ff1681565b61043c7f000000000000000000000000000000000000000000000000000000000000000081565b61043c61010081565b6104276106ec36600461429b565b6115a6565b6106436106ff366004613f57565b60106020526000908152604090205460ff1681565b61043c7f000000000000000000000000000000000000000000000000000000000000000081565b6104276107493660046142d7565b61176b565b61076a71616e6f6e6966792d67656e657369732d763160701b81565b6040516dffffffffffffffffffffffffffff19909116815260200161040b565b61064361079836600461439b565b600a6020526000908152604090205460ff1681565b61043c6107bb36600461439b565b60076020526000908152604090205481565b6106436107db36600461439b565b6001600160a01b0316600090815260096020526040902054151590565b61043c61040081565b61064361080f36600461439b565b6001600160a01b0316600090815260076020526040902054151590565b61084b74616e6f6e6966792d676f7665726e616e63652d763160581b81565b6040516affffffffffffffffffffff19909116815260200161040b565b610870611908565b60405161040b91906143fb565b61052b61088b36600461439b565b600e602052600090815260409020546001600160401b031681565b6108ae61196a565b60405161040b989796959493929190614440565b6106436108d036600461439b565b600b6020526000908152604090205460ff1681565b610870611b11565b61043c61200081565b61043c6109043660046144d0565b611b71565b61043c6109173660046144ee565b611bac565b610924611bb9565b60405161040b9392919061452b565b61043c610941366004614560565b611c43565b61043c60025481565b61043c61095d3660046144d0565b611c73565b61064361097036600461439b565b60016020526000908152604090205460ff1681565b61052b7f000000000000000000000000000000000000000000000000000000000000000081565b600d5461052b906001600160401b031681565b61043c61020081565b6104276109d63660046145a8565b611cb7565b6104276109e93660046145da565b611d02565b61043c604081565b60068054610a039061460a565b80601f0160208091040260200160405190810160405280929190818152602001828054610a2f9061460a565b8015610a7c5780601f10610a5157610100808354040283529160200191610a7c565b820191906000526020600020905b815481529060010190602001808311610a5f57829003601f168201915b505050505081565b60408051808201909152600a815269726571756573744b657960b01b6020820152610ab29088610400611e8f565b60408051808201909152600a8152696b65795061636b61676560b01b6020820152610ae09086614000611e8f565b60408051808201909152600881526765766964656e636560c01b6020820152610b0d908462010000611e8f565b6001600160a01b03891660009081526007602052604090205415610b54576040516345ed80e960e01b81526001600160a01b038a1660048201526024015b60405180910390fd5b6000610b658a8a8a8a8a8a8a611ede565b9050896001600160a01b0316610b86610b7f600184611f81565b8585611ff7565b6001600160a01b031614610bb057604051633adddf7d60e11b815260056004820152602401610b4b565b6001600160a01b038a1660008181526007602052604090819020839055517f2962b58b437262b1b6eee01ee9de06d8f07408ab492fa0a9c1b54fe053b1aa4790610c05908c908c908c908c908c908c9061466d565b60405180910390a250505050505050505050565b6000610c5a85858080601f01602080910402602001604051908101604052809392919081815260200183838082843760009201919091525061213c92505050565b600554600090610c74906001600160401b031660016146cc565b9050610cd760018260008060001b8a8a8080601f01602080910402602001604051908101604052809392919081815260200183838082843760009201919091525050604051610cc892508e91508d906146eb565b60405180910390208a8a61218c565b9695505050505050565b6000610cfc6001610cf78a8a8a8a8a8a8a611ede565b611f81565b98975050505050505050565b6000610cfc6002610cf78a8a8a8a8a8a8a6122d0565b6000610d77600488888888604051610d379291906146eb565b6040518091039020610d498888612375565b604051602001610d5c94939291906146fb565b60405160208183030381529060405280519060200120611f81565b979650505050505050565b6000610dc86005858585604051610d9a9291906146eb565b604051908190038120610d5c929160200160c09290921b6001600160c01b0319168252600882015260280190565b949350505050565b600081815260036020526040812080548291829182918291606091839160ff168203610e125760405163147067ad60e11b8152600481018a9052602401610b4b565b80546001820154600283015460038401805460ff808616956101008104909116946001600160401b036201000083048116956001600160a01b0390921694600160501b90930416928290610e659061460a565b80601f0160208091040260200160405190810160405280929190818152602001828054610e919061460a565b8015610ede5780601f10610eb357610100808354040283529160200191610ede565b820191906000526020600020905b815481529060010190602001808311610ec157829003601f168201915b50505050509150975097509750975097509750975050919395979092949650565b6040805180820190915260058152646368756e6b60d81b6020820152610f29908462010000611e8f565b600086868686604051610f3d9291906146eb565b604051908190038120610f54939291602001614729565b6040516020818303038152906040528051906020012090506000610f7c610b7f600684611f81565b9050610f878161254c565b6001600160401b038089166000908152601460205260408120549091169003610fce5760405163013c6b0b60e61b81526001600160401b0389166004820152602401610b4b565b806001600160a01b0316886001600160401b03167f28b2182f26b73946a295528afbdc1e8b806e07c4ef02ce3e9713085108246c628989896040516110159392919061475b565b60405180910390a35050505050505050565b60408051808201909152600981526868616e647368616b6560b81b6020820152611055908862010000611e8f565b60408511156110a05760408051630c77a0e760e01b8152610b4b9187916004016060808252600490820152636164647360e01b60808201526020810192909252604082015260a00190565b60408311156110ec5760408051630c77a0e760e01b815260606004820152600760648201526672656d6f76657360c81b608482015260248101859052604481019190915260a401610b4b565b600061110c6111056002610cf78d8d8d8d8d8d8d6122d0565b8484611ff7565b90506111178161254c565b600d546001600160401b038b8116600160401b909204161461116a57600d54604051630ae4993b60e21b8152600160401b9091046001600160401b0390811660048301528b166024820152604401610b4b565b60005b8481101561124457600b600087878481811061118b5761118b61477b565b90506020020160208101906111a0919061439b565b6001600160a01b0316815260208101919091526040016000205460ff1661120d578585828181106111d3576111d361477b565b90506020020160208101906111e8919061439b565b604051637e3187e960e01b81526001600160a01b039091166004820152602401610b4b565b61123c8686838181106112225761122261477b565b9050602002016020810190611237919061439b565b6125f9565b60010161116d565b5060005b868110156113565760008888838181106112645761126461477b565b9050602002016020810190611279919061439b565b6001600160a01b0381166000908152600760205260409020549091506112bd5760405163bfc6c33760e01b81526001600160a01b0382166004820152602401610b4b565b6001600160a01b038116600090815260096020526040902054156112ff57604051630268f92960e01b81526001600160a01b0382166004820152602401610b4b565b6001600160a01b0381166000908152600a602052604090205460ff16156113445760405163c4e2363f60e01b81526001600160a01b0382166004820152602401610b4b565b61134d81612761565b50600101611248565b506113628a60016146cc565b600d80546fffffffffffffffff00000000000000001916600160401b6001600160401b03938416021790556040516001600160a01b038316918c16907fcf04293886efd57ed14457dde921e96d260f3234666ba9946fb6691b1d65e2ff906113d5908d908d908d908d908d908d906147cf565b60405180910390a350505050505050505050565b600061142b8686868080601f0160208091040260200160405190810160405280939291908181526020018383808284376000920191909152506127d092505050565b600f54610cd790600490611449906001600160401b031660016146cc565b60008989898080601f0160208091040260200160405190810160405280939291908181526020018383808284376000920191909152505060405161149792508e91508d908d9060200161480b565b60405160208183030381529060405280519060200120898961218c565b60006114f8600386866114c78787612375565b6040516001600160c01b031960c094851b811660208301529290931b90911660288301526030820152605001610d5c565b95945050505050565b60006115418686808060200260200160405190810160405280939291908181526020018383602002808284376000920191909152508892506128d4915050565b600084878760405160200161155893929190614825565b6040516020818303038152906040529050610d776005601260089054906101000a90046001600160401b0316600161159091906146cc565b60008060001b8586805190602001208a8a61218c565b6040805180820190915260088152671b585b9a59995cdd60c21b60208201526115d29084612000611e8f565b60008585856040516115e59291906146eb565b604051908190038120611613929160200160c09290921b6001600160c01b0319168252600882015260280190565b604051602081830303815290604052805190602001209050600061163b610b7f600584611f81565b90506116468161254c565b600d546001600160401b03888116600160401b909204161461169957600d54604051630ae4993b60e21b8152600160401b9091046001600160401b03908116600483015288166024820152604401610b4b565b600d546001600160401b038881166000908152601460205260409020549181169116036116e45760405163f333c0d960e01b81526001600160401b0388166004820152602401610b4b565b600d546001600160401b0388811660008181526014602052604090819020805467ffffffffffffffff19169390941692909217909255516001600160a01b03831691907f3e83aa812bf88b0ed58c58301d83e517f142d9c043ed70cb7fdd483dadaf35279061175a908a908a908a908a90614866565b60405180910390a350505050505050565b6040805180820190915260068152653432b0b232b960d11b60208201526117959086610200611e8f565b6000888888886040516117a99291906146eb565b60405180910390206117bb8888612375565b6040516020016117ce94939291906146fb565b60405160208183030381529060405280519060200120905060006117f6610b7f600484611f81565b90506118018161254c565b600d546001600160401b038b8116600160401b909204161461185457600d54604051630ae4993b60e21b8152600160401b9091046001600160401b0390811660048301528b166024820152604401610b4b565b6012546001600160401b038a81169116146118995760125460405163607f66d960e01b81526001600160401b039182166004820152908a166024820152604401610b4b565b6118a48960016146cc565b6012805467ffffffffffffffff19166001600160401b03928316179055604051908b16906001600160a01b038316907f79c478249efe61c85d205c4025cbd304bc87a84ad6b1332e6326b81fc52cc509906113d5908d908d908d908d908d9061488d565b6060600880548060200260200160405190810160405280929190818152602001828054801561196057602002820191906000526020600020905b81546001600160a01b03168152600190910190602001808311611942575b5050505050905090565b600d546005546012546008805460408051602080840282018101909252828152600096606096889688968896879689968896600160401b908190046001600160401b03908116979596958116956006958282169593820490921693601393600160801b90920460ff16929091899190830182828015611a1257602002820191906000526020600020905b81546001600160a01b031681526001909101906020018083116119f4575b50505050509650848054611a259061460a565b80601f0160208091040260200160405190810160405280929190818152602001828054611a519061460a565b8015611a9e5780601f10611a7357610100808354040283529160200191611a9e565b820191906000526020600020905b815481529060010190602001808311611a8157829003601f168201915b5050505050945081805480602002602001604051908101604052809291908181526020018280548015611af057602002820191906000526020600020905b815481526020019060010190808311611adc575b50505050509150975097509750975097509750975097509091929394959697565b60606000805480602002602001604051908101604052809291908181526020018280548015611960576020028201919060005260206000209081546001600160a01b03168152600190910190602001808311611942575050505050905090565b6000611b7c84612a37565b610dc860036000866000801b60405180602001604052806000815250896001600160a01b031660001b898961218c565b6000610dc8848484612abf565b60606000806013601260109054906101000a900460ff16601260089054906101000a90046001600160401b031682805480602002602001604051908101604052809291908181526020018280548015611c3157602002820191906000526020600020905b815481526020019060010190808311611c1d575b50505050509250925092509250909192565b60006114f8600686868686604051611c5c9291906146eb565b604051908190038120610d5c939291602001614729565b6000611c7e84612b4d565b600d5460408051602081019091526000808252610dc8926002926001600160401b039091169188916001600160a01b038316898961218c565b60008381526003602052604081208054909160ff9091169003611cf05760405163147067ad60e11b815260048101859052602401610b4b565b611cfc84828585612c17565b50505050565b6000611d0e858561353c565b6040516001600160c01b031960c08a811b8216602084015289901b16602882015260308101829052909150600090611d4f90610b7f90600390605001610d5c565b9050611d5a8161254c565b600d546001600160401b03898116600160401b9092041614611dad57600d54604051630ae4993b60e21b8152600160401b9091046001600160401b03908116600483015289166024820152604401610b4b565b6001600160a01b0381166000908152600e60205260409020546001600160401b039081169088168114611e065760405163607f66d960e01b81526001600160401b03808316600483015289166024820152604401610b4b565b611e118160016146cc565b6001600160a01b0383166000818152600e602052604090819020805467ffffffffffffffff19166001600160401b0394851617905551918b16917fd66023f5d7ece61eeded911f16c426e020a85b48ee79f43aac7cf8ac5eb6a49a90611e7c908c908c908c90614956565b60405180910390a3505050505050505050565b81600003611eb2578260405163a69290e760e01b8152600401610b4b9190613aee565b80821115611ed957828282604051630c77a0e760e01b8152600401610b4b93929190614979565b505050565b6000878787604051611ef19291906146eb565b60405180910390208686604051611f099291906146eb565b60405180910390208585604051611f219291906146eb565b604051908190038120611f5e9493929160200160609490941b6001600160601b031916845260148401929092526034830152605482015260740190565b604051602081830303815290604052805190602001209050979650505050505050565b60405170616e6f6e6966792d6c65646765722d763160781b60208201524660318201526001600160601b03193060601b1660518201526001600160f81b031960f884901b166065820152606681018290526000906086016040516020818303038152906040528051906020012090505b92915050565b60006041821461201d57604051633adddf7d60e11b815260016004820152602401610b4b565b82356020840135604085013560001a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082111561207057604051633adddf7d60e11b815260026004820152602401610b4b565b8060ff16601b1415801561208857508060ff16601c14155b156120a957604051633adddf7d60e11b815260036004820152602401610b4b565b60408051600081526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa1580156120fc573d6000803e3d6000fd5b5050604051601f1901519450506001600160a01b03841661213257604051633adddf7d60e11b8152600481810152602401610b4b565b5050509392505050565b805160000361215e5760405163a69290e760e01b8152600401610b4b9061499e565b61400081511115612189578051614000604051630c77a0e760e01b8152600401610b4b9291906149c4565b50565b60008061219d610b7f8b8b88612abf565b6001600160a01b03811660009081526001602052604090205490915060ff166121e45760405163ad0550d560e01b81526001600160a01b0382166004820152602401610b4b565b6002600081546121f3906149fa565b91829055506000818152600360208190526040909120805460ff8e1671ffffffffffffffff000000000000000000ff1990911617600160501b6001600160401b038e16021781556001810180546001600160a01b0319166001600160a01b038d16179055600281018a9055919350810161226d8882614a7c565b50816001600160a01b0316837f041aff1de2dfc73a1f49b9729f8179466cdfd212f14534b479de6cda3b35d0638d8a8d8f6040516122ae9493929190614b3a565b60405180910390a36122c283828787612c17565b505098975050505050505050565b60008787876040516122e39291906146eb565b604051809103902086866040516020016122fe929190614b80565b604051602081830303815290604052805190602001208585604051602001612327929190614b80565b60405160208183030381529060405280519060200120604051602001611f5e949392919060c09490941b6001600160c01b031916845260088401929092526028830152604882015260680190565b6000818082036123985760405163c2e5347d60e01b815260040160405180910390fd5b6101008111156123c657604051632803fdd760e01b8152600481018290526101006024820152604401610b4b565b6000816001600160401b038111156123e0576123e0614a13565b604051908082528060200260200182016040528015612409578160200160208202803683370190505b5090506000805b838110156124e95736600088888481811061242d5761242d61477b565b905060200281019061243f9190614bc0565b9092509050600081900361246957604051636a7a073560e01b815260048101849052602401610b4b565b61400081111561249e5760405163b73e110f60e01b815260048101849052602481018290526140006044820152606401610b4b565b6124a88185614c06565b935081816040516124ba9291906146eb565b60405180910390208584815181106124d4576124d461477b565b60209081029190910101525050600101612410565b506201800081111561251a5760405163bb1cb70b60e01b815260048101829052620180006024820152604401610b4b565b8160405160200161252b9190614c19565b60405160208183030381529060405280519060200120935050505092915050565b6001600160a01b0381166000908152600960205260409020541580159061258c57506001600160a01b0381166000908152600b602052604090205460ff16155b156125945750565b6001600160a01b0381166000908152600760205260409020546125d557604051636bf4516160e11b81526001600160a01b0382166004820152602401610b4b565b6040516305b5850b60e21b81526001600160a01b0382166004820152602401610b4b565b6001600160a01b0381166000908152600960205260408120549081900361263e576040516305b5850b60e21b81526001600160a01b0383166004820152602401610b4b565b6008548181146126d75760006008612657600184614c4f565b815481106126675761266761477b565b6000918252602090912001546001600160a01b0316905080600861268c600186614c4f565b8154811061269c5761269c61477b565b600091825260208083209190910180546001600160a01b0319166001600160a01b039485161790559290911681526009909152604090208290555b60088054806126e8576126e8614c62565b60008281526020808220830160001990810180546001600160a01b03191690559092019092556001600160a01b0385168252600981526040808320839055600a8252808320805460ff19166001179055600b90915290205460ff16611ed957600c805490600061275783614c78565b9190505550505050565b600880546001810182557ff3f7a9fe364faab93b216da50a3214154f22a0a2b415b23a84c8169e8b636ee30180546001600160a01b0319166001600160a01b0384169081179091559054600091825260096020526040822055600c8054916127c8836149fa565b919050555050565b816128045760405163a69290e760e01b81526020600482015260036024820152626b657960e81b6044820152606401610b4b565b61040081511115612852578051604051630c77a0e760e01b815260606004820152600560648201526473636f706560d81b60848201526024810191909152610400604482015260a401610b4b565b80516000036128915760008281526010602052604090205460ff1661288d5760405163e2a4c39f60e01b815260048101839052602401610b4b565b5050565b60008281526010602052604090205460ff161580156128b35750601060115410155b1561288d5760405163cdf6cd3d60e01b815260106004820152602401610b4b565b8151601081111561291f57604051630c77a0e760e01b815260606004808301919091526064820152636b65797360e01b6084820152602481018290526010604482015260a401610b4b565b600081156129435760018360ff161015801561293e5750818360ff1611155b612949565b60ff8316155b905080612975576040516306bbc95f60e21b815260ff8416600482015260248101839052604401610b4b565b60005b82811015612a305760008582815181106129945761299461477b565b602002602001015190506000801b81036129d75760405163a69290e760e01b81526020600482015260036024820152626b657960e81b6044820152606401610b4b565b60005b82811015612a2657818782815181106129f5576129f561477b565b602002602001015103612a1e57604051631365cd1b60e21b815260048101839052602401610b4b565b6001016129da565b5050600101612978565b5050505050565b6001600160a01b0381166000908152600960205260408120549003612a7a576040516305b5850b60e21b81526001600160a01b0382166004820152602401610b4b565b6001600160a01b0381166000908152600b602052604090205460ff16156121895760405163639393c160e01b81526001600160a01b0382166004820152602401610b4b565b60405174616e6f6e6966792d676f7665726e616e63652d763160581b60208201524660358201526001600160601b03193060601b1660558201526001600160f81b031960f885901b1660698201526001600160c01b031960c084901b16606a820152607281018290526000906092016040516020818303038152906040528051906020012090509392505050565b600c5415612b6e5760405163016bc3d760e71b815260040160405180910390fd5b6001600160a01b038116600090815260076020526040902054612baf5760405163bfc6c33760e01b81526001600160a01b0382166004820152602401610b4b565b6001600160a01b0381166000908152600a602052604090205460ff1680612bee57506001600160a01b0381166000908152600b602052604090205460ff165b156121895760405163c4e2363f60e01b81526001600160a01b0382166004820152602401610b4b565b8254610100900460ff1615612c4257604051630e255c2760e31b815260048101859052602401610b4b565b8254600090612c72906111059060ff811690600160501b90046001600160401b0316612c6d88613857565b612abf565b6001600160a01b03811660009081526001602052604090205490915060ff16612cb95760405163ad0550d560e01b81526001600160a01b0382166004820152602401610b4b565b60008581526004602090815260408083206001600160a01b038516845290915290205460ff1615612d0e576040516294775b60e41b8152600481018690526001600160a01b0382166024820152604401610b4b565b60008581526004602081815260408084206001600160a01b038616855282528320805460ff1916600190811790915591870180549283018155835290912001612d58838583614c8f565b508354600090612d78906201000090046001600160401b031660016146cc565b855469ffffffffffffffff00001916620100006001600160401b0383169081029190911787556040519081529091506001600160a01b0383169087907f7060996319a743911fa38fcb4f926382972b1bcd6abeea1bd65adeb620d5dfdf9060200160405180910390a37f0000000000000000000000000000000000000000000000000000000000000000816001600160401b03161015612e19575050611cfc565b845461010061ff0019821617865560ff1660001901612fee57600554612e49906001600160401b031660016146cc565b8554600160501b90046001600160401b03908116911614612e8057604051636d7964cf60e01b815260048101879052602401610b4b565b612fe9856003018054612e929061460a565b80601f0160208091040260200160405190810160405280929190818152602001828054612ebe9061460a565b8015612f0b5780601f10612ee057610100808354040283529160200191612f0b565b820191906000526020600020905b815481529060010190602001808311612eee57829003601f168201915b505050505086600401805480602002602001604051908101604052809291908181526020016000905b82821015612fe0578382906000526020600020018054612f539061460a565b80601f0160208091040260200160405190810160405280929190818152602001828054612f7f9061460a565b8015612fcc5780601f10612fa157610100808354040283529160200191612fcc565b820191906000526020600020905b815481529060010190602001808311612faf57829003601f168201915b505050505081526020019060010190612f34565b505050506138eb565b613534565b845460ff16600119016130fa57600d548554600160501b90046001600160401b0390811691161461303557604051636d7964cf60e01b815260048101879052602401610b4b565b60018501546001600160a01b031661304c81612b4d565b61305461398a565b600d80546001600160401b031690600061306d83614d4e565b91906101000a8154816001600160401b0302191690836001600160401b031602179055505061309b81612761565b85546040516001600160a01b038316917f9a09d3fd3eab1d5da051823c693476162927ce3d9fecce2a593dd02617dc569c916130ec91600160501b90046001600160401b03169060048b0190614e4b565b60405180910390a250613534565b845460ff16600319016132f857600f5461311e906001600160401b031660016146cc565b8554600160501b90046001600160401b0390811691161461315557604051636d7964cf60e01b815260048101879052602401610b4b565b60028501546003860180546000919061316d9061460a565b80601f01602080910402602001604051908101604052809291908181526020018280546131999061460a565b80156131e65780601f106131bb576101008083540402835291602001916131e6565b820191906000526020600020905b8154815290600101906020018083116131c957829003601f168201915b505050505090506131f782826127d0565b8654600f8054600160501b9092046001600160401b031667ffffffffffffffff199092169190911790558051600003613258576000828152601060205260408120805460ff19169055601180549161324e83614c78565b919050555061329b565b60008281526010602052604090205460ff1661329b576000828152601060205260408120805460ff191660011790556011805491613295836149fa565b91905055505b817f0bb70c7633779a1d7ca05829b4e98dfdf4e7b78966f842cf3f2a2c22e086b5d68289600001600a9054906101000a90046001600160401b03168a6004016040516132e993929190614e6d565b60405180910390a25050613534565b845460ff16600419016134a15760125461332390600160401b90046001600160401b031660016146cc565b8554600160501b90046001600160401b0390811691161461335a57604051636d7964cf60e01b815260048101879052602401610b4b565b6000806133f287600301805461336f9061460a565b80601f016020809104026020016040519081016040528092919081815260200182805461339b9061460a565b80156133e85780601f106133bd576101008083540402835291602001916133e8565b820191906000526020600020905b8154815290600101906020018083116133cb57829003601f168201915b50505050506139d8565b9150915061340082826128d4565b86546012805470ffffffffffffffffff00000000000000001916600160501b9092046001600160401b0316600160401b0260ff60801b191691909117600160801b60ff84160217905560136134558382614ea1565b508654604051600160501b9091046001600160401b0316907fc0b86adf5d8eae6adf20d93a7ab5407958aebcd22091e8f91089eb7bc236b31d906132e9908590859060048d0190614f3a565b60018501546001600160a01b03166134b881612a37565b6001600160a01b0381166000908152600b60205260408120805460ff19166001179055600c8054916134e983614c78565b9190505550806001600160a01b03167f0afeb2fad88cb7127e4ccd83e3dfa81e86706c4ded2e89d32f66e784307aaf8c8760040160405161352a9190614f68565b60405180910390a2505b505050505050565b60008180820361355f5760405163c2e5347d60e01b815260040160405180910390fd5b6000805b8281101561364c5782613577826002614c06565b1115613599576040516370ac562d60e01b815260048101829052602401610b4b565b600086866135a8846001614c06565b8181106135b7576135b761477b565b919091013560f81c905060088888858181106135d5576135d561477b565b919091013560f81c90911b919091179150849050816135f5846002614c06565b6135ff9190614c06565b1115613621576040516370ac562d60e01b815260048101839052602401610b4b565b61362c816002614c06565b6136369083614c06565b9150508180613644906149fa565b925050613563565b5061010081111561367b57604051632803fdd760e01b8152600481018290526101006024820152604401610b4b565b6000816001600160401b0381111561369557613695614a13565b6040519080825280602002602001820160405280156136be578160200160208202803683370190505b50905060008060005b848110156137f257600089896136de856001614c06565b8181106136ed576136ed61477b565b919091013560f81c905060088b8b8681811061370b5761370b61477b565b919091013560f81c90911b9190911791506137299050600284614c06565b92508060000361374f57604051636a7a073560e01b815260048101839052602401610b4b565b6140008111156137845760405163b73e110f60e01b815260048101839052602481018290526140006044820152606401610b4b565b61378e8185614c06565b935089838a61379d8483614c06565b926137aa93929190614f7b565b6040516137b89291906146eb565b60405180910390208583815181106137d2576137d261477b565b60209081029190910101526137e78184614c06565b9250506001016136c7565b50620180008211156138235760405163bb1cb70b60e01b815260048101839052620180006024820152604401610b4b565b826040516020016138349190614c19565b604051602081830303815290604052805190602001209550505050505092915050565b805460009060ff16600114806138715750815460ff166005145b1561389657816003016040516138879190615017565b60405180910390209050919050565b815460ff16600319016138da578160020154826003016040516020016138bd929190615023565b604051602081830303815290604052805190602001209050919050565b50600101546001600160a01b031690565b6138f48261213c565b60066139008382614a7c565b506005805460009190829061391d906001600160401b0316614d4e565b91906101000a8154816001600160401b0302191690836001600160401b0316021790559050806001600160401b03167fb0cdb07f4c458dfbebe713e53a27ebf2b15f523c14c04946e008a5dbaf077d36848460405161397d929190615035565b60405180910390a2505050565b600854156139d657600880546139d191906139a790600190614c4f565b815481106139b7576139b761477b565b6000918252602090912001546001600160a01b03166125f9565b61398a565b565b60606000826000815181106139ef576139ef61477b565b602001015160f81c60f81b60f81c90506000602060018551613a119190614c4f565b613a1b91906150ac565b9050806001600160401b03811115613a3557613a35614a13565b604051908082528060200260200182016040528015613a5e578160200160208202803683370190505b50925060005b81811015613aa157600060208202602187010151905080858381518110613a8d57613a8d61477b565b602090810291909101015250600101613a64565b5050915091565b6000815180845260005b81811015613ace57602081850181015186830182015201613ab2565b506000602082860101526020601f19601f83011685010191505092915050565b602081526000613b016020830184613aa8565b9392505050565b80356001600160a01b0381168114613b1f57600080fd5b919050565b60008083601f840112613b3657600080fd5b5081356001600160401b03811115613b4d57600080fd5b602083019150836020828501011115613b6557600080fd5b9250929050565b600080600080600080600080600060a08a8c031215613b8a57600080fd5b613b938a613b08565b985060208a01356001600160401b03811115613bae57600080fd5b613bba8c828d01613b24565b90995097505060408a01356001600160401b03811115613bd957600080fd5b613be58c828d01613b24565b90975095505060608a01356001600160401b03811115613c0457600080fd5b613c108c828d01613b24565b90955093505060808a01356001600160401b03811115613c2f57600080fd5b613c3b8c828d01613b24565b915080935050809150509295985092959850929598565b60008060008060408587031215613c6857600080fd5b84356001600160401b03811115613c7e57600080fd5b613c8a87828801613b24565b90955093505060208501356001600160401b03811115613ca957600080fd5b613cb587828801613b24565b95989497509550505050565b60008060008060008060006080888a031215613cdc57600080fd5b613ce588613b08565b965060208801356001600160401b03811115613d0057600080fd5b613d0c8a828b01613b24565b90975095505060408801356001600160401b03811115613d2b57600080fd5b613d378a828b01613b24565b90955093505060608801356001600160401b03811115613d5657600080fd5b613d628a828b01613b24565b989b979a50959850939692959293505050565b80356001600160401b0381168114613b1f57600080fd5b60008083601f840112613d9e57600080fd5b5081356001600160401b03811115613db557600080fd5b6020830191508360208260051b8501011115613b6557600080fd5b60008060008060008060006080888a031215613deb57600080fd5b613df488613d75565b965060208801356001600160401b03811115613e0f57600080fd5b613e1b8a828b01613b24565b90975095505060408801356001600160401b03811115613e3a57600080fd5b613e468a828b01613d8c565b90955093505060608801356001600160401b03811115613e6557600080fd5b613d628a828b01613d8c565b60008060008060008060808789031215613e8a57600080fd5b613e9387613d75565b9550613ea160208801613d75565b945060408701356001600160401b03811115613ebc57600080fd5b613ec889828a01613b24565b90955093505060608701356001600160401b03811115613ee757600080fd5b613ef389828a01613d8c565b979a9699509497509295939492505050565b600080600060408486031215613f1a57600080fd5b613f2384613d75565b925060208401356001600160401b03811115613f3e57600080fd5b613f4a86828701613b24565b9497909650939450505050565b600060208284031215613f6957600080fd5b5035919050565b60ff8816815286151560208201526001600160401b0386811660408301526001600160a01b03861660608301528416608082015260e060a08201819052600090613fbc90830185613aa8565b90508260c083015298975050505050505050565b803563ffffffff81168114613b1f57600080fd5b60008060008060008060808789031215613ffd57600080fd5b61400687613d75565b955061401460208801613fd0565b945060408701356001600160401b0381111561402f57600080fd5b61403b89828a01613b24565b90955093505060608701356001600160401b0381111561405a57600080fd5b613ef389828a01613b24565b600080600080600080600080600060a08a8c03121561408457600080fd5b61408d8a613d75565b985060208a01356001600160401b038111156140a857600080fd5b6140b48c828d01613b24565b90995097505060408a01356001600160401b038111156140d357600080fd5b6140df8c828d01613d8c565b90975095505060608a01356001600160401b038111156140fe57600080fd5b613c108c828d01613d8c565b60008060008060006060868803121561412257600080fd5b8535945060208601356001600160401b0381111561413f57600080fd5b61414b88828901613b24565b90955093505060408601356001600160401b0381111561416a57600080fd5b61417688828901613b24565b969995985093965092949392505050565b6000806000806060858703121561419d57600080fd5b6141a685613d75565b93506141b460208601613d75565b925060408501356001600160401b038111156141cf57600080fd5b613cb587828801613d8c565b803560ff81168114613b1f57600080fd5b60008060008060006060868803121561420457600080fd5b85356001600160401b0381111561421a57600080fd5b61422688828901613d8c565b90965094506142399050602087016141db565b925060408601356001600160401b0381111561416a57600080fd5b60006020828403121561426657600080fd5b613b0182613d75565b6000806040838503121561428257600080fd5b8235915061429260208401613b08565b90509250929050565b6000806000806000606086880312156142b357600080fd5b6142bc86613d75565b945060208601356001600160401b0381111561413f57600080fd5b60008060008060008060008060a0898b0312156142f357600080fd5b6142fc89613d75565b975061430a60208a01613d75565b965060408901356001600160401b0381111561432557600080fd5b6143318b828c01613b24565b90975095505060608901356001600160401b0381111561435057600080fd5b61435c8b828c01613d8c565b90955093505060808901356001600160401b0381111561437b57600080fd5b6143878b828c01613b24565b999c989b5096995094979396929594505050565b6000602082840312156143ad57600080fd5b613b0182613b08565b600081518084526020840193506020830160005b828110156143f15781516001600160a01b03168652602095860195909101906001016143ca565b5093949350505050565b602081526000613b0160208301846143b6565b600081518084526020840193506020830160005b828110156143f1578151865260209586019590910190600101614422565b6001600160401b03891681526101006020820152600061446461010083018a6143b6565b6001600160401b038916604084015282810360608401526144858189613aa8565b90506001600160401b03871660808401526001600160401b03861660a084015282810360c08401526144b7818661440e565b91505060ff831660e08301529998505050505050505050565b6000806000604084860312156144e557600080fd5b613f2384613b08565b60008060006060848603121561450357600080fd5b61450c846141db565b925061451a60208501613d75565b929592945050506040919091013590565b60608152600061453e606083018661440e565b905060ff841660208301526001600160401b0383166040830152949350505050565b6000806000806060858703121561457657600080fd5b61457f85613d75565b935061458d60208601613fd0565b925060408501356001600160401b03811115613ca957600080fd5b6000806000604084860312156145bd57600080fd5b8335925060208401356001600160401b03811115613f3e57600080fd5b600080600080600080608087890312156145f357600080fd5b6145fc87613d75565b955061401460208801613d75565b600181811c9082168061461e57607f821691505b60208210810361463e57634e487b7160e01b600052602260045260246000fd5b50919050565b81835281816020850137506000828201602090810191909152601f909101601f19169091010190565b60608152600061468160608301888a614644565b8281036020840152614694818789614644565b905082810360408401526146a9818587614644565b9998505050505050505050565b634e487b7160e01b600052601160045260246000fd5b6001600160401b038181168382160190811115611ff157611ff16146b6565b8183823760009101908152919050565b6001600160c01b031960c095861b811682529390941b90921660088401526010830152603082015260500190565b60c09390931b6001600160c01b031916835260e09190911b6001600160e01b0319166008830152600c820152602c0190565b63ffffffff841681526040602082015260006114f8604083018486614644565b634e487b7160e01b600052603260045260246000fd5b81835260208301925060008160005b848110156143f1576001600160a01b036147b983613b08565b16865260209586019591909101906001016147a0565b6060815260006147e360608301888a614644565b82810360208401526147f6818789614791565b905082810360408401526146a9818587614791565b838152818360208301376000910160200190815292915050565b60f884901b6001600160f81b031916815260006001600160fb1b0383111561484c57600080fd5b8260051b8085600185013791909101600101949350505050565b60408152600061487a604083018688614644565b8281036020840152610d77818587614644565b6001600160401b03861681526060602082015260006148b0606083018688614644565b8281036040840152838152602080820190600586901b83010186600036829003601e19015b8882101561494557858403601f1901855282358181126148f457600080fd5b8a016020810190356001600160401b0381111561491057600080fd5b80360382131561491f57600080fd5b61492a868284614644565b955050506020830192506020850194506001820191506148d5565b50919b9a5050505050505050505050565b6001600160401b03841681526040602082015260006114f8604083018486614644565b60608152600061498c6060830186613aa8565b60208301949094525060400152919050565b602081526000611ff1602083016006815265706f6c69637960d01b602082015260400190565b6060815260006149ea606083016006815265706f6c69637960d01b602082015260400190565b6020830194909452506040015290565b600060018201614a0c57614a0c6146b6565b5060010190565b634e487b7160e01b600052604160045260246000fd5b601f821115611ed95782821115611ed957806000526020600020601f840160051c6020851015614a57575060005b90810190601f840160051c0360005b8181101561353457600083820155600101614a66565b81516001600160401b03811115614a9557614a95614a13565b614aa981614aa3845461460a565b84614a29565b6020601f821160018114614add5760008315614ac55750848201515b600019600385901b1c1916600184901b178455612a30565b600084815260208120601f198516915b82811015614b0d5787850151825560209485019460019092019101614aed565b5084821015614b2b5786840151600019600387901b60f8161c191681555b50505050600190811b01905550565b60ff85168152608060208201526000614b566080830186613aa8565b6001600160a01b03949094166040830152506001600160401b039190911660609091015292915050565b60008184825b85811015614bb5576001600160a01b03614b9f83613b08565b1683526020928301929190910190600101614b86565b509095945050505050565b6000808335601e19843603018112614bd757600080fd5b8301803591506001600160401b03821115614bf157600080fd5b602001915036819003821315613b6557600080fd5b80820180821115611ff157611ff16146b6565b8151600090829060208501835b82811015614c44578151845260209384019390910190600101614c26565b509195945050505050565b81810381811115611ff157611ff16146b6565b634e487b7160e01b600052603160045260246000fd5b600081614c8757614c876146b6565b506000190190565b6001600160401b03831115614ca657614ca6614a13565b614cba83614cb4835461460a565b83614a29565b6000601f841160018114614cee5760008515614cd65750838201355b600019600387901b1c1916600186901b178355612a30565b600083815260209020601f19861690835b82811015614d1f5786850135825560209485019460019092019101614cff565b5086821015614d3c5760001960f88860031b161c19848701351681555b505060018560011b0183555050505050565b60006001600160401b0382166001600160401b038103614d7057614d706146b6565b60010192915050565b600082825480855260208501945060208160051b83010184600052602060002060005b83811015614e3f57601f1985840301885260008254614dba8161460a565b808652600182168015614dd45760018114614df057614e27565b60ff1983166020880152602082151560051b8801019350614e27565b85600052602060002060005b83811015614e1e5781546020828b010152600182019150602081019050614dfc565b88016020019450505b50505060209890980197925060019182019101614d9c565b50909695505050505050565b6001600160401b0383168152604060208201526000610dc86040830184614d79565b606081526000614e806060830186613aa8565b6001600160401b03851660208401528281036040840152610cd78185614d79565b81516001600160401b03811115614eba57614eba614a13565b600160401b811115614ece57614ece614a13565b815481835580821015614f0657826000528160206000200182820360005b81811015614f0257600083820155600101614eec565b5050505b5060208301614f1b8360009081526020902090565b60005b8381101561353457825182820155602090920191600101614f1e565b606081526000614f4d606083018661440e565b60ff851660208401528281036040840152610cd78185614d79565b602081526000613b016020830184614d79565b60008085851115614f8b57600080fd5b83861115614f9857600080fd5b5050820193919092039150565b60008154614fb28161460a565b600182168015614fc95760018114614fde5761500e565b60ff198316865281151582028601935061500e565b84600052602060002060005b8381101561500657815488820152600190910190602001614fea565b505081860193505b50505092915050565b6000613b018284614fa5565b8281526000610dc86020830184614fa5565b6040815260006150486040830185613aa8565b828103602084015280845180835260208301915060208160051b8401016020870160005b8381101561509e57601f19868403018552615088838351613aa8565b602095860195909350919091019060010161506c565b509098975050505050505050565b6000826150c957634e487b7160e01b600052601260045260246000fd5b50049056fea2646970667358221220d7d46db80e258ced8680d49ef7a89f6c5e953c3327b5c4161376741accc846f564736f6c63430008250033",
}

// AnonifyLedger is an auto generated Go binding around an Ethereum contract.
type AnonifyLedger struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *AnonifyLedger) GetABI() abi.ABI {
	return c.abi
}

// NewAnonifyLedger creates a new instance of AnonifyLedger.
func NewAnonifyLedger() *AnonifyLedger {
	parsed, err := AnonifyLedgerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &AnonifyLedger{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *AnonifyLedger) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address[] governors_, uint256 threshold_, bytes policy_) returns()
func (anonifyLedger *AnonifyLedger) PackConstructor(governors_ []common.Address, threshold_ *big.Int, policy_ []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("", governors_, threshold_, policy_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52a9674b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DOMAIN() view returns(bytes17)
func (anonifyLedger *AnonifyLedger) PackDOMAIN() []byte {
	enc, err := anonifyLedger.abi.Pack("DOMAIN")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52a9674b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DOMAIN() view returns(bytes17)
func (anonifyLedger *AnonifyLedger) TryPackDOMAIN() ([]byte, error) {
	return anonifyLedger.abi.Pack("DOMAIN")
}

// UnpackDOMAIN is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52a9674b.
//
// Solidity: function DOMAIN() view returns(bytes17)
func (anonifyLedger *AnonifyLedger) UnpackDOMAIN(data []byte) ([17]byte, error) {
	out, err := anonifyLedger.abi.Unpack("DOMAIN", data)
	if err != nil {
		return *new([17]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([17]byte)).(*[17]byte)
	return out0, nil
}

// PackGENESISDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x99a450c2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function GENESIS_DOMAIN() view returns(bytes18)
func (anonifyLedger *AnonifyLedger) PackGENESISDOMAIN() []byte {
	enc, err := anonifyLedger.abi.Pack("GENESIS_DOMAIN")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGENESISDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x99a450c2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function GENESIS_DOMAIN() view returns(bytes18)
func (anonifyLedger *AnonifyLedger) TryPackGENESISDOMAIN() ([]byte, error) {
	return anonifyLedger.abi.Pack("GENESIS_DOMAIN")
}

// UnpackGENESISDOMAIN is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x99a450c2.
//
// Solidity: function GENESIS_DOMAIN() view returns(bytes18)
func (anonifyLedger *AnonifyLedger) UnpackGENESISDOMAIN(data []byte) ([18]byte, error) {
	out, err := anonifyLedger.abi.Unpack("GENESIS_DOMAIN", data)
	if err != nil {
		return *new([18]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([18]byte)).(*[18]byte)
	return out0, nil
}

// PackGOVERNANCEDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbaf1f75f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function GOVERNANCE_DOMAIN() view returns(bytes21)
func (anonifyLedger *AnonifyLedger) PackGOVERNANCEDOMAIN() []byte {
	enc, err := anonifyLedger.abi.Pack("GOVERNANCE_DOMAIN")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGOVERNANCEDOMAIN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbaf1f75f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function GOVERNANCE_DOMAIN() view returns(bytes21)
func (anonifyLedger *AnonifyLedger) TryPackGOVERNANCEDOMAIN() ([]byte, error) {
	return anonifyLedger.abi.Pack("GOVERNANCE_DOMAIN")
}

// UnpackGOVERNANCEDOMAIN is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbaf1f75f.
//
// Solidity: function GOVERNANCE_DOMAIN() view returns(bytes21)
func (anonifyLedger *AnonifyLedger) UnpackGOVERNANCEDOMAIN(data []byte) ([21]byte, error) {
	out, err := anonifyLedger.abi.Unpack("GOVERNANCE_DOMAIN", data)
	if err != nil {
		return *new([21]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([21]byte)).(*[21]byte)
	return out0, nil
}

// PackMAXAUDITORS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9bb88cf2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_AUDITORS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXAUDITORS() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_AUDITORS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXAUDITORS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9bb88cf2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_AUDITORS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXAUDITORS() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_AUDITORS")
}

// UnpackMAXAUDITORS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9bb88cf2.
//
// Solidity: function MAX_AUDITORS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXAUDITORS(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_AUDITORS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXAUDITHEADERBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf078abd7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_AUDIT_HEADER_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXAUDITHEADERBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_AUDIT_HEADER_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXAUDITHEADERBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf078abd7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_AUDIT_HEADER_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXAUDITHEADERBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_AUDIT_HEADER_BYTES")
}

// UnpackMAXAUDITHEADERBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf078abd7.
//
// Solidity: function MAX_AUDIT_HEADER_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXAUDITHEADERBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_AUDIT_HEADER_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXBATCHBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x57ebaceb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_BATCH_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXBATCHBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_BATCH_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXBATCHBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x57ebaceb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_BATCH_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXBATCHBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_BATCH_BYTES")
}

// UnpackMAXBATCHBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x57ebaceb.
//
// Solidity: function MAX_BATCH_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXBATCHBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_BATCH_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXCHUNKBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb632ab57.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CHUNK_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXCHUNKBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_CHUNK_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCHUNKBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb632ab57.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CHUNK_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXCHUNKBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_CHUNK_BYTES")
}

// UnpackMAXCHUNKBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb632ab57.
//
// Solidity: function MAX_CHUNK_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXCHUNKBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_CHUNK_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXCIPHERTEXTS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x86dea158.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CIPHERTEXTS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXCIPHERTEXTS() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_CIPHERTEXTS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCIPHERTEXTS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x86dea158.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CIPHERTEXTS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXCIPHERTEXTS() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_CIPHERTEXTS")
}

// UnpackMAXCIPHERTEXTS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x86dea158.
//
// Solidity: function MAX_CIPHERTEXTS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXCIPHERTEXTS(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_CIPHERTEXTS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXCIPHERTEXTBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x466712b5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CIPHERTEXT_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXCIPHERTEXTBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_CIPHERTEXT_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCIPHERTEXTBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x466712b5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CIPHERTEXT_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXCIPHERTEXTBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_CIPHERTEXT_BYTES")
}

// UnpackMAXCIPHERTEXTBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x466712b5.
//
// Solidity: function MAX_CIPHERTEXT_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXCIPHERTEXTBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_CIPHERTEXT_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXCUSTODIANS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3462dd03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CUSTODIANS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXCUSTODIANS() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_CUSTODIANS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCUSTODIANS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3462dd03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CUSTODIANS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXCUSTODIANS() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_CUSTODIANS")
}

// UnpackMAXCUSTODIANS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3462dd03.
//
// Solidity: function MAX_CUSTODIANS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXCUSTODIANS(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_CUSTODIANS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXEVIDENCEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f9a7530.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_EVIDENCE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXEVIDENCEBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_EVIDENCE_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXEVIDENCEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f9a7530.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_EVIDENCE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXEVIDENCEBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_EVIDENCE_BYTES")
}

// UnpackMAXEVIDENCEBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7f9a7530.
//
// Solidity: function MAX_EVIDENCE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXEVIDENCEBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_EVIDENCE_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXGOVERNORS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x456e098f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_GOVERNORS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXGOVERNORS() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_GOVERNORS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXGOVERNORS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x456e098f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_GOVERNORS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXGOVERNORS() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_GOVERNORS")
}

// UnpackMAXGOVERNORS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x456e098f.
//
// Solidity: function MAX_GOVERNORS() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXGOVERNORS(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_GOVERNORS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXHANDSHAKEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe7f29fec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_HANDSHAKE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXHANDSHAKEBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_HANDSHAKE_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXHANDSHAKEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe7f29fec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_HANDSHAKE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXHANDSHAKEBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_HANDSHAKE_BYTES")
}

// UnpackMAXHANDSHAKEBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe7f29fec.
//
// Solidity: function MAX_HANDSHAKE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXHANDSHAKEBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_HANDSHAKE_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXKEYPACKAGEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3bbe360b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_KEY_PACKAGE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXKEYPACKAGEBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_KEY_PACKAGE_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXKEYPACKAGEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3bbe360b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_KEY_PACKAGE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXKEYPACKAGEBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_KEY_PACKAGE_BYTES")
}

// UnpackMAXKEYPACKAGEBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3bbe360b.
//
// Solidity: function MAX_KEY_PACKAGE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXKEYPACKAGEBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_KEY_PACKAGE_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXMANIFESTBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcdb035d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_MANIFEST_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXMANIFESTBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_MANIFEST_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXMANIFESTBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcdb035d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_MANIFEST_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXMANIFESTBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_MANIFEST_BYTES")
}

// UnpackMAXMANIFESTBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcdb035d9.
//
// Solidity: function MAX_MANIFEST_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXMANIFESTBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_MANIFEST_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXMEMBERSHIPCHANGES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xffd6b5b9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_MEMBERSHIP_CHANGES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXMEMBERSHIPCHANGES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_MEMBERSHIP_CHANGES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXMEMBERSHIPCHANGES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xffd6b5b9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_MEMBERSHIP_CHANGES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXMEMBERSHIPCHANGES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_MEMBERSHIP_CHANGES")
}

// UnpackMAXMEMBERSHIPCHANGES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xffd6b5b9.
//
// Solidity: function MAX_MEMBERSHIP_CHANGES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXMEMBERSHIPCHANGES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_MEMBERSHIP_CHANGES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXPOLICYBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x77cbb9a3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_POLICY_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXPOLICYBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_POLICY_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXPOLICYBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x77cbb9a3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_POLICY_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXPOLICYBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_POLICY_BYTES")
}

// UnpackMAXPOLICYBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x77cbb9a3.
//
// Solidity: function MAX_POLICY_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXPOLICYBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_POLICY_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXREQUESTKEYBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb9071504.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_REQUEST_KEY_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXREQUESTKEYBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_REQUEST_KEY_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXREQUESTKEYBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb9071504.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_REQUEST_KEY_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXREQUESTKEYBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_REQUEST_KEY_BYTES")
}

// UnpackMAXREQUESTKEYBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb9071504.
//
// Solidity: function MAX_REQUEST_KEY_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXREQUESTKEYBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_REQUEST_KEY_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXSCOPEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xae6a057a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_SCOPE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackMAXSCOPEBYTES() []byte {
	enc, err := anonifyLedger.abi.Pack("MAX_SCOPE_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXSCOPEBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xae6a057a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_SCOPE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackMAXSCOPEBYTES() ([]byte, error) {
	return anonifyLedger.abi.Pack("MAX_SCOPE_BYTES")
}

// UnpackMAXSCOPEBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xae6a057a.
//
// Solidity: function MAX_SCOPE_BYTES() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackMAXSCOPEBYTES(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("MAX_SCOPE_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf4294f73.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(uint256 id, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackApprove(id *big.Int, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("approve", id, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf4294f73.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(uint256 id, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackApprove(id *big.Int, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("approve", id, sig)
}

// PackApprovedBy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x85667f1c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approvedBy(uint256 , address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackApprovedBy(arg0 *big.Int, arg1 common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("approvedBy", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprovedBy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x85667f1c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approvedBy(uint256 , address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackApprovedBy(arg0 *big.Int, arg1 common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("approvedBy", arg0, arg1)
}

// UnpackApprovedBy is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x85667f1c.
//
// Solidity: function approvedBy(uint256 , address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackApprovedBy(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("approvedBy", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackAuditDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23ba33a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function auditDigest(uint64 epoch, uint64 seq, bytes header, bytes[] records) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackAuditDigest(epoch uint64, seq uint64, header []byte, records [][]byte) []byte {
	enc, err := anonifyLedger.abi.Pack("auditDigest", epoch, seq, header, records)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuditDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23ba33a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function auditDigest(uint64 epoch, uint64 seq, bytes header, bytes[] records) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackAuditDigest(epoch uint64, seq uint64, header []byte, records [][]byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("auditDigest", epoch, seq, header, records)
}

// UnpackAuditDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23ba33a6.
//
// Solidity: function auditDigest(uint64 epoch, uint64 seq, bytes header, bytes[] records) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackAuditDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("auditDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAuditSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6d0af90e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function auditSeq() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackAuditSeq() []byte {
	enc, err := anonifyLedger.abi.Pack("auditSeq")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuditSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6d0af90e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function auditSeq() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackAuditSeq() ([]byte, error) {
	return anonifyLedger.abi.Pack("auditSeq")
}

// UnpackAuditSeq is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6d0af90e.
//
// Solidity: function auditSeq() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackAuditSeq(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("auditSeq", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackAuditorCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x115f574c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function auditorCount() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackAuditorCount() []byte {
	enc, err := anonifyLedger.abi.Pack("auditorCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuditorCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x115f574c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function auditorCount() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackAuditorCount() ([]byte, error) {
	return anonifyLedger.abi.Pack("auditorCount")
}

// UnpackAuditorCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x115f574c.
//
// Solidity: function auditorCount() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackAuditorCount(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("auditorCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackAuditorVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4edc8e9a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function auditorVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackAuditorVersion() []byte {
	enc, err := anonifyLedger.abi.Pack("auditorVersion")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuditorVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4edc8e9a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function auditorVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackAuditorVersion() ([]byte, error) {
	return anonifyLedger.abi.Pack("auditorVersion")
}

// UnpackAuditorVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4edc8e9a.
//
// Solidity: function auditorVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackAuditorVersion(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("auditorVersion", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCheckpointChunkDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd95ff544.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkpointChunkDigest(uint64 epoch, uint32 index, bytes chunk) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackCheckpointChunkDigest(epoch uint64, index uint32, chunk []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("checkpointChunkDigest", epoch, index, chunk)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckpointChunkDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd95ff544.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkpointChunkDigest(uint64 epoch, uint32 index, bytes chunk) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackCheckpointChunkDigest(epoch uint64, index uint32, chunk []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("checkpointChunkDigest", epoch, index, chunk)
}

// UnpackCheckpointChunkDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd95ff544.
//
// Solidity: function checkpointChunkDigest(uint64 epoch, uint32 index, bytes chunk) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackCheckpointChunkDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("checkpointChunkDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCheckpointDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x300409d8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkpointDigest(uint64 epoch, bytes manifest) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackCheckpointDigest(epoch uint64, manifest []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("checkpointDigest", epoch, manifest)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckpointDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x300409d8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkpointDigest(uint64 epoch, bytes manifest) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackCheckpointDigest(epoch uint64, manifest []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("checkpointDigest", epoch, manifest)
}

// UnpackCheckpointDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x300409d8.
//
// Solidity: function checkpointDigest(uint64 epoch, bytes manifest) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackCheckpointDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("checkpointDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCheckpointed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79a2496a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkpointed(uint64 epoch) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackCheckpointed(epoch uint64) []byte {
	enc, err := anonifyLedger.abi.Pack("checkpointed", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckpointed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79a2496a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkpointed(uint64 epoch) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackCheckpointed(epoch uint64) ([]byte, error) {
	return anonifyLedger.abi.Pack("checkpointed", epoch)
}

// UnpackCheckpointed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x79a2496a.
//
// Solidity: function checkpointed(uint64 epoch) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackCheckpointed(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("checkpointed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackCommandsDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f6813ac.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commandsDigest(uint64 epoch, uint64 seq, bytes[] ciphertexts) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackCommandsDigest(epoch uint64, seq uint64, ciphertexts [][]byte) []byte {
	enc, err := anonifyLedger.abi.Pack("commandsDigest", epoch, seq, ciphertexts)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommandsDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f6813ac.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commandsDigest(uint64 epoch, uint64 seq, bytes[] ciphertexts) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackCommandsDigest(epoch uint64, seq uint64, ciphertexts [][]byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("commandsDigest", epoch, seq, ciphertexts)
}

// UnpackCommandsDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5f6813ac.
//
// Solidity: function commandsDigest(uint64 epoch, uint64 seq, bytes[] ciphertexts) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackCommandsDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("commandsDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCurrentEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x76671808.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function currentEpoch() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackCurrentEpoch() []byte {
	enc, err := anonifyLedger.abi.Pack("currentEpoch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCurrentEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x76671808.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function currentEpoch() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackCurrentEpoch() ([]byte, error) {
	return anonifyLedger.abi.Pack("currentEpoch")
}

// UnpackCurrentEpoch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x76671808.
//
// Solidity: function currentEpoch() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackCurrentEpoch(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("currentEpoch", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCustodianVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7e291847.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function custodianVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackCustodianVersion() []byte {
	enc, err := anonifyLedger.abi.Pack("custodianVersion")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCustodianVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7e291847.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function custodianVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackCustodianVersion() ([]byte, error) {
	return anonifyLedger.abi.Pack("custodianVersion")
}

// UnpackCustodianVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7e291847.
//
// Solidity: function custodianVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackCustodianVersion(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("custodianVersion", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCustodians is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6066841.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function custodians() view returns(bytes32[] keys, uint8 threshold_, uint64 version)
func (anonifyLedger *AnonifyLedger) PackCustodians() []byte {
	enc, err := anonifyLedger.abi.Pack("custodians")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCustodians is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6066841.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function custodians() view returns(bytes32[] keys, uint8 threshold_, uint64 version)
func (anonifyLedger *AnonifyLedger) TryPackCustodians() ([]byte, error) {
	return anonifyLedger.abi.Pack("custodians")
}

// CustodiansOutput serves as a container for the return parameters of contract
// method Custodians.
type CustodiansOutput struct {
	Keys      [][32]byte
	Threshold uint8
	Version   uint64
}

// UnpackCustodians is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd6066841.
//
// Solidity: function custodians() view returns(bytes32[] keys, uint8 threshold_, uint64 version)
func (anonifyLedger *AnonifyLedger) UnpackCustodians(data []byte) (CustodiansOutput, error) {
	out, err := anonifyLedger.abi.Unpack("custodians", data)
	outstruct := new(CustodiansOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Keys = *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	outstruct.Threshold = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	outstruct.Version = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackDeployedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeae4c19f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deployedAt() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackDeployedAt() []byte {
	enc, err := anonifyLedger.abi.Pack("deployedAt")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeployedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeae4c19f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deployedAt() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackDeployedAt() ([]byte, error) {
	return anonifyLedger.abi.Pack("deployedAt")
}

// UnpackDeployedAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeae4c19f.
//
// Solidity: function deployedAt() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackDeployedAt(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("deployedAt", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackExpelled is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc32ef406.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function expelled(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackExpelled(arg0 common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("expelled", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExpelled is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc32ef406.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function expelled(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackExpelled(arg0 common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("expelled", arg0)
}

// UnpackExpelled is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc32ef406.
//
// Solidity: function expelled(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackExpelled(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("expelled", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackFoundings is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeba013f0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function foundings() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackFoundings() []byte {
	enc, err := anonifyLedger.abi.Pack("foundings")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFoundings is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeba013f0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function foundings() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackFoundings() ([]byte, error) {
	return anonifyLedger.abi.Pack("foundings")
}

// UnpackFoundings is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeba013f0.
//
// Solidity: function foundings() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackFoundings(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("foundings", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackGenesisHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94391a6d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function genesisHash() view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackGenesisHash() []byte {
	enc, err := anonifyLedger.abi.Pack("genesisHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGenesisHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94391a6d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function genesisHash() view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackGenesisHash() ([]byte, error) {
	return anonifyLedger.abi.Pack("genesisHash")
}

// UnpackGenesisHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x94391a6d.
//
// Solidity: function genesisHash() view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackGenesisHash(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("genesisHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGovernanceDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5751f94.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function governanceDigest(uint8 act, uint64 nonce, bytes32 payload) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackGovernanceDigest(act uint8, nonce uint64, payload [32]byte) []byte {
	enc, err := anonifyLedger.abi.Pack("governanceDigest", act, nonce, payload)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGovernanceDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5751f94.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function governanceDigest(uint8 act, uint64 nonce, bytes32 payload) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackGovernanceDigest(act uint8, nonce uint64, payload [32]byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("governanceDigest", act, nonce, payload)
}

// UnpackGovernanceDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd5751f94.
//
// Solidity: function governanceDigest(uint8 act, uint64 nonce, bytes32 payload) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackGovernanceDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("governanceDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGovernors is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc4aea7ec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function governors() view returns(address[])
func (anonifyLedger *AnonifyLedger) PackGovernors() []byte {
	enc, err := anonifyLedger.abi.Pack("governors")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGovernors is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc4aea7ec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function governors() view returns(address[])
func (anonifyLedger *AnonifyLedger) TryPackGovernors() ([]byte, error) {
	return anonifyLedger.abi.Pack("governors")
}

// UnpackGovernors is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc4aea7ec.
//
// Solidity: function governors() view returns(address[])
func (anonifyLedger *AnonifyLedger) UnpackGovernors(data []byte) ([]common.Address, error) {
	out, err := anonifyLedger.abi.Unpack("governors", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackHandshakeDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x13932476.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function handshakeDigest(uint64 epoch, bytes handshake, address[] adds, address[] removes) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackHandshakeDigest(epoch uint64, handshake []byte, adds []common.Address, removes []common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("handshakeDigest", epoch, handshake, adds, removes)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHandshakeDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x13932476.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function handshakeDigest(uint64 epoch, bytes handshake, address[] adds, address[] removes) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackHandshakeDigest(epoch uint64, handshake []byte, adds []common.Address, removes []common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("handshakeDigest", epoch, handshake, adds, removes)
}

// UnpackHandshakeDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x13932476.
//
// Solidity: function handshakeDigest(uint64 epoch, bytes handshake, address[] adds, address[] removes) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackHandshakeDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("handshakeDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackInitialPolicyHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x858fd48f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function initialPolicyHash() view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackInitialPolicyHash() []byte {
	enc, err := anonifyLedger.abi.Pack("initialPolicyHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInitialPolicyHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x858fd48f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function initialPolicyHash() view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackInitialPolicyHash() ([]byte, error) {
	return anonifyLedger.abi.Pack("initialPolicyHash")
}

// UnpackInitialPolicyHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x858fd48f.
//
// Solidity: function initialPolicyHash() view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackInitialPolicyHash(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("initialPolicyHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackIsAuditor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88028e6c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isAuditor(bytes32 ) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackIsAuditor(arg0 [32]byte) []byte {
	enc, err := anonifyLedger.abi.Pack("isAuditor", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsAuditor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88028e6c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isAuditor(bytes32 ) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackIsAuditor(arg0 [32]byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("isAuditor", arg0)
}

// UnpackIsAuditor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x88028e6c.
//
// Solidity: function isAuditor(bytes32 ) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackIsAuditor(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("isAuditor", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIsGovernor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe43581b8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isGovernor(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackIsGovernor(arg0 common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("isGovernor", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsGovernor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe43581b8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isGovernor(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackIsGovernor(arg0 common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("isGovernor", arg0)
}

// UnpackIsGovernor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe43581b8.
//
// Solidity: function isGovernor(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackIsGovernor(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("isGovernor", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIsMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa230c524.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isMember(address identity) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackIsMember(identity common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("isMember", identity)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa230c524.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isMember(address identity) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackIsMember(identity common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("isMember", identity)
}

// UnpackIsMember is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa230c524.
//
// Solidity: function isMember(address identity) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackIsMember(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("isMember", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLiveMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f15013e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function liveMembers() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackLiveMembers() []byte {
	enc, err := anonifyLedger.abi.Pack("liveMembers")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLiveMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f15013e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function liveMembers() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackLiveMembers() ([]byte, error) {
	return anonifyLedger.abi.Pack("liveMembers")
}

// UnpackLiveMembers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7f15013e.
//
// Solidity: function liveMembers() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackLiveMembers(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("liveMembers", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbdd4d18d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function members() view returns(address[])
func (anonifyLedger *AnonifyLedger) PackMembers() []byte {
	enc, err := anonifyLedger.abi.Pack("members")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbdd4d18d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function members() view returns(address[])
func (anonifyLedger *AnonifyLedger) TryPackMembers() ([]byte, error) {
	return anonifyLedger.abi.Pack("members")
}

// UnpackMembers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbdd4d18d.
//
// Solidity: function members() view returns(address[])
func (anonifyLedger *AnonifyLedger) UnpackMembers(data []byte) ([]common.Address, error) {
	out, err := anonifyLedger.abi.Unpack("members", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackNextSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc1594ac2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextSeq(address ) view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackNextSeq(arg0 common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("nextSeq", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc1594ac2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextSeq(address ) view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackNextSeq(arg0 common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("nextSeq", arg0)
}

// UnpackNextSeq is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc1594ac2.
//
// Solidity: function nextSeq(address ) view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackNextSeq(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("nextSeq", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackPolicy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0505c8c9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function policy() view returns(bytes)
func (anonifyLedger *AnonifyLedger) PackPolicy() []byte {
	enc, err := anonifyLedger.abi.Pack("policy")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPolicy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0505c8c9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function policy() view returns(bytes)
func (anonifyLedger *AnonifyLedger) TryPackPolicy() ([]byte, error) {
	return anonifyLedger.abi.Pack("policy")
}

// UnpackPolicy is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0505c8c9.
//
// Solidity: function policy() view returns(bytes)
func (anonifyLedger *AnonifyLedger) UnpackPolicy(data []byte) ([]byte, error) {
	out, err := anonifyLedger.abi.Unpack("policy", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackPolicyVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x58355ead.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function policyVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) PackPolicyVersion() []byte {
	enc, err := anonifyLedger.abi.Pack("policyVersion")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPolicyVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x58355ead.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function policyVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) TryPackPolicyVersion() ([]byte, error) {
	return anonifyLedger.abi.Pack("policyVersion")
}

// UnpackPolicyVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x58355ead.
//
// Solidity: function policyVersion() view returns(uint64)
func (anonifyLedger *AnonifyLedger) UnpackPolicyVersion(data []byte) (uint64, error) {
	out, err := anonifyLedger.abi.Unpack("policyVersion", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackPostAudit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x98bf3a73.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function postAudit(uint64 epoch, uint64 seq, bytes header, bytes[] records, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackPostAudit(epoch uint64, seq uint64, header []byte, records [][]byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("postAudit", epoch, seq, header, records, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPostAudit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x98bf3a73.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function postAudit(uint64 epoch, uint64 seq, bytes header, bytes[] records, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackPostAudit(epoch uint64, seq uint64, header []byte, records [][]byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("postAudit", epoch, seq, header, records, sig)
}

// PackPostCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x87fd4145.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function postCheckpoint(uint64 epoch, bytes manifest, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackPostCheckpoint(epoch uint64, manifest []byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("postCheckpoint", epoch, manifest, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPostCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x87fd4145.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function postCheckpoint(uint64 epoch, bytes manifest, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackPostCheckpoint(epoch uint64, manifest []byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("postCheckpoint", epoch, manifest, sig)
}

// PackPostCheckpointChunk is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41e2c933.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function postCheckpointChunk(uint64 epoch, uint32 index, bytes chunk, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackPostCheckpointChunk(epoch uint64, index uint32, chunk []byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("postCheckpointChunk", epoch, index, chunk, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPostCheckpointChunk is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41e2c933.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function postCheckpointChunk(uint64 epoch, uint32 index, bytes chunk, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackPostCheckpointChunk(epoch uint64, index uint32, chunk []byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("postCheckpointChunk", epoch, index, chunk, sig)
}

// PackPostCommands is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf89cb8da.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function postCommands(uint64 epoch, uint64 seq, bytes packed, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackPostCommands(epoch uint64, seq uint64, packed []byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("postCommands", epoch, seq, packed, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPostCommands is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf89cb8da.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function postCommands(uint64 epoch, uint64 seq, bytes packed, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackPostCommands(epoch uint64, seq uint64, packed []byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("postCommands", epoch, seq, packed, sig)
}

// PackPostHandshake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x53445ec5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function postHandshake(uint64 epoch, bytes handshake, address[] adds, address[] removes, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackPostHandshake(epoch uint64, handshake []byte, adds []common.Address, removes []common.Address, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("postHandshake", epoch, handshake, adds, removes, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPostHandshake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x53445ec5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function postHandshake(uint64 epoch, bytes handshake, address[] adds, address[] removes, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackPostHandshake(epoch uint64, handshake []byte, adds []common.Address, removes []common.Address, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("postHandshake", epoch, handshake, adds, removes, sig)
}

// PackProposal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30326c17.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposal(uint256 id) view returns(uint8 kind, bool executed, uint64 approvals, address target, uint64 nonce, bytes proposedPolicy, bytes32 subject)
func (anonifyLedger *AnonifyLedger) PackProposal(id *big.Int) []byte {
	enc, err := anonifyLedger.abi.Pack("proposal", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30326c17.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposal(uint256 id) view returns(uint8 kind, bool executed, uint64 approvals, address target, uint64 nonce, bytes proposedPolicy, bytes32 subject)
func (anonifyLedger *AnonifyLedger) TryPackProposal(id *big.Int) ([]byte, error) {
	return anonifyLedger.abi.Pack("proposal", id)
}

// ProposalOutput serves as a container for the return parameters of contract
// method Proposal.
type ProposalOutput struct {
	Kind           uint8
	Executed       bool
	Approvals      uint64
	Target         common.Address
	Nonce          uint64
	ProposedPolicy []byte
	Subject        [32]byte
}

// UnpackProposal is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x30326c17.
//
// Solidity: function proposal(uint256 id) view returns(uint8 kind, bool executed, uint64 approvals, address target, uint64 nonce, bytes proposedPolicy, bytes32 subject)
func (anonifyLedger *AnonifyLedger) UnpackProposal(data []byte) (ProposalOutput, error) {
	out, err := anonifyLedger.abi.Unpack("proposal", data)
	outstruct := new(ProposalOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Kind = *abi.ConvertType(out[0], new(uint8)).(*uint8)
	outstruct.Executed = *abi.ConvertType(out[1], new(bool)).(*bool)
	outstruct.Approvals = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.Target = *abi.ConvertType(out[3], new(common.Address)).(*common.Address)
	outstruct.Nonce = *abi.ConvertType(out[4], new(uint64)).(*uint64)
	outstruct.ProposedPolicy = *abi.ConvertType(out[5], new([]byte)).(*[]byte)
	outstruct.Subject = *abi.ConvertType(out[6], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackProposalCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda35c664.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalCount() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackProposalCount() []byte {
	enc, err := anonifyLedger.abi.Pack("proposalCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda35c664.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalCount() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackProposalCount() ([]byte, error) {
	return anonifyLedger.abi.Pack("proposalCount")
}

// UnpackProposalCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xda35c664.
//
// Solidity: function proposalCount() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackProposalCount(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("proposalCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposeAuditor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5e6ee22b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeAuditor(bytes32 key, bytes scope, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) PackProposeAuditor(key [32]byte, scope []byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("proposeAuditor", key, scope, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeAuditor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5e6ee22b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeAuditor(bytes32 key, bytes scope, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) TryPackProposeAuditor(key [32]byte, scope []byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("proposeAuditor", key, scope, sig)
}

// UnpackProposeAuditor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5e6ee22b.
//
// Solidity: function proposeAuditor(bytes32 key, bytes scope, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackProposeAuditor(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("proposeAuditor", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposeCustodians is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6acc314d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeCustodians(bytes32[] keys, uint8 threshold_, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) PackProposeCustodians(keys [][32]byte, threshold uint8, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("proposeCustodians", keys, threshold, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeCustodians is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6acc314d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeCustodians(bytes32[] keys, uint8 threshold_, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) TryPackProposeCustodians(keys [][32]byte, threshold uint8, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("proposeCustodians", keys, threshold, sig)
}

// UnpackProposeCustodians is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6acc314d.
//
// Solidity: function proposeCustodians(bytes32[] keys, uint8 threshold_, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackProposeCustodians(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("proposeCustodians", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposeExpel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd0c8f777.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeExpel(address identity, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) PackProposeExpel(identity common.Address, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("proposeExpel", identity, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeExpel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd0c8f777.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeExpel(address identity, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) TryPackProposeExpel(identity common.Address, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("proposeExpel", identity, sig)
}

// UnpackProposeExpel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd0c8f777.
//
// Solidity: function proposeExpel(address identity, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackProposeExpel(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("proposeExpel", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposeFounder is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xde445ea5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeFounder(address identity, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) PackProposeFounder(identity common.Address, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("proposeFounder", identity, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeFounder is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xde445ea5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeFounder(address identity, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) TryPackProposeFounder(identity common.Address, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("proposeFounder", identity, sig)
}

// UnpackProposeFounder is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xde445ea5.
//
// Solidity: function proposeFounder(address identity, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackProposeFounder(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("proposeFounder", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposePolicy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0bcffc6f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposePolicy(bytes policy_, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) PackProposePolicy(policy []byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("proposePolicy", policy, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposePolicy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0bcffc6f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposePolicy(bytes policy_, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) TryPackProposePolicy(policy []byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("proposePolicy", policy, sig)
}

// UnpackProposePolicy is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0bcffc6f.
//
// Solidity: function proposePolicy(bytes policy_, bytes sig) returns(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackProposePolicy(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("proposePolicy", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRegister is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0b9ad359.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function register(address identity, bytes requestKey, bytes keyPackage, bytes evidence, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) PackRegister(identity common.Address, requestKey []byte, keyPackage []byte, evidence []byte, sig []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("register", identity, requestKey, keyPackage, evidence, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegister is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0b9ad359.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function register(address identity, bytes requestKey, bytes keyPackage, bytes evidence, bytes sig) returns()
func (anonifyLedger *AnonifyLedger) TryPackRegister(identity common.Address, requestKey []byte, keyPackage []byte, evidence []byte, sig []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("register", identity, requestKey, keyPackage, evidence, sig)
}

// PackRegisterDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10233e5e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerDigest(address identity, bytes requestKey, bytes keyPackage, bytes evidence) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackRegisterDigest(identity common.Address, requestKey []byte, keyPackage []byte, evidence []byte) []byte {
	enc, err := anonifyLedger.abi.Pack("registerDigest", identity, requestKey, keyPackage, evidence)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10233e5e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerDigest(address identity, bytes requestKey, bytes keyPackage, bytes evidence) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackRegisterDigest(identity common.Address, requestKey []byte, keyPackage []byte, evidence []byte) ([]byte, error) {
	return anonifyLedger.abi.Pack("registerDigest", identity, requestKey, keyPackage, evidence)
}

// UnpackRegisterDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x10233e5e.
//
// Solidity: function registerDigest(address identity, bytes requestKey, bytes keyPackage, bytes evidence) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackRegisterDigest(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("registerDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb2dd5c07.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registered(address identity) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackRegistered(identity common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("registered", identity)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb2dd5c07.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registered(address identity) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackRegistered(identity common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("registered", identity)
}

// UnpackRegistered is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb2dd5c07.
//
// Solidity: function registered(address identity) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackRegistered(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("registered", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackRegistrationHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa05914ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registrationHash(address ) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) PackRegistrationHash(arg0 common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("registrationHash", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistrationHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa05914ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registrationHash(address ) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) TryPackRegistrationHash(arg0 common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("registrationHash", arg0)
}

// UnpackRegistrationHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa05914ab.
//
// Solidity: function registrationHash(address ) view returns(bytes32)
func (anonifyLedger *AnonifyLedger) UnpackRegistrationHash(data []byte) ([32]byte, error) {
	out, err := anonifyLedger.abi.Unpack("registrationHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc19d93fb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function state() view returns(uint64 epoch, address[] memberSet, uint64 version, bytes currentPolicy, uint64 nextAuditSeq, uint64 custodiansVersion, bytes32[] custodianSet, uint8 custodianQuorum)
func (anonifyLedger *AnonifyLedger) PackState() []byte {
	enc, err := anonifyLedger.abi.Pack("state")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc19d93fb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function state() view returns(uint64 epoch, address[] memberSet, uint64 version, bytes currentPolicy, uint64 nextAuditSeq, uint64 custodiansVersion, bytes32[] custodianSet, uint8 custodianQuorum)
func (anonifyLedger *AnonifyLedger) TryPackState() ([]byte, error) {
	return anonifyLedger.abi.Pack("state")
}

// StateOutput serves as a container for the return parameters of contract
// method State.
type StateOutput struct {
	Epoch             uint64
	MemberSet         []common.Address
	Version           uint64
	CurrentPolicy     []byte
	NextAuditSeq      uint64
	CustodiansVersion uint64
	CustodianSet      [][32]byte
	CustodianQuorum   uint8
}

// UnpackState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc19d93fb.
//
// Solidity: function state() view returns(uint64 epoch, address[] memberSet, uint64 version, bytes currentPolicy, uint64 nextAuditSeq, uint64 custodiansVersion, bytes32[] custodianSet, uint8 custodianQuorum)
func (anonifyLedger *AnonifyLedger) UnpackState(data []byte) (StateOutput, error) {
	out, err := anonifyLedger.abi.Unpack("state", data)
	outstruct := new(StateOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Epoch = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.MemberSet = *abi.ConvertType(out[1], new([]common.Address)).(*[]common.Address)
	outstruct.Version = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.CurrentPolicy = *abi.ConvertType(out[3], new([]byte)).(*[]byte)
	outstruct.NextAuditSeq = *abi.ConvertType(out[4], new(uint64)).(*uint64)
	outstruct.CustodiansVersion = *abi.ConvertType(out[5], new(uint64)).(*uint64)
	outstruct.CustodianSet = *abi.ConvertType(out[6], new([][32]byte)).(*[][32]byte)
	outstruct.CustodianQuorum = *abi.ConvertType(out[7], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42cde4e8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function threshold() view returns(uint256)
func (anonifyLedger *AnonifyLedger) PackThreshold() []byte {
	enc, err := anonifyLedger.abi.Pack("threshold")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42cde4e8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function threshold() view returns(uint256)
func (anonifyLedger *AnonifyLedger) TryPackThreshold() ([]byte, error) {
	return anonifyLedger.abi.Pack("threshold")
}

// UnpackThreshold is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42cde4e8.
//
// Solidity: function threshold() view returns(uint256)
func (anonifyLedger *AnonifyLedger) UnpackThreshold(data []byte) (*big.Int, error) {
	out, err := anonifyLedger.abi.Unpack("threshold", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWasRemoved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9f52059d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function wasRemoved(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) PackWasRemoved(arg0 common.Address) []byte {
	enc, err := anonifyLedger.abi.Pack("wasRemoved", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWasRemoved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9f52059d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function wasRemoved(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) TryPackWasRemoved(arg0 common.Address) ([]byte, error) {
	return anonifyLedger.abi.Pack("wasRemoved", arg0)
}

// UnpackWasRemoved is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9f52059d.
//
// Solidity: function wasRemoved(address ) view returns(bool)
func (anonifyLedger *AnonifyLedger) UnpackWasRemoved(data []byte) (bool, error) {
	out, err := anonifyLedger.abi.Unpack("wasRemoved", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// AnonifyLedgerApproved represents a Approved event raised by the AnonifyLedger contract.
type AnonifyLedgerApproved struct {
	Id        *big.Int
	Governor  common.Address
	Approvals *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerApprovedEventName = "Approved"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerApproved) ContractEventName() string {
	return AnonifyLedgerApprovedEventName
}

// UnpackApprovedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approved(uint256 indexed id, address indexed governor, uint256 approvals)
func (anonifyLedger *AnonifyLedger) UnpackApprovedEvent(log *types.Log) (*AnonifyLedgerApproved, error) {
	event := "Approved"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerApproved)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerAudit represents a Audit event raised by the AnonifyLedger contract.
type AnonifyLedgerAudit struct {
	Enclave common.Address
	Epoch   uint64
	Seq     uint64
	Header  []byte
	Records [][]byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerAuditEventName = "Audit"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerAudit) ContractEventName() string {
	return AnonifyLedgerAuditEventName
}

// UnpackAuditEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Audit(address indexed enclave, uint64 indexed epoch, uint64 seq, bytes header, bytes[] records)
func (anonifyLedger *AnonifyLedger) UnpackAuditEvent(log *types.Log) (*AnonifyLedgerAudit, error) {
	event := "Audit"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerAudit)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerAuditorChanged represents a AuditorChanged event raised by the AnonifyLedger contract.
type AnonifyLedgerAuditorChanged struct {
	Key   [32]byte
	Scope []byte
	Nonce uint64
	Sigs  [][]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerAuditorChangedEventName = "AuditorChanged"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerAuditorChanged) ContractEventName() string {
	return AnonifyLedgerAuditorChangedEventName
}

// UnpackAuditorChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AuditorChanged(bytes32 indexed key, bytes scope, uint64 nonce, bytes[] sigs)
func (anonifyLedger *AnonifyLedger) UnpackAuditorChangedEvent(log *types.Log) (*AnonifyLedgerAuditorChanged, error) {
	event := "AuditorChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerAuditorChanged)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerCheckpoint represents a Checkpoint event raised by the AnonifyLedger contract.
type AnonifyLedgerCheckpoint struct {
	Epoch    uint64
	Enclave  common.Address
	Manifest []byte
	Sig      []byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerCheckpointEventName = "Checkpoint"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerCheckpoint) ContractEventName() string {
	return AnonifyLedgerCheckpointEventName
}

// UnpackCheckpointEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Checkpoint(uint64 indexed epoch, address indexed enclave, bytes manifest, bytes sig)
func (anonifyLedger *AnonifyLedger) UnpackCheckpointEvent(log *types.Log) (*AnonifyLedgerCheckpoint, error) {
	event := "Checkpoint"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerCheckpoint)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerCheckpointChunk represents a CheckpointChunk event raised by the AnonifyLedger contract.
type AnonifyLedgerCheckpointChunk struct {
	Epoch   uint64
	Enclave common.Address
	Index   uint32
	Chunk   []byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerCheckpointChunkEventName = "CheckpointChunk"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerCheckpointChunk) ContractEventName() string {
	return AnonifyLedgerCheckpointChunkEventName
}

// UnpackCheckpointChunkEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CheckpointChunk(uint64 indexed epoch, address indexed enclave, uint32 index, bytes chunk)
func (anonifyLedger *AnonifyLedger) UnpackCheckpointChunkEvent(log *types.Log) (*AnonifyLedgerCheckpointChunk, error) {
	event := "CheckpointChunk"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerCheckpointChunk)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerCommands represents a Commands event raised by the AnonifyLedger contract.
type AnonifyLedgerCommands struct {
	Enclave common.Address
	Epoch   uint64
	Seq     uint64
	Batch   []byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerCommandsEventName = "Commands"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerCommands) ContractEventName() string {
	return AnonifyLedgerCommandsEventName
}

// UnpackCommandsEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Commands(address indexed enclave, uint64 indexed epoch, uint64 seq, bytes batch)
func (anonifyLedger *AnonifyLedger) UnpackCommandsEvent(log *types.Log) (*AnonifyLedgerCommands, error) {
	event := "Commands"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerCommands)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerCustodiansChanged represents a CustodiansChanged event raised by the AnonifyLedger contract.
type AnonifyLedgerCustodiansChanged struct {
	Version   uint64
	Keys      [][32]byte
	Threshold uint8
	Sigs      [][]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerCustodiansChangedEventName = "CustodiansChanged"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerCustodiansChanged) ContractEventName() string {
	return AnonifyLedgerCustodiansChangedEventName
}

// UnpackCustodiansChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CustodiansChanged(uint64 indexed version, bytes32[] keys, uint8 threshold, bytes[] sigs)
func (anonifyLedger *AnonifyLedger) UnpackCustodiansChangedEvent(log *types.Log) (*AnonifyLedgerCustodiansChanged, error) {
	event := "CustodiansChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerCustodiansChanged)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerExpelled represents a Expelled event raised by the AnonifyLedger contract.
type AnonifyLedgerExpelled struct {
	Identity common.Address
	Sigs     [][]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerExpelledEventName = "Expelled"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerExpelled) ContractEventName() string {
	return AnonifyLedgerExpelledEventName
}

// UnpackExpelledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Expelled(address indexed identity, bytes[] sigs)
func (anonifyLedger *AnonifyLedger) UnpackExpelledEvent(log *types.Log) (*AnonifyLedgerExpelled, error) {
	event := "Expelled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerExpelled)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerFounded represents a Founded event raised by the AnonifyLedger contract.
type AnonifyLedgerFounded struct {
	Identity common.Address
	Nonce    uint64
	Sigs     [][]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerFoundedEventName = "Founded"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerFounded) ContractEventName() string {
	return AnonifyLedgerFoundedEventName
}

// UnpackFoundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Founded(address indexed identity, uint64 nonce, bytes[] sigs)
func (anonifyLedger *AnonifyLedger) UnpackFoundedEvent(log *types.Log) (*AnonifyLedgerFounded, error) {
	event := "Founded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerFounded)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerHandshake represents a Handshake event raised by the AnonifyLedger contract.
type AnonifyLedgerHandshake struct {
	Epoch     uint64
	Committer common.Address
	Handshake []byte
	Adds      []common.Address
	Removes   []common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerHandshakeEventName = "Handshake"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerHandshake) ContractEventName() string {
	return AnonifyLedgerHandshakeEventName
}

// UnpackHandshakeEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Handshake(uint64 indexed epoch, address indexed committer, bytes handshake, address[] adds, address[] removes)
func (anonifyLedger *AnonifyLedger) UnpackHandshakeEvent(log *types.Log) (*AnonifyLedgerHandshake, error) {
	event := "Handshake"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerHandshake)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerPolicyChanged represents a PolicyChanged event raised by the AnonifyLedger contract.
type AnonifyLedgerPolicyChanged struct {
	Version uint64
	Policy  []byte
	Sigs    [][]byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerPolicyChangedEventName = "PolicyChanged"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerPolicyChanged) ContractEventName() string {
	return AnonifyLedgerPolicyChangedEventName
}

// UnpackPolicyChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PolicyChanged(uint64 indexed version, bytes policy, bytes[] sigs)
func (anonifyLedger *AnonifyLedger) UnpackPolicyChangedEvent(log *types.Log) (*AnonifyLedgerPolicyChanged, error) {
	event := "PolicyChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerPolicyChanged)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerProposed represents a Proposed event raised by the AnonifyLedger contract.
type AnonifyLedgerProposed struct {
	Id       *big.Int
	Proposer common.Address
	Kind     uint8
	Policy   []byte
	Target   common.Address
	Nonce    uint64
	Raw      *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerProposedEventName = "Proposed"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerProposed) ContractEventName() string {
	return AnonifyLedgerProposedEventName
}

// UnpackProposedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Proposed(uint256 indexed id, address indexed proposer, uint8 kind, bytes policy, address target, uint64 nonce)
func (anonifyLedger *AnonifyLedger) UnpackProposedEvent(log *types.Log) (*AnonifyLedgerProposed, error) {
	event := "Proposed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerProposed)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnonifyLedgerRegistered represents a Registered event raised by the AnonifyLedger contract.
type AnonifyLedgerRegistered struct {
	Identity   common.Address
	RequestKey []byte
	KeyPackage []byte
	Evidence   []byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const AnonifyLedgerRegisteredEventName = "Registered"

// ContractEventName returns the user-defined event name.
func (AnonifyLedgerRegistered) ContractEventName() string {
	return AnonifyLedgerRegisteredEventName
}

// UnpackRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Registered(address indexed identity, bytes requestKey, bytes keyPackage, bytes evidence)
func (anonifyLedger *AnonifyLedger) UnpackRegisteredEvent(log *types.Log) (*AnonifyLedgerRegistered, error) {
	event := "Registered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anonifyLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnonifyLedgerRegistered)
	if len(log.Data) > 0 {
		if err := anonifyLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anonifyLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (anonifyLedger *AnonifyLedger) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["AlreadyApproved"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackAlreadyApprovedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["AlreadyCheckpointed"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackAlreadyCheckpointedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["AlreadyExpelled"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackAlreadyExpelledError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["AlreadyFounded"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackAlreadyFoundedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["AlreadyMember"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackAlreadyMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["AlreadyRegistered"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["BadCustodians"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackBadCustodiansError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["BadGovernor"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackBadGovernorError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["BadSequence"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackBadSequenceError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["BadSignature"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackBadSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["BadThreshold"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackBadThresholdError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["BatchTooLarge"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackBatchTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["CiphertextTooLarge"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackCiphertextTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["DuplicateCustodian"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackDuplicateCustodianError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["EmptyBatch"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackEmptyBatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["EmptyCiphertext"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackEmptyCiphertextError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["EmptyField"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackEmptyFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["FieldTooLarge"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackFieldTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["MalformedBatch"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackMalformedBatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["NoCheckpoint"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackNoCheckpointError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["NotAuditor"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackNotAuditorError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["NotExpelled"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackNotExpelledError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["NotGovernor"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackNotGovernorError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["NotMember"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackNotMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["NotRegistered"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackNotRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["ProposalExecuted"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackProposalExecutedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["StaleProposal"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackStaleProposalError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["TooManyAuditors"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackTooManyAuditorsError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["TooManyCiphertexts"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackTooManyCiphertextsError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["UnknownProposal"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackUnknownProposalError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["UnknownSigner"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackUnknownSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["WasRemoved"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackWasRemovedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anonifyLedger.abi.Errors["WrongEpoch"].ID.Bytes()[:4]) {
		return anonifyLedger.UnpackWrongEpochError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// AnonifyLedgerAlreadyApproved represents a AlreadyApproved error raised by the AnonifyLedger contract.
type AnonifyLedgerAlreadyApproved struct {
	Id       *big.Int
	Governor common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyApproved(uint256 id, address governor)
func AnonifyLedgerAlreadyApprovedErrorID() common.Hash {
	return common.HexToHash("0x094775b03efa52a45bf83faac2b429fb980e1c159962ef1f9613b81855177c54")
}

// UnpackAlreadyApprovedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyApproved(uint256 id, address governor)
func (anonifyLedger *AnonifyLedger) UnpackAlreadyApprovedError(raw []byte) (*AnonifyLedgerAlreadyApproved, error) {
	out := new(AnonifyLedgerAlreadyApproved)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "AlreadyApproved", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerAlreadyCheckpointed represents a AlreadyCheckpointed error raised by the AnonifyLedger contract.
type AnonifyLedgerAlreadyCheckpointed struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyCheckpointed(uint64 epoch)
func AnonifyLedgerAlreadyCheckpointedErrorID() common.Hash {
	return common.HexToHash("0xf333c0d9fbbd6c5d6cb164092408a1e03ac91831c92b312bf9bd2b0d32e3ca60")
}

// UnpackAlreadyCheckpointedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyCheckpointed(uint64 epoch)
func (anonifyLedger *AnonifyLedger) UnpackAlreadyCheckpointedError(raw []byte) (*AnonifyLedgerAlreadyCheckpointed, error) {
	out := new(AnonifyLedgerAlreadyCheckpointed)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "AlreadyCheckpointed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerAlreadyExpelled represents a AlreadyExpelled error raised by the AnonifyLedger contract.
type AnonifyLedgerAlreadyExpelled struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyExpelled(address identity)
func AnonifyLedgerAlreadyExpelledErrorID() common.Hash {
	return common.HexToHash("0x639393c1520ca9f741794b37956239f5ea33c1c221d09d14f98f496ba2913341")
}

// UnpackAlreadyExpelledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyExpelled(address identity)
func (anonifyLedger *AnonifyLedger) UnpackAlreadyExpelledError(raw []byte) (*AnonifyLedgerAlreadyExpelled, error) {
	out := new(AnonifyLedgerAlreadyExpelled)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "AlreadyExpelled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerAlreadyFounded represents a AlreadyFounded error raised by the AnonifyLedger contract.
type AnonifyLedgerAlreadyFounded struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyFounded()
func AnonifyLedgerAlreadyFoundedErrorID() common.Hash {
	return common.HexToHash("0xb5e1eb800e83db02e394b86014bb80a5d86a3a54c536eb4d4f5c390fb2c277a4")
}

// UnpackAlreadyFoundedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyFounded()
func (anonifyLedger *AnonifyLedger) UnpackAlreadyFoundedError(raw []byte) (*AnonifyLedgerAlreadyFounded, error) {
	out := new(AnonifyLedgerAlreadyFounded)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "AlreadyFounded", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerAlreadyMember represents a AlreadyMember error raised by the AnonifyLedger contract.
type AnonifyLedgerAlreadyMember struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyMember(address identity)
func AnonifyLedgerAlreadyMemberErrorID() common.Hash {
	return common.HexToHash("0x0268f929b8e50dc801123bfb8b2a006b6c79575dd280e7d47371697a09340962")
}

// UnpackAlreadyMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyMember(address identity)
func (anonifyLedger *AnonifyLedger) UnpackAlreadyMemberError(raw []byte) (*AnonifyLedgerAlreadyMember, error) {
	out := new(AnonifyLedgerAlreadyMember)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "AlreadyMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerAlreadyRegistered represents a AlreadyRegistered error raised by the AnonifyLedger contract.
type AnonifyLedgerAlreadyRegistered struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRegistered(address identity)
func AnonifyLedgerAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0x45ed80e9399c87887ea54f615514a1e3dde31e9b6c027ddceb4ffd503b70e428")
}

// UnpackAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRegistered(address identity)
func (anonifyLedger *AnonifyLedger) UnpackAlreadyRegisteredError(raw []byte) (*AnonifyLedgerAlreadyRegistered, error) {
	out := new(AnonifyLedgerAlreadyRegistered)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "AlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerBadCustodians represents a BadCustodians error raised by the AnonifyLedger contract.
type AnonifyLedgerBadCustodians struct {
	Threshold *big.Int
	Keys      *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadCustodians(uint256 threshold, uint256 keys)
func AnonifyLedgerBadCustodiansErrorID() common.Hash {
	return common.HexToHash("0x1aef257c0847fe485d7e2438fe866d6628bf67b3bf2637282fd5013fb4624dad")
}

// UnpackBadCustodiansError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadCustodians(uint256 threshold, uint256 keys)
func (anonifyLedger *AnonifyLedger) UnpackBadCustodiansError(raw []byte) (*AnonifyLedgerBadCustodians, error) {
	out := new(AnonifyLedgerBadCustodians)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "BadCustodians", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerBadGovernor represents a BadGovernor error raised by the AnonifyLedger contract.
type AnonifyLedgerBadGovernor struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadGovernor(address account)
func AnonifyLedgerBadGovernorErrorID() common.Hash {
	return common.HexToHash("0x178536e0e385c7793638c408e3a3bf3cbe1f892cb2e2efd7897aec57c58722e1")
}

// UnpackBadGovernorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadGovernor(address account)
func (anonifyLedger *AnonifyLedger) UnpackBadGovernorError(raw []byte) (*AnonifyLedgerBadGovernor, error) {
	out := new(AnonifyLedgerBadGovernor)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "BadGovernor", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerBadSequence represents a BadSequence error raised by the AnonifyLedger contract.
type AnonifyLedgerBadSequence struct {
	Expected uint64
	Got      uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSequence(uint64 expected, uint64 got)
func AnonifyLedgerBadSequenceErrorID() common.Hash {
	return common.HexToHash("0x607f66d9f1a16b74e894ba6082ee22f0f25bfae4cbe6eb7d5e10a221bde308c1")
}

// UnpackBadSequenceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSequence(uint64 expected, uint64 got)
func (anonifyLedger *AnonifyLedger) UnpackBadSequenceError(raw []byte) (*AnonifyLedgerBadSequence, error) {
	out := new(AnonifyLedgerBadSequence)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "BadSequence", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerBadSignature represents a BadSignature error raised by the AnonifyLedger contract.
type AnonifyLedgerBadSignature struct {
	Reason uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignature(uint8 reason)
func AnonifyLedgerBadSignatureErrorID() common.Hash {
	return common.HexToHash("0x75bbbefaf280e26d6759c4d9710a44382465fdd1c3481df26524a379a4f7a9a7")
}

// UnpackBadSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignature(uint8 reason)
func (anonifyLedger *AnonifyLedger) UnpackBadSignatureError(raw []byte) (*AnonifyLedgerBadSignature, error) {
	out := new(AnonifyLedgerBadSignature)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "BadSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerBadThreshold represents a BadThreshold error raised by the AnonifyLedger contract.
type AnonifyLedgerBadThreshold struct {
	Threshold *big.Int
	Governors *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadThreshold(uint256 threshold, uint256 governors)
func AnonifyLedgerBadThresholdErrorID() common.Hash {
	return common.HexToHash("0xb8f1f4dfbff2a4f608cc635a071f50b3cc3109a9eba0d5550608469ccde08e87")
}

// UnpackBadThresholdError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadThreshold(uint256 threshold, uint256 governors)
func (anonifyLedger *AnonifyLedger) UnpackBadThresholdError(raw []byte) (*AnonifyLedgerBadThreshold, error) {
	out := new(AnonifyLedgerBadThreshold)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "BadThreshold", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerBatchTooLarge represents a BatchTooLarge error raised by the AnonifyLedger contract.
type AnonifyLedgerBatchTooLarge struct {
	Size  *big.Int
	Limit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchTooLarge(uint256 size, uint256 limit)
func AnonifyLedgerBatchTooLargeErrorID() common.Hash {
	return common.HexToHash("0xbb1cb70bcc2ddbaabd8d251943ebb6b48ae10b9f78ce35a6f00b43eac7ae64f1")
}

// UnpackBatchTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchTooLarge(uint256 size, uint256 limit)
func (anonifyLedger *AnonifyLedger) UnpackBatchTooLargeError(raw []byte) (*AnonifyLedgerBatchTooLarge, error) {
	out := new(AnonifyLedgerBatchTooLarge)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "BatchTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerCiphertextTooLarge represents a CiphertextTooLarge error raised by the AnonifyLedger contract.
type AnonifyLedgerCiphertextTooLarge struct {
	Index *big.Int
	Size  *big.Int
	Limit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CiphertextTooLarge(uint256 index, uint256 size, uint256 limit)
func AnonifyLedgerCiphertextTooLargeErrorID() common.Hash {
	return common.HexToHash("0xb73e110f3ffabbcdf187aead14ddaac967b1b9f350b11ee8e6f49be5ca5cad40")
}

// UnpackCiphertextTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CiphertextTooLarge(uint256 index, uint256 size, uint256 limit)
func (anonifyLedger *AnonifyLedger) UnpackCiphertextTooLargeError(raw []byte) (*AnonifyLedgerCiphertextTooLarge, error) {
	out := new(AnonifyLedgerCiphertextTooLarge)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "CiphertextTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerDuplicateCustodian represents a DuplicateCustodian error raised by the AnonifyLedger contract.
type AnonifyLedgerDuplicateCustodian struct {
	Key [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateCustodian(bytes32 key)
func AnonifyLedgerDuplicateCustodianErrorID() common.Hash {
	return common.HexToHash("0x4d97346cc098bab82fa8309bbff0fe9aab8c1119f0d4b416ca939d109dec51e8")
}

// UnpackDuplicateCustodianError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateCustodian(bytes32 key)
func (anonifyLedger *AnonifyLedger) UnpackDuplicateCustodianError(raw []byte) (*AnonifyLedgerDuplicateCustodian, error) {
	out := new(AnonifyLedgerDuplicateCustodian)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "DuplicateCustodian", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerEmptyBatch represents a EmptyBatch error raised by the AnonifyLedger contract.
type AnonifyLedgerEmptyBatch struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyBatch()
func AnonifyLedgerEmptyBatchErrorID() common.Hash {
	return common.HexToHash("0xc2e5347df6cf8d1bf68f8a9651642312bd381b900d857d97cd665976180d6ae0")
}

// UnpackEmptyBatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyBatch()
func (anonifyLedger *AnonifyLedger) UnpackEmptyBatchError(raw []byte) (*AnonifyLedgerEmptyBatch, error) {
	out := new(AnonifyLedgerEmptyBatch)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "EmptyBatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerEmptyCiphertext represents a EmptyCiphertext error raised by the AnonifyLedger contract.
type AnonifyLedgerEmptyCiphertext struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyCiphertext(uint256 index)
func AnonifyLedgerEmptyCiphertextErrorID() common.Hash {
	return common.HexToHash("0x6a7a07352710a169c0d3682d50da2deb019a5609bd47f2173682503de7bb44cb")
}

// UnpackEmptyCiphertextError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyCiphertext(uint256 index)
func (anonifyLedger *AnonifyLedger) UnpackEmptyCiphertextError(raw []byte) (*AnonifyLedgerEmptyCiphertext, error) {
	out := new(AnonifyLedgerEmptyCiphertext)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "EmptyCiphertext", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerEmptyField represents a EmptyField error raised by the AnonifyLedger contract.
type AnonifyLedgerEmptyField struct {
	Field string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyField(string field)
func AnonifyLedgerEmptyFieldErrorID() common.Hash {
	return common.HexToHash("0xa69290e7cac040ed0e694b9ddf4f08dea75b8deaa26a26ca604c3dd1384e4e45")
}

// UnpackEmptyFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyField(string field)
func (anonifyLedger *AnonifyLedger) UnpackEmptyFieldError(raw []byte) (*AnonifyLedgerEmptyField, error) {
	out := new(AnonifyLedgerEmptyField)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "EmptyField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerFieldTooLarge represents a FieldTooLarge error raised by the AnonifyLedger contract.
type AnonifyLedgerFieldTooLarge struct {
	Field string
	Size  *big.Int
	Limit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FieldTooLarge(string field, uint256 size, uint256 limit)
func AnonifyLedgerFieldTooLargeErrorID() common.Hash {
	return common.HexToHash("0x0c77a0e750beb671518296320c1c23a818e08fd7a810786e8ee0d4da45064656")
}

// UnpackFieldTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FieldTooLarge(string field, uint256 size, uint256 limit)
func (anonifyLedger *AnonifyLedger) UnpackFieldTooLargeError(raw []byte) (*AnonifyLedgerFieldTooLarge, error) {
	out := new(AnonifyLedgerFieldTooLarge)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "FieldTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerMalformedBatch represents a MalformedBatch error raised by the AnonifyLedger contract.
type AnonifyLedgerMalformedBatch struct {
	Offset *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MalformedBatch(uint256 offset)
func AnonifyLedgerMalformedBatchErrorID() common.Hash {
	return common.HexToHash("0x70ac562d39aac733368e4feca6c3c85dd40665c1cb8c23336e1557fd5d7b1730")
}

// UnpackMalformedBatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MalformedBatch(uint256 offset)
func (anonifyLedger *AnonifyLedger) UnpackMalformedBatchError(raw []byte) (*AnonifyLedgerMalformedBatch, error) {
	out := new(AnonifyLedgerMalformedBatch)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "MalformedBatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerNoCheckpoint represents a NoCheckpoint error raised by the AnonifyLedger contract.
type AnonifyLedgerNoCheckpoint struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoCheckpoint(uint64 epoch)
func AnonifyLedgerNoCheckpointErrorID() common.Hash {
	return common.HexToHash("0x4f1ac2c066b8a2e5637d582b1afa477ebc27725ddc16d65b821a18cd288bf301")
}

// UnpackNoCheckpointError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoCheckpoint(uint64 epoch)
func (anonifyLedger *AnonifyLedger) UnpackNoCheckpointError(raw []byte) (*AnonifyLedgerNoCheckpoint, error) {
	out := new(AnonifyLedgerNoCheckpoint)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "NoCheckpoint", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerNotAuditor represents a NotAuditor error raised by the AnonifyLedger contract.
type AnonifyLedgerNotAuditor struct {
	Key [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAuditor(bytes32 key)
func AnonifyLedgerNotAuditorErrorID() common.Hash {
	return common.HexToHash("0xe2a4c39f17dc6d9a26f72e99ffd40c91c1ef307909436c539d2a2d6f8126a39a")
}

// UnpackNotAuditorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAuditor(bytes32 key)
func (anonifyLedger *AnonifyLedger) UnpackNotAuditorError(raw []byte) (*AnonifyLedgerNotAuditor, error) {
	out := new(AnonifyLedgerNotAuditor)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "NotAuditor", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerNotExpelled represents a NotExpelled error raised by the AnonifyLedger contract.
type AnonifyLedgerNotExpelled struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotExpelled(address identity)
func AnonifyLedgerNotExpelledErrorID() common.Hash {
	return common.HexToHash("0x7e3187e9c8ce0710d84abfc9155cfbafe63a1ee1a427d70036cd59d67356793a")
}

// UnpackNotExpelledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotExpelled(address identity)
func (anonifyLedger *AnonifyLedger) UnpackNotExpelledError(raw []byte) (*AnonifyLedgerNotExpelled, error) {
	out := new(AnonifyLedgerNotExpelled)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "NotExpelled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerNotGovernor represents a NotGovernor error raised by the AnonifyLedger contract.
type AnonifyLedgerNotGovernor struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotGovernor(address account)
func AnonifyLedgerNotGovernorErrorID() common.Hash {
	return common.HexToHash("0xad0550d5f64f904d6845e2da1145f7625e411009b26be2bd68f5c8a432c0b075")
}

// UnpackNotGovernorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotGovernor(address account)
func (anonifyLedger *AnonifyLedger) UnpackNotGovernorError(raw []byte) (*AnonifyLedgerNotGovernor, error) {
	out := new(AnonifyLedgerNotGovernor)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "NotGovernor", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerNotMember represents a NotMember error raised by the AnonifyLedger contract.
type AnonifyLedgerNotMember struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotMember(address identity)
func AnonifyLedgerNotMemberErrorID() common.Hash {
	return common.HexToHash("0x16d6142c051fd31eaf080eccdc319a6d11b659baa2266c1e4d7e444bd19c4a32")
}

// UnpackNotMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotMember(address identity)
func (anonifyLedger *AnonifyLedger) UnpackNotMemberError(raw []byte) (*AnonifyLedgerNotMember, error) {
	out := new(AnonifyLedgerNotMember)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "NotMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerNotRegistered represents a NotRegistered error raised by the AnonifyLedger contract.
type AnonifyLedgerNotRegistered struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRegistered(address identity)
func AnonifyLedgerNotRegisteredErrorID() common.Hash {
	return common.HexToHash("0xbfc6c337a80b7b8201f77f0a2a54c6e5f7c6fd9124a749804a482fa16ee8a895")
}

// UnpackNotRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRegistered(address identity)
func (anonifyLedger *AnonifyLedger) UnpackNotRegisteredError(raw []byte) (*AnonifyLedgerNotRegistered, error) {
	out := new(AnonifyLedgerNotRegistered)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "NotRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerProposalExecuted represents a ProposalExecuted error raised by the AnonifyLedger contract.
type AnonifyLedgerProposalExecuted struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProposalExecuted(uint256 id)
func AnonifyLedgerProposalExecutedErrorID() common.Hash {
	return common.HexToHash("0x712ae1383f79ac853f8d882153778e0260ef8f03b504e2866e0593e04d2b291f")
}

// UnpackProposalExecutedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProposalExecuted(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackProposalExecutedError(raw []byte) (*AnonifyLedgerProposalExecuted, error) {
	out := new(AnonifyLedgerProposalExecuted)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "ProposalExecuted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerStaleProposal represents a StaleProposal error raised by the AnonifyLedger contract.
type AnonifyLedgerStaleProposal struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StaleProposal(uint256 id)
func AnonifyLedgerStaleProposalErrorID() common.Hash {
	return common.HexToHash("0x6d7964cf6c969a5341ec773c2b3bcc0f5a2e8c2609bcc02d7500ec180bd8170f")
}

// UnpackStaleProposalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StaleProposal(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackStaleProposalError(raw []byte) (*AnonifyLedgerStaleProposal, error) {
	out := new(AnonifyLedgerStaleProposal)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "StaleProposal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerTooManyAuditors represents a TooManyAuditors error raised by the AnonifyLedger contract.
type AnonifyLedgerTooManyAuditors struct {
	Limit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyAuditors(uint256 limit)
func AnonifyLedgerTooManyAuditorsErrorID() common.Hash {
	return common.HexToHash("0xcdf6cd3de574de1c079f345cdd1d067109e603c264ca3c32e7e0c4ae4999cba6")
}

// UnpackTooManyAuditorsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyAuditors(uint256 limit)
func (anonifyLedger *AnonifyLedger) UnpackTooManyAuditorsError(raw []byte) (*AnonifyLedgerTooManyAuditors, error) {
	out := new(AnonifyLedgerTooManyAuditors)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "TooManyAuditors", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerTooManyCiphertexts represents a TooManyCiphertexts error raised by the AnonifyLedger contract.
type AnonifyLedgerTooManyCiphertexts struct {
	Count *big.Int
	Limit *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyCiphertexts(uint256 count, uint256 limit)
func AnonifyLedgerTooManyCiphertextsErrorID() common.Hash {
	return common.HexToHash("0x2803fdd7f830cf8db0f24fcc1e47a5217c73a90fa41c8f2cfe18986bc7c797e0")
}

// UnpackTooManyCiphertextsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyCiphertexts(uint256 count, uint256 limit)
func (anonifyLedger *AnonifyLedger) UnpackTooManyCiphertextsError(raw []byte) (*AnonifyLedgerTooManyCiphertexts, error) {
	out := new(AnonifyLedgerTooManyCiphertexts)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "TooManyCiphertexts", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerUnknownProposal represents a UnknownProposal error raised by the AnonifyLedger contract.
type AnonifyLedgerUnknownProposal struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownProposal(uint256 id)
func AnonifyLedgerUnknownProposalErrorID() common.Hash {
	return common.HexToHash("0x28e0cf5a770b9ab4da594ebd0cf7af68f08abd0573138e8389260fc0eb761d74")
}

// UnpackUnknownProposalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownProposal(uint256 id)
func (anonifyLedger *AnonifyLedger) UnpackUnknownProposalError(raw []byte) (*AnonifyLedgerUnknownProposal, error) {
	out := new(AnonifyLedgerUnknownProposal)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "UnknownProposal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerUnknownSigner represents a UnknownSigner error raised by the AnonifyLedger contract.
type AnonifyLedgerUnknownSigner struct {
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownSigner(address signer)
func AnonifyLedgerUnknownSignerErrorID() common.Hash {
	return common.HexToHash("0xd7e8a2c26fd6e574581d4dadb54adcae8e49f64b22b2d5386731d559357f82c3")
}

// UnpackUnknownSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownSigner(address signer)
func (anonifyLedger *AnonifyLedger) UnpackUnknownSignerError(raw []byte) (*AnonifyLedgerUnknownSigner, error) {
	out := new(AnonifyLedgerUnknownSigner)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "UnknownSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerWasRemoved represents a WasRemoved error raised by the AnonifyLedger contract.
type AnonifyLedgerWasRemoved struct {
	Identity common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WasRemoved(address identity)
func AnonifyLedgerWasRemovedErrorID() common.Hash {
	return common.HexToHash("0xc4e2363fece87ecf6fd31093706e5a9c88920f166413b6767658316958a04443")
}

// UnpackWasRemovedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WasRemoved(address identity)
func (anonifyLedger *AnonifyLedger) UnpackWasRemovedError(raw []byte) (*AnonifyLedgerWasRemoved, error) {
	out := new(AnonifyLedgerWasRemoved)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "WasRemoved", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnonifyLedgerWrongEpoch represents a WrongEpoch error raised by the AnonifyLedger contract.
type AnonifyLedgerWrongEpoch struct {
	Current uint64
	Got     uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongEpoch(uint64 current, uint64 got)
func AnonifyLedgerWrongEpochErrorID() common.Hash {
	return common.HexToHash("0x2b9264ec593278cbe059ca68c627e1b8271a7e014abe4c8622c73486c89e1e93")
}

// UnpackWrongEpochError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongEpoch(uint64 current, uint64 got)
func (anonifyLedger *AnonifyLedger) UnpackWrongEpochError(raw []byte) (*AnonifyLedgerWrongEpoch, error) {
	out := new(AnonifyLedgerWrongEpoch)
	if err := anonifyLedger.abi.UnpackIntoInterface(out, "WrongEpoch", raw); err != nil {
		return nil, err
	}
	return out, nil
}
