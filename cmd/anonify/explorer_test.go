package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplorerAuditKey: --audit-key is documented, read before anything
// else, and a file that is not an auditor key is refused (exit 2) without
// its content appearing anywhere.
func TestExplorerAuditKey(t *testing.T) {
	clearChainEnv(t)
	code, stdout, _ := cliRun(t, "", "explorer", "--help")
	if code != 0 || !strings.Contains(stdout, "--audit-key") || !strings.Contains(stdout, "computed locally") || !strings.Contains(strings.Join(strings.Fields(stdout), " "), "never served") {
		t.Errorf("explorer --help (exit %d) does not document --audit-key:\n%s", code, stdout)
	}

	dir := t.TempDir()
	const secretish = "not-a-key-but-secret-looking-0123456789abcdef"
	bad := filepath.Join(dir, "bad.key")
	if err := os.WriteFile(bad, []byte(secretish+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.key")
	if err := os.WriteFile(short, []byte(strings.Repeat("ab", 31)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, want string
	}{
		{"missing file", filepath.Join(dir, "absent.key"), "anonify: --audit-key: open " + filepath.Join(dir, "absent.key") + ": no such file or directory"},
		{"not hex", bad, "anonify: --audit-key " + bad + ": not an auditor key (64 hex digits, as anonify audit keygen writes it)"},
		{"31 bytes", short, "anonify: --audit-key " + short + ": not an auditor key (64 hex digits, as anonify audit keygen writes it)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The chain flags point nowhere: the key is checked first.
			code, stdout, stderr := cliRun(t, "", "explorer", "--audit-key", tc.file, "--rpc", "http://127.0.0.1:1", "--contract", "0x00000000000000000000000000000000000000c0")
			if code != 2 || strings.TrimSpace(stderr) != tc.want {
				t.Errorf("exit %d, stderr %q; want 2, %q", code, stderr, tc.want)
			}
			if strings.Contains(stdout+stderr, secretish) {
				t.Error("the key file's content is printed")
			}
		})
	}
}
