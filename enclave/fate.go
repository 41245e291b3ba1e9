package enclave

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/crypto/cryptobyte"

	"github.com/anonify-go/anonify/enclave/runtime"
	"github.com/anonify-go/anonify/wire"
	"github.com/anonify-go/anonify/wire/chainmsg"
)

// Fates: what became of each command, by id, so that no client is left
// guessing. A node can crash between answering a command with its id and
// handing out its outcome, and a node restarted from its sealed state has
// lost the outcomes its host had taken; neither must leave the client
// unsure whether its command ran (and tempted to send it again and pay
// twice). So every enclave remembers the outcome of each command it
// applies, and:
//
//   - answers the sender's signed query for it (wire.FateQuery), sealed to
//     the sender's reply key like any answer: the host sees a query of the
//     usual size and learns nothing, not even whether the id exists; any
//     other signer is told "unknown", exactly as for an id nobody sent;
//   - answers a re-sent request (the same signed body, hence the same id)
//     with the outcome it already has, sealed to the body's reply key,
//     instead of refusing it for its stale counter: sending a request
//     again is idempotent, on any node.
//
// The memory is bounded (maxFates, oldest applied first out), so an
// answer must not claim more than the enclave remembers. Per sender the
// book keeps a floor: every command of the sender with a counter above
// the floor that this enclave saw ordered is in the book. A command that
// is not in the book, whose counter is above the floor and at most the
// sender's current counter, was therefore never applied, and never will be
// (its counter is used up). At or below the floor the enclave cannot tell
// and says so. A sender with no command in the book has its current
// counter as floor: that covers an enclave that joined with a state
// transfer (it never saw the commands before its snapshot), one restored
// from a blob sealed before fates existed, and a sender whose commands all
// left the book.
//
// Fates are this enclave's memory, not the network's state: they are not
// in the state hash or in state transfers, and they are sealed with the
// enclave's state. Members that applied the same commands hold the same
// book, so any of them answers alike.

// maxFates bounds the book: about 170 bytes a command, 1.4 MiB in all,
// sealed with the state. A client that comes back after 8,192 later
// commands on the whole network finds its command forgotten ("unknown",
// at or below the floor) and reads its balance instead.
const maxFates = 8192

// fate is one command's outcome as this enclave saw it.
type fate struct {
	id      common.Hash
	from    common.Address
	counter uint64
	ok      bool
	ordered bool // false: refused before it was ordered (unpostable)
	stale   bool // rejected for its counter alone
	reason  string
	block   uint64
	epoch   uint64
	tx      common.Hash
	ct      common.Hash
}

type senderFates struct {
	floor uint64 // see the file comment
	n     int    // commands of this sender in the book
}

// fateBook is the bounded memory of outcomes. queue holds the book in
// the order the outcomes were recorded, oldest at head.
type fateBook struct {
	byID    map[common.Hash]*fate
	queue   []*fate
	head    int
	senders map[common.Address]*senderFates
}

func newFateBook() fateBook {
	return fateBook{byID: map[common.Hash]*fate{}, senders: map[common.Address]*senderFates{}}
}

func (b *fateBook) len() int { return len(b.queue) - b.head }

// record notes f, whose sender's counter was before when f was decided.
// The first ordered outcome of an id stands: a copy of the same request
// ordered again is rejected for its counter, which changes nothing.
func (b *fateBook) record(f *fate, before uint64) {
	if old, ok := b.byID[f.id]; ok {
		if old.ordered || !f.ordered {
			return
		}
		// Refused here before ordering, but another node ordered it:
		// the ledger's outcome is the one that counts.
		*old = *f
		return
	}
	s := b.senders[f.from]
	if s == nil {
		// Everything of this sender decided so far has a counter of at
		// most before (counters only grow, and a command rejected for
		// its counter had one at most the counter of its time).
		s = &senderFates{floor: before}
		b.senders[f.from] = s
	}
	s.n++
	b.byID[f.id] = f
	b.queue = append(b.queue, f)
	for b.len() > maxFates {
		b.evict()
	}
}

// evict drops the oldest outcome, raising its sender's floor past it.
func (b *fateBook) evict() {
	old := b.queue[b.head]
	b.queue[b.head] = nil
	b.head++
	if b.head > len(b.queue)/2 {
		b.queue = append([]*fate(nil), b.queue[b.head:]...)
		b.head = 0
	}
	delete(b.byID, old.id)
	s := b.senders[old.from]
	if s.n--; s.n == 0 {
		// Nothing of this sender left: its floor becomes its current
		// counter (see the file comment), which is at least old.counter.
		delete(b.senders, old.from)
		return
	}
	s.floor = max(s.floor, old.counter)
}

// floor is the sender's floor given its current counter.
func (b *fateBook) floor(from common.Address, current uint64) uint64 {
	if s := b.senders[from]; s != nil {
		return s.floor
	}
	return current
}

// recordApplied records the outcome of an ordered command (applyRequest).
func (s *state) recordApplied(id common.Hash, body *wire.RequestBody, before uint64, res runtime.Result, pos chainmsg.Position, tx, ct common.Hash, epoch uint64) {
	s.fates.record(&fate{id: id, from: body.From, counter: body.Counter, ok: res.OK, ordered: true, stale: res.Stale, reason: res.Reason,
		block: pos.Block, epoch: epoch, tx: tx, ct: ct}, before)
}

// outcome is the wire form of f, as the client received it first.
func (f *fate) outcome() wire.Outcome {
	return wire.Outcome{ID: f.id, OK: f.ok, Error: f.reason, Stale: f.stale, Block: f.block, Epoch: f.epoch, TxHash: f.tx, Ciphertext: f.ct}
}

// resent looks up a command whose id this enclave knows already: one
// still queued is accepted again (queued; the queued copy stays the only
// one), one decided gets its recorded outcome (a copy of its fate, for
// Submit to seal to the reply key of the request: the same body, hence
// the same key the client is waiting with, and deliver). Neither, for a
// command it does not know.
func (e *Enclave) resent(id common.Hash, body *wire.RequestBody) (queued bool, decided *fate) {
	if _, queued := e.st.pendingByID[id]; queued {
		return true, nil
	}
	f := e.st.fates.byID[id]
	if f == nil || f.from != body.From {
		return false, nil
	}
	c := *f
	return false, &c
}

// seal seals f's outcome as the client received it first: an outcome of
// the ledger, or the refusal of a command never ordered.
func (f *fate) seal(replyKey []byte) ([]byte, bool) {
	out, err := json.Marshal(f.outcome())
	if err != nil {
		return nil, false
	}
	seal := wire.SealOutcome
	if !f.ordered {
		seal = wire.SealRefusal
	}
	sealed, err := seal(replyKey, f.id, out)
	return sealed, err == nil
}

// staleReason explains a fresh request whose counter is used up, saying
// whether the enclave can tell that it never ran.
func (s *state) staleReason(body *wire.RequestBody, last uint64) string {
	if body.Counter > s.fates.floor(body.From, last) {
		return fmt.Sprintf("bad counter: got %d, last applied is %d (this request was never applied, and never will be: its counter is used)", body.Counter, last)
	}
	return fmt.Sprintf("bad counter: got %d, last applied is %d (a command with this counter, perhaps this one, was ordered already)", body.Counter, last)
}

// fateOf answers the fate query: the sender's own command by id. A
// command of another sender is "unknown", as an id nobody sent would be.
func (s *state) fateOf(body *wire.RequestBody) (json.RawMessage, error) {
	var args wire.FateArgs
	if err := decodeStrict(body.Args, &args); err != nil {
		return nil, fmt.Errorf("fate query: %w", err)
	}
	current := s.engine.Counter(body.From)
	ans := wire.Fate{ID: args.ID, Status: wire.FateUnknown, Account: current, RememberedAbove: s.fates.floor(body.From, current)}
	if p, ok := s.pendingByID[args.ID]; ok && p.replyKey != nil && p.from == body.From {
		ans.Status, ans.Counter = wire.FateQueued, p.counter
	} else if f := s.fates.byID[args.ID]; f != nil && f.from == body.From {
		ans.Counter, ans.Error, ans.Ordered = f.counter, f.reason, f.ordered
		ans.Status = wire.FateRejected
		if f.ok {
			ans.Status = wire.FateApplied
		}
		if f.ordered {
			ans.Block, ans.Epoch, ans.TxHash, ans.Ciphertext = f.block, f.epoch, f.tx, f.ct
		}
	}
	return json.Marshal(ans)
}

// decodeStrict decodes a query's arguments, refusing unknown fields and
// trailing data.
func decodeStrict(raw json.RawMessage, into any) error {
	if len(raw) == 0 {
		return fmt.Errorf("missing arguments")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("bad arguments: %v", err)
	}
	if dec.More() {
		return fmt.Errorf("bad arguments: trailing data")
	}
	return nil
}

// Sealing: the book travels in the sealed state as
//
//	u32 count ‖ count × (id[32] from[20] counter u64 flags u8 block u64
//	epoch u64 tx[32] ct[32] u16-prefixed reason)
//	u32 senders ‖ senders × (address[20] floor u64)
//
// in recording order. Compact, because the node seals the whole state at
// every accepted command.
const (
	fateOK      = 1
	fateOrdered = 2
	fateStale   = 4 // rejected for its counter alone (wire.Outcome's Stale); blobs sealed before it have it clear
)

func (b *fateBook) marshal() []byte {
	if b.len() == 0 {
		return nil
	}
	out := cryptobyte.NewBuilder(make([]byte, 0, b.len()*170))
	out.AddUint32(uint32(b.len()))
	for _, f := range b.queue[b.head:] {
		var flags uint8
		if f.ok {
			flags |= fateOK
		}
		if f.ordered {
			flags |= fateOrdered
		}
		if f.stale {
			flags |= fateStale
		}
		out.AddBytes(f.id[:])
		out.AddBytes(f.from[:])
		out.AddUint64(f.counter)
		out.AddUint8(flags)
		out.AddUint64(f.block)
		out.AddUint64(f.epoch)
		out.AddBytes(f.tx[:])
		out.AddBytes(f.ct[:])
		reason := f.reason
		if len(reason) > 0xffff {
			reason = reason[:0xffff]
		}
		out.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(reason)) })
	}
	out.AddUint32(uint32(len(b.senders)))
	// Each sender once, in the order of its oldest command.
	seen := make(map[common.Address]bool, len(b.senders))
	for _, f := range b.queue[b.head:] {
		if !seen[f.from] {
			seen[f.from] = true
			out.AddBytes(f.from[:])
			out.AddUint64(b.senders[f.from].floor)
		}
	}
	return out.BytesOrPanic()
}

func unmarshalFates(raw []byte) (fateBook, error) {
	b := newFateBook()
	if len(raw) == 0 {
		return b, nil
	}
	in := cryptobyte.String(raw)
	var n uint32
	if !in.ReadUint32(&n) || n > maxFates {
		return b, fmt.Errorf("%w: fates: bad count", ErrSealedBlob)
	}
	for range n {
		f := &fate{}
		var id, from, tx, ct, reason []byte
		var flags uint8
		if !in.ReadBytes(&id, 32) || !in.ReadBytes(&from, 20) || !in.ReadUint64(&f.counter) || !in.ReadUint8(&flags) ||
			!in.ReadUint64(&f.block) || !in.ReadUint64(&f.epoch) || !in.ReadBytes(&tx, 32) || !in.ReadBytes(&ct, 32) ||
			!in.ReadUint16LengthPrefixed((*cryptobyte.String)(&reason)) {
			return b, fmt.Errorf("%w: fates: truncated record", ErrSealedBlob)
		}
		f.id, f.from, f.tx, f.ct = common.Hash(id), common.Address(from), common.Hash(tx), common.Hash(ct)
		f.ok, f.ordered, f.stale, f.reason = flags&fateOK != 0, flags&fateOrdered != 0, flags&fateStale != 0, string(reason)
		if _, dup := b.byID[f.id]; dup {
			return b, fmt.Errorf("%w: fates: duplicate id", ErrSealedBlob)
		}
		b.byID[f.id] = f
		b.queue = append(b.queue, f)
		s := b.senders[f.from]
		if s == nil {
			s = &senderFates{}
			b.senders[f.from] = s
		}
		s.n++
	}
	var senders uint32
	if !in.ReadUint32(&senders) || int(senders) != len(b.senders) {
		return b, fmt.Errorf("%w: fates: bad sender count", ErrSealedBlob)
	}
	for range senders {
		var from []byte
		var floor uint64
		if !in.ReadBytes(&from, 20) || !in.ReadUint64(&floor) {
			return b, fmt.Errorf("%w: fates: truncated floor", ErrSealedBlob)
		}
		s := b.senders[common.Address(from)]
		if s == nil {
			return b, fmt.Errorf("%w: fates: floor of a sender with no command", ErrSealedBlob)
		}
		s.floor = floor
	}
	if !in.Empty() {
		return b, fmt.Errorf("%w: fates: trailing bytes", ErrSealedBlob)
	}
	return b, nil
}

// pendingSender reads sender and counter back from a queued message (a
// sealed blob keeps the message only). Anything but a request has none.
func pendingSender(chainID uint64, contract common.Address, msg []byte) (common.Address, uint64) {
	if len(msg) == 0 || msg[0] != msgRequest {
		return common.Address{}, 0
	}
	signed, err := wire.ParseSignedRequest(msg[1:])
	if err != nil {
		return common.Address{}, 0
	}
	// The sender is recovered from the signature (the body does not name
	// it); the enclave verified it when it queued the message.
	body, err := signed.Verify(chainID, contract)
	if err != nil {
		return common.Address{}, 0
	}
	return body.From, body.Counter
}

func (e *Enclave) awaiting(id common.Hash) bool {
	if _, ok := e.st.pendingByID[id]; ok {
		return true
	}
	for _, o := range e.st.outbox {
		if o.ID == id {
			return true
		}
	}
	return false
}
