#!/usr/bin/env bash
# Issue 4 quality bar: trains TwinGAN and the ablation at 32 px on twin-faces (default 20 min each), evaluates both
# on 500 paired test items and prints the table (docs/evaluation.md). Extra arguments go to the runner, e.g.
#   benchmarks/quality/run.sh --minutes 2 --pairs 200
# Results: out/quality/<utc time>/results.md (+ .html, evaluation-*.json); classifiers cached in out/quality/classifiers.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build benchmarks/quality -c Release -warnaserror -nologo -clp:NoSummary
# LibTorch warns once per convolution that NNPACK does not support this CPU; drop that line, keep other errors.
dotnet benchmarks/quality/bin/Release/net10.0/TwinGan.Benchmarks.Quality.dll "$@" 2> >(grep -v 'Could not initialize NNPACK' >&2)
