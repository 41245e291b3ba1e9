package client

import (
	"bytes"
	"sync"
	"time"

	"crypto/hpke"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// A key's reply key (the X25519 key the enclave seals the request's
// answer or outcome to) serves up to replyKeyUses requests or replyKeyAge,
// whichever comes first, then a fresh one is made. Generating one per
// request cost the client an X25519 operation per command, a sixth of the
// public-key work a command needs besides the ones its design requires
// (bench's ceiling). Sharing costs nothing in secrecy or linkability:
//   - each answer and outcome is sealed with a fresh HPKE encapsulation
//     and bound to its request's id, so one request's sealed outcome does
//     not open as another's (wire.OpenOutcome checks the id);
//   - the reply key travels only inside the sealed, signed request (and
//     the group-encrypted ledger copy of it), next to the signer's address,
//     which links that key's requests already; one reply key per signing
//     key, so it links nothing more;
//   - what a leaked reply private key exposes is bounded by its lifetime:
//     the outcomes of at most replyKeyUses requests of one key, within
//     replyKeyAge.
const (
	replyKeyUses = 1024
	replyKeyAge  = 10 * time.Minute
)

// replyKeySweep: once the map holds this many keys, adding one first
// drops those past replyKeyAge, so a Client that serves many signing keys
// holds only those used in the last replyKeyAge (and at least this many).
const replyKeySweep = 1024

type replyKeys struct {
	mu   sync.Mutex
	keys map[common.Address]*replyKey
}

type replyKey struct {
	priv hpke.PrivateKey
	pub  []byte
	made time.Time
	uses int
}

// get returns the reply key for from's next request and its public bytes.
func (r *replyKeys) get(from common.Address) (hpke.PrivateKey, []byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.keys[from]
	if k == nil || k.uses >= replyKeyUses || time.Since(k.made) >= replyKeyAge {
		priv, err := wire.GenerateKey()
		if err != nil {
			return nil, nil, err
		}
		k = &replyKey{priv: priv, pub: priv.PublicKey().Bytes(), made: time.Now()}
		if r.keys == nil {
			r.keys = map[common.Address]*replyKey{}
		}
		if len(r.keys) >= replyKeySweep {
			for a, old := range r.keys {
				if time.Since(old.made) >= replyKeyAge {
					delete(r.keys, a)
				}
			}
		}
		r.keys[from] = k
	}
	k.uses++
	return k.priv, bytes.Clone(k.pub), nil
}
