package clique

import (
	"errors"
	"os"
)

// TB is the part of testing.TB RequireGeth uses (this package does not
// link the testing package into the CLI).
type TB interface {
	Helper()
	Fatal(args ...any)
	Skip(args ...any)
}

// RequireGeth returns the geth v1.13 binary for a test that runs
// sealers. Without one the test skips, unless $ANONIFY_REQUIRE_GETH is
// set (CI sets it), when it fails.
func RequireGeth(tb TB) string {
	tb.Helper()
	geth, err := FindGeth()
	if errors.Is(err, ErrNoGeth) && os.Getenv("ANONIFY_REQUIRE_GETH") == "" {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return geth
}
