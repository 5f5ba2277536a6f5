# shellcheck shell=bash
# Sourced by test.sh (after scripts/deps.sh and scripts/node-deps.sh): the tools tests/TwinGan.Deploy.Tests needs to
# render and validate deploy/k8s, from package registries only (docs/deployment.md, "Validation"):
#   - kustomize: Debian 12 ships it only inside kubectl 1.20 (package kubernetes-client, kustomize v2.0.3). The .deb
#     is downloaded with apt-get and unpacked into out/tools/kubernetes-client: nothing is installed system-wide, so
#     a kubectl the machine already has is left alone.
#   - the schema validator: npm kubernetes-models (pinned in tests/TwinGan.Deploy.Tests/k8s-validate/package-lock.json).
# Exports TWINGAN_DEPLOY_KUBECTLS: kubectl binaries whose `kubectl kustomize` the tests render with, separated by ':'.
# The first is Debian's; a kubectl on PATH with kustomize v4 or later is added, so the manifests are proven to
# render the same with the old and the current kustomize. Idempotent, and offline once installed.

ensure_deploy_tools() {
  local root dir kubectl
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dir="$root/out/tools/kubernetes-client"
  kubectl="$dir/usr/bin/kubectl"
  if [ ! -x "$kubectl" ]; then
    _deploy_unpack_kubernetes_client "$dir" || return 1
  fi
  if ! "$kubectl" kustomize --help >/dev/null 2>&1; then
    echo "error: $kubectl has no 'kustomize' subcommand; remove $dir and rerun." >&2
    return 1
  fi
  local kubectls="$kubectl" current
  current=$(command -v kubectl 2>/dev/null || true)
  if [ -n "$current" ] && "$current" version --client 2>/dev/null | grep -Eq 'Kustomize Version: v([4-9]|[1-9][0-9])\.'; then
    kubectls="$kubectls:$current"
  fi
  export TWINGAN_DEPLOY_KUBECTLS="$kubectls"

  # The validator's npm packages; ensure_node_client (scripts/node-deps.sh) installs Node.js itself when missing.
  ensure_node_client "$root/tests/TwinGan.Deploy.Tests/k8s-validate" || return 1
}

# Downloads Debian's kubernetes-client package (no root needed) and unpacks it into $1.
_deploy_unpack_kubernetes_client() {
  local dir="$1" work deb
  work=$(mktemp -d)
  echo "installing kubectl with kustomize from Debian's kubernetes-client package into $dir..." >&2
  if ! apt-cache policy kubernetes-client 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
  fi
  (cd "$work" && apt-get download -qq kubernetes-client >/dev/null 2>&1)
  deb=$(find "$work" -maxdepth 1 -name 'kubernetes-client_*.deb' | head -n 1)
  if [ -z "$deb" ]; then
    rm -rf "$work"
    echo "error: 'apt-get download kubernetes-client' failed; it needs Debian's package lists (apt-get update)." >&2
    return 1
  fi
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$(dirname "$dir")"
  dpkg-deb -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir"
  local status=$?
  rm -rf "$work"
  return $status
}
