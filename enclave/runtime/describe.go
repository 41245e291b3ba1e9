package runtime

import (
	"encoding/json"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"

	"github.com/anonify-go/anonify/wire"
)

// Describe returns what clients may know of apps: names, functions, their
// kind, and the JSON shape of their arguments and results, read from the
// Go types the functions were declared with. Apps come sorted by name, and
// their functions too. It reveals no state.
func Describe(apps ...*App) []wire.AppInfo {
	out := make([]wire.AppInfo, 0, len(apps))
	for _, a := range apps {
		info := wire.AppInfo{Name: a.name, Functions: []wire.FunctionInfo{}}
		for name, f := range a.funcs {
			fi := wire.FunctionInfo{Name: name, Kind: wire.KindCommand, Args: describeArgs(f.args)}
			if f.query {
				fi.Kind, fi.Result = wire.KindQuery, typeName(f.result, 0)
			}
			info.Functions = append(info.Functions, fi)
		}
		slices.SortFunc(info.Functions, func(x, y wire.FunctionInfo) int { return strings.Compare(x.Name, y.Name) })
		out = append(out, info)
	}
	slices.SortFunc(out, func(x, y wire.AppInfo) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// describeArgs lists the fields of an argument object, or describes a
// non-object argument as one unnamed value.
func describeArgs(t reflect.Type) []wire.ArgInfo {
	if t == nil {
		return []wire.ArgInfo{}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || scalarNames[t] != "" {
		return []wire.ArgInfo{{Type: typeName(t, 0)}}
	}
	return structFields(t, 0)
}

// scalarNames are the types that encode as one JSON value although Go
// declares them as structs or arrays.
var scalarNames = map[reflect.Type]string{
	reflect.TypeFor[common.Address]():  "address",
	reflect.TypeFor[common.Hash]():     "bytes32",
	reflect.TypeFor[uint256.Int]():     "uint256",
	reflect.TypeFor[big.Int]():         "int",
	reflect.TypeFor[json.RawMessage](): "json",
}

// maxDepth stops the description of a type that contains itself.
const maxDepth = 8

func typeName(t reflect.Type, depth int) string {
	if t == nil || depth > maxDepth {
		return "json"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n := scalarNames[t]; n != "" {
		return n
	}
	switch k := t.Kind(); k {
	case reflect.Bool:
		return "bool"
	case reflect.String:
		return "string"
	case reflect.Int:
		return "int64"
	case reflect.Uint:
		return "uint64"
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return k.String()
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
		return typeName(t.Elem(), depth+1) + "[]"
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes" + strconv.Itoa(t.Len())
		}
		return typeName(t.Elem(), depth+1) + "[" + strconv.Itoa(t.Len()) + "]"
	case reflect.Map:
		return "map(" + typeName(t.Key(), depth+1) + "=>" + typeName(t.Elem(), depth+1) + ")"
	case reflect.Struct:
		fields := structFields(t, depth+1)
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = f.Name + " " + f.Type
			if f.Optional {
				parts[i] += "?"
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "json"
}

// structFields lists the fields encoding/json would encode, under their
// JSON names: exported, not tagged "-", embedded untagged structs
// flattened. A field tagged omitempty or omitzero is optional.
func structFields(t reflect.Type, depth int) []wire.ArgInfo {
	out := []wire.ArgInfo{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct && scalarNames[ft] == "" {
			if depth <= maxDepth {
				out = append(out, structFields(ft, depth+1)...)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := false
		for _, o := range strings.Split(opts, ",") {
			optional = optional || o == "omitempty" || o == "omitzero"
		}
		out = append(out, wire.ArgInfo{Name: name, Type: typeName(f.Type, depth), Optional: optional})
	}
	return out
}
