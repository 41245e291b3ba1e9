// Package voting is a confidential poll, written against enclave/runtime
// alone as any app is: this file and one line in enclave/apps/apps.go are
// all it took (a test in enclave/apps keeps it so).
//
// A poll has an owner, options, a list of eligible voters and a closing
// block. Each eligible voter casts one ballot, and may change it, in any
// block before the close; the ballot is the one counted. Until the close
// nobody, the owner included, can read ballots or running tallies: no
// function returns them, and no rejection depends on them. From the
// closing block on, the owner and every eligible voter can read the
// tally, and each voter can read back their own ballot at any time to
// check that it was counted as cast.
//
// Poll names form one namespace: anyone can learn that a name is taken
// (create refuses it, and a vote in it is refused for not being eligible
// rather than for a missing poll), nothing more; queries do not even tell
// an outsider that much.
//
// Time is the ledger's: a ballot counts if the batch that ordered it is in
// a block before the close (ctx.At), and a query sees the block of the
// last ledger event its enclave applied, so the tally opens with the first
// event at or after the close, when no ballot can change any more.
//
// Every function takes JSON arguments; clients call them with `anonify
// app call voting FUNCTION --args JSON` and `anonify app query`, whose
// argument lists come from the types below.
//
// Trust: TRUSTED (runs inside the enclave).
package voting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	rt "github.com/anonify-go/anonify/enclave/runtime"
)

// Name is the app name clients address requests to.
const Name = "voting"

// Bounds on a poll. A create request must also fit the largest request
// body (wire.MaxRequestBody, 8 064 bytes), about 170 voters; add_voters
// extends the list.
const (
	maxOptions   = 32
	maxNameBytes = 64 // poll names and options
)

// Arguments and results (JSON).
type (
	CreateArgs struct {
		Poll    string           `json:"poll"`
		Options []string         `json:"options"`
		Voters  []common.Address `json:"voters"`
		// Close is the closing block: ballots ordered in earlier blocks
		// count, and the tally opens from it on.
		Close uint64 `json:"close"`
	}
	AddVotersArgs struct {
		Poll   string           `json:"poll"`
		Voters []common.Address `json:"voters"`
	}
	VoteArgs struct {
		Poll   string `json:"poll"`
		Option string `json:"option"`
	}
	PollArgs struct {
		Poll string `json:"poll"`
	}

	// PollInfo is what the owner and the eligible voters know of a poll
	// at any time. Block is the ledger block the answer is as of.
	PollInfo struct {
		Poll    string         `json:"poll"`
		Owner   common.Address `json:"owner"`
		Options []string       `json:"options"`
		Voters  uint64         `json:"voters"`
		Close   uint64         `json:"close"`
		Closed  bool           `json:"closed"`
		Block   uint64         `json:"block"`
	}
	// Tally is a closed poll's result: votes per option, in the poll's
	// order, and how many of the eligible voters cast a ballot.
	Tally struct {
		Poll    string        `json:"poll"`
		Close   uint64        `json:"close"`
		Voters  uint64        `json:"voters"`
		Ballots uint64        `json:"ballots"`
		Results []OptionVotes `json:"results"`
	}
	OptionVotes struct {
		Option string `json:"option"`
		Votes  uint64 `json:"votes"`
	}
	// Ballot is a voter's own ballot as counted: the option and the block
	// of the command that cast it (the last change). Final once the poll
	// has closed.
	Ballot struct {
		Poll   string `json:"poll"`
		Voted  bool   `json:"voted"`
		Option string `json:"option,omitempty"`
		Block  uint64 `json:"block,omitempty"`
		Final  bool   `json:"final"`
	}
)

// poll is the stored poll, running tally included (which no function
// returns before the close).
type poll struct {
	Owner   common.Address `json:"owner"`
	Options []string       `json:"options"`
	Close   uint64         `json:"close"`
	Voters  uint64         `json:"voters"`
	Ballots uint64         `json:"ballots"`
	Counts  []uint64       `json:"counts"`
}

// voter is an eligible voter's record; Voted says whether Option holds a
// ballot.
type voter struct {
	Voted  bool   `json:"voted"`
	Option int    `json:"option"`
	Block  uint64 `json:"block"`
}

type pollVoter struct {
	poll  string
	voter common.Address
}

// Codecs for the slots' keys and values.
func pollNameKey() rt.Codec[string] {
	return rt.Codec[string]{
		Encode: func(s string) []byte { return []byte(s) },
		Decode: func(b []byte) (string, error) { return string(b), nil },
	}
}

// pollVoterKeys puts the address first: its fixed length makes the key
// unambiguous.
func pollVoterKeys() rt.Codec[pollVoter] {
	return rt.Codec[pollVoter]{
		Encode: func(k pollVoter) []byte { return append(k.voter.Bytes(), k.poll...) },
		Decode: func(b []byte) (pollVoter, error) {
			if len(b) <= common.AddressLength {
				return pollVoter{}, fmt.Errorf("voting: key of %d bytes", len(b))
			}
			return pollVoter{voter: common.BytesToAddress(b[:common.AddressLength]), poll: string(b[common.AddressLength:])}, nil
		},
	}
}

// jsonCodec stores values as JSON, canonically: Decode refuses bytes that
// Encode would not have produced, so a state has one encoding.
func jsonCodec[T any]() rt.Codec[T] {
	return rt.Codec[T]{
		Encode: func(v T) []byte {
			b, err := json.Marshal(v)
			if err != nil {
				panic(err) // the stored types always marshal
			}
			return b
		},
		Decode: func(b []byte) (T, error) {
			var v T
			if err := json.Unmarshal(b, &v); err != nil {
				return v, err
			}
			if again, _ := json.Marshal(v); !bytes.Equal(again, b) {
				return v, fmt.Errorf("voting: stored value is not canonical")
			}
			return v, nil
		},
	}
}

// New declares the app. Each call returns an independent declaration.
func New() *rt.App {
	app := rt.NewApp(Name)
	polls := rt.NewMap(app, "polls", pollNameKey(), jsonCodec[poll]())
	voters := rt.NewMap(app, "voters", pollVoterKeys(), jsonCodec[voter]())

	getPoll := func(ctx *rt.Ctx, name string) (poll, error) {
		p, ok, err := polls.Get(ctx, name)
		if err != nil {
			return p, err
		}
		if !ok {
			return p, rt.Rejectf("no poll %q", name)
		}
		return p, nil
	}
	// reader loads a poll for a query: only its owner and its voters may
	// read it, and others cannot tell a poll they may not read from one
	// that does not exist.
	reader := func(ctx *rt.Ctx, name string) (poll, voter, error) {
		denied := rt.Rejectf("no poll %q that you may read", name)
		p, ok, err := polls.Get(ctx, name)
		if err != nil || !ok {
			return p, voter{}, orElse(err, denied)
		}
		v, eligible, err := voters.Get(ctx, pollVoter{name, ctx.Sender})
		if err != nil {
			return p, v, err
		}
		if !eligible && ctx.Sender != p.Owner {
			return p, v, denied
		}
		return p, v, nil
	}
	// addVoters makes each address eligible, once.
	addVoters := func(ctx *rt.Ctx, name string, p *poll, list []common.Address) error {
		seen := map[common.Address]bool{}
		for _, a := range list {
			if a == (common.Address{}) {
				return rt.Rejectf("invalid voter: the zero address")
			}
			if seen[a] {
				return rt.Rejectf("voter %s is listed twice", a.Hex())
			}
			seen[a] = true
			key := pollVoter{name, a}
			if _, ok, err := voters.Get(ctx, key); err != nil || ok {
				if err != nil {
					return err
				}
				continue // already eligible
			}
			if err := voters.Set(ctx, key, voter{}); err != nil {
				return err
			}
			p.Voters++
		}
		return nil
	}

	rt.Command(app, "create", func(ctx *rt.Ctx, a CreateArgs) error {
		if err := checkName("poll name", a.Poll); err != nil {
			return err
		}
		if len(a.Options) < 2 || len(a.Options) > maxOptions {
			return rt.Rejectf("a poll needs 2 to %d options, got %d", maxOptions, len(a.Options))
		}
		for i, o := range a.Options {
			if err := checkName("option", o); err != nil {
				return err
			}
			if slices.Contains(a.Options[:i], o) {
				return rt.Rejectf("option %q is listed twice", o)
			}
		}
		if len(a.Voters) == 0 {
			return rt.Rejectf("a poll needs at least one eligible voter")
		}
		if a.Close <= ctx.At.Block {
			return rt.Rejectf("closing block %d is not after this command's block %d", a.Close, ctx.At.Block)
		}
		if _, ok, err := polls.Get(ctx, a.Poll); err != nil || ok {
			if err != nil {
				return err
			}
			return rt.Rejectf("poll %q already exists", a.Poll)
		}
		p := poll{Owner: ctx.Sender, Options: a.Options, Close: a.Close, Counts: make([]uint64, len(a.Options))}
		if err := addVoters(ctx, a.Poll, &p, a.Voters); err != nil {
			return err
		}
		return polls.Set(ctx, a.Poll, p)
	})

	rt.Command(app, "add_voters", func(ctx *rt.Ctx, a AddVotersArgs) error {
		p, err := getPoll(ctx, a.Poll)
		if err != nil {
			return err
		}
		if ctx.Sender != p.Owner {
			return rt.Rejectf("not the owner: only the poll's owner may add voters")
		}
		if ctx.At.Block >= p.Close {
			return rt.Rejectf("poll %q closed at block %d", a.Poll, p.Close)
		}
		if err := addVoters(ctx, a.Poll, &p, a.Voters); err != nil {
			return err
		}
		return polls.Set(ctx, a.Poll, p)
	})

	// vote casts or changes the sender's ballot. Its rejections depend on
	// the poll, the sender's eligibility, the block and the option named,
	// never on anyone's ballot.
	rt.Command(app, "vote", func(ctx *rt.Ctx, a VoteArgs) error {
		p, err := getPoll(ctx, a.Poll)
		if err != nil {
			return err
		}
		key := pollVoter{a.Poll, ctx.Sender}
		v, eligible, err := voters.Get(ctx, key)
		if err != nil {
			return err
		}
		if !eligible {
			return rt.Rejectf("not eligible: you are not a voter of poll %q", a.Poll)
		}
		if ctx.At.Block >= p.Close {
			return rt.Rejectf("poll %q closed at block %d; this ballot's block is %d", a.Poll, p.Close, ctx.At.Block)
		}
		choice := slices.Index(p.Options, a.Option)
		if choice < 0 {
			return rt.Rejectf("poll %q has no option %q", a.Poll, a.Option)
		}
		if v.Voted {
			p.Counts[v.Option]-- // the earlier ballot is replaced
		} else {
			p.Ballots++
		}
		p.Counts[choice]++
		if err := voters.Set(ctx, key, voter{Voted: true, Option: choice, Block: ctx.At.Block}); err != nil {
			return err
		}
		return polls.Set(ctx, a.Poll, p)
	})

	rt.Query(app, "poll", func(ctx *rt.Ctx, a PollArgs) (PollInfo, error) {
		p, _, err := reader(ctx, a.Poll)
		if err != nil {
			return PollInfo{}, err
		}
		return PollInfo{Poll: a.Poll, Owner: p.Owner, Options: p.Options, Voters: p.Voters, Close: p.Close,
			Closed: ctx.At.Block >= p.Close, Block: ctx.At.Block}, nil
	})

	rt.Query(app, "tally", func(ctx *rt.Ctx, a PollArgs) (Tally, error) {
		p, _, err := reader(ctx, a.Poll)
		if err != nil {
			return Tally{}, err
		}
		if ctx.At.Block < p.Close {
			return Tally{}, rt.Rejectf("poll %q is open until block %d (the ledger is at block %d here): nobody may read the tally before the close", a.Poll, p.Close, ctx.At.Block)
		}
		t := Tally{Poll: a.Poll, Close: p.Close, Voters: p.Voters, Ballots: p.Ballots, Results: make([]OptionVotes, len(p.Options))}
		for i, o := range p.Options {
			t.Results[i] = OptionVotes{Option: o, Votes: p.Counts[i]}
		}
		return t, nil
	})

	// ballot returns the sender's own ballot, never anyone else's: there
	// is no argument naming a voter.
	rt.Query(app, "ballot", func(ctx *rt.Ctx, a PollArgs) (Ballot, error) {
		p, v, err := reader(ctx, a.Poll)
		if err != nil {
			return Ballot{}, err
		}
		b := Ballot{Poll: a.Poll, Voted: v.Voted, Final: ctx.At.Block >= p.Close}
		if v.Voted {
			b.Option, b.Block = p.Options[v.Option], v.Block
		}
		return b, nil
	})
	return app
}

func checkName(what, s string) error {
	if s == "" || len(s) > maxNameBytes || !utf8.ValidString(s) {
		return rt.Rejectf("%s must be 1 to %d bytes of UTF-8, got %d bytes", what, maxNameBytes, len(s))
	}
	return nil
}

// orElse returns err if set, otherwise fallback.
func orElse(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
