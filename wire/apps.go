package wire

// The apps an enclave carries, as it describes them (GET /v1/apps). The
// description is generated from the apps' declarations in the enclave's
// runtime (the Go types of each function's arguments and result), so a new
// app appears here, and in `anonify app list`, without any change to the
// node, the client or the CLI. It holds names and types only, no state.
//
// The node relays it as its enclave returns it, but nothing authenticates
// it to the client: it is documentation of the code the enclave's
// measurement pins, not evidence. A host that rewrites it can only make a
// client send requests the enclave refuses.

// Apps is the body of GET /v1/apps.
type Apps struct {
	Apps []AppInfo `json:"apps"`
}

// AppInfo describes one app: its name and its functions, sorted by name.
type AppInfo struct {
	Name      string         `json:"name"`
	Functions []FunctionInfo `json:"functions"`
}

// FunctionInfo describes one function. Kind is KindCommand (ordered
// through the ledger, may change state) or KindQuery (answered at once
// from the enclave's state). Args lists the fields of the JSON object the
// function takes, in declaration order; a function whose arguments are
// not an object has one ArgInfo with an empty Name for the whole value.
// Result is a query's result type.
type FunctionInfo struct {
	Name   string    `json:"name"`
	Kind   string    `json:"kind"`
	Args   []ArgInfo `json:"args"`
	Result string    `json:"result,omitempty"`
}

// ArgInfo is one argument: its JSON field name and its type. Types use
// Solidity's names where one fits: "address" (0x-hex), "uint256" (a
// decimal or 0x-hex string), "bytes32", "bytes", "bool", "string",
// "uint64" and the other fixed-size integers (JSON numbers); "T[]" is a
// list of T, "map(K=>V)" an object, "{name type, ...}" a nested object,
// and "json" any JSON value. Optional fields may be left out.
type ArgInfo struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Optional bool   `json:"optional,omitempty"`
}

// Signature renders f as one line, e.g.
// "transfer(to address, amount uint256)" or "balance() uint256".
func (f FunctionInfo) Signature() string {
	s := f.Name + "("
	for i, a := range f.Args {
		if i > 0 {
			s += ", "
		}
		if a.Name != "" {
			s += a.Name + " "
		}
		s += a.Type
		if a.Optional {
			s += "?"
		}
	}
	s += ")"
	if f.Result != "" {
		s += " " + f.Result
	}
	return s
}

// Function finds a function of the app by name.
func (a AppInfo) Function(name string) (FunctionInfo, bool) {
	for _, f := range a.Functions {
		if f.Name == name {
			return f, true
		}
	}
	return FunctionInfo{}, false
}
