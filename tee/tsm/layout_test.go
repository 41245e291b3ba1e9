package tsm

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	sevabi "github.com/google/go-sev-guest/abi"
)

// sampleDir holds the real evidence described in its README.
const sampleDir = "../../../shared/testdata/attestation"

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sampleDir, name))
	if os.IsNotExist(err) {
		t.Skipf("real sample %s not present", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestReportDataRealSamples pins the offsets to evidence from real hardware,
// with the report data the samples' README documents.
func TestReportDataRealSamples(t *testing.T) {
	tdx := []struct {
		file string
		want []byte
	}{
		{"tdx/dcap-qvl/tdx_quote", unhex("9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20")},
		{"tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat", unhex("6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113")},
		{"tdx/dcap-qvl/tdx_quote_outdated", append(unhex("d2142b643598eb5fae2bc8529dd79a558b29f868ccbb6531cb28dab9dce47728"), make([]byte, 32)...)},
		{"tdx/go-tdx-guest/quote_v5_sample.dat", unhex("945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e094aed63060cd4a4933a4dd537ed1255c9c79ecb3ed82cd1b486233e31c25c3a")},
	}
	for _, s := range tdx {
		got, err := tdxQuoteReportData(readSample(t, s.file))
		if err != nil {
			t.Fatalf("%s: %v", s.file, err)
		}
		if !bytes.Equal(got, s.want) {
			t.Fatalf("%s: report data %x, want %x", s.file, got, s.want)
		}
	}
	if _, err := tdxQuoteReportData(readSample(t, "sgx/dcap-qvl/sgx_quote")); err == nil || err.Error() != "quote TEE type 0x0, want 0x81 (TDX)" {
		t.Fatalf("SGX quote accepted as TDX: %v", err)
	}
	got, err := snpReportData(readSample(t, "sev-snp/attestation.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte{1, 2, 3, 4, 5}, make([]byte, 59)...); !bytes.Equal(got, want) {
		t.Fatalf("SNP report data %x, want %x", got, want)
	}
}

func TestTDXQuoteReportDataRejects(t *testing.T) {
	rd := reportData(5)
	v4, v5 := tdxQuote(4, 0, rd[:]), tdxQuote(5, v5BodyTypeTD15, rd[:])
	set := func(q []byte, off int, v uint16) []byte {
		q = bytes.Clone(q)
		binary.LittleEndian.PutUint16(q[off:], v)
		return q
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"short", v4[:10], "quote of 10 bytes is shorter than its 48-byte header"},
		{"huge", make([]byte, maxQuoteLen+1), "quote of 65537 bytes exceeds 65536"},
		{"key type", set(v4, 2, 3), "quote attestation key type 3, want 2 (ECDSA P-256)"},
		{"version 3", set(v4, 0, 3), "quote version 3, want 4 or 5"},
		{"v5 cut descriptor", v5[:52], "v5 quote of 52 bytes ends inside its body descriptor"},
		{"v5 SGX body", set(v5, 48, 1), "v5 quote body type 1 of 648 bytes, want type 2 (584 bytes) or 3 (648 bytes)"},
		{"v5 size mismatch", set(v5, 48, 2), "v5 quote body type 2 of 648 bytes, want type 2 (584 bytes) or 3 (648 bytes)"},
		{"v4 body cut", v4[:600], "quote of 600 bytes ends inside its 584-byte TD report body"},
		{"v5 body cut", v5[:700], "quote of 700 bytes ends inside its 648-byte TD report body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tdxQuoteReportData(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("tdxQuoteReportData = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSNPReportDataRejects(t *testing.T) {
	r := snpReport(nil)
	old := bytes.Clone(r)
	binary.LittleEndian.PutUint32(old, 1)
	for _, tt := range []struct {
		name string
		in   []byte
		want string
	}{
		{"short", r[:snpReportLen-1], "SEV-SNP report of 1183 bytes, want 1184"},
		{"long", append(bytes.Clone(r), 0), "SEV-SNP report of 1185 bytes, want 1184"},
		{"version 1", old, "SEV-SNP report version 1, want 2 or later"},
	} {
		if _, err := snpReportData(tt.in); err == nil || err.Error() != tt.want {
			t.Fatalf("%s: snpReportData = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestSNPCertsRejects(t *testing.T) {
	vcek := testCert(t, "VCEK")
	table := certTable(map[string][]byte{sevabi.VcekGUID: vcek})
	// Entry 0: GUID (16) | offset u32 | length u32.
	withEntry := func(offset, length uint32) []byte {
		b := bytes.Clone(table)
		binary.LittleEndian.PutUint32(b[16:], offset)
		binary.LittleEndian.PutUint32(b[20:], length)
		return b
	}
	dup := append(bytes.Clone(table[:24]), table...) // two headers naming the same GUID
	binary.LittleEndian.PutUint32(dup[16:], binary.LittleEndian.Uint32(table[16:])+24)
	binary.LittleEndian.PutUint32(dup[24+16:], binary.LittleEndian.Uint32(table[16:])+24)
	for _, tt := range []struct {
		name string
		in   []byte
		want string
	}{
		// 0xfffffff0 + 0x20 wraps in 32 bits; abi.CertTable.Unmarshal would panic.
		{"wrapping range", withEntry(0xfffffff0, 0x20), "auxblob certificate table entry 0 (GUID 63da758d-e664-4564-adc5-f4b93be8accd) spans bytes 4294967280..4294967312 of"},
		{"past the end", withEntry(48, uint32(len(table))), "auxblob certificate table entry 0 (GUID 63da758d-e664-4564-adc5-f4b93be8accd) spans bytes 48.."},
		{"offset in header", withEntry(8, 4), "auxblob certificate table: cert table entry 0 has invalid offset into header"},
		{"duplicate GUID", dup, "auxblob certificate table lists GUID 63da758d-e664-4564-adc5-f4b93be8accd twice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := snpCerts(tt.in)
			if err == nil || !bytes.HasPrefix([]byte(err.Error()), []byte(tt.want)) {
				t.Fatalf("snpCerts = %v, want error starting %q", err, tt.want)
			}
		})
	}
}

func FuzzTDXQuoteReportData(f *testing.F) {
	rd := reportData(0)
	f.Add(tdxQuote(4, 0, rd[:]))
	f.Add(tdxQuote(5, v5BodyTypeTD15, rd[:]))
	for _, n := range []string{"tdx/dcap-qvl/tdx_quote", "tdx/dcap-qvl/tdx_quote_outdated"} {
		if b, err := os.ReadFile(filepath.Join(sampleDir, n)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, q []byte) {
		got, err := tdxQuoteReportData(q)
		if err != nil {
			return
		}
		off := quoteHeaderLen + tdReportDataOff
		if binary.LittleEndian.Uint16(q) == 5 {
			off += 6
		}
		if !bytes.Equal(got, q[off:off+reportDataLen]) {
			t.Fatalf("report data %x not at offset %d", got, off)
		}
	})
}

func FuzzSNPCerts(f *testing.F) {
	f.Add(certTable(map[string][]byte{sevabi.VcekGUID: testCert(f, "VCEK"), sevabi.AskGUID: []byte("x")}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, aux []byte) {
		certs, err := snpCerts(aux)
		if err != nil {
			return
		}
		if len(certs) > 3 {
			t.Fatalf("%d certificates, at most VCEK, ASK and ARK", len(certs))
		}
	})
}
