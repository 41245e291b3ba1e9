package client

import (
	"bytes"
	"crypto/hpke"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/anonify-go/anonify/wire"
)

// A key's reply key (the X25519 key the enclave seals the request's
// answer or outcome to) serves up to replyKeyUses requests or replyKeyAge,
// whichever comes first, then a fresh one is made. Generating one per
// request cost one of the seven X25519 operations a command took, one the
// design does not need (bench's ceiling never counted it). Sharing costs
// nothing in secrecy or linkability:
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
// holds about those used in the last replyKeyAge. The next sweep waits
// until the map has doubled, so sweeping stays linear in the keys added.
const replyKeySweep = 1024

type replyKeys struct {
	mu      sync.Mutex
	keys    map[common.Address]*replyKey
	sweepAt int // the size at which the next new key sweeps first
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
		if len(r.keys) >= max(r.sweepAt, replyKeySweep) {
			for a, old := range r.keys {
				if time.Since(old.made) >= replyKeyAge {
					delete(r.keys, a)
				}
			}
			r.sweepAt = 2 * len(r.keys)
		}
		r.keys[from] = k
	}
	k.uses++
	return k.priv, bytes.Clone(k.pub), nil
}
