package mls

import (
	"testing"
)

func testMessageProtection(t *testing.T) {
	var cases []struct {
		CipherSuite             uint16   `json:"cipher_suite"`
		GroupID                 hexBytes `json:"group_id"`
		Epoch                   uint64   `json:"epoch"`
		TreeHash                hexBytes `json:"tree_hash"`
		ConfirmedTranscriptHash hexBytes `json:"confirmed_transcript_hash"`
		SignaturePriv           hexBytes `json:"signature_priv"`
		SignaturePub            hexBytes `json:"signature_pub"`
		EncryptionSecret        hexBytes `json:"encryption_secret"`
		SenderDataSecret        hexBytes `json:"sender_data_secret"`
		MembershipKey           hexBytes `json:"membership_key"`
		Proposal                hexBytes `json:"proposal"`
		ProposalPub             hexBytes `json:"proposal_pub"`
		ProposalPriv            hexBytes `json:"proposal_priv"`
		Commit                  hexBytes `json:"commit"`
		CommitPub               hexBytes `json:"commit_pub"`
		CommitPriv              hexBytes `json:"commit_priv"`
		Application             hexBytes `json:"application"`
		ApplicationPriv         hexBytes `json:"application_priv"`
	}
	loadVectors(t, "message-protection.json", &cases)
	for _, c := range cases {
		t.Run(CipherSuite(c.CipherSuite).String(), func(t *testing.T) {
			s := suiteOrSkip(t, c.CipherSuite)
			ctx := &groupContext{version: 1, cipherSuite: s.id, groupID: c.GroupID, epoch: c.Epoch,
				treeHash: c.TreeHash, confirmedTranscriptHash: c.ConfirmedTranscriptHash, extensions: []extension{}}
			body := func(ac *authenticatedContent) []byte {
				if ac.content.contentType == contentApplication {
					return ac.content.applicationData
				}
				var w builder
				ac.content.encodeBody(&w)
				return w.b
			}
			openPub := func(wire []byte) *authenticatedContent {
				t.Helper()
				var m mlsMessage
				if err := decodeAll(wire, &m); err != nil {
					t.Fatal(err)
				}
				if m.public == nil {
					t.Fatal("not a PublicMessage")
				}
				ac, err := fromPublic(s, m.public, ctx, c.MembershipKey)
				if err != nil {
					t.Fatal(err)
				}
				if err := verifyContent(s, ac, ctx, c.SignaturePub); err != nil {
					t.Fatal(err)
				}
				return ac
			}
			openPriv := func(wire []byte, st *secretTree) *authenticatedContent {
				t.Helper()
				var m mlsMessage
				if err := decodeAll(wire, &m); err != nil {
					t.Fatal(err)
				}
				if m.private == nil {
					t.Fatal("not a PrivateMessage")
				}
				ac, err := fromPrivate(s, m.private, c.SenderDataSecret, st)
				if err != nil {
					t.Fatal(err)
				}
				if err := verifyContent(s, ac, ctx, c.SignaturePub); err != nil {
					t.Fatal(err)
				}
				return ac
			}
			for _, k := range []struct {
				name       string
				content    []byte
				pub, priv  []byte
				contentTyp uint8
			}{
				{"proposal", c.Proposal, c.ProposalPub, c.ProposalPriv, contentProposal},
				{"commit", c.Commit, c.CommitPub, c.CommitPriv, contentCommit},
				{"application", c.Application, nil, c.ApplicationPriv, contentApplication},
			} {
				if k.pub != nil {
					eq(t, k.name+" (public)", body(openPub(k.pub)), k.content)
				}
				eq(t, k.name+" (private)", body(openPriv(k.priv, newSecretTree(c.EncryptionSecret, 2))), k.content)

				// Round trip our own protection from leaf 1.
				ac := &authenticatedContent{content: framedContent{groupID: c.GroupID, epoch: c.Epoch,
					sender: sender{senderType: senderMember, index: 1}, authenticatedData: []byte{}, contentType: k.contentTyp}}
				if k.contentTyp == contentApplication {
					ac.content.applicationData = k.content
				} else {
					p := parser{b: k.content}
					ac.content.decodeBody(&p)
					if err := p.finish(); err != nil {
						t.Fatal(err)
					}
				}
				if k.contentTyp == contentCommit {
					ac.auth.confirmationTag = s.mac(c.MembershipKey, []byte("tag"))
				}
				if k.pub != nil {
					ac.wireFormat = wirePublicMessage
					if err := signContent(s, ac, ctx, c.SignaturePriv); err != nil {
						t.Fatal(err)
					}
					pm, err := toPublic(s, ac, ctx, c.MembershipKey)
					if err != nil {
						t.Fatal(err)
					}
					wire := encode(&mlsMessage{version: 1, wireFormat: wirePublicMessage, public: pm})
					eq(t, k.name+" (own public)", body(openPub(wire)), k.content)
				} else {
					ac.wireFormat = wirePublicMessage
					if _, err := toPublic(s, ac, ctx, c.MembershipKey); err != errPublicApplication {
						t.Fatalf("application as PublicMessage: got %v, want %v", err, errPublicApplication)
					}
				}
				ac.wireFormat = wirePrivateMessage
				if err := signContent(s, ac, ctx, c.SignaturePriv); err != nil {
					t.Fatal(err)
				}
				pm, err := toPrivate(s, ac, c.SenderDataSecret, newSecretTree(c.EncryptionSecret, 2), 7)
				if err != nil {
					t.Fatal(err)
				}
				wire := encode(&mlsMessage{version: 1, wireFormat: wirePrivateMessage, private: pm})
				eq(t, k.name+" (own private)", body(openPriv(wire, newSecretTree(c.EncryptionSecret, 2))), k.content)
			}
		})
	}
}

func testMessages(t *testing.T) {
	var cases []map[string]hexBytes
	loadVectors(t, "messages.json", &cases)
	roundTrip := func(t *testing.T, name string, b []byte, v interface {
		encoder
		decoder
	}) {
		t.Helper()
		if err := decodeAll(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		eq(t, name+" re-encoding", encode(v), b)
	}
	proposalBody := func(t *testing.T, name string, typ uint16, b []byte) {
		t.Helper()
		var w builder
		w.u16(typ)
		w.raw(b)
		roundTrip(t, name, w.b, new(proposal))
	}
	for i, c := range cases {
		t.Run(itoa(i), func(t *testing.T) {
			for _, f := range []string{"mls_welcome", "mls_group_info", "mls_key_package", "public_message_application",
				"public_message_proposal", "public_message_commit", "private_message"} {
				roundTrip(t, f, c[f], new(mlsMessage))
			}
			roundTrip(t, "ratchet_tree", c["ratchet_tree"], new(ratchetTreeExt))
			roundTrip(t, "group_secrets", c["group_secrets"], new(groupSecrets))
			roundTrip(t, "commit", c["commit"], new(commit))
			proposalBody(t, "add_proposal", proposalAdd, c["add_proposal"])
			proposalBody(t, "update_proposal", proposalUpdate, c["update_proposal"])
			proposalBody(t, "remove_proposal", proposalRemove, c["remove_proposal"])
			proposalBody(t, "pre_shared_key_proposal", proposalPSK, c["pre_shared_key_proposal"])
			proposalBody(t, "re_init_proposal", proposalReInit, c["re_init_proposal"])
			proposalBody(t, "external_init_proposal", proposalExternalInit, c["external_init_proposal"])
			proposalBody(t, "group_context_extensions_proposal", proposalGroupContextExtensions, c["group_context_extensions_proposal"])
		})
	}
}
