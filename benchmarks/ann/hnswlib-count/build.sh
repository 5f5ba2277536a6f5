#!/usr/bin/env bash
# build.sh OUT — compiles hnswlib_count.cpp (-O3 -march=native) against the hnswlib headers that
# ../shared/bench/ann/peers.sh installed with hnswlib-node (ANN_PEERS_DIR, default /tmp/twingan-ann-peers).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
headers=${ANN_PEERS_DIR:-/tmp/twingan-ann-peers}/native/node_modules/hnswlib-node/src/hnswlib
[[ -f $headers/hnswalg.h ]] || { echo "no $headers/hnswalg.h: run ../shared/bench/ann/peers.sh once" >&2; exit 1; }
g++ -O3 -march=native -std=c++17 -DNDEBUG -I "$headers" "$here/hnswlib_count.cpp" -o "${1:-$here/hnswlib_count}"
