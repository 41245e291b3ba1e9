package mls

import (
	"testing"
)

func testWelcome(t *testing.T) {
	var cases []struct {
		CipherSuite uint16   `json:"cipher_suite"`
		InitPriv    hexBytes `json:"init_priv"`
		SignerPub   hexBytes `json:"signer_pub"`
		KeyPackage  hexBytes `json:"key_package"`
		Welcome     hexBytes `json:"welcome"`
	}
	loadVectors(t, "welcome.json", &cases)
	for _, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String(), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			var kpm, wm mlsMessage
			if err := decodeAll(c.KeyPackage, &kpm); err != nil || kpm.keyPackage == nil {
				t.Fatalf("key package: %v", err)
			}
			if err := decodeAll(c.Welcome, &wm); err != nil || wm.welcome == nil {
				t.Fatalf("welcome: %v", err)
			}
			ref := kpm.keyPackage.ref(s)
			var egs *encryptedGroupSecrets
			for i := range wm.welcome.secrets {
				if string(wm.welcome.secrets[i].newMember) == string(ref) {
					egs = &wm.welcome.secrets[i]
				}
			}
			if egs == nil {
				t.Fatal("no secrets for our key package")
			}
			pt, err := s.decryptWithLabel(c.InitPriv, "Welcome", wm.welcome.encryptedGroupInfo, egs.secrets.kemOutput, egs.secrets.ciphertext)
			if err != nil {
				t.Fatal(err)
			}
			var gs groupSecrets
			if err := decodeAll(pt, &gs); err != nil {
				t.Fatal(err)
			}
			psk := s.pskSecret(nil, nil)
			key, nonce := s.welcomeKeyNonce(s.welcomeSecret(gs.joinerSecret, psk))
			aead, err := s.newAEAD(key)
			if err != nil {
				t.Fatal(err)
			}
			giBytes, err := aead.Open(nil, nonce, wm.welcome.encryptedGroupInfo, nil)
			if err != nil {
				t.Fatal(err)
			}
			var gi groupInfo
			if err := decodeAll(giBytes, &gi); err != nil {
				t.Fatal(err)
			}
			if !s.verifyWithLabel(c.SignerPub, "GroupInfoTBS", gi.tbs(), gi.signature) {
				t.Fatal("GroupInfo signature does not verify")
			}
			es := s.epochSecrets(gs.joinerSecret, psk, encode(&gi.groupContext))
			eq(t, "confirmation tag", s.mac(es.confirmation, gi.groupContext.confirmedTranscriptHash), gi.confirmationTag)
		})
	}
}

type passiveCase struct {
	CipherSuite  uint16 `json:"cipher_suite"`
	ExternalPSKs []struct {
		PSKID hexBytes `json:"psk_id"`
		PSK   hexBytes `json:"psk"`
	} `json:"external_psks"`
	KeyPackage                hexBytes `json:"key_package"`
	SignaturePriv             hexBytes `json:"signature_priv"`
	EncryptionPriv            hexBytes `json:"encryption_priv"`
	InitPriv                  hexBytes `json:"init_priv"`
	Welcome                   hexBytes `json:"welcome"`
	RatchetTree               hexBytes `json:"ratchet_tree"`
	InitialEpochAuthenticator hexBytes `json:"initial_epoch_authenticator"`
	Epochs                    []struct {
		Proposals          []hexBytes `json:"proposals"`
		Commit             hexBytes   `json:"commit"`
		EpochAuthenticator hexBytes   `json:"epoch_authenticator"`
	} `json:"epochs"`
}

func testPassiveClient(file string) func(t *testing.T) {
	return func(t *testing.T) {
		var cases []passiveCase
		loadVectors(t, file, &cases)
		for i, c := range cases {
			t.Run(CipherSuite(c.CipherSuite).String()+"/"+itoa(i), func(t *testing.T) {
				suiteOrSkip(t, c.CipherSuite)
				var m mlsMessage
				if err := decodeAll(c.KeyPackage, &m); err != nil || m.keyPackage == nil {
					t.Fatalf("key package: %v", err)
				}
				kp := &KeyPackageSecret{kp: *m.keyPackage, initPriv: c.InitPriv, encPriv: c.EncryptionPriv, sigPriv: c.SignaturePriv}
				if err := kp.check(); err != nil {
					t.Fatal(err)
				}
				opts := &JoinOptions{RatchetTree: c.RatchetTree, ExternalPSKs: map[string][]byte{}}
				for _, p := range c.ExternalPSKs {
					opts.ExternalPSKs[string(p.PSKID)] = p.PSK
				}
				g, err := Join(c.Welcome, kp, opts)
				if err != nil {
					t.Fatalf("join: %v", err)
				}
				eq(t, "initial epoch authenticator", g.EpochAuthenticator(), c.InitialEpochAuthenticator)
				for n, e := range c.Epochs {
					for _, p := range e.Proposals {
						if _, err := g.Process(p); err != nil {
							t.Fatalf("epoch %d proposal: %v", n, err)
						}
					}
					if _, err := g.Process(e.Commit); err != nil {
						t.Fatalf("epoch %d commit: %v", n, err)
					}
					eq(t, "epoch authenticator", g.EpochAuthenticator(), e.EpochAuthenticator)
				}
			})
		}
	}
}

func testTreeOperations(t *testing.T) {
	var cases []struct {
		CipherSuite    uint16   `json:"cipher_suite"`
		TreeBefore     hexBytes `json:"tree_before"`
		Proposal       hexBytes `json:"proposal"`
		ProposalSender uint32   `json:"proposal_sender"`
		TreeHashBefore hexBytes `json:"tree_hash_before"`
		TreeAfter      hexBytes `json:"tree_after"`
		TreeHashAfter  hexBytes `json:"tree_hash_after"`
	}
	loadVectors(t, "tree-operations.json", &cases)
	for i, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String()+"/"+itoa(i), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			tr := decodeTree(t, c.TreeBefore)
			eq(t, "tree hash before", tr.rootHash(s), c.TreeHashBefore)
			var p proposal
			if err := decodeAll(c.Proposal, &p); err != nil {
				t.Fatal(err)
			}
			switch p.proposalType {
			case proposalAdd:
				if err := validateKeyPackage(s, p.add); err != nil {
					t.Fatal(err)
				}
				tr.addLeaf(&p.add.leafNode)
			case proposalUpdate:
				tr.updateLeaf(c.ProposalSender, p.update)
			case proposalRemove:
				tr.removeLeaf(p.remove)
			default:
				t.Fatalf("unexpected proposal type %d", p.proposalType)
			}
			eq(t, "tree after", encode(&ratchetTreeExt{tr.nodes}), c.TreeAfter)
			eq(t, "tree hash after", tr.rootHash(s), c.TreeHashAfter)
			// The cached hashes must agree with a fresh computation.
			eq(t, "uncached tree hash", newRatchetTree(tr.nodes).rootHash(s), c.TreeHashAfter)
		})
	}
}
