package ethereum

import "testing"

func TestLoopbackHTTP(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8545", true},
		{"http://localhost:8545", true},
		{"https://[::1]:8545/rpc", true},
		{"http://127.8.9.10", true},
		{"http://10.0.0.1:8545", false},
		{"https://rpc.example.org", false},
		{"ws://127.0.0.1:8546", false},
		{"/tmp/geth.ipc", false},
		{"::not a url", false},
	} {
		if got := loopbackHTTP(tc.url); got != tc.want {
			t.Errorf("loopbackHTTP(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}
