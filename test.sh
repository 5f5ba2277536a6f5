#!/usr/bin/env bash
# The one test command (README.md, .ci/run): installs what the tests need, builds warning-free, runs every
# test project and ends with "tests: N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/deps.sh
source scripts/node-deps.sh

command -v dotnet >/dev/null 2>&1 || { echo "error: the .NET SDK 10 is required (dotnet not on PATH)." >&2; exit 1; }

work="$root/out/test"
rm -rf "$work/results"
mkdir -p "$work/results"
ensure_redis_installed
# OpenCvSharp's native library links GTK 3; the face cascades come with opencv-data (docs/datasets.md).
ensure_debian_packages libgtk-3-0 opencv-data
# The system test drives the services from an independent Node.js gRPC client too (docs/testing.md).
ensure_node_client "$root/tests/system/node"
source scripts/deploy-deps.sh && ensure_deploy_tools  # kustomize + schema validator for the deploy/k8s tests
start_redis "$work/redis"
trap 'kill "$REDIS_PID" 2>/dev/null || true' EXIT
echo "redis-server for tests at $TWINGAN_TEST_REDIS"

dotnet build TwinGan.sln -nologo -clp:NoSummary -warnaserror

status=0
# The test projects are the ones in the solution (a project not yet added is neither built nor run).
test_projects=$(dotnet sln TwinGan.sln list | grep -E '^tests/.*\.Tests\.csproj$' | sort)
for project in $test_projects; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$work/results" || status=1
done

passed=0; failed=0; skipped=0; files=0
for trx in "$work"/results/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
projects=$(echo "$test_projects" | wc -w)
if [ "$files" -ne "$projects" ]; then
  echo "error: $projects test projects but $files result files: a test host crashed before reporting." >&2
  failed=$((failed + 1)); status=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "tests: $passed passed, $failed failed, $skipped skipped"
else
  echo "tests: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
