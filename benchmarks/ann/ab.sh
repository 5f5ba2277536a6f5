#!/usr/bin/env bash
# ab.sh DATA_DIR DATASET INDEX_FILE ROUNDS LABEL=BUILD_DIR... — search-only A/B between builds of the runner on one
# saved graph (make it once with `--mode qps --save INDEX_FILE`). Runs every build in turn, ROUNDS times over, each
# pinned to core 0 with `--mode qps --load INDEX_FILE`, and prints all rows: alternating processes spreads any
# background load over all builds alike. Extra runner options go in ANN_AB_ARGS (e.g. "--ef 16,32,64 --rounds 5").
set -euo pipefail
[[ $# -ge 5 ]] || { echo "usage: $0 DATA_DIR DATASET INDEX_FILE ROUNDS LABEL=BUILD_DIR..." >&2; exit 2; }
data=$1 dataset=$2 file=$3 rounds=$4
shift 4
echo "label,ef,recall_at_10,dist_per_query,qps_median,qps_min,qps_max,query_cpu_per_wall"
for ((r = 0; r < rounds; r++)); do
  for spec in "$@"; do
    label=${spec%%=*} dir=${spec#*=}
    # shellcheck disable=SC2086
    taskset -c 0 dotnet "$dir/TwinGan.Benchmarks.Ann.dll" "$data" "$dataset" --mode qps --load "$file" --label "$label" \
      ${ANN_AB_ARGS:-} | tail -n +2
  done
done
