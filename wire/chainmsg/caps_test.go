package chainmsg

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestCapsMatchContract reads the caps from the Solidity source (whose
// compiled artifacts ledger/ethereum's TestArtifactsMatchSources ties to
// the deployed bytecode), so a cap changed in the contract and not here
// fails at once.
func TestCapsMatchContract(t *testing.T) {
	src, err := os.ReadFile("../../contracts/AnonifyLedger.sol")
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]int{
		"MAX_CIPHERTEXTS":        MaxCiphertexts,
		"MAX_CIPHERTEXT_BYTES":   MaxCiphertextBytes,
		"MAX_BATCH_BYTES":        MaxBatchBytes,
		"MAX_SCOPE_BYTES":        MaxScopeBytes,
		"MAX_AUDITORS":           MaxAuditors,
		"MAX_AUDIT_HEADER_BYTES": MaxAuditHeaderBytes,
		"MAX_CUSTODIANS":         MaxCustodians,
		"MAX_MANIFEST_BYTES":     MaxManifestBytes,
		"MAX_CHUNK_BYTES":        MaxChunkBytes,
	}
	for name, want := range ours {
		re := regexp.MustCompile(`uint256 public constant ` + name + ` = (\d+);`)
		m := re.FindSubmatch(src)
		if m == nil {
			t.Errorf("the contract declares no public constant %s", name)
			continue
		}
		if got, _ := strconv.Atoi(string(m[1])); got != want {
			t.Errorf("%s: contract %d, chainmsg %d", name, got, want)
		}
	}
}
