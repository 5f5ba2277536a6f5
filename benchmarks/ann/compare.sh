#!/usr/bin/env bash
# compare.sh DATA_DIR DATASET — TwinGan.Hnsw and hnswlib on the same .fvecs/.ivecs files (made by
# ../shared/bench/ann/make-data.sh), in one run: M=16, efConstruction=200, one thread, ef in 10,16,32,64,128,256.
# Prints every CSV row (one header), then `qps-ratio@recall0.95: X` = our single-thread QPS at our smallest ef with
# recall@10 >= 0.95 divided by hnswlib's at its smallest such ef.
# Both run pinned to core 0 (taskset), as peers.sh pins hnswlib; our qps_batch column is then one core too.
# Env: TWINGAN_SHARED_DIR (default <repo>/../shared), ANN_PEER_LIBS (default hnswlib-node-native),
#      ANN_OURS_CPUS (taskset list for our runner, default 0; e.g. 0,1 lets the batch column use both cores).
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 DATA_DIR DATASET" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
shared=${TWINGAN_SHARED_DIR:-$root/../shared}
data=$(cd "$1" && pwd)
dataset=$2
[[ -f $data/$dataset/gt.ivecs ]] || { echo "no $data/$dataset/gt.ivecs: run $shared/bench/ann/make-data.sh $data $dataset" >&2; exit 1; }
[[ -x $shared/bench/ann/peers.sh ]] || { echo "no $shared/bench/ann/peers.sh (set TWINGAN_SHARED_DIR)" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build "$here/TwinGan.Benchmarks.Ann.csproj" -c Release -o "$out/bin" --nologo -v quiet >&2
taskset -c "${ANN_OURS_CPUS:-0}" dotnet "$out/bin/TwinGan.Benchmarks.Ann.dll" "$data" "$dataset" > "$out/ours.csv"
"$shared/bench/ann/peers.sh" "$data" "$dataset" "${ANN_PEER_LIBS:-hnswlib-node-native}" > "$out/peers.csv"

cat "$out/ours.csv"
tail -n +2 "$out/peers.csv"
# Columns: 1 library, 16 ef_search, 18 recall_at_10, 19 qps, 20 query_cpu_per_wall. Rows are in increasing ef per
# library. On a shared machine QPS follows the CPU share each process got, so stderr also gets the ratio of
# QPS / query_cpu_per_wall (queries per CPU-second), which is far less sensitive to other load.
awk -F, '
  FNR == 1 { next }
  $18 >= 0.95 && !($1 in qps) { qps[$1] = $19; ef[$1] = $16; cpu[$1] = $20 }
  END {
    ours = qps["twingan-hnsw"]; peer = ""
    for (lib in qps) if (lib != "twingan-hnsw" && peer == "") peer = lib
    if (ours == "" || peer == "") { print "qps-ratio@recall0.95: n/a (no ef reached recall 0.95)"; exit }
    printf "# ours ef=%s %s QPS (cpu/wall %s); %s ef=%s %s QPS (cpu/wall %s)\n", ef["twingan-hnsw"], ours, cpu["twingan-hnsw"], \
      peer, ef[peer], qps[peer], cpu[peer] > "/dev/stderr"
    if (cpu["twingan-hnsw"] > 0 && cpu[peer] > 0)
      printf "# cpu-normalised qps-ratio@recall0.95: %.3f\n", (ours / cpu["twingan-hnsw"]) / (qps[peer] / cpu[peer]) > "/dev/stderr"
    printf "qps-ratio@recall0.95: %.3f\n", ours / qps[peer]
  }' "$out/ours.csv" "$out/peers.csv"
