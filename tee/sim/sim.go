// Package sim is the INSECURE simulated TEE platform (attest.KindSim) that
// devnets and tests run enclaves on when no hardware TEE is available.
//
// Its evidence is a real-format AMD SEV-SNP attestation report (version 3,
// Milan) signed with a development VCEK whose private key is embedded here
// and published in the repository, chained to a development ASK/ARK that
// attest/sim pins. Verifiers therefore run the real SEV-SNP code path on
// it, yet it proves nothing: anyone holding this source can forge it, the
// "measurement" is only what the process claims about itself, and the
// sealing key sits in a plain file. Every production policy refuses the
// kind (attest.Policy.Validate).
//
// Trust: TRUSTED by position (it implements tee.Platform for the enclave)
// but provides NO security whatsoever.
package sim

//go:generate go run ./internal/devchaingen -certs ../../attest/sim/devchain.pem -key dev_vcek_key.pem

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	_ "embed"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/anonify-go/anonify/attest"
	attestsim "github.com/anonify-go/anonify/attest/sim"
	"github.com/anonify-go/anonify/tee"
	"github.com/google/go-sev-guest/abi"
	"github.com/google/go-sev-guest/kds"
	spb "github.com/google/go-sev-guest/proto/sevsnp"
)

// devVCEKKeyPEM is the development VCEK private key. It is public on
// purpose: see the package comment.
//
//go:embed dev_vcek_key.pem
var devVCEKKeyPEM []byte

const (
	// MeasurementSize is the size of an SEV-SNP MEASUREMENT (SHA-384).
	MeasurementSize = abi.MeasurementSize

	hostSecretFile = "sim-insecure-host-secret"
	hostSecretSize = 32
	sealingLabel   = "anonify sim-insecure sealing key v1"
)

// Options configures the simulated platform.
type Options struct {
	// Measurement is the 48-byte value reported as MEASUREMENT. Empty
	// means SHA-384 of the running executable, so that a rebuilt binary
	// gets a new measurement as real code would.
	Measurement []byte
	// StateDir keeps the per-host secret the sealing key derives from
	// (file sim-insecure-host-secret, mode 0600). Empty means a random
	// secret held in memory, so sealed data does not survive the process.
	StateDir string
}

// Platform is the simulated TEE. It is immutable after New and safe for
// concurrent use.
type Platform struct {
	measurement [MeasurementSize]byte
	hostSecret  []byte
	vcek        *ecdsa.PrivateKey
	certs       [][]byte // VCEK, ASK, ARK (DER)
	chipID      []byte
	tcb         uint64
	reportID    [32]byte
	guestPolicy uint64
}

// New loads the development chain and key, determines the measurement,
// and loads or creates the host secret.
func New(opts Options) (*Platform, error) {
	p := &Platform{}
	switch len(opts.Measurement) {
	case 0:
		m, err := executableMeasurement()
		if err != nil {
			return nil, err
		}
		p.measurement = m
	case MeasurementSize:
		copy(p.measurement[:], opts.Measurement)
	default:
		return nil, fmt.Errorf("sim-insecure: measurement is %d bytes, want %d", len(opts.Measurement), MeasurementSize)
	}

	certs, err := attestsim.DevChainDER()
	if err != nil {
		return nil, err
	}
	vcekCert, err := x509.ParseCertificate(certs[0])
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: development VCEK certificate: %v", err)
	}
	key, err := parseVCEKKey(devVCEKKeyPEM)
	if err != nil {
		return nil, err
	}
	pub, ok := vcekCert.PublicKey.(*ecdsa.PublicKey)
	if !ok || !pub.Equal(&key.PublicKey) {
		return nil, errors.New("sim-insecure: development VCEK key does not match its certificate; rerun go generate ./tee/sim")
	}
	// The report must name the chip and TCB the VCEK certifies, as a real
	// AMD-SP's reports do; take both from the certificate so that a
	// regenerated chain needs no code change.
	exts, err := kds.VcekCertificateExtensions(vcekCert)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: development VCEK extensions: %v", err)
	}
	p.vcek, p.certs, p.chipID, p.tcb = key, certs, exts.HWID, uint64(exts.TCBVersion)
	// ABI 0.0, SMT allowed, DEBUG off: the report passes a policy that
	// forbids debugging exactly as a production guest's would.
	p.guestPolicy = abi.SnpPolicyToBytes(abi.SnpPolicy{SMT: true})

	if opts.StateDir == "" {
		p.hostSecret = make([]byte, hostSecretSize)
		rand.Read(p.hostSecret)
	} else if p.hostSecret, err = loadHostSecret(opts.StateDir); err != nil {
		return nil, err
	}
	// REPORT_ID identifies the guest to the firmware across migrations;
	// derive it from the host secret and measurement so it is stable for
	// one "VM" and distinct across them.
	h := sha256.New()
	h.Write([]byte("anonify sim-insecure report id v1"))
	h.Write(p.hostSecret)
	h.Write(p.measurement[:])
	copy(p.reportID[:], h.Sum(nil))
	return p, nil
}

func parseVCEKKey(b []byte) (*ecdsa.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, errors.New("sim-insecure: embedded development VCEK key is not a PEM PRIVATE KEY")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: development VCEK key: %v", err)
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("sim-insecure: development VCEK key is %T, want ECDSA P-384", k)
	}
	return ek, nil
}

// ExecutableMeasurement is the MEASUREMENT a platform made with an empty
// Options.Measurement reports: SHA-384 of the running executable (what
// `anonify version` shows, so an operator can write a development policy
// for a build before starting it).
func ExecutableMeasurement() ([]byte, error) {
	m, err := executableMeasurement()
	if err != nil {
		return nil, err
	}
	return m[:], nil
}

// executableMeasurement hashes the running binary, the closest a process
// can get to measuring its own code without a TEE.
func executableMeasurement() ([MeasurementSize]byte, error) {
	var m [MeasurementSize]byte
	path, err := os.Executable()
	if err != nil {
		return m, fmt.Errorf("sim-insecure: locating the executable to measure: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return m, fmt.Errorf("sim-insecure: opening the executable to measure: %v", err)
	}
	defer f.Close()
	h := sha512.New384()
	if _, err := io.Copy(h, f); err != nil {
		return m, fmt.Errorf("sim-insecure: reading the executable to measure: %v", err)
	}
	copy(m[:], h.Sum(nil))
	return m, nil
}

// loadHostSecret reads the host secret, creating it (0600, exclusively, so
// two processes starting together cannot both create one) when absent.
func loadHostSecret(dir string) ([]byte, error) {
	path := filepath.Join(dir, hostSecretFile)
	secret := make([]byte, hostSecretSize)
	rand.Read(secret)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		_, werr := f.Write(secret)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return nil, fmt.Errorf("sim-insecure: writing host secret %s: %v", path, werr)
		}
		return secret, nil
	case errors.Is(err, fs.ErrExist):
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("sim-insecure: reading host secret: %v", err)
		}
		if len(b) != hostSecretSize {
			return nil, fmt.Errorf("sim-insecure: host secret %s is %d bytes, want %d; remove it to start over (sealed data will be lost)", path, len(b), hostSecretSize)
		}
		return b, nil
	default:
		return nil, fmt.Errorf("sim-insecure: creating host secret: %v", err)
	}
}

var _ tee.Platform = (*Platform)(nil)

// Kind reports attest.KindSim: INSECURE.
func (p *Platform) Kind() attest.Kind { return attest.KindSim }

// Measurement returns a copy of the 48-byte simulated measurement.
func (p *Platform) Measurement() []byte { return bytes.Clone(p.measurement[:]) }

// Evidence returns an attest.Envelope{Kind: sim-insecure, Evidence: an
// SEV-SNP report whose REPORT_DATA is reportData, Certs: [VCEK, ASK, ARK]}.
func (p *Platform) Evidence(ctx context.Context, reportData [64]byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	report, err := p.report(reportData)
	if err != nil {
		return nil, err
	}
	return attest.Envelope{Kind: attest.KindSim, Evidence: report, Certs: p.certs}.Marshal()
}

// report builds and signs a version 3 ATTESTATION_REPORT as the AMD-SP
// firmware would (SEV-SNP ABI spec 56860, Table 22).
func (p *Platform) report(reportData [64]byte) ([]byte, error) {
	r := &spb.Report{
		Version:         abi.ReportVersion3,
		GuestSvn:        0,
		Policy:          p.guestPolicy,
		FamilyId:        make([]byte, abi.FamilyIDSize),
		ImageId:         make([]byte, abi.ImageIDSize),
		Vmpl:            0,
		SignatureAlgo:   abi.SignEcdsaP384Sha384,
		CurrentTcb:      p.tcb,
		PlatformInfo:    1, // SMT enabled
		SignerInfo:      abi.ComposeSignerInfo(abi.SignerInfo{SigningKey: abi.VcekReportSigner}),
		ReportData:      reportData[:],
		Measurement:     p.measurement[:],
		HostData:        make([]byte, abi.HostDataSize),
		IdKeyDigest:     make([]byte, abi.IDKeyDigestSize),
		AuthorKeyDigest: make([]byte, abi.AuthorKeyDigestSize),
		ReportId:        p.reportID[:],
		ReportIdMa:      bytes.Repeat([]byte{0xff}, abi.ReportIDMASize), // no migration agent
		ReportedTcb:     p.tcb,
		Cpuid1EaxFms:    abi.FmsToCpuid1Eax(0x19, 0x01, 0x00), // Milan B0, as the VCEK says
		ChipId:          p.chipID,
		CommittedTcb:    p.tcb,
		CurrentBuild:    21,
		CurrentMinor:    55,
		CurrentMajor:    1,
		CommittedBuild:  21,
		CommittedMinor:  55,
		CommittedMajor:  1,
		LaunchTcb:       p.tcb,
		Signature:       make([]byte, abi.SignatureSize),
	}
	raw, err := abi.ReportToAbiBytes(r)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: encoding report: %v", err)
	}
	digest := sha512.Sum384(abi.SignedComponent(raw))
	rr, ss, err := ecdsa.Sign(rand.Reader, p.vcek, digest[:])
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: signing report: %v", err)
	}
	if err := abi.SetSignature(rr, ss, raw); err != nil {
		return nil, fmt.Errorf("sim-insecure: placing report signature: %v", err)
	}
	return raw, nil
}

// SealingKey returns HKDF-SHA256(host secret, info = label ‖ measurement):
// stable for the same measurement and StateDir, different for other code.
// The host secret is a plain file, so the host can read every key.
func (p *Platform) SealingKey() ([]byte, error) {
	info := append([]byte(sealingLabel), p.measurement[:]...)
	k, err := hkdf.Key(sha256.New, p.hostSecret, nil, string(info), 32)
	if err != nil {
		return nil, fmt.Errorf("sim-insecure: deriving sealing key: %v", err)
	}
	return k, nil
}
