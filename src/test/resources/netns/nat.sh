#!/usr/bin/env bash
# A NAT of three network namespaces, for NatNamespaceTest (root, iproute2, nftables):
#
#   <p>pub   the server's side: 198.51.100.1/24 (TEST-NET-2, which exists only here), no default
#            route, so nothing sent from it can leave these namespaces
#   <p>nat   a home router: 198.51.100.2/24 outside, 10.200.0.1/24 inside, IPv4 forwarding, and
#            nftables masquerade on the outside (source address and port rewritten)
#   <p>ua    a phone: 10.200.0.2/24, default route through the router
#
#   nat.sh up PREFIX      builds them (PREFIX: a few letters, so that runs do not collide)
#   nat.sh down PREFIX    removes them (and their veth pairs with them)
set -euo pipefail
cmd=$1
p=$2
pub=${p}pub
nat=${p}nat
ua=${p}ua

down() {
  for ns in "$pub" "$nat" "$ua"; do
    ip netns del "$ns" 2>/dev/null || true
  done
}

if [ "$cmd" = down ]; then
  down
  exit 0
fi

down
ip netns add "$pub"
ip netns add "$nat"
ip netns add "$ua"
for ns in "$pub" "$nat" "$ua"; do
  ip -n "$ns" link set lo up
done
ip link add "${p}p0" netns "$pub" type veth peer name "${p}n0" netns "$nat"
ip link add "${p}n1" netns "$nat" type veth peer name "${p}u0" netns "$ua"
ip -n "$pub" addr add 198.51.100.1/24 dev "${p}p0"
ip -n "$nat" addr add 198.51.100.2/24 dev "${p}n0"
ip -n "$nat" addr add 10.200.0.1/24 dev "${p}n1"
ip -n "$ua" addr add 10.200.0.2/24 dev "${p}u0"
ip -n "$pub" link set "${p}p0" up
ip -n "$nat" link set "${p}n0" up
ip -n "$nat" link set "${p}n1" up
ip -n "$ua" link set "${p}u0" up
ip -n "$ua" route add default via 10.200.0.1
ip netns exec "$nat" sysctl -q -w net.ipv4.ip_forward=1
ip netns exec "$nat" nft -f - <<NFT
table ip nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "${p}n0" masquerade random
  }
}
NFT
