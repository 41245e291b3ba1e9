// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

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
	ABI: "[{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"governors_\",\"type\":\"address[]\"},{\"internalType\":\"uint256\",\"name\":\"threshold_\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"policy_\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"governor\",\"type\":\"address\"}],\"name\":\"AlreadyApproved\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"AlreadyExpelled\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"AlreadyFounded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"AlreadyMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"BadGovernor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"BadSequence\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"governors\",\"type\":\"uint256\"}],\"name\":\"BadThreshold\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"BatchTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"CiphertextTooLarge\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyBatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"EmptyCiphertext\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"field\",\"type\":\"string\"}],\"name\":\"EmptyField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"field\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"FieldTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"offset\",\"type\":\"uint256\"}],\"name\":\"MalformedBatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"}],\"name\":\"NotAuditor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"NotExpelled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotGovernor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"NotMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"NotRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"ProposalExecuted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"StaleProposal\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"TooManyAuditors\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"TooManyCiphertexts\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"UnknownProposal\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"UnknownSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"WasRemoved\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"current\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"WrongEpoch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"governor\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"approvals\",\"type\":\"uint256\"}],\"name\":\"Approved\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"enclave\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"records\",\"type\":\"bytes[]\"}],\"name\":\"Audit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"scope\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"AuditorChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"enclave\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"batch\",\"type\":\"bytes\"}],\"name\":\"Commands\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"Expelled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"Founded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"handshake\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"adds\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"removes\",\"type\":\"address[]\"}],\"name\":\"Handshake\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"policy\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"PolicyChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"policy\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"name\":\"Proposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"requestKey\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"keyPackage\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"}],\"name\":\"Registered\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DOMAIN\",\"outputs\":[{\"internalType\":\"bytes17\",\"name\":\"\",\"type\":\"bytes17\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"GENESIS_DOMAIN\",\"outputs\":[{\"internalType\":\"bytes18\",\"name\":\"\",\"type\":\"bytes18\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"GOVERNANCE_DOMAIN\",\"outputs\":[{\"internalType\":\"bytes21\",\"name\":\"\",\"type\":\"bytes21\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_AUDITORS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_AUDIT_HEADER_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_BATCH_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CIPHERTEXTS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CIPHERTEXT_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_EVIDENCE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_GOVERNORS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_HANDSHAKE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_KEY_PACKAGE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MEMBERSHIP_CHANGES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_POLICY_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_REQUEST_KEY_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_SCOPE_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"approvedBy\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"records\",\"type\":\"bytes[]\"}],\"name\":\"auditDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"auditSeq\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"auditorCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"auditorVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes[]\",\"name\":\"ciphertexts\",\"type\":\"bytes[]\"}],\"name\":\"commandsDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"currentEpoch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"deployedAt\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"expelled\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"foundings\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"genesisHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"act\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"payload\",\"type\":\"bytes32\"}],\"name\":\"governanceDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"governors\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"handshake\",\"type\":\"bytes\"},{\"internalType\":\"address[]\",\"name\":\"adds\",\"type\":\"address[]\"},{\"internalType\":\"address[]\",\"name\":\"removes\",\"type\":\"address[]\"}],\"name\":\"handshakeDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"initialPolicyHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"isAuditor\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isGovernor\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"isMember\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"liveMembers\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"members\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"nextSeq\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"policy\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"policyVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"records\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postAudit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"packed\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postCommands\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"handshake\",\"type\":\"bytes\"},{\"internalType\":\"address[]\",\"name\":\"adds\",\"type\":\"address[]\"},{\"internalType\":\"address[]\",\"name\":\"removes\",\"type\":\"address[]\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"postHandshake\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"proposal\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"bool\",\"name\":\"executed\",\"type\":\"bool\"},{\"internalType\":\"uint64\",\"name\":\"approvals\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"proposedPolicy\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"subject\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proposalCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"key\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"scope\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeAuditor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeExpel\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposeFounder\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"policy_\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"proposePolicy\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"requestKey\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"keyPackage\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"register\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"requestKey\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"keyPackage\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"}],\"name\":\"registerDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identity\",\"type\":\"address\"}],\"name\":\"registered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"registrationHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"state\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"address[]\",\"name\":\"memberSet\",\"type\":\"address[]\"},{\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"currentPolicy\",\"type\":\"bytes\"},{\"internalType\":\"uint64\",\"name\":\"nextAuditSeq\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"threshold\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"wasRemoved\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "AnonifyLedger",
	Bin: "0x61010060405234801561001157600080fd5b50604051614c30380380614c308339810160408190526100309161044d565b8251602081111561008357604051630c77a0e760e01b8152606060048201526009606482015268676f7665726e6f727360b81b6084820152602481018290526020604482015260a4015b60405180910390fd5b82158061008f57508083115b156100b75760405163b8f1f4df60e01b8152600481018490526024810182905260440161007a565b60005b8181101561016b5760008582815181106100d6576100d6610547565b6020026020010151905060006001600160a01b0316816001600160a01b0316148061011957506001600160a01b03811660009081526001602052604090205460ff165b156101415760405162bc29b760e51b81526001600160a01b038216600482015260240161007a565b6001600160a01b03166000908152600160208190526040909120805460ff191682179055016100ba565b506000610178858261057b565b5060a08390526001600160401b034316608052815160208381019190912060c05260405171616e6f6e6966792d67656e657369732d763160701b914691309187916101c5918a9101610611565b604051602081830303815290604052805190602001208680519060200120604051602001610234969594939291906001600160701b0319969096168652601286019490945260609290921b6001600160601b031916603285015260468401526066830152608682015260a60190565b60408051808303601f19018152828252805160209182012060e052600080845290830190915261028091849161027a565b60608152602001906001900390816102655790505b50610289565b505050506108d0565b61029282610328565b600661029e83826106d3565b50600580546000919082906102bb906001600160401b0316610791565b91906101000a8154816001600160401b0302191690836001600160401b0316021790559050806001600160401b03167fb0cdb07f4c458dfbebe713e53a27ebf2b15f523c14c04946e008a5dbaf077d36848460405161031b9291906107f7565b60405180910390a2505050565b805160000361034a5760405163a69290e760e01b815260040161007a9061086e565b61400081511115610375578051614000604051630c77a0e760e01b815260040161007a92919061089a565b50565b634e487b7160e01b600052604160045260246000fd5b604051601f8201601f191681016001600160401b03811182821017156103b6576103b6610378565b604052919050565b60005b838110156103d95781810151838201526020016103c1565b50506000910152565b600082601f8301126103f357600080fd5b81516001600160401b0381111561040c5761040c610378565b61041f601f8201601f191660200161038e565b81815284602083860101111561043457600080fd5b6104458260208301602087016103be565b949350505050565b60008060006060848603121561046257600080fd5b83516001600160401b0381111561047857600080fd5b8401601f8101861361048957600080fd5b80516001600160401b038111156104a2576104a2610378565b8060051b6104b26020820161038e565b918252602081840181019290810190898411156104ce57600080fd5b6020850194505b8385101561050857845192506001600160a01b03831683146104f657600080fd5b828252602094850194909101906104d5565b602089015160408a01519198509650935050506001600160401b03821115905061053157600080fd5b61053d868287016103e2565b9150509250925092565b634e487b7160e01b600052603260045260246000fd5b60005b8281101561057657600082820155600101610560565b505050565b81516001600160401b0381111561059457610594610378565b680100000000000000008111156105ad576105ad610378565b8154818355808210156105d35782600052816020600020016105d18383038261055d565b505b506020830182600052602060002060005b838110156106095782516001600160a01b0316828201556020909201916001016105e4565b505050505050565b8151600090829060208501835b828110156106455781516001600160a01b031684526020938401939091019060010161061e565b509195945050505050565b600181811c9082168061066457607f821691505b60208210810361068457634e487b7160e01b600052602260045260246000fd5b50919050565b601f821115610576578282111561057657806000526020600020601f840160051c60208510156106b8575060005b6106cc81601f860160051c0382840161055d565b5050505050565b81516001600160401b038111156106ec576106ec610378565b610700816106fa8454610650565b8461068a565b6020601f821160018114610734576000831561071c5750848201515b600019600385901b1c1916600184901b1784556106cc565b600084815260208120601f198516915b828110156107645787850151825560209485019460019092019101610744565b50848210156107825786840151600019600387901b60f8161c191681555b50505050600190811b01905550565b60006001600160401b0382166002600160401b031981016107c257634e487b7160e01b600052601160045260246000fd5b60010192915050565b600081518084526107e38160208601602086016103be565b601f01601f19169290920160200192915050565b60408152600061080a60408301856107cb565b828103602084015280845180835260208301915060208160051b8401016020870160005b8381101561086057601f1986840301855261084a8383516107cb565b602095860195909350919091019060010161082e565b509098975050505050505050565b602081526000610894602083016006815265706f6c69637960d01b602082015260400190565b92915050565b6060815260006108c0606083016006815265706f6c69637960d01b602082015260400190565b6020830194909452506040015290565b60805160a05160c05160e0516143206109106000396000610604015260006105b101526000818161044701526126300152600061084701526143206000f3fe608060405234801561001057600080fd5b50600436106103785760003560e01c806394391a6d116101d3578063c32ef40611610104578063e7f29fec116100a2578063f078abd71161007c578063f078abd71461087c578063f4294f7314610885578063f89cb8da14610898578063ffd6b5b9146108ab57600080fd5b8063e7f29fec14610564578063eae4c19f14610842578063eba013f01461086957600080fd5b8063d5751f94116100de578063d5751f94146107f0578063da35c66414610803578063de445ea51461080c578063e43581b81461081f57600080fd5b8063c32ef406146107b2578063c4aea7ec146107d5578063d0c8f777146107dd57600080fd5b8063ae6a057a11610171578063baf1f75f1161014b578063baf1f75f1461071f578063bdd4d18d1461075b578063c1594ac214610770578063c19d93fb1461079957600080fd5b8063ae6a057a146106eb578063b2dd5c07146106f4578063b9071504146106eb57600080fd5b80639bb88cf2116101ad5780639bb88cf2146106755780639f52059d1461067d578063a05914ab146106a0578063a230c524146106c057600080fd5b806394391a6d146105ff57806398bf3a731461062657806399a450c21461063957600080fd5b806353445ec5116102ad57806377cbb9a31161024b57806385667f1c1161022557806385667f1c1461056e578063858fd48f146105ac57806386dea158146105d357806388028e6c146105dc57600080fd5b806377cbb9a3146104395780637f15013e1461055b5780637f9a75301461056457600080fd5b80635e6ee22b116102875780635e6ee22b146105085780635f6813ac1461051b5780636d0af90e1461052e578063766718081461054157600080fd5b806353445ec5146104d857806357ebaceb146104eb57806358355ead146104f557600080fd5b806330326c171161031a578063456e098f116102f4578063456e098f14610469578063466712b5146104395780634edc8e9a1461047157806352a9674b1461049c57600080fd5b806330326c17146104135780633bbe360b1461043957806342cde4e81461044257600080fd5b806310233e5e1161035657806310233e5e146103d1578063115f574c146103e457806313932476146103ed57806323ba33a61461040057600080fd5b80630505c8c91461037d5780630b9ad3591461039b5780630bcffc6f146103b0575b600080fd5b6103856108b3565b60405161039291906130b3565b60405180910390f35b6103ae6103a9366004613131565b610941565b005b6103c36103be366004613217565b610ad6565b604051908152602001610392565b6103c36103df366004613286565b610b9e565b6103c360115481565b6103c36103fb366004613395565b610bc5565b6103c361040e366004613436565b610bdb565b6104266104213660046134ca565b610c3f565b60405161039297969594939291906134e3565b6103c361400081565b6103c37f000000000000000000000000000000000000000000000000000000000000000081565b6103c3602081565b600f54610484906001600160401b031681565b6040516001600160401b039091168152602001610392565b6104b770616e6f6e6966792d6c65646765722d763160781b81565b6040516effffffffffffffffffffffffffffff199091168152602001610392565b6103ae6104e6366004613543565b610d6e565b6103c36201800081565b600554610484906001600160401b031681565b6103c36105163660046135e7565b611130565b6103c3610529366004613664565b6111fb565b601254610484906001600160401b031681565b600d5461048490600160401b90046001600160401b031681565b6103c3600c5481565b6103c36201000081565b61059c61057c3660046136b8565b600460209081526000928352604080842090915290825290205460ff1681565b6040519015158152602001610392565b6103c37f000000000000000000000000000000000000000000000000000000000000000081565b6103c361010081565b61059c6105ea3660046134ca565b60106020526000908152604090205460ff1681565b6103c37f000000000000000000000000000000000000000000000000000000000000000081565b6103ae6106343660046136e4565b611248565b61065571616e6f6e6966792d67656e657369732d763160701b81565b6040516dffffffffffffffffffffffffffff199091168152602001610392565b6103c3601081565b61059c61068b3660046137a8565b600a6020526000908152604090205460ff1681565b6103c36106ae3660046137a8565b60076020526000908152604090205481565b61059c6106ce3660046137a8565b6001600160a01b0316600090815260096020526040902054151590565b6103c361040081565b61059c6107023660046137a8565b6001600160a01b0316600090815260076020526040902054151590565b61073e74616e6f6e6966792d676f7665726e616e63652d763160581b81565b6040516affffffffffffffffffffff199091168152602001610392565b6107636113e5565b6040516103929190613808565b61048461077e3660046137a8565b600e602052600090815260409020546001600160401b031681565b6107a1611447565b60405161039295949392919061381b565b61059c6107c03660046137a8565b600b6020526000908152604090205460ff1681565b610763611573565b6103c36107eb36600461387a565b6115d3565b6103c36107fe3660046138cc565b611616565b6103c360025481565b6103c361081a36600461387a565b611623565b61059c61082d3660046137a8565b60016020526000908152604090205460ff1681565b6104847f000000000000000000000000000000000000000000000000000000000000000081565b600d54610484906001600160401b031681565b6103c361020081565b6103ae610893366004613911565b611667565b6103ae6108a6366004613943565b6116b2565b6103c3604081565b600680546108c0906139c5565b80601f01602080910402602001604051908101604052809291908181526020018280546108ec906139c5565b80156109395780601f1061090e57610100808354040283529160200191610939565b820191906000526020600020905b81548152906001019060200180831161091c57829003601f168201915b505050505081565b60408051808201909152600a815269726571756573744b657960b01b602082015261096f908861040061183f565b60408051808201909152600a8152696b65795061636b61676560b01b602082015261099d908661400061183f565b60408051808201909152600881526765766964656e636560c01b60208201526109ca90846201000061183f565b6001600160a01b03891660009081526007602052604090205415610a11576040516345ed80e960e01b81526001600160a01b038a1660048201526024015b60405180910390fd5b6000610a228a8a8a8a8a8a8a61188e565b9050896001600160a01b0316610a43610a3c600184611931565b85856119a7565b6001600160a01b031614610a6d57604051633adddf7d60e11b815260056004820152602401610a08565b6001600160a01b038a1660008181526007602052604090819020839055517f2962b58b437262b1b6eee01ee9de06d8f07408ab492fa0a9c1b54fe053b1aa4790610ac2908c908c908c908c908c908c90613a28565b60405180910390a250505050505050505050565b6000610b1785858080601f016020809104026020016040519081016040528093929190818152602001838380828437600092019190915250611aec92505050565b600554600090610b31906001600160401b03166001613a87565b9050610b9460018260008060001b8a8a8080601f01602080910402602001604051908101604052809392919081815260200183838082843760009201919091525050604051610b8592508e91508d90613aa6565b60405180910390208a8a611b3c565b9695505050505050565b6000610bb96001610bb48a8a8a8a8a8a8a61188e565b611931565b98975050505050505050565b6000610bb96002610bb48a8a8a8a8a8a8a611c80565b6000610c34600488888888604051610bf4929190613aa6565b6040518091039020610c068888611d25565b604051602001610c199493929190613ab6565b60405160208183030381529060405280519060200120611931565b979650505050505050565b600081815260036020526040812080548291829182918291606091839160ff168203610c815760405163147067ad60e11b8152600481018a9052602401610a08565b80546001820154600283015460038401805460ff808616956101008104909116946001600160401b036201000083048116956001600160a01b0390921694600160501b90930416928290610cd4906139c5565b80601f0160208091040260200160405190810160405280929190818152602001828054610d00906139c5565b8015610d4d5780601f10610d2257610100808354040283529160200191610d4d565b820191906000526020600020905b815481529060010190602001808311610d3057829003601f168201915b50505050509150975097509750975097509750975050919395979092949650565b60408051808201909152600981526868616e647368616b6560b81b6020820152610d9c90886201000061183f565b6040851115610de75760408051630c77a0e760e01b8152610a089187916004016060808252600490820152636164647360e01b60808201526020810192909252604082015260a00190565b6040831115610e335760408051630c77a0e760e01b815260606004820152600760648201526672656d6f76657360c81b608482015260248101859052604481019190915260a401610a08565b6000610e53610e4c6002610bb48d8d8d8d8d8d8d611c80565b84846119a7565b9050610e5e81611efc565b600d546001600160401b038b8116600160401b9092041614610eb157600d54604051630ae4993b60e21b8152600160401b9091046001600160401b0390811660048301528b166024820152604401610a08565b60005b84811015610f8b57600b6000878784818110610ed257610ed2613ae4565b9050602002016020810190610ee791906137a8565b6001600160a01b0316815260208101919091526040016000205460ff16610f5457858582818110610f1a57610f1a613ae4565b9050602002016020810190610f2f91906137a8565b604051637e3187e960e01b81526001600160a01b039091166004820152602401610a08565b610f83868683818110610f6957610f69613ae4565b9050602002016020810190610f7e91906137a8565b611fa9565b600101610eb4565b5060005b8681101561109d576000888883818110610fab57610fab613ae4565b9050602002016020810190610fc091906137a8565b6001600160a01b0381166000908152600760205260409020549091506110045760405163bfc6c33760e01b81526001600160a01b0382166004820152602401610a08565b6001600160a01b0381166000908152600960205260409020541561104657604051630268f92960e01b81526001600160a01b0382166004820152602401610a08565b6001600160a01b0381166000908152600a602052604090205460ff161561108b5760405163c4e2363f60e01b81526001600160a01b0382166004820152602401610a08565b61109481612111565b50600101610f8f565b506110a98a6001613a87565b600d80546fffffffffffffffff00000000000000001916600160401b6001600160401b03938416021790556040516001600160a01b038316918c16907fcf04293886efd57ed14457dde921e96d260f3234666ba9946fb6691b1d65e2ff9061111c908d908d908d908d908d908d90613b38565b60405180910390a350505050505050505050565b60006111728686868080601f01602080910402602001604051908101604052809392919081815260200183838082843760009201919091525061218092505050565b600f54610b9490600490611190906001600160401b03166001613a87565b60008989898080601f016020809104026020016040519081016040528093929190818152602001838380828437600092019190915250506040516111de92508e91508d908d90602001613b74565b604051602081830303815290604052805190602001208989611b3c565b600061123f6003868661120e8787611d25565b6040516001600160c01b031960c094851b811660208301529290931b90911660288301526030820152605001610c19565b95945050505050565b6040805180820190915260068152653432b0b232b960d11b6020820152611272908661020061183f565b600088888888604051611286929190613aa6565b60405180910390206112988888611d25565b6040516020016112ab9493929190613ab6565b60405160208183030381529060405280519060200120905060006112d3610a3c600484611931565b90506112de81611efc565b600d546001600160401b038b8116600160401b909204161461133157600d54604051630ae4993b60e21b8152600160401b9091046001600160401b0390811660048301528b166024820152604401610a08565b6012546001600160401b038a81169116146113765760125460405163607f66d960e01b81526001600160401b039182166004820152908a166024820152604401610a08565b611381896001613a87565b6012805467ffffffffffffffff19166001600160401b03928316179055604051908b16906001600160a01b038316907f79c478249efe61c85d205c4025cbd304bc87a84ad6b1332e6326b81fc52cc5099061111c908d908d908d908d908d90613b8e565b6060600880548060200260200160405190810160405280929190818152602001828054801561143d57602002820191906000526020600020905b81546001600160a01b0316815260019091019060200180831161141f575b5050505050905090565b600d5460055460125460088054604080516020808402820181019092528281526000966060968896889688966001600160401b03600160401b909504851696919593851694600694931692918691908301828280156114cf57602002820191906000526020600020905b81546001600160a01b031681526001909101906020018083116114b1575b505050505093508180546114e2906139c5565b80601f016020809104026020016040519081016040528092919081815260200182805461150e906139c5565b801561155b5780601f106115305761010080835404028352916020019161155b565b820191906000526020600020905b81548152906001019060200180831161153e57829003601f168201915b50505050509150945094509450945094509091929394565b6060600080548060200260200160405190810160405280929190818152602001828054801561143d576020028201919060005260206000209081546001600160a01b0316815260019091019060200180831161141f575050505050905090565b60006115de84612284565b61160e60036000866000801b60405180602001604052806000815250896001600160a01b031660001b8989611b3c565b949350505050565b600061160e84848461230c565b600061162e8461239a565b600d546040805160208101909152600080825261160e926002926001600160401b039091169188916001600160a01b0383168989611b3c565b60008381526003602052604081208054909160ff90911690036116a05760405163147067ad60e11b815260048101859052602401610a08565b6116ac84828585612464565b50505050565b60006116be8585612be0565b6040516001600160c01b031960c08a811b8216602084015289901b166028820152603081018290529091506000906116ff90610a3c90600390605001610c19565b905061170a81611efc565b600d546001600160401b03898116600160401b909204161461175d57600d54604051630ae4993b60e21b8152600160401b9091046001600160401b03908116600483015289166024820152604401610a08565b6001600160a01b0381166000908152600e60205260409020546001600160401b0390811690881681146117b65760405163607f66d960e01b81526001600160401b03808316600483015289166024820152604401610a08565b6117c1816001613a87565b6001600160a01b0383166000818152600e602052604090819020805467ffffffffffffffff19166001600160401b0394851617905551918b16917fd66023f5d7ece61eeded911f16c426e020a85b48ee79f43aac7cf8ac5eb6a49a9061182c908c908c908c90613c57565b60405180910390a3505050505050505050565b81600003611862578260405163a69290e760e01b8152600401610a0891906130b3565b8082111561188957828282604051630c77a0e760e01b8152600401610a0893929190613c7a565b505050565b60008787876040516118a1929190613aa6565b604051809103902086866040516118b9929190613aa6565b604051809103902085856040516118d1929190613aa6565b60405190819003812061190e9493929160200160609490941b6001600160601b031916845260148401929092526034830152605482015260740190565b604051602081830303815290604052805190602001209050979650505050505050565b60405170616e6f6e6966792d6c65646765722d763160781b60208201524660318201526001600160601b03193060601b1660518201526001600160f81b031960f884901b166065820152606681018290526000906086016040516020818303038152906040528051906020012090505b92915050565b6000604182146119cd57604051633adddf7d60e11b815260016004820152602401610a08565b82356020840135604085013560001a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821115611a2057604051633adddf7d60e11b815260026004820152602401610a08565b8060ff16601b14158015611a3857508060ff16601c14155b15611a5957604051633adddf7d60e11b815260036004820152602401610a08565b60408051600081526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa158015611aac573d6000803e3d6000fd5b5050604051601f1901519450506001600160a01b038416611ae257604051633adddf7d60e11b8152600481810152602401610a08565b5050509392505050565b8051600003611b0e5760405163a69290e760e01b8152600401610a0890613c9f565b61400081511115611b39578051614000604051630c77a0e760e01b8152600401610a08929190613cc5565b50565b600080611b4d610a3c8b8b8861230c565b6001600160a01b03811660009081526001602052604090205490915060ff16611b945760405163ad0550d560e01b81526001600160a01b0382166004820152602401610a08565b600260008154611ba390613cfb565b91829055506000818152600360208190526040909120805460ff8e1671ffffffffffffffff000000000000000000ff1990911617600160501b6001600160401b038e16021781556001810180546001600160a01b0319166001600160a01b038d16179055600281018a90559193508101611c1d8882613d7d565b50816001600160a01b0316837f041aff1de2dfc73a1f49b9729f8179466cdfd212f14534b479de6cda3b35d0638d8a8d8f604051611c5e9493929190613e3f565b60405180910390a3611c7283828787612464565b505098975050505050505050565b6000878787604051611c93929190613aa6565b60405180910390208686604051602001611cae929190613e85565b604051602081830303815290604052805190602001208585604051602001611cd7929190613e85565b6040516020818303038152906040528051906020012060405160200161190e949392919060c09490941b6001600160c01b031916845260088401929092526028830152604882015260680190565b600081808203611d485760405163c2e5347d60e01b815260040160405180910390fd5b610100811115611d7657604051632803fdd760e01b8152600481018290526101006024820152604401610a08565b6000816001600160401b03811115611d9057611d90613d14565b604051908082528060200260200182016040528015611db9578160200160208202803683370190505b5090506000805b83811015611e9957366000888884818110611ddd57611ddd613ae4565b9050602002810190611def9190613ec5565b90925090506000819003611e1957604051636a7a073560e01b815260048101849052602401610a08565b614000811115611e4e5760405163b73e110f60e01b815260048101849052602481018290526140006044820152606401610a08565b611e588185613f0b565b93508181604051611e6a929190613aa6565b6040518091039020858481518110611e8457611e84613ae4565b60209081029190910101525050600101611dc0565b5062018000811115611eca5760405163bb1cb70b60e01b815260048101829052620180006024820152604401610a08565b81604051602001611edb9190613f1e565b60405160208183030381529060405280519060200120935050505092915050565b6001600160a01b03811660009081526009602052604090205415801590611f3c57506001600160a01b0381166000908152600b602052604090205460ff16155b15611f445750565b6001600160a01b038116600090815260076020526040902054611f8557604051636bf4516160e11b81526001600160a01b0382166004820152602401610a08565b6040516305b5850b60e21b81526001600160a01b0382166004820152602401610a08565b6001600160a01b03811660009081526009602052604081205490819003611fee576040516305b5850b60e21b81526001600160a01b0383166004820152602401610a08565b6008548181146120875760006008612007600184613f54565b8154811061201757612017613ae4565b6000918252602090912001546001600160a01b0316905080600861203c600186613f54565b8154811061204c5761204c613ae4565b600091825260208083209190910180546001600160a01b0319166001600160a01b039485161790559290911681526009909152604090208290555b600880548061209857612098613f67565b60008281526020808220830160001990810180546001600160a01b03191690559092019092556001600160a01b0385168252600981526040808320839055600a8252808320805460ff19166001179055600b90915290205460ff1661188957600c805490600061210783613f7d565b9190505550505050565b600880546001810182557ff3f7a9fe364faab93b216da50a3214154f22a0a2b415b23a84c8169e8b636ee30180546001600160a01b0319166001600160a01b0384169081179091559054600091825260096020526040822055600c80549161217883613cfb565b919050555050565b816121b45760405163a69290e760e01b81526020600482015260036024820152626b657960e81b6044820152606401610a08565b61040081511115612202578051604051630c77a0e760e01b815260606004820152600560648201526473636f706560d81b60848201526024810191909152610400604482015260a401610a08565b80516000036122415760008281526010602052604090205460ff1661223d5760405163e2a4c39f60e01b815260048101839052602401610a08565b5050565b60008281526010602052604090205460ff161580156122635750601060115410155b1561223d5760405163cdf6cd3d60e01b815260106004820152602401610a08565b6001600160a01b03811660009081526009602052604081205490036122c7576040516305b5850b60e21b81526001600160a01b0382166004820152602401610a08565b6001600160a01b0381166000908152600b602052604090205460ff1615611b395760405163639393c160e01b81526001600160a01b0382166004820152602401610a08565b60405174616e6f6e6966792d676f7665726e616e63652d763160581b60208201524660358201526001600160601b03193060601b1660558201526001600160f81b031960f885901b1660698201526001600160c01b031960c084901b16606a820152607281018290526000906092016040516020818303038152906040528051906020012090509392505050565b600c54156123bb5760405163016bc3d760e71b815260040160405180910390fd5b6001600160a01b0381166000908152600760205260409020546123fc5760405163bfc6c33760e01b81526001600160a01b0382166004820152602401610a08565b6001600160a01b0381166000908152600a602052604090205460ff168061243b57506001600160a01b0381166000908152600b602052604090205460ff165b15611b395760405163c4e2363f60e01b81526001600160a01b0382166004820152602401610a08565b8254610100900460ff161561248f57604051630e255c2760e31b815260048101859052602401610a08565b82546000906124bf90610e4c9060ff811690600160501b90046001600160401b03166124ba88612efb565b61230c565b6001600160a01b03811660009081526001602052604090205490915060ff166125065760405163ad0550d560e01b81526001600160a01b0382166004820152602401610a08565b60008581526004602090815260408083206001600160a01b038516845290915290205460ff161561255b576040516294775b60e41b8152600481018690526001600160a01b0382166024820152604401610a08565b60008581526004602081815260408084206001600160a01b038616855282528320805460ff19166001908117909155918701805492830181558352909120016125a5838583613f94565b5083546000906125c5906201000090046001600160401b03166001613a87565b855469ffffffffffffffff00001916620100006001600160401b0383169081029190911787556040519081529091506001600160a01b0383169087907f7060996319a743911fa38fcb4f926382972b1bcd6abeea1bd65adeb620d5dfdf9060200160405180910390a37f0000000000000000000000000000000000000000000000000000000000000000816001600160401b031610156126665750506116ac565b845461010061ff0019821617865560ff166000190161283b57600554612696906001600160401b03166001613a87565b8554600160501b90046001600160401b039081169116146126cd57604051636d7964cf60e01b815260048101879052602401610a08565b6128368560030180546126df906139c5565b80601f016020809104026020016040519081016040528092919081815260200182805461270b906139c5565b80156127585780601f1061272d57610100808354040283529160200191612758565b820191906000526020600020905b81548152906001019060200180831161273b57829003601f168201915b505050505086600401805480602002602001604051908101604052809291908181526020016000905b8282101561282d5783829060005260206000200180546127a0906139c5565b80601f01602080910402602001604051908101604052809291908181526020018280546127cc906139c5565b80156128195780601f106127ee57610100808354040283529160200191612819565b820191906000526020600020905b8154815290600101906020018083116127fc57829003601f168201915b505050505081526020019060010190612781565b50505050612f80565b612bd8565b845460ff166001190161294757600d548554600160501b90046001600160401b0390811691161461288257604051636d7964cf60e01b815260048101879052602401610a08565b60018501546001600160a01b03166128998161239a565b6128a161301f565b600d80546001600160401b03169060006128ba83614053565b91906101000a8154816001600160401b0302191690836001600160401b03160217905550506128e881612111565b85546040516001600160a01b038316917f9a09d3fd3eab1d5da051823c693476162927ce3d9fecce2a593dd02617dc569c9161293991600160501b90046001600160401b03169060048b0190614150565b60405180910390a250612bd8565b845460ff1660031901612b4557600f5461296b906001600160401b03166001613a87565b8554600160501b90046001600160401b039081169116146129a257604051636d7964cf60e01b815260048101879052602401610a08565b6002850154600386018054600091906129ba906139c5565b80601f01602080910402602001604051908101604052809291908181526020018280546129e6906139c5565b8015612a335780601f10612a0857610100808354040283529160200191612a33565b820191906000526020600020905b815481529060010190602001808311612a1657829003601f168201915b50505050509050612a448282612180565b8654600f8054600160501b9092046001600160401b031667ffffffffffffffff199092169190911790558051600003612aa5576000828152601060205260408120805460ff191690556011805491612a9b83613f7d565b9190505550612ae8565b60008281526010602052604090205460ff16612ae8576000828152601060205260408120805460ff191660011790556011805491612ae283613cfb565b91905055505b817f0bb70c7633779a1d7ca05829b4e98dfdf4e7b78966f842cf3f2a2c22e086b5d68289600001600a9054906101000a90046001600160401b03168a600401604051612b3693929190614172565b60405180910390a25050612bd8565b60018501546001600160a01b0316612b5c81612284565b6001600160a01b0381166000908152600b60205260408120805460ff19166001179055600c805491612b8d83613f7d565b9190505550806001600160a01b03167f0afeb2fad88cb7127e4ccd83e3dfa81e86706c4ded2e89d32f66e784307aaf8c87600401604051612bce91906141a6565b60405180910390a2505b505050505050565b600081808203612c035760405163c2e5347d60e01b815260040160405180910390fd5b6000805b82811015612cf05782612c1b826002613f0b565b1115612c3d576040516370ac562d60e01b815260048101829052602401610a08565b60008686612c4c846001613f0b565b818110612c5b57612c5b613ae4565b919091013560f81c90506008888885818110612c7957612c79613ae4565b919091013560f81c90911b91909117915084905081612c99846002613f0b565b612ca39190613f0b565b1115612cc5576040516370ac562d60e01b815260048101839052602401610a08565b612cd0816002613f0b565b612cda9083613f0b565b9150508180612ce890613cfb565b925050612c07565b50610100811115612d1f57604051632803fdd760e01b8152600481018290526101006024820152604401610a08565b6000816001600160401b03811115612d3957612d39613d14565b604051908082528060200260200182016040528015612d62578160200160208202803683370190505b50905060008060005b84811015612e965760008989612d82856001613f0b565b818110612d9157612d91613ae4565b919091013560f81c905060088b8b86818110612daf57612daf613ae4565b919091013560f81c90911b919091179150612dcd9050600284613f0b565b925080600003612df357604051636a7a073560e01b815260048101839052602401610a08565b614000811115612e285760405163b73e110f60e01b815260048101839052602481018290526140006044820152606401610a08565b612e328185613f0b565b935089838a612e418483613f0b565b92612e4e939291906141b9565b604051612e5c929190613aa6565b6040518091039020858381518110612e7657612e76613ae4565b6020908102919091010152612e8b8184613f0b565b925050600101612d6b565b5062018000821115612ec75760405163bb1cb70b60e01b815260048101839052620180006024820152604401610a08565b82604051602001612ed89190613f1e565b604051602081830303815290604052805190602001209550505050505092915050565b805460009060ff1660001901612f2b5781600301604051612f1c9190614255565b60405180910390209050919050565b815460ff1660031901612f6f57816002015482600301604051602001612f52929190614261565b604051602081830303815290604052805190602001209050919050565b50600101546001600160a01b031690565b612f8982611aec565b6006612f958382613d7d565b5060058054600091908290612fb2906001600160401b0316614053565b91906101000a8154816001600160401b0302191690836001600160401b0316021790559050806001600160401b03167fb0cdb07f4c458dfbebe713e53a27ebf2b15f523c14c04946e008a5dbaf077d368484604051613012929190614273565b60405180910390a2505050565b6008541561306b5760088054613066919061303c90600190613f54565b8154811061304c5761304c613ae4565b6000918252602090912001546001600160a01b0316611fa9565b61301f565b565b6000815180845260005b8181101561309357602081850181015186830182015201613077565b506000602082860101526020601f19601f83011685010191505092915050565b6020815260006130c6602083018461306d565b9392505050565b80356001600160a01b03811681146130e457600080fd5b919050565b60008083601f8401126130fb57600080fd5b5081356001600160401b0381111561311257600080fd5b60208301915083602082850101111561312a57600080fd5b9250929050565b600080600080600080600080600060a08a8c03121561314f57600080fd5b6131588a6130cd565b985060208a01356001600160401b0381111561317357600080fd5b61317f8c828d016130e9565b90995097505060408a01356001600160401b0381111561319e57600080fd5b6131aa8c828d016130e9565b90975095505060608a01356001600160401b038111156131c957600080fd5b6131d58c828d016130e9565b90955093505060808a01356001600160401b038111156131f457600080fd5b6132008c828d016130e9565b915080935050809150509295985092959850929598565b6000806000806040858703121561322d57600080fd5b84356001600160401b0381111561324357600080fd5b61324f878288016130e9565b90955093505060208501356001600160401b0381111561326e57600080fd5b61327a878288016130e9565b95989497509550505050565b60008060008060008060006080888a0312156132a157600080fd5b6132aa886130cd565b965060208801356001600160401b038111156132c557600080fd5b6132d18a828b016130e9565b90975095505060408801356001600160401b038111156132f057600080fd5b6132fc8a828b016130e9565b90955093505060608801356001600160401b0381111561331b57600080fd5b6133278a828b016130e9565b989b979a50959850939692959293505050565b80356001600160401b03811681146130e457600080fd5b60008083601f84011261336357600080fd5b5081356001600160401b0381111561337a57600080fd5b6020830191508360208260051b850101111561312a57600080fd5b60008060008060008060006080888a0312156133b057600080fd5b6133b98861333a565b965060208801356001600160401b038111156133d457600080fd5b6133e08a828b016130e9565b90975095505060408801356001600160401b038111156133ff57600080fd5b61340b8a828b01613351565b90955093505060608801356001600160401b0381111561342a57600080fd5b6133278a828b01613351565b6000806000806000806080878903121561344f57600080fd5b6134588761333a565b95506134666020880161333a565b945060408701356001600160401b0381111561348157600080fd5b61348d89828a016130e9565b90955093505060608701356001600160401b038111156134ac57600080fd5b6134b889828a01613351565b979a9699509497509295939492505050565b6000602082840312156134dc57600080fd5b5035919050565b60ff8816815286151560208201526001600160401b0386811660408301526001600160a01b03861660608301528416608082015260e060a0820181905260009061352f9083018561306d565b90508260c083015298975050505050505050565b600080600080600080600080600060a08a8c03121561356157600080fd5b61356a8a61333a565b985060208a01356001600160401b0381111561358557600080fd5b6135918c828d016130e9565b90995097505060408a01356001600160401b038111156135b057600080fd5b6135bc8c828d01613351565b90975095505060608a01356001600160401b038111156135db57600080fd5b6131d58c828d01613351565b6000806000806000606086880312156135ff57600080fd5b8535945060208601356001600160401b0381111561361c57600080fd5b613628888289016130e9565b90955093505060408601356001600160401b0381111561364757600080fd5b613653888289016130e9565b969995985093965092949392505050565b6000806000806060858703121561367a57600080fd5b6136838561333a565b93506136916020860161333a565b925060408501356001600160401b038111156136ac57600080fd5b61327a87828801613351565b600080604083850312156136cb57600080fd5b823591506136db602084016130cd565b90509250929050565b60008060008060008060008060a0898b03121561370057600080fd5b6137098961333a565b975061371760208a0161333a565b965060408901356001600160401b0381111561373257600080fd5b61373e8b828c016130e9565b90975095505060608901356001600160401b0381111561375d57600080fd5b6137698b828c01613351565b90955093505060808901356001600160401b0381111561378857600080fd5b6137948b828c016130e9565b999c989b5096995094979396929594505050565b6000602082840312156137ba57600080fd5b6130c6826130cd565b600081518084526020840193506020830160005b828110156137fe5781516001600160a01b03168652602095860195909101906001016137d7565b5093949350505050565b6020815260006130c660208301846137c3565b6001600160401b038616815260a06020820152600061383d60a08301876137c3565b6001600160401b0386166040840152828103606084015261385e818661306d565b9150506001600160401b03831660808301529695505050505050565b60008060006040848603121561388f57600080fd5b613898846130cd565b925060208401356001600160401b038111156138b357600080fd5b6138bf868287016130e9565b9497909650939450505050565b6000806000606084860312156138e157600080fd5b833560ff811681146138f257600080fd5b92506139006020850161333a565b929592945050506040919091013590565b60008060006040848603121561392657600080fd5b8335925060208401356001600160401b038111156138b357600080fd5b6000806000806000806080878903121561395c57600080fd5b6139658761333a565b95506139736020880161333a565b945060408701356001600160401b0381111561398e57600080fd5b61399a89828a016130e9565b90955093505060608701356001600160401b038111156139b957600080fd5b6134b889828a016130e9565b600181811c908216806139d957607f821691505b6020821081036139f957634e487b7160e01b600052602260045260246000fd5b50919050565b81835281816020850137506000828201602090810191909152601f909101601f19169091010190565b606081526000613a3c60608301888a6139ff565b8281036020840152613a4f8187896139ff565b90508281036040840152613a648185876139ff565b9998505050505050505050565b634e487b7160e01b600052601160045260246000fd5b6001600160401b0381811683821601908111156119a1576119a1613a71565b8183823760009101908152919050565b6001600160c01b031960c095861b811682529390941b90921660088401526010830152603082015260500190565b634e487b7160e01b600052603260045260246000fd5b81835260208301925060008160005b848110156137fe576001600160a01b03613b22836130cd565b1686526020958601959190910190600101613b09565b606081526000613b4c60608301888a6139ff565b8281036020840152613b5f818789613afa565b90508281036040840152613a64818587613afa565b838152818360208301376000910160200190815292915050565b6001600160401b0386168152606060208201526000613bb16060830186886139ff565b8281036040840152838152602080820190600586901b83010186600036829003601e19015b88821015613c4657858403601f190185528235818112613bf557600080fd5b8a016020810190356001600160401b03811115613c1157600080fd5b803603821315613c2057600080fd5b613c2b8682846139ff565b95505050602083019250602085019450600182019150613bd6565b50919b9a5050505050505050505050565b6001600160401b038416815260406020820152600061123f6040830184866139ff565b606081526000613c8d606083018661306d565b60208301949094525060400152919050565b6020815260006119a1602083016006815265706f6c69637960d01b602082015260400190565b606081526000613ceb606083016006815265706f6c69637960d01b602082015260400190565b6020830194909452506040015290565b600060018201613d0d57613d0d613a71565b5060010190565b634e487b7160e01b600052604160045260246000fd5b601f821115611889578282111561188957806000526020600020601f840160051c6020851015613d58575060005b90810190601f840160051c0360005b81811015612bd857600083820155600101613d67565b81516001600160401b03811115613d9657613d96613d14565b613daa81613da484546139c5565b84613d2a565b6020601f821160018114613dde5760008315613dc65750848201515b600019600385901b1c1916600184901b178455613e38565b600084815260208120601f198516915b82811015613e0e5787850151825560209485019460019092019101613dee565b5084821015613e2c5786840151600019600387901b60f8161c191681555b505060018360011b0184555b5050505050565b60ff85168152608060208201526000613e5b608083018661306d565b6001600160a01b03949094166040830152506001600160401b039190911660609091015292915050565b60008184825b85811015613eba576001600160a01b03613ea4836130cd565b1683526020928301929190910190600101613e8b565b509095945050505050565b6000808335601e19843603018112613edc57600080fd5b8301803591506001600160401b03821115613ef657600080fd5b60200191503681900382131561312a57600080fd5b808201808211156119a1576119a1613a71565b8151600090829060208501835b82811015613f49578151845260209384019390910190600101613f2b565b509195945050505050565b818103818111156119a1576119a1613a71565b634e487b7160e01b600052603160045260246000fd5b600081613f8c57613f8c613a71565b506000190190565b6001600160401b03831115613fab57613fab613d14565b613fbf83613fb983546139c5565b83613d2a565b6000601f841160018114613ff35760008515613fdb5750838201355b600019600387901b1c1916600186901b178355613e38565b600083815260209020601f19861690835b828110156140245786850135825560209485019460019092019101614004565b50868210156140415760001960f88860031b161c19848701351681555b505060018560011b0183555050505050565b60006001600160401b0382166001600160401b03810361407557614075613a71565b60010192915050565b600082825480855260208501945060208160051b83010184600052602060002060005b8381101561414457601f19858403018852600082546140bf816139c5565b8086526001821680156140d957600181146140f55761412c565b60ff1983166020880152602082151560051b880101935061412c565b85600052602060002060005b838110156141235781546020828b010152600182019150602081019050614101565b88016020019450505b505050602098909801979250600191820191016140a1565b50909695505050505050565b6001600160401b038316815260406020820152600061160e604083018461407e565b606081526000614185606083018661306d565b6001600160401b03851660208401528281036040840152610b94818561407e565b6020815260006130c6602083018461407e565b600080858511156141c957600080fd5b838611156141d657600080fd5b5050820193919092039150565b600081546141f0816139c5565b600182168015614207576001811461421c5761424c565b60ff198316865281151582028601935061424c565b84600052602060002060005b8381101561424457815488820152600190910190602001614228565b505081860193505b50505092915050565b60006130c682846141e3565b828152600061160e60208301846141e3565b604081526000614286604083018561306d565b828103602084015280845180835260208301915060208160051b8401016020870160005b838110156142dc57601f198684030185526142c683835161306d565b60209586019590935091909101906001016142aa565b50909897505050505050505056fea2646970667358221220d0b3ef42af2c724d2adb34f8a529614cd7ebbe946129b79c162624571808004664736f6c63430008250033",
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
// Solidity: function state() view returns(uint64 epoch, address[] memberSet, uint64 version, bytes currentPolicy, uint64 nextAuditSeq)
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
// Solidity: function state() view returns(uint64 epoch, address[] memberSet, uint64 version, bytes currentPolicy, uint64 nextAuditSeq)
func (anonifyLedger *AnonifyLedger) TryPackState() ([]byte, error) {
	return anonifyLedger.abi.Pack("state")
}

// StateOutput serves as a container for the return parameters of contract
// method State.
type StateOutput struct {
	Epoch         uint64
	MemberSet     []common.Address
	Version       uint64
	CurrentPolicy []byte
	NextAuditSeq  uint64
}

// UnpackState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc19d93fb.
//
// Solidity: function state() view returns(uint64 epoch, address[] memberSet, uint64 version, bytes currentPolicy, uint64 nextAuditSeq)
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
