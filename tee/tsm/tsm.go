// Package tsm produces Intel TDX and AMD SEV-SNP evidence through the Linux
// configfs-tsm report interface (/sys/kernel/config/tsm/report, Linux 6.7
// and later), which serves both kinds with one protocol: write 64 bytes to
// inblob, read the signed report from outblob. The provider attribute says
// which hardware answers ("tdx_guest" or "sev_guest").
//
// Evidence: for TDX the outblob is a DCAP quote (v4 or v5) that embeds its
// PCK chain; for SEV-SNP it is the raw 1184-byte attestation report, and the
// VCEK (or VLEK), ASK and ARK from auxblob travel in the envelope when the
// host supplies them.
//
// Sealing: configfs-tsm offers none. On SEV-SNP the sealing key comes from
// the AMD secure processor through /dev/sev-guest (MSG_KEY_REQ). TDX has no
// hardware sealing key at all; SealingKey fails with ErrNoSealingKey and
// the enclave must obtain its key from a key-release service after
// attestation.
//
// Trust: TRUSTED. This code runs inside the confidential VM. The outblob is
// produced by the TDX module or the AMD secure processor and is checked to
// carry the requested report data; auxblob comes from the untrusted host and
// is only passed along for the verifier to check.
package tsm

import (
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/google/go-configfs-tsm/configfs/configfsi"
	"github.com/google/go-configfs-tsm/configfs/linuxtsm"
	"github.com/google/go-configfs-tsm/report"
	sevabi "github.com/google/go-sev-guest/abi"
	sevclient "github.com/google/go-sev-guest/client"

	"github.com/anonify-go/anonify/attest"
	"github.com/anonify-go/anonify/tee"
)

// Providers as the kernel names them in the provider attribute.
const (
	providerTDX = "tdx_guest"
	providerSNP = "sev_guest"
)

// backend is what differs between the kinds configfs-tsm serves; the
// protocol (inblob, outblob, auxblob) is the same for both.
type backend struct {
	kind     attest.Kind
	provider string
	// reportData extracts the report data the hardware signed from an
	// outblob, so that Evidence can check it is the requested one.
	reportData func(outblob []byte) ([]byte, error)
	// certs picks the endorsement chain out of the host's auxblob; nil
	// when the evidence embeds its own (TDX quotes carry the PCK chain).
	certs func(auxblob []byte) ([][]byte, error)
}

var backends = []backend{
	{attest.KindTDX, providerTDX, tdxQuoteReportData, nil},
	{attest.KindSNP, providerSNP, snpReportData, snpCerts},
}

// DefaultSEVGuestPath is the AMD SEV guest device the SEV-SNP sealing key
// comes from.
const DefaultSEVGuestPath = "/dev/sev-guest"

// sealingKeyInfo separates the sealing key from any other use of the raw
// MSG_KEY_REQ output.
const sealingKeyInfo = "anonify-tee-sealing-v1 sev-snp msg_key_req vcek measurement+policy"

// maxGenerationRetries bounds retries when another configfs user changed
// the report entry between our write and read (report.GenerationErr).
const maxGenerationRetries = 3

var (
	// ErrNoTSM means configfs-tsm is absent: not a TDX or SEV-SNP guest, a
	// kernel without CONFIG_TSM_REPORTS, or configfs not mounted.
	ErrNoTSM = errors.New("tee/tsm: configfs-tsm report interface not available")

	// ErrNoSealingKey means the TEE kind has no hardware sealing key.
	ErrNoSealingKey = tee.NoSealingKey("tee/tsm: no hardware sealing key for this TEE kind")
)

// Options configures New.
type Options struct {
	// Client reaches configfs-tsm; nil means the kernel's, under
	// /sys/kernel/config/tsm. Tests pass a fake.
	Client configfsi.Client

	// Want is the kind the operator asked for (attest.KindTDX or
	// attest.KindSNP); New fails if the hardware is the other one. Empty
	// accepts either.
	Want attest.Kind

	// SEVGuest is the device SEV-SNP sealing keys come from; nil means the
	// Linux device at SEVGuestPath. It is opened and closed on each
	// SealingKey call.
	SEVGuest sevclient.Device
	// SEVGuestPath is the device path; empty means DefaultSEVGuestPath.
	SEVGuestPath string
	// SNPKeyVMPL is the VMPL mixed into the SEV-SNP sealing key. The secure
	// processor refuses a VMPL below the guest's own; 0 is right for a guest
	// without an SVSM, and a guest running at VMPL n should pass n so that
	// less privileged code cannot derive the same key.
	SNPKeyVMPL uint32
}

// Platform is the configfs-tsm tee.Platform. It is safe for concurrent use:
// every Evidence call works in its own report entry.
type Platform struct {
	client  configfsi.Client
	backend *backend // the kind's row of backends
	opts    Options

	// sealMu serializes SealingKey: it opens and closes one Device value,
	// which holds a single file descriptor.
	sealMu sync.Mutex
}

// New probes configfs-tsm and detects the TEE kind from its provider.
func New(opts Options) (*Platform, error) {
	client := opts.Client
	if client == nil {
		c, err := linuxtsm.MakeClient()
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s/report not found: not a TDX or SEV-SNP guest, or the kernel lacks CONFIG_TSM_REPORTS (Linux 6.7+), or configfs is not mounted on /sys/kernel/config", ErrNoTSM, configfsi.TsmPrefix)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoTSM, err)
		}
		client = c
	}
	provider, err := readProvider(client)
	if err != nil {
		return nil, err
	}
	var b *backend
	for i := range backends {
		if backends[i].provider == provider {
			b = &backends[i]
		}
	}
	if b == nil {
		return nil, fmt.Errorf("tee/tsm: configfs-tsm provider %q is neither %q (Intel TDX) nor %q (AMD SEV-SNP)", provider, providerTDX, providerSNP)
	}
	if opts.Want != "" && opts.Want != b.kind {
		return nil, fmt.Errorf("tee/tsm: asked for %s but configfs-tsm provider %q is %s", opts.Want, provider, b.kind)
	}
	return &Platform{client: client, backend: b, opts: opts}, nil
}

// readProvider creates a report entry only to read its provider attribute,
// which needs no report generation.
func readProvider(client configfsi.Client) (string, error) {
	r, err := report.CreateOpenReport(client)
	if err != nil {
		return "", fmt.Errorf("%w: create a report entry (creating entries under %s/report needs root): %v", ErrNoTSM, configfsi.TsmPrefix, err)
	}
	defer r.Destroy()
	p, err := r.ReadOption("provider")
	if err != nil {
		return "", fmt.Errorf("%w: read provider: %v", ErrNoTSM, err)
	}
	return strings.TrimSpace(string(p)), nil
}

var _ tee.Platform = (*Platform)(nil)

// Kind reports attest.KindTDX or attest.KindSNP.
func (p *Platform) Kind() attest.Kind { return p.backend.kind }

// Evidence requests a report over reportData and returns it in an
// attest.Envelope.
func (p *Platform) Evidence(ctx context.Context, reportData [64]byte) ([]byte, error) {
	var (
		resp *report.Response
		err  error
	)
	for range maxGenerationRetries {
		if cerr := ctx.Err(); cerr != nil {
			return nil, fmt.Errorf("tee/tsm: evidence: %w", cerr)
		}
		resp, err = report.Get(p.client, &report.Request{
			InBlob:     reportData[:],
			GetAuxBlob: p.backend.certs != nil,
		})
		if report.GetGenerationErr(err) == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("tee/tsm: %s report: %w", p.backend.kind, err)
	}
	if got := strings.TrimSpace(resp.Provider); got != p.backend.provider {
		return nil, fmt.Errorf("tee/tsm: report came from provider %q, want %q", got, p.backend.provider)
	}
	env := attest.Envelope{Kind: p.backend.kind, Evidence: resp.OutBlob}
	got, err := p.backend.reportData(resp.OutBlob)
	if err == nil && p.backend.certs != nil {
		env.Certs, err = p.backend.certs(resp.AuxBlob)
	}
	if err != nil {
		return nil, fmt.Errorf("tee/tsm: %s outblob: %w", p.backend.kind, err)
	}
	if subtle.ConstantTimeCompare(got, reportData[:]) != 1 {
		return nil, fmt.Errorf("tee/tsm: %s report carries report data %x, want %x", p.backend.kind, got, reportData)
	}
	return env.Marshal()
}

// SealingKey returns a 32-byte key for SEV-SNP: the AMD secure processor
// derives it (MSG_KEY_REQ) from the chip-unique VCEK root, the launch
// MEASUREMENT and the guest policy, so a VM launched from other code, or
// with another policy (debug allowed, say), or on another chip never gets
// it. AMD derives the VCEK from the firmware TCB as well, so a firmware
// update can change the key; the node then rebuilds its state from the
// ledger and the recovery path. MEASUREMENT covers what was measured at
// launch (firmware, and kernel, initrd and command line with measured
// direct boot); code loaded later is bound only if the launch image
// verifies it.
//
// TDX has no hardware sealing key: SealingKey returns ErrNoSealingKey and
// the key must come from a key-release service (for example Anonify's
// custodian recovery) that checks this VM's evidence first.
func (p *Platform) SealingKey() ([]byte, error) {
	if p.backend.kind != attest.KindSNP {
		return nil, fmt.Errorf("%w: Intel TDX offers none to guests; obtain the sealing key from a key-release service after attestation", ErrNoSealingKey)
	}
	p.sealMu.Lock()
	defer p.sealMu.Unlock()
	dev := p.opts.SEVGuest
	if dev == nil {
		dev = &sevclient.LinuxDevice{}
	}
	path := p.opts.SEVGuestPath
	if path == "" {
		path = DefaultSEVGuestPath
	}
	if err := dev.Open(path); err != nil {
		return nil, fmt.Errorf("tee/tsm: SEV-SNP sealing key needs %s: %w", path, err)
	}
	defer dev.Close()
	resp, err := sevclient.GetDerivedKeyAcknowledgingItsLimitations(dev, &sevclient.SnpDerivedKeyReq{
		UseVCEK:          true,
		GuestFieldSelect: sevclient.GuestFieldSelect{Measurement: true, GuestPolicy: true},
		Vmpl:             p.opts.SNPKeyVMPL,
	})
	if err != nil {
		return nil, fmt.Errorf("tee/tsm: SEV-SNP MSG_KEY_REQ (VMPL %d): %w", p.opts.SNPKeyVMPL, err)
	}
	if resp.Status != 0 {
		return nil, fmt.Errorf("tee/tsm: SEV-SNP MSG_KEY_REQ failed with firmware status %#x (VMPL %d must not be below the guest's)", resp.Status, p.opts.SNPKeyVMPL)
	}
	if subtle.ConstantTimeCompare(resp.Data[:], make([]byte, len(resp.Data))) == 1 {
		return nil, errors.New("tee/tsm: SEV-SNP MSG_KEY_REQ returned an all-zero key; refusing to seal under it")
	}
	return hkdf.Key(sha256.New, resp.Data[:], nil, sealingKeyInfo, 32)
}

// snpCerts picks the endorsement chain out of the host-supplied certificate
// table, in the order VCEK (or VLEK), ASK (or ASVK), ARK. An empty auxblob,
// or one without a VCEK or VLEK, yields none: the verifier then takes them
// from its own collateral.
//
// The table comes from the untrusted host, so bounds are checked here in
// 64-bit arithmetic: abi.CertTable.Unmarshal adds offset and length in 32
// bits, and a wrapping sum would make it slice out of range and panic.
func snpCerts(aux []byte) ([][]byte, error) {
	if len(aux) == 0 {
		return nil, nil
	}
	entries, err := sevabi.ParseSnpCertTableHeader(aux)
	if err != nil {
		return nil, fmt.Errorf("auxblob certificate table: %w", err)
	}
	byGUID := make(map[string][]byte, len(entries))
	for i, e := range entries {
		end := uint64(e.Offset) + uint64(e.Length)
		if end > uint64(len(aux)) {
			return nil, fmt.Errorf("auxblob certificate table entry %d (GUID %s) spans bytes %d..%d of %d", i, e.GUID, e.Offset, end, len(aux))
		}
		g := e.GUID.String()
		if _, dup := byGUID[g]; dup {
			return nil, fmt.Errorf("auxblob certificate table lists GUID %s twice", g)
		}
		byGUID[g] = aux[e.Offset:end]
	}
	// The envelope's SEV-SNP certificate list is positional ([VCEK, ASK?,
	// ARK?], see attest/snp), so the list stops at the first missing link
	// rather than shifting a later certificate into the wrong place.
	var certs [][]byte
	for _, c := range []struct {
		name  string
		guids []string
	}{
		{"VCEK/VLEK", []string{sevabi.VcekGUID, sevabi.VlekGUID}},
		{"ASK", []string{sevabi.AskGUID}},
		{"ARK", []string{sevabi.ArkGUID}},
	} {
		var der []byte
		var guid string
		for _, g := range c.guids {
			if d, ok := byGUID[g]; ok {
				der, guid = d, g
				break
			}
		}
		if der == nil {
			break
		}
		if _, err := x509.ParseCertificate(der); err != nil {
			return nil, fmt.Errorf("auxblob %s (GUID %s) is not an X.509 certificate; fix the host's SNP certificate configuration: %w", c.name, guid, err)
		}
		certs = append(certs, bytes.Clone(der))
	}
	return certs, nil
}
