#!/usr/bin/env bash
# Anonify across hosts, by hand, on one Linux machine.
#
# Three organisations each run a host with a Clique sealer (geth v1.13.15)
# and an Anonify node; each host is a network namespace with its own
# address on a virtual LAN, so the sealers and nodes reach each other only
# over that network, as separate machines would. This machine is on the
# LAN too, as the governor's and the users' computer. The script builds
# the network step by step with ordinary commands (ip, geth, curl, jq,
# anonify), runs an ERC-20 walkthrough through nodes on different hosts,
# pulls one host's cable (its link goes down) while a transfer goes
# through another, plugs it back in and shows that its node catches up.
#
# Run as root (network namespaces need CAP_NET_ADMIN and CAP_SYS_ADMIN):
#
#   go build -o /tmp/anonify ./cmd/anonify
#   sudo ANONIFY=/tmp/anonify GETH=$HOME/.cache/anonify/geth-1.13.15/geth deploy/netns/walkthrough.sh
#
# Environment (all optional):
#   ANONIFY  the anonify binary (default: anonify on PATH)
#   GETH     geth v1.13.x, the last release with Clique sealing (default:
#            $ANONIFY_GETH_CLIQUE, else geth on PATH); install it with
#            go install -ldflags=-checklinkname=0 github.com/ethereum/go-ethereum/cmd/geth@v1.13.15
#   WORK     directory for keys, chain data, node data and logs (default: a
#            new one under /tmp)
#   PREFIX   names of the namespaces (PREFIX-sw, PREFIX-org0..2) and of
#            this machine's interface (PREFIXc); default anfw
#   SUBNET   the LAN's first three octets (default 10.78.0): this machine
#            is .1, the hosts .10, .11, .12
#   KEEP=1   leave the network running at the end (and print how to stop it)
#
# DEVELOPMENT ONLY: the nodes run the SIMULATED TEE (insecure), and every
# key is written in clear under WORK.
set -euo pipefail

ANONIFY=${ANONIFY:-anonify}
GETH=${GETH:-${ANONIFY_GETH_CLIQUE:-geth}}
PREFIX=${PREFIX:-anfw}
SUBNET=${SUBNET:-10.78.0}
WORK=${WORK:-$(mktemp -d /tmp/anonify-hosts.XXXXXX)}
CHAIN_ID=4242
ORGS=(0 1 2)
SW=$PREFIX-sw

step() { printf '\n==> [%ds] %s\n' "$SECONDS" "$*"; }
die() { echo "walkthrough.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root: network namespaces need CAP_NET_ADMIN and CAP_SYS_ADMIN"
for tool in ip curl jq openssl "$ANONIFY" "$GETH"; do
	command -v "$tool" >/dev/null || die "$tool not found"
done
case "$("$GETH" version 2>/dev/null || true)" in
*"Version: 1.13."*) ;;
*) die "$GETH is not geth v1.13 (later releases cannot seal Clique blocks)" ;;
esac
if [ -e "/run/netns/$SW" ]; then
	die "namespace $SW exists: another run is using PREFIX=$PREFIX (or left it: ip netns del $SW; for i in 0 1 2; do ip netns del $PREFIX-org\$i; done)"
fi
mkdir -p "$WORK"
# The CLI reads these: keep the caller's out.
unset ANONIFY_NETWORK ANONIFY_NODE ANONIFY_RPC ANONIFY_CONTRACT ANONIFY_HOST_KEY ANONIFY_GOVERNOR_KEY ANONIFY_DEV
export ANONIFY_HOME=$WORK/home ANONIFY_PASSPHRASE="walkthrough only"

host() { echo "$PREFIX-org$1"; }   # an organisation's namespace
addr() { echo "$SUBNET.1$1"; }     # its address
pids=()
cleanup() {
	local status=$?
	if [ "${KEEP:-}" = 1 ] && [ "$status" -eq 0 ]; then
		echo
		echo "KEEP=1: the network runs on. Stop it with:"
		echo "  kill ${pids[*]}; for n in $SW $(for i in "${ORGS[@]}"; do printf '%s ' "$(host "$i")"; done); do ip netns del \$n; done"
		return
	fi
	if [ "${#pids[@]}" -gt 0 ]; then
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
	for i in "${ORGS[@]}"; do ip netns del "$(host "$i")" 2>/dev/null || true; done
	ip netns del "$SW" 2>/dev/null || true
	ip link del "${PREFIX}c" 2>/dev/null || true
	if [ "$status" -ne 0 ]; then
		echo "walkthrough.sh: failed (status $status); logs are in $WORK (*/geth.log, */node.log)" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for DESCRIPTION SECONDS COMMAND...: retry COMMAND until it succeeds.
wait_for() {
	local what=$1 secs=$2
	shift 2
	for _ in $(seq $((secs * 5))); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.2
	done
	die "timed out after ${secs}s waiting for $what"
}

# rpc URL METHOD [PARAMS-JSON]: one JSON-RPC call; prints its result.
rpc() {
	curl -sf -m 5 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "$1" | jq -ce '.result'
}
# number URL METHOD: a JSON-RPC call whose result is a hex quantity, in decimal.
number() { echo $(($(rpc "$1" "$2" | jq -r .))); }

step "1. The network: a switch, this machine on it as $SUBNET.1, one namespace per host"
# The switch is a bridge in a namespace of its own, out of the way of this
# machine's firewall.
ip netns add "$SW"
ip -n "$SW" link set lo up
ip -n "$SW" link add lan type bridge
ip -n "$SW" link set lan up
# This machine's port on the switch.
ip link add "${PREFIX}c" type veth peer name local netns "$SW"
ip -n "$SW" link set local master lan up
ip addr add "$SUBNET.1/24" dev "${PREFIX}c"
ip link set "${PREFIX}c" up
for i in "${ORGS[@]}"; do
	ns=$(host "$i")
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	# The host's cable: eth0 in the host, port h-orgI on the switch.
	ip -n "$SW" link add "h-org$i" type veth peer name eth0 netns "$ns"
	ip -n "$SW" link set "h-org$i" master lan up
	ip -n "$ns" addr add "$(addr "$i")/24" dev eth0
	ip -n "$ns" link set eth0 up
	echo "host org$i: namespace $ns, address $(addr "$i")"
done

step "2. Keys: a sealer key and a gas key per organisation, the governor's key (DEVELOPMENT: in clear under $WORK)"
: >"$WORK/password"
# newkey FILE: a fresh secp256k1 key (hex); prints its address.
newkey() {
	openssl rand -hex 32 >"$1"
	"$GETH" account import --lightkdf --datadir "$WORK/scratch" --password "$WORK/password" "$1" 2>/dev/null |
		sed -n 's/^Address: {\([0-9a-f]*\)}$/0x\1/p'
}
GOVERNOR=$(newkey "$WORK/governor.key")
declare -a SEALER GAS
for i in "${ORGS[@]}"; do
	mkdir -p "$WORK/org$i"
	SEALER[i]=$(newkey "$WORK/org$i/sealer.key")
	GAS[i]=$(newkey "$WORK/org$i/gas.key")
	echo "org$i: sealer ${SEALER[i]}, node gas account ${GAS[i]}"
done
echo "governor: $GOVERNOR"

step "3. The chain: a Clique genesis with the three sealers as signers, 1-second blocks; each sealer on its host"
extra=0x$(printf '0%.0s' $(seq 64))
for i in "${ORGS[@]}"; do extra+=${SEALER[i]#0x}; done
extra+=$(printf '0%.0s' $(seq 130))
alloc=$(for a in "$GOVERNOR" "${SEALER[@]}" "${GAS[@]}"; do printf '"%s":{"balance":"0xd3c21bcecceda1000000"},' "$a"; done)
cat >"$WORK/genesis.json" <<EOF
{
  "config": {"chainId": $CHAIN_ID, "homesteadBlock": 0, "eip150Block": 0, "eip155Block": 0, "eip158Block": 0,
             "byzantiumBlock": 0, "constantinopleBlock": 0, "petersburgBlock": 0, "istanbulBlock": 0,
             "berlinBlock": 0, "londonBlock": 0, "clique": {"period": 1, "epoch": 30000}},
  "difficulty": "0x1", "gasLimit": "0x3938700", "extradata": "$extra",
  "alloc": {${alloc%,}}
}
EOF
for i in "${ORGS[@]}"; do
	d=$WORK/org$i
	"$GETH" init --datadir "$d/geth" "$WORK/genesis.json" >"$d/geth.log" 2>&1
	"$GETH" account import --lightkdf --datadir "$d/geth" --password "$WORK/password" "$d/sealer.key" >>"$d/geth.log" 2>&1
	# On its host: JSON-RPC and peer-to-peer on the host's address only.
	ip netns exec "$(host "$i")" "$GETH" --datadir "$d/geth" --networkid "$CHAIN_ID" --syncmode full \
		--port 30303 --nat "extip:$(addr "$i")" --nodiscover --ipcdisable \
		--http --http.addr "$(addr "$i")" --http.port 8545 --http.api eth,net,web3,admin,clique,txpool \
		--mine --miner.etherbase "${SEALER[i]}" --unlock "${SEALER[i]}" --password "$WORK/password" \
		--allow-insecure-unlock --miner.gasprice 1 --txpool.pricelimit 1 --verbosity 2 >>"$d/geth.log" 2>&1 &
	pids+=($!)
done
for i in "${ORGS[@]}"; do
	wait_for "org$i's sealer" 60 rpc "http://$(addr "$i"):8545" eth_chainId
done
# Peer them: each sealer dials the others at their addresses.
for i in "${ORGS[@]}"; do
	enode=$(rpc "http://$(addr "$i"):8545" admin_nodeInfo | jq -r .enode)
	for j in "${ORGS[@]}"; do
		[ "$i" = "$j" ] || rpc "http://$(addr "$j"):8545" admin_addPeer "[\"$enode\"]" >/dev/null
	done
done
head0=$(number "http://$(addr 0):8545" eth_blockNumber)
sealing() { [ "$(number "http://$(addr 0):8545" eth_blockNumber)" -ge $((head0 + 3)) ]; }
wait_for "the sealers to seal" 60 sealing
for i in "${ORGS[@]}"; do
	u=http://$(addr "$i"):8545
	echo "org$i: sealer at $u, $(number "$u" net_peerCount) peers, block $(number "$u" eth_blockNumber)"
done

step "4. The governor deploys the contract from this machine (anonify deploy; development policy: this build on the simulated TEE; the policy pins the chain, so every enclave verifies its headers itself)"
"$ANONIFY" deploy --rpc "http://$(addr 0):8545" --key-file "$WORK/governor.key" --dev --verify-chain --out "$WORK/network.json"
CONTRACT=$(jq -r .contract "$WORK/network.json")

step "5. Each organisation starts its node on its host, on its own sealer (anonify node)"
for i in "${ORGS[@]}"; do
	d=$WORK/org$i
	ip netns exec "$(host "$i")" "$ANONIFY" node --rpc "http://$(addr "$i"):8545" --contract "$CONTRACT" \
		--host-key-file "$d/gas.key" --dir "$d/node" --listen "$(addr "$i"):7000" >"$d/node.log" 2>&1 &
	pids+=($!)
done
for i in "${ORGS[@]}"; do
	wait_for "org$i's node" 60 test -s "$WORK/org$i/node/node.json"
	echo "org$i: node $(jq -r .url "$WORK/org$i/node/node.json"), enclave $(jq -r .identity "$WORK/org$i/node/node.json")"
done
grep -h "Clique chain" "$WORK/org0/node.log" || true

step "6. The governor founds the network with org0's enclave; the members admit the others"
"$ANONIFY" attest policy found "$(jq -r .identity "$WORK/org0/node/node.json")" --network "$WORK/network.json" --key-file "$WORK/governor.key"
# A client pinned to the network (--network) talks only to member enclaves
# that pass the policy on the ledger.
member() { "$ANONIFY" status --network "$WORK/network.json" --node "http://$(addr "$1"):7000" --json | jq -e .member; }
for i in "${ORGS[@]}"; do
	wait_for "org$i's node to be admitted" 120 member "$i"
	echo "org$i: member"
done

step "7. Users on this machine: the ERC-20 walkthrough through nodes on different hosts"
node_of() { echo "http://$(addr "$1"):7000"; }
cli() { "$ANONIFY" "$@" --network "$WORK/network.json"; }
"$ANONIFY" wallet create alice >/dev/null
"$ANONIFY" wallet create bob >/dev/null
echo "alice initialises the token with 100, through org0:"
cli erc20 init --from alice --supply 100 --node "$(node_of 0)"
echo "alice sends bob 30, through org1:"
cli erc20 transfer --from alice --to bob --amount 30 --node "$(node_of 1)"
balances() {
	for i in "${ORGS[@]}"; do
		echo "  org$i's node: alice $(cli erc20 balance --from alice --node "$(node_of "$i")"), bob $(cli erc20 balance --from bob --node "$(node_of "$i")")"
	done
}
balances

step "8. org2's host loses its link (ip link set h-org2 down: its cable is pulled); a transfer goes through org0 meanwhile"
ip -n "$SW" link set h-org2 down
if curl -s -m 2 "$(node_of 2)/healthz" >/dev/null; then die "org2's node is still reachable with its link down"; fi
echo "org2's node is unreachable from here; its sealer is cut off from the other two, which seal on"
echo "alice sends bob 5, through org0:"
cli erc20 transfer --from alice --to bob --amount 5 --node "$(node_of 0)"

step "9. org2's link comes back: its sealer syncs the blocks it missed, its node catches up"
ip -n "$SW" link set h-org2 up
wait_for "org2's node" 30 curl -sf -m 2 "$(node_of 2)/healthz"
same() {
	local h0 h2
	h0=$(cli status --node "$(node_of 0)" --json | jq -r '.state_hash + " " + (.applied_commands|tostring)')
	h2=$(cli status --node "$(node_of 2)" --json | jq -r '.state_hash + " " + (.applied_commands|tostring)')
	[ "$h0" = "$h2" ]
}
wait_for "org2's node to catch up" 90 same
for i in "${ORGS[@]}"; do
	bob=$(cli erc20 balance --from bob --node "$(node_of "$i")")
	echo "  org$i's node: bob $bob, state hash $(cli status --node "$(node_of "$i")" --json | jq -r '.state_hash + " after " + (.applied_commands|tostring) + " commands"')"
	[ "$bob" = 35 ] || die "org$i's node shows bob $bob, not 35"
done

step "done: three hosts agree (state hash and balances) after one was cut off"
