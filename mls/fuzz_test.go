package mls

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Every decoder of untrusted MLS bytes has a fuzz target. Besides not
// panicking, a strict decoder must be canonical: whatever it accepts must
// re-encode to exactly the input, or two members could hash different
// bytes for the same structure.

func messageSeeds(f *testing.F, field string) {
	data, err := os.ReadFile(filepath.Join(vectorDir, "messages.json"))
	if err != nil {
		f.Fatalf("interop vectors missing: %v", err)
	}
	var cases []map[string]hexBytes
	if err := json.Unmarshal(data, &cases); err != nil {
		f.Fatal(err)
	}
	for i, c := range cases {
		if i%20 == 0 {
			f.Add([]byte(c[field]))
		}
	}
}

type codec interface {
	encoder
	decoder
}

func fuzzCanonical(f *testing.F, newV func() codec) {
	f.Fuzz(func(t *testing.T, b []byte) {
		v := newV()
		if decodeAll(b, v) != nil {
			return
		}
		if out := encode(v); !bytes.Equal(out, b) {
			t.Fatalf("accepted non-canonical encoding:\n in %x\nout %x", b, out)
		}
	})
}

func FuzzMLSMessage(f *testing.F) {
	for _, field := range []string{"mls_welcome", "mls_group_info", "mls_key_package", "public_message_commit", "private_message"} {
		messageSeeds(f, field)
	}
	fuzzCanonical(f, func() codec { return new(mlsMessage) })
}

func FuzzCommit(f *testing.F) {
	messageSeeds(f, "commit")
	fuzzCanonical(f, func() codec { return new(commit) })
}

func FuzzProposal(f *testing.F) {
	f.Add([]byte{0, 3, 0, 0, 0, 2})
	fuzzCanonical(f, func() codec { return new(proposal) })
}

func FuzzRatchetTree(f *testing.F) {
	messageSeeds(f, "ratchet_tree")
	fuzzCanonical(f, func() codec { return new(ratchetTreeExt) })
}

func FuzzGroupSecrets(f *testing.F) {
	messageSeeds(f, "group_secrets")
	fuzzCanonical(f, func() codec { return new(groupSecrets) })
}

func FuzzGroupInfo(f *testing.F) {
	a := newTestGroup(f, testSuite, "A")
	gi, err := a.groupInfo(true)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(encode(gi))
	fuzzCanonical(f, func() codec { return new(groupInfo) })
}

func FuzzKeyPackage(f *testing.F) {
	messageSeeds(f, "mls_key_package")
	f.Add(newKeyPackage(f, testSuite, "A").KeyPackage())
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := ParseKeyPackage(b)
		if err == nil && len(info.Ref) == 0 {
			t.Fatal("accepted key package without a reference")
		}
	})
}

// FuzzWelcome feeds arbitrary Welcomes to Join; none may panic and only a
// genuine Welcome for our KeyPackage may succeed.
func FuzzWelcome(f *testing.F) {
	a := newTestGroup(f, testSuite, "A")
	kp := newKeyPackage(f, testSuite, "B")
	res, err := a.Commit(CommitOptions{Add: [][]byte{kp.KeyPackage()}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(res.Welcome)
	messageSeeds(f, "mls_welcome")
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := Join(b, kp, nil); err == nil && !bytes.Equal(b, res.Welcome) {
			t.Fatal("joined from a Welcome that was not produced for us")
		}
	})
}

// FuzzProcess feeds arbitrary messages to a member; a rejected message
// must leave its state unchanged.
func FuzzProcess(f *testing.F) {
	a := newTestGroup(f, testSuite, "A")
	kp := newKeyPackage(f, testSuite, "B")
	res, err := a.Commit(CommitOptions{Add: [][]byte{kp.KeyPackage()}})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := a.Process(res.Commit); err != nil {
		f.Fatal(err)
	}
	b, err := Join(res.Welcome, kp, nil)
	if err != nil {
		f.Fatal(err)
	}
	rot, err := a.Commit(CommitOptions{})
	if err != nil {
		f.Fatal(err)
	}
	app, err := a.EncryptApplication([]byte("hello"), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rot.Commit)
	f.Add(app)
	state, err := b.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		var g Group
		if err := g.UnmarshalBinary(state); err != nil {
			t.Fatal(err)
		}
		if _, err := g.Process(msg); err != nil {
			after, _ := g.MarshalBinary()
			if !bytes.Equal(after, state) {
				t.Fatal("rejected message changed the state")
			}
		}
	})
}

func FuzzGroupState(f *testing.F) {
	a := newTestGroup(f, testSuite, "A")
	blob, err := a.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(blob)
	f.Fuzz(func(t *testing.T, b []byte) {
		var g Group
		_ = g.UnmarshalBinary(b)
	})
}
