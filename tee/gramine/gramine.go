// Package gramine produces Intel SGX evidence and sealing keys for an enclave
// that runs under Gramine (gramine-sgx), through Gramine's /dev/attestation
// pseudo-filesystem:
//
//	attestation_type       "dcap" when the manifest sets sgx.remote_attestation = "dcap"
//	user_report_data       write the 64 bytes the quote must carry
//	quote                  read the DCAP quote for the last report data written
//	keys/_sgx_mrenclave    read the 16-byte SGX sealing key for MRENCLAVE
//
// The quote is an Intel DCAP ECDSA quote; it embeds its PCK certificate
// chain, so the envelope carries no certificates.
//
// Trust: TRUSTED. This code runs inside the enclave; the sealing key it
// returns must never leave it. The files it reads are served by Gramine's
// in-enclave LibOS, not by the untrusted host, which is why their contents
// can be used directly; the quote is still checked to carry the requested
// report data, so that a broken or misconfigured LibOS cannot make the
// enclave publish evidence for somebody else's keys.
package gramine

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee"
)

// DefaultRoot is where Gramine mounts its attestation pseudo-filesystem.
const DefaultRoot = "/dev/attestation"

// Names of the pseudo-files, relative to the root.
const (
	fileAttestationType = "attestation_type"
	fileUserReportData  = "user_report_data"
	fileQuote           = "quote"
	fileMREnclaveKey    = "keys/_sgx_mrenclave"
)

// sealingKeyInfo separates the key this package derives from Gramine's raw
// MRENCLAVE key, which Gramine may also use for encrypted mounts; Gramine's
// documentation warns against using one key for both.
const sealingKeyInfo = "anonify-tee-sealing-v1 sgx-gramine _sgx_mrenclave"

// ErrNotGramine means the pseudo-filesystem is absent or incomplete.
var ErrNotGramine = errors.New("tee/gramine: not running under Gramine SGX")

// Options configures New.
type Options struct {
	// Root is the attestation pseudo-filesystem; empty means DefaultRoot.
	// Tests point it at a directory that imitates Gramine.
	Root string
}

// Platform is the Gramine SGX tee.Platform. It is safe for concurrent use.
type Platform struct {
	root  string
	files deviceFiles

	// mu serializes the write-then-read sequence of Evidence: Gramine keeps
	// one user_report_data per process, so two interleaved calls could each
	// get a quote for the other's report data.
	mu sync.Mutex
}

// deviceFiles is the narrow view of the pseudo-filesystem Platform uses;
// tests wrap the real implementation to imitate Gramine's side effects.
type deviceFiles interface {
	stat(name string) error
	readFile(name string) ([]byte, error)
	writeFile(name string, data []byte) error
}

// New probes the pseudo-filesystem under opts.Root and fails unless it is
// Gramine's, with DCAP remote attestation enabled.
func New(opts Options) (*Platform, error) {
	root := opts.Root
	if root == "" {
		root = DefaultRoot
	}
	return newPlatform(root, osFiles{root: root})
}

func newPlatform(root string, files deviceFiles) (*Platform, error) {
	p := &Platform{root: root, files: files}
	typ, err := files.readFile(fileAttestationType)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s not found", ErrNotGramine, p.path(fileAttestationType))
	}
	if err != nil {
		return nil, fmt.Errorf("tee/gramine: read %s: %w", p.path(fileAttestationType), err)
	}
	switch t := strings.TrimSpace(string(typ)); t {
	case "dcap":
	case "none":
		return nil, fmt.Errorf("tee/gramine: %s is %q: remote attestation is disabled; set sgx.remote_attestation = \"dcap\" in the Gramine manifest", p.path(fileAttestationType), t)
	case "epid":
		return nil, fmt.Errorf("tee/gramine: %s is %q: EPID attestation is not supported (Intel retired the EPID attestation service); set sgx.remote_attestation = \"dcap\" in the Gramine manifest", p.path(fileAttestationType), t)
	default:
		return nil, fmt.Errorf("tee/gramine: %s is %q, want \"dcap\"", p.path(fileAttestationType), t)
	}
	for _, name := range []string{fileUserReportData, fileQuote} {
		if err := files.stat(name); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrNotGramine, p.path(name), err)
		}
	}
	return p, nil
}

var _ tee.Platform = (*Platform)(nil)

// Kind reports attest.KindSGX.
func (p *Platform) Kind() attest.Kind { return attest.KindSGX }

// Evidence asks Gramine for a DCAP quote over reportData and returns it in
// an attest.Envelope.
func (p *Platform) Evidence(ctx context.Context, reportData [64]byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("tee/gramine: evidence: %w", err)
	}
	quote, err := p.quote(reportData)
	if err != nil {
		return nil, err
	}
	return attest.Envelope{Kind: attest.KindSGX, Evidence: quote}.Marshal()
}

func (p *Platform) quote(reportData [64]byte) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.files.writeFile(fileUserReportData, reportData[:]); err != nil {
		return nil, fmt.Errorf("tee/gramine: write %s: %w", p.path(fileUserReportData), err)
	}
	quote, err := p.files.readFile(fileQuote)
	if err != nil {
		return nil, fmt.Errorf("tee/gramine: read %s (is the AESM service with the DCAP quote provider running on the host?): %w", p.path(fileQuote), err)
	}
	got, err := quoteReportData(quote)
	if err != nil {
		return nil, fmt.Errorf("tee/gramine: %s: %w", p.path(fileQuote), err)
	}
	if subtle.ConstantTimeCompare(got, reportData[:]) != 1 {
		return nil, fmt.Errorf("tee/gramine: %s carries report data %x, want %x: the quote is stale or for another request", p.path(fileQuote), got, reportData)
	}
	return quote, nil
}

// SealingKey returns a 32-byte key derived from Gramine's _sgx_mrenclave
// key, which the CPU (EGETKEY, KEYPOLICY_MRENCLAVE) derives from this
// enclave's MRENCLAVE and the platform's sealing secret: other code, or the
// same code on another machine, never obtains it. The CPU also mixes in the
// CPU security version, so a microcode update that raises CPUSVN changes
// the key; a node then restores its state from the ledger and the recovery
// path.
func (p *Platform) SealingKey() ([]byte, error) {
	raw, err := p.files.readFile(fileMREnclaveKey)
	if err != nil {
		return nil, fmt.Errorf("tee/gramine: read %s (this Gramine does not expose its special SGX keys): %w", p.path(fileMREnclaveKey), err)
	}
	if len(raw) != 16 {
		return nil, fmt.Errorf("tee/gramine: %s holds %d bytes, want the 16-byte SGX sealing key", p.path(fileMREnclaveKey), len(raw))
	}
	// An all-zero key is what an uninitialized buffer looks like, never what
	// EGETKEY returns; sealing under it would protect nothing.
	if subtle.ConstantTimeCompare(raw, make([]byte, 16)) == 1 {
		return nil, fmt.Errorf("tee/gramine: %s is all zeros; refusing to seal under it", p.path(fileMREnclaveKey))
	}
	return hkdf.Key(sha256.New, raw, nil, sealingKeyInfo, 32)
}

func (p *Platform) path(name string) string { return filepath.Join(p.root, name) }

// osFiles reaches the pseudo-files through the operating system (inside
// the enclave: through Gramine's LibOS).
type osFiles struct{ root string }

func (f osFiles) stat(name string) error {
	_, err := os.Stat(filepath.Join(f.root, name))
	return err
}

func (f osFiles) readFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(f.root, name))
}

// writeFile opens without O_CREATE or O_TRUNC, as Gramine's own RA-TLS
// library does: the pseudo-file exists, and one write of the whole buffer
// is what Gramine expects.
func (f osFiles) writeFile(name string, data []byte) error {
	fd, err := os.OpenFile(filepath.Join(f.root, name), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	n, err := fd.Write(data)
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != len(data) {
		err = fmt.Errorf("short write: %d of %d bytes", n, len(data))
	}
	return err
}
