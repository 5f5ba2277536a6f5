# shellcheck shell=bash
# Sourced by test.sh and other scripts: installs Debian packages when missing and starts a throw-away
# redis-server on a free loopback port (sets TWINGAN_TEST_REDIS=127.0.0.1:<port> and REDIS_PID).

# Installs the Debian packages named as arguments when any is missing (as root, or through sudo).
ensure_debian_packages() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian package(s): ${missing[*]}..." >&2
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "error: missing Debian package(s) ${missing[*]} and this user cannot install them; run 'apt-get install -y ${missing[*]}' as root." >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "error: 'apt-get install -y ${missing[*]}' failed; install them and retry." >&2
    return 1
  }
}

ensure_redis_installed() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  ensure_debian_packages redis-server
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_redis() {
  local dir="$1" tries port
  mkdir -p "$dir"
  for tries in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    port_is_free "$port" || continue
    redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$dir" \
      --logfile "$dir/redis-$port.log" --daemonize no >/dev/null 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
      if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
        export TWINGAN_TEST_REDIS="127.0.0.1:$port"
        return 0
      fi
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null || true
  done
  echo "error: could not start redis-server on a free loopback port (see $dir/redis-*.log)." >&2
  return 1
}
