package gramine

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleDir holds the real quotes described in its README.
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

// TestQuoteReportDataRealSamples pins the offsets to real hardware quotes.
func TestQuoteReportDataRealSamples(t *testing.T) {
	q := readSample(t, "sgx/dcap-qvl/sgx_quote")
	got, err := quoteReportData(q)
	if err != nil {
		t.Fatalf("quoteReportData(real SGX v3 quote): %v", err)
	}
	want := append([]byte("Hello, world!"), make([]byte, 51)...)
	if !bytes.Equal(got, want) {
		t.Fatalf("report data = %x, want %x", got, want)
	}
	for _, name := range []string{"tdx/dcap-qvl/tdx_quote", "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"} {
		_, err := quoteReportData(readSample(t, name))
		if err == nil || !strings.Contains(err.Error(), "quote TEE type 0x81, want 0x0 (SGX)") {
			t.Fatalf("quoteReportData(%s) = %v, want the TDX quote refused", name, err)
		}
	}
}

func TestQuoteReportDataRejects(t *testing.T) {
	rd := reportData(3)
	good := sgxQuote(3, teeTypeSGX, rd[:])
	mutate := func(f func(q []byte) []byte) []byte { return f(bytes.Clone(good)) }
	v5 := sgxQuote(5, teeTypeSGX, rd[:])
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"short header", good[:47], "quote of 47 bytes is shorter than its 48-byte header"},
		{"huge", make([]byte, maxQuoteLen+1), "quote of 65537 bytes exceeds 65536"},
		{"version 2", mutate(func(q []byte) []byte { q[0] = 2; return q }), "quote version 2, want 3, 4 or 5"},
		{"EPID key type", mutate(func(q []byte) []byte { q[2] = 0; return q }), "quote attestation key type 0, want 2 (ECDSA P-256): not a DCAP quote"},
		{"v4 TDX", sgxQuote(4, 0x81, rd[:]), "quote TEE type 0x81, want 0x0 (SGX)"},
		{"v5 descriptor cut", v5[:50], "v5 quote of 50 bytes ends inside its body descriptor"},
		{"v5 TDX body", func() []byte { q := bytes.Clone(v5); binary.LittleEndian.PutUint16(q[48:], 3); return q }(), "v5 quote body type 3, want 1 (SGX enclave report)"},
		{"v5 body size", func() []byte { q := bytes.Clone(v5); binary.LittleEndian.PutUint32(q[50:], 648); return q }(), "v5 quote body size 648, want 384"},
		{"body cut", good[:quoteHeaderLen+sgxReportBodyLen-1], "quote of 431 bytes ends inside its 384-byte report body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := quoteReportData(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("quoteReportData = %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzQuoteReportData(f *testing.F) {
	rd := reportData(0)
	f.Add(sgxQuote(3, teeTypeSGX, rd[:]))
	f.Add(sgxQuote(5, teeTypeSGX, rd[:]))
	f.Add([]byte{})
	if b, err := os.ReadFile(filepath.Join(sampleDir, "sgx/dcap-qvl/sgx_quote")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, q []byte) {
		got, err := quoteReportData(q)
		if err != nil {
			return
		}
		if len(got) != reportDataLen {
			t.Fatalf("report data of %d bytes", len(got))
		}
		// The result must be the bytes at the documented offset.
		off := quoteHeaderLen + sgxReportDataOff
		if binary.LittleEndian.Uint16(q) == 5 {
			off += 6
		}
		if !bytes.Equal(got, q[off:off+reportDataLen]) {
			t.Fatalf("report data %x not at offset %d", got, off)
		}
	})
}
