// Command devchaingen regenerates the INSECURE development AMD SEV-SNP
// certificate chain (ARK → ASK → VCEK) and the VCEK private key that the
// simulated TEE (tee/sim) signs its reports with and that attest/sim pins.
//
// It runs only when a maintainer decides to roll the dev root (go generate
// ./tee/sim); its output is committed and embedded, so that every process
// of every build verifies every other against the same dev root without
// generating keys at start-up. Rolling the root makes evidence produced by
// older builds unverifiable by newer ones, which is acceptable for a kind
// that proves nothing.
//
// The certificates follow AMD's KDS layout (names, CRL links, VCEK
// extensions) so that go-sev-guest's verification code accepts them as it
// would accept a real Milan chain: the simulation exercises the real
// verifier. The private keys are published on purpose; the simulated kind
// is insecure by construction and every production policy refuses it.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/google/go-sev-guest/kds"
	sevtest "github.com/google/go-sev-guest/testing"
)

// DevTCB and DevChipID are what the dev VCEK certifies; tee/sim puts the
// same values in every report (REPORTED_TCB, CHIP_ID) because a real VCEK
// is specific to one chip at one TCB.
var devTCB = kds.TCBParts{BlSpl: 4, TeeSpl: 0, SnpSpl: 22, UcodeSpl: 213}

const devChipLabel = "anonify simulated SEV-SNP chip (INSECURE)"

func main() {
	certOut := flag.String("certs", "../../attest/sim/devchain.pem", "output: VCEK, ASK, ARK certificates (PEM)")
	keyOut := flag.String("key", "dev_vcek_key.pem", "output: VCEK private key (PKCS#8 PEM)")
	flag.Parse()

	ark, err := rsa.GenerateKey(rand.Reader, 4096)
	if err != nil {
		log.Fatal(err)
	}
	ask, err := rsa.GenerateKey(rand.Reader, 4096)
	if err != nil {
		log.Fatal(err)
	}
	vcek, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	// The ASVK/VLEK are unused but the builder certifies an ASVK
	// unconditionally; reuse the ASK key for it.
	keys := &sevtest.AmdKeys{Ark: ark, Ask: ask, Asvk: ask, Vcek: vcek}

	chip := sha512.Sum512([]byte(devChipLabel))
	// Roots valid 2025..2050; the VCEK (7-year KDS lifetime) is created
	// "in 2043" so that it, too, stays valid until 2050.
	rootCreated := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	vcekCreated := time.Date(2043, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &sevtest.AmdSignerBuilder{
		Keys:             keys,
		ProductName:      "Milan-B0",
		ArkCreationTime:  rootCreated,
		AskCreationTime:  rootCreated,
		AsvkCreationTime: rootCreated,
		VcekCreationTime: vcekCreated,
		VcekCustom: sevtest.CertOverride{
			Extensions: sevtest.CustomExtensions(devTCB, chip[:], "", "Milan-B0"),
		},
	}
	signer, err := b.TestOnlyCertChain()
	if err != nil {
		log.Fatal(err)
	}

	var certs []byte
	for _, c := range []*x509.Certificate{signer.Vcek, signer.Ask, signer.Ark} {
		certs = append(certs, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	der, err := x509.MarshalPKCS8PrivateKey(vcek)
	if err != nil {
		log.Fatal(err)
	}
	key := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err := os.WriteFile(filepath.Clean(*certOut), certs, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Clean(*keyOut), key, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s and %s\n", *certOut, *keyOut)
}
