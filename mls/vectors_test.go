package mls

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The official RFC 9420 interop vectors live outside the module, in the
// shared test data next to the repository.
const vectorDir = "../../shared/testdata/mls"

type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*h = nil
		return nil
	}
	v, err := hex.DecodeString(*s)
	if err != nil {
		return err
	}
	*h = v
	return nil
}

func loadVectors(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatalf("interop vectors missing (expected at %s): %v", vectorDir, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// suiteOrSkip returns the suite or skips the case, so that a missing
// suite is counted as skipped and never as passed.
func suiteOrSkip(t *testing.T, cs uint16) *suite {
	t.Helper()
	s, err := suiteFor(CipherSuite(cs))
	if err != nil {
		t.Skipf("cipher suite %d not supported", cs)
	}
	return s
}

func eq(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Fatalf("%s mismatch:\n got %x\nwant %x", what, got, want)
	}
}

func TestVectors(t *testing.T) {
	if _, err := os.Stat(vectorDir); err != nil {
		t.Fatalf("interop vector directory %s missing: %v", vectorDir, err)
	}
	t.Run("tree-math", testTreeMath)
	t.Run("deserialization", testDeserialization)
	t.Run("crypto-basics", testCryptoBasics)
	t.Run("secret-tree", testSecretTree)
	t.Run("key-schedule", testKeySchedule)
	t.Run("psk_secret", testPSKSecret)
	t.Run("transcript-hashes", testTranscriptHashes)
	t.Run("tree-validation", testTreeValidation)
	t.Run("treekem", testTreeKEM)
	t.Run("message-protection", testMessageProtection)
	t.Run("messages", testMessages)
	t.Run("welcome", testWelcome)
	t.Run("tree-operations", testTreeOperations)
	t.Run("passive-client-welcome", testPassiveClient("passive-client-welcome.json"))
	t.Run("passive-client-handling-commit", testPassiveClient("passive-client-handling-commit.json"))
	t.Run("passive-client-random", testPassiveClient("passive-client-random.json"))
}

func testTreeMath(t *testing.T) {
	var cases []struct {
		NLeaves uint32    `json:"n_leaves"`
		NNodes  uint32    `json:"n_nodes"`
		Root    uint32    `json:"root"`
		Left    []*uint32 `json:"left"`
		Right   []*uint32 `json:"right"`
		Parent  []*uint32 `json:"parent"`
		Sibling []*uint32 `json:"sibling"`
	}
	loadVectors(t, "tree-math.json", &cases)
	for _, c := range cases {
		if got := nodeWidth(c.NLeaves); got != c.NNodes {
			t.Fatalf("n_leaves %d: width %d, want %d", c.NLeaves, got, c.NNodes)
		}
		if got := root(c.NLeaves); got != c.Root {
			t.Fatalf("n_leaves %d: root %d, want %d", c.NLeaves, got, c.Root)
		}
		r := root(c.NLeaves)
		for x := uint32(0); x < c.NNodes; x++ {
			check := func(what string, want *uint32, ok bool, f func(uint32) uint32) {
				if want == nil {
					if ok {
						t.Fatalf("n_leaves %d node %d: %s exists, want none", c.NLeaves, x, what)
					}
					return
				}
				if !ok || f(x) != *want {
					t.Fatalf("n_leaves %d node %d: %s wrong, want %d", c.NLeaves, x, what, *want)
				}
			}
			check("left", c.Left[x], !isLeaf(x), left)
			check("right", c.Right[x], !isLeaf(x), right)
			check("parent", c.Parent[x], x != r, parent)
			check("sibling", c.Sibling[x], x != r, sibling)
		}
	}
}

func testDeserialization(t *testing.T) {
	var cases []struct {
		Header hexBytes `json:"vlbytes_header"`
		Length int      `json:"length"`
	}
	loadVectors(t, "deserialization.json", &cases)
	for _, c := range cases {
		p := parser{b: c.Header}
		if got := p.varint(); p.finish() != nil || got != c.Length {
			t.Fatalf("header %x: got %d (%v), want %d", c.Header, got, p.err, c.Length)
		}
		var w builder
		w.varint(c.Length)
		eq(t, "varint encoding", w.b, c.Header)
	}
}

func testCryptoBasics(t *testing.T) {
	var cases []struct {
		CipherSuite uint16 `json:"cipher_suite"`
		RefHash     struct {
			Label      string
			Value, Out hexBytes
		} `json:"ref_hash"`
		ExpandWithLabel struct {
			Secret       hexBytes
			Label        string
			Context, Out hexBytes
			Length       int
		} `json:"expand_with_label"`
		DeriveSecret struct {
			Secret hexBytes
			Label  string
			Out    hexBytes
		} `json:"derive_secret"`
		DeriveTreeSecret struct {
			Secret     hexBytes
			Label      string
			Generation uint32
			Length     int
			Out        hexBytes
		} `json:"derive_tree_secret"`
		SignWithLabel struct {
			Priv, Pub, Content hexBytes
			Label              string
			Signature          hexBytes
		} `json:"sign_with_label"`
		EncryptWithLabel struct {
			Priv, Pub          hexBytes
			Label              string
			Context, Plaintext hexBytes
			KEMOutput          hexBytes `json:"kem_output"`
			Ciphertext         hexBytes
		} `json:"encrypt_with_label"`
	}
	loadVectors(t, "crypto-basics.json", &cases)
	for _, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String(), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			eq(t, "RefHash", s.refHash(c.RefHash.Label, c.RefHash.Value), c.RefHash.Out)
			e := c.ExpandWithLabel
			eq(t, "ExpandWithLabel", s.expandWithLabel(e.Secret, e.Label, e.Context, e.Length), e.Out)
			eq(t, "DeriveSecret", s.deriveSecret(c.DeriveSecret.Secret, c.DeriveSecret.Label), c.DeriveSecret.Out)
			d := c.DeriveTreeSecret
			eq(t, "DeriveTreeSecret", s.deriveTreeSecret(d.Secret, d.Label, d.Generation, d.Length), d.Out)

			sg := c.SignWithLabel
			if !s.verifyWithLabel(sg.Pub, sg.Label, sg.Content, sg.Signature) {
				t.Fatal("VerifyWithLabel rejected the vector signature")
			}
			pub, err := s.sig.publicKey(sg.Priv)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "signature public key", pub, sg.Pub)
			mySig, err := s.signWithLabel(sg.Priv, sg.Label, sg.Content)
			if err != nil {
				t.Fatal(err)
			}
			if !s.verifyWithLabel(sg.Pub, sg.Label, sg.Content, mySig) {
				t.Fatal("VerifyWithLabel rejected our own signature")
			}
			if s.verifyWithLabel(sg.Pub, sg.Label+"x", sg.Content, mySig) {
				t.Fatal("VerifyWithLabel accepted a signature under another label")
			}

			en := c.EncryptWithLabel
			pt, err := s.decryptWithLabel(en.Priv, en.Label, en.Context, en.KEMOutput, en.Ciphertext)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "DecryptWithLabel", pt, en.Plaintext)
			kem, ct, err := s.encryptWithLabel(en.Pub, en.Label, en.Context, en.Plaintext)
			if err != nil {
				t.Fatal(err)
			}
			pt, err = s.decryptWithLabel(en.Priv, en.Label, en.Context, kem, ct)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "round trip", pt, en.Plaintext)
		})
	}
}

func testSecretTree(t *testing.T) {
	var cases []struct {
		CipherSuite      uint16   `json:"cipher_suite"`
		EncryptionSecret hexBytes `json:"encryption_secret"`
		SenderData       struct {
			SenderDataSecret hexBytes `json:"sender_data_secret"`
			Ciphertext       hexBytes
			Key, Nonce       hexBytes
		} `json:"sender_data"`
		Leaves [][]struct {
			Generation       uint32
			HandshakeKey     hexBytes `json:"handshake_key"`
			HandshakeNonce   hexBytes `json:"handshake_nonce"`
			ApplicationKey   hexBytes `json:"application_key"`
			ApplicationNonce hexBytes `json:"application_nonce"`
		}
	}
	loadVectors(t, "secret-tree.json", &cases)
	for i, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String()+"/"+string(rune('a'+i%3)), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			kn := s.senderDataKeyNonce(c.SenderData.SenderDataSecret, c.SenderData.Ciphertext)
			eq(t, "sender data key", kn.key, c.SenderData.Key)
			eq(t, "sender data nonce", kn.nonce, c.SenderData.Nonce)
			st := newSecretTree(c.EncryptionSecret, uint32(len(c.Leaves)))
			for leaf, gens := range c.Leaves {
				for _, g := range gens {
					hs, err := st.get(s, uint32(leaf), true, g.Generation)
					if err != nil {
						t.Fatal(err)
					}
					app, err := st.get(s, uint32(leaf), false, g.Generation)
					if err != nil {
						t.Fatal(err)
					}
					eq(t, "handshake key", hs.key, g.HandshakeKey)
					eq(t, "handshake nonce", hs.nonce, g.HandshakeNonce)
					eq(t, "application key", app.key, g.ApplicationKey)
					eq(t, "application nonce", app.nonce, g.ApplicationNonce)
					if _, err := st.get(s, uint32(leaf), false, g.Generation); err != errGenerationUsed {
						t.Fatalf("reusing generation %d: got %v, want %v", g.Generation, err, errGenerationUsed)
					}
				}
			}
		})
	}
}

func testKeySchedule(t *testing.T) {
	var cases []struct {
		CipherSuite       uint16   `json:"cipher_suite"`
		GroupID           hexBytes `json:"group_id"`
		InitialInitSecret hexBytes `json:"initial_init_secret"`
		Epochs            []struct {
			TreeHash                hexBytes `json:"tree_hash"`
			CommitSecret            hexBytes `json:"commit_secret"`
			PSKSecret               hexBytes `json:"psk_secret"`
			ConfirmedTranscriptHash hexBytes `json:"confirmed_transcript_hash"`
			GroupContext            hexBytes `json:"group_context"`
			JoinerSecret            hexBytes `json:"joiner_secret"`
			WelcomeSecret           hexBytes `json:"welcome_secret"`
			InitSecret              hexBytes `json:"init_secret"`
			SenderDataSecret        hexBytes `json:"sender_data_secret"`
			EncryptionSecret        hexBytes `json:"encryption_secret"`
			ExporterSecret          hexBytes `json:"exporter_secret"`
			EpochAuthenticator      hexBytes `json:"epoch_authenticator"`
			ExternalSecret          hexBytes `json:"external_secret"`
			ConfirmationKey         hexBytes `json:"confirmation_key"`
			MembershipKey           hexBytes `json:"membership_key"`
			ResumptionPSK           hexBytes `json:"resumption_psk"`
			ExternalPub             hexBytes `json:"external_pub"`
			Exporter                struct {
				Label, Context hexBytes
				Length         int
				Secret         hexBytes
			}
		}
	}
	loadVectors(t, "key-schedule.json", &cases)
	for _, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String(), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			initSecret := c.InitialInitSecret
			for n, e := range c.Epochs {
				gc := groupContext{version: 1, cipherSuite: CipherSuite(c.CipherSuite), groupID: c.GroupID,
					epoch: uint64(n), treeHash: e.TreeHash, confirmedTranscriptHash: e.ConfirmedTranscriptHash, extensions: []extension{}}
				ctx := encode(&gc)
				eq(t, "group context", ctx, e.GroupContext)
				joiner := s.joinerSecret(initSecret, e.CommitSecret, ctx)
				eq(t, "joiner secret", joiner, e.JoinerSecret)
				eq(t, "welcome secret", s.welcomeSecret(joiner, e.PSKSecret), e.WelcomeSecret)
				es := s.epochSecrets(joiner, e.PSKSecret, ctx)
				eq(t, "init secret", es.init, e.InitSecret)
				eq(t, "sender data secret", es.senderData, e.SenderDataSecret)
				eq(t, "encryption secret", es.encryption, e.EncryptionSecret)
				eq(t, "exporter secret", es.exporter, e.ExporterSecret)
				eq(t, "epoch authenticator", es.authenticator, e.EpochAuthenticator)
				eq(t, "external secret", es.external, e.ExternalSecret)
				eq(t, "confirmation key", es.confirmation, e.ConfirmationKey)
				eq(t, "membership key", es.membership, e.MembershipKey)
				eq(t, "resumption psk", es.resumption, e.ResumptionPSK)
				_, pub, err := s.kem.derive(es.external)
				if err != nil {
					t.Fatal(err)
				}
				eq(t, "external pub", pub, e.ExternalPub)
				// The generator used the label's hex text itself as the
				// label string, so that is what reproduces the output.
				out, err := s.exporter(es.exporter, hex.EncodeToString(e.Exporter.Label), e.Exporter.Context, e.Exporter.Length)
				if err != nil {
					t.Fatal(err)
				}
				eq(t, "exporter", out, e.Exporter.Secret)
				initSecret = es.init
			}
		})
	}
}

func testPSKSecret(t *testing.T) {
	var cases []struct {
		CipherSuite uint16 `json:"cipher_suite"`
		PSKs        []struct {
			PSKID    hexBytes `json:"psk_id"`
			PSK      hexBytes `json:"psk"`
			PSKNonce hexBytes `json:"psk_nonce"`
		} `json:"psks"`
		PSKSecret hexBytes `json:"psk_secret"`
	}
	loadVectors(t, "psk_secret.json", &cases)
	for i, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String()+"/"+itoa(i), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			var ids []preSharedKeyID
			var psks [][]byte
			for _, p := range c.PSKs {
				ids = append(ids, preSharedKeyID{pskType: pskExternal, pskID: p.PSKID, nonce: p.PSKNonce})
				psks = append(psks, p.PSK)
			}
			eq(t, "psk secret", s.pskSecret(ids, psks), c.PSKSecret)
		})
	}
}

func itoa(i int) string {
	return string(appendInt(nil, i))
}

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}

func testTranscriptHashes(t *testing.T) {
	var cases []struct {
		CipherSuite          uint16   `json:"cipher_suite"`
		ConfirmationKey      hexBytes `json:"confirmation_key"`
		AuthenticatedContent hexBytes `json:"authenticated_content"`
		InterimBefore        hexBytes `json:"interim_transcript_hash_before"`
		ConfirmedAfter       hexBytes `json:"confirmed_transcript_hash_after"`
		InterimAfter         hexBytes `json:"interim_transcript_hash_after"`
	}
	loadVectors(t, "transcript-hashes.json", &cases)
	for _, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String(), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			var ac authenticatedContent
			if err := decodeAll(c.AuthenticatedContent, &ac); err != nil {
				t.Fatal(err)
			}
			eq(t, "re-encoding", encode(&ac), c.AuthenticatedContent)
			confirmed := s.confirmedTranscriptHash(c.InterimBefore, &ac)
			eq(t, "confirmed transcript hash", confirmed, c.ConfirmedAfter)
			eq(t, "confirmation tag", s.mac(c.ConfirmationKey, confirmed), ac.auth.confirmationTag)
			eq(t, "interim transcript hash", s.interimTranscriptHash(confirmed, ac.auth.confirmationTag), c.InterimAfter)
		})
	}
}

func decodeTree(t *testing.T, b []byte) *ratchetTree {
	t.Helper()
	var rt ratchetTreeExt
	if err := decodeAll(b, &rt); err != nil {
		t.Fatalf("decoding ratchet tree: %v", err)
	}
	eq(t, "ratchet tree re-encoding", encode(&rt), b)
	return newRatchetTree(rt.nodes)
}

func testTreeValidation(t *testing.T) {
	var cases []struct {
		CipherSuite uint16     `json:"cipher_suite"`
		Tree        hexBytes   `json:"tree"`
		GroupID     hexBytes   `json:"group_id"`
		Resolutions [][]uint32 `json:"resolutions"`
		TreeHashes  []hexBytes `json:"tree_hashes"`
	}
	loadVectors(t, "tree-validation.json", &cases)
	for i, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String()+"/"+itoa(i), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			tr := decodeTree(t, c.Tree)
			if len(tr.nodes) != len(c.TreeHashes) {
				t.Fatalf("tree has %d nodes, vector %d", len(tr.nodes), len(c.TreeHashes))
			}
			for x := range tr.nodes {
				res := tr.resolution(uint32(x))
				if len(res) != len(c.Resolutions[x]) {
					t.Fatalf("node %d resolution %v, want %v", x, res, c.Resolutions[x])
				}
				for j := range res {
					if res[j] != c.Resolutions[x][j] {
						t.Fatalf("node %d resolution %v, want %v", x, res, c.Resolutions[x])
					}
				}
				eq(t, "tree hash", tr.treeHash(s, uint32(x)), c.TreeHashes[x])
			}
			if err := tr.validate(s, c.GroupID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

type treeKEMCase struct {
	CipherSuite             uint16   `json:"cipher_suite"`
	GroupID                 hexBytes `json:"group_id"`
	Epoch                   uint64   `json:"epoch"`
	ConfirmedTranscriptHash hexBytes `json:"confirmed_transcript_hash"`
	RatchetTree             hexBytes `json:"ratchet_tree"`
	LeavesPrivate           []struct {
		Index          uint32
		EncryptionPriv hexBytes `json:"encryption_priv"`
		SignaturePriv  hexBytes `json:"signature_priv"`
		PathSecrets    []struct {
			Node       uint32
			PathSecret hexBytes `json:"path_secret"`
		} `json:"path_secrets"`
	} `json:"leaves_private"`
	UpdatePaths []struct {
		Sender        uint32
		UpdatePath    hexBytes   `json:"update_path"`
		PathSecrets   []hexBytes `json:"path_secrets"`
		CommitSecret  hexBytes   `json:"commit_secret"`
		TreeHashAfter hexBytes   `json:"tree_hash_after"`
	} `json:"update_paths"`
}

func testTreeKEM(t *testing.T) {
	var cases []treeKEMCase
	loadVectors(t, "treekem.json", &cases)
	for i, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String()+"/"+itoa(i), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			base := decodeTree(t, c.RatchetTree)
			if err := base.validate(s, c.GroupID); err != nil {
				t.Fatal(err)
			}
			ctxFor := func(tr *ratchetTree) []byte {
				gc := groupContext{version: 1, cipherSuite: s.id, groupID: c.GroupID, epoch: c.Epoch,
					treeHash: tr.rootHash(s), confirmedTranscriptHash: c.ConfirmedTranscriptHash, extensions: []extension{}}
				return encode(&gc)
			}
			// Each member's private state: its leaf key plus keys derived
			// from the path secrets it holds, checked against the tree.
			privs := make(map[uint32]map[uint32]hpkeKeyPair)
			for _, lp := range c.LeavesPrivate {
				keys := map[uint32]hpkeKeyPair{}
				pub, err := s.kem.publicKey(lp.EncryptionPriv)
				if err != nil {
					t.Fatal(err)
				}
				eq(t, "leaf encryption key", pub, base.leaf(lp.Index).encryptionKey)
				keys[leafToNode(lp.Index)] = hpkeKeyPair{lp.EncryptionPriv, pub}
				for _, ps := range lp.PathSecrets {
					if _, err := base.installPathSecret(s, []uint32{ps.Node}, ps.PathSecret, keys); err != nil {
						t.Fatalf("leaf %d path secret for node %d: %v", lp.Index, ps.Node, err)
					}
				}
				privs[lp.Index] = keys
			}
			for _, upc := range c.UpdatePaths {
				var up updatePath
				if err := decodeAll(upc.UpdatePath, &up); err != nil {
					t.Fatal(err)
				}
				tr := base.clone()
				fdp, err := tr.mergePath(s, upc.Sender, &up, c.GroupID)
				if err != nil {
					t.Fatalf("sender %d: %v", upc.Sender, err)
				}
				eq(t, "tree hash after", tr.rootHash(s), upc.TreeHashAfter)
				if err := tr.verifyParentHashes(s); err != nil {
					t.Fatal(err)
				}
				ctx := ctxFor(tr)
				for _, lp := range c.LeavesPrivate {
					if lp.Index == upc.Sender {
						continue
					}
					keys := cloneKeys(privs[lp.Index])
					ps, cs, err := tr.decryptPath(s, upc.Sender, lp.Index, fdp, &up, nil, ctx, keys)
					if err != nil {
						t.Fatalf("leaf %d decrypting from %d: %v", lp.Index, upc.Sender, err)
					}
					eq(t, "commit secret", cs, upc.CommitSecret)
					eq(t, "path secret", ps, upc.PathSecrets[lp.Index])
				}

				// Generate a fresh path from the same sender and check that
				// every other member derives the same commit secret.
				sender := c.LeavesPrivate[0]
				for _, lp := range c.LeavesPrivate {
					if lp.Index == upc.Sender {
						sender = lp
					}
				}
				if sender.Index != upc.Sender {
					continue
				}
				gtr := base.clone()
				gen, err := gtr.generatePath(s, upc.Sender, base.leaf(upc.Sender), sender.SignaturePriv, c.GroupID, nil, func() []byte { return ctxFor(gtr) })
				if err != nil {
					t.Fatal(err)
				}
				if err := gtr.verifyParentHashes(s); err != nil {
					t.Fatalf("generated path: %v", err)
				}
				ctx = ctxFor(gtr)
				for _, lp := range c.LeavesPrivate {
					if lp.Index == upc.Sender {
						continue
					}
					rtr := base.clone()
					wire := encode(gen.path)
					var up2 updatePath
					if err := decodeAll(wire, &up2); err != nil {
						t.Fatal(err)
					}
					fdp, err := rtr.mergePath(s, upc.Sender, &up2, c.GroupID)
					if err != nil {
						t.Fatal(err)
					}
					eq(t, "tree hash of generated path", rtr.rootHash(s), gtr.rootHash(s))
					_, cs, err := rtr.decryptPath(s, upc.Sender, lp.Index, fdp, &up2, nil, ctx, cloneKeys(privs[lp.Index]))
					if err != nil {
						t.Fatalf("leaf %d decrypting generated path: %v", lp.Index, err)
					}
					eq(t, "generated commit secret", cs, gen.commitSecret)
				}
			}
		})
	}
}

func cloneKeys(m map[uint32]hpkeKeyPair) map[uint32]hpkeKeyPair {
	out := make(map[uint32]hpkeKeyPair, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
