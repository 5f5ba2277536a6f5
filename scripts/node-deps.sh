# shellcheck shell=bash
# Sourced by test.sh: installs Node.js (Debian packages) when missing and the pinned npm packages of the
# system test's independent gRPC client (tests/system/node, package-lock.json) when they are not installed yet.

ensure_node_client() {
  local dir="$1"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_debian_packages nodejs npm || return 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 18 ]; then
    echo "error: Node.js >= 18 is required by the system test's client (found $(node --version))." >&2
    return 1
  fi
  # npm ci records the lock it installed; reinstall only when package-lock.json changed since.
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "installing the system test's Node.js gRPC client packages (npm ci)..." >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || {
    echo "error: 'npm ci' in $dir failed; check access to the npm registry." >&2
    return 1
  }
}
