#!/usr/bin/env bash
# Brings up what the emulator's real-Docker paths need, idempotently and quietly:
#   - Debian's docker.io (engine 20.10), docker-registry (distribution 2.8) and apache2-utils (htpasswd);
#   - a Docker engine without bridge network or firewall rules (containers use --network host,
#     nothing leaves loopback);
#   - a distribution registry on 127.0.0.1:$REGISTRY_PORT with htpasswd auth for user AWS, like ECR's
#     token login (Docker allows plain HTTP for loopback registries);
#   - the base image local/node:20, imported from this machine's node binary and its shared libraries
#     plus /bin/sh (nothing can be pulled from the internet here).
# It writes $STATE_DIR/registry.env (REGISTRY_URL, REGISTRY_USER, REGISTRY_PASSWORD, BASE_IMAGE) for
# the tests and the emulator, and pid files that scripts/docker-down.sh uses to stop what it started.
# Details go to $STATE_DIR/docker-up.log; stdout gets a three-line summary.
#
# Builds: the docker client here is 28.x and the engine 20.10. Without the buildx plugin (the case on
# these machines) the client falls back to the legacy builder, which works against this engine,
# RUN steps included. If buildx is installed, the client would use BuildKit instead; set
# DOCKER_BUILDKIT=0 to keep the legacy builder (the tests do).
set -euo pipefail

STATE_DIR="${APPRUNNER_STATE_DIR:-$HOME/.cache/apprunner-vscode}"
REGISTRY_PORT="${REGISTRY_PORT:-5055}"
REGISTRY_URL="127.0.0.1:${REGISTRY_PORT}"
BASE_IMAGE="local/node:20"
LOG="$STATE_DIR/docker-up.log"
REGISTRY_DIR="$STATE_DIR/registry"

mkdir -p "$STATE_DIR" "$REGISTRY_DIR"
# Two sessions running this at once must not start two engines or two registries.
# The lock's fd is closed for the daemons started below (9>&-), or they would hold it forever.
exec 9>"$STATE_DIR/docker-up.lock"
if ! flock -w 300 9; then
  echo "docker-up: another docker-up still holds $STATE_DIR/docker-up.lock after 300 s" >&2
  exit 1
fi

log() { printf '%s %s\n' "$(date '+%H:%M:%S')" "$*" >>"$LOG"; }
fail() {
  echo "docker-up: $*" >&2
  echo "docker-up: details in $LOG" >&2
  exit 1
}
# Installing packages and running dockerd need root; elsewhere use sudo (non-interactive).
AS_ROOT=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || fail "needs root (or sudo) to install packages and start dockerd"
  AS_ROOT=(sudo -n)
fi
log "---- docker-up (state dir $STATE_DIR)"

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Waits for another apt/dpkg run instead of failing on its lock.
  local apt=("${AS_ROOT[@]}" apt-get -o DPkg::Lock::Timeout=300)
  # The package lists may be stale or absent on a fresh machine: update once, only if needed.
  if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1; then
    "${apt[@]}" update >>"$LOG" 2>&1 || fail "apt-get update failed"
    "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1 || fail "apt-get install ${missing[*]} failed"
  fi
}

# Waits until "$@" succeeds, up to $1 seconds; false if it never did.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

# Pid recorded in a pid file, if that process still runs the given program (pids get reused).
live_pid() {
  local file=$1 program=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$program" && echo "$pid"
}

start_engine() {
  if docker info >/dev/null 2>&1; then
    log "docker engine already answers"
    return 0
  fi
  if ! live_pid "$STATE_DIR/dockerd.pid" dockerd >/dev/null; then
    log "starting dockerd (log $STATE_DIR/dockerd.log)"
    "${AS_ROOT[@]}" setsid dockerd --bridge=none --iptables=false --ip6tables=false \
      >>"$STATE_DIR/dockerd.log" 2>&1 </dev/null 9>&- &
    echo $! >"$STATE_DIR/dockerd.pid"
  fi
  if ! wait_for 60 docker info; then
    tail -n 20 "$STATE_DIR/dockerd.log" >>"$LOG" 2>/dev/null || true
    fail "the Docker engine did not answer within 60 s (see $STATE_DIR/dockerd.log)"
  fi
  log "dockerd answers"
}

registry_answers() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -u "AWS:$REGISTRY_PASSWORD" "http://$REGISTRY_URL/v2/")" = 200 ]
}

start_registry() {
  local password_file="$REGISTRY_DIR/password" htpasswd_file="$REGISTRY_DIR/htpasswd" config="$REGISTRY_DIR/config.yml"
  if [ ! -s "$password_file" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$password_file")
  fi
  REGISTRY_PASSWORD=$(cat "$password_file")
  if [ ! -s "$htpasswd_file" ] || [ "$password_file" -nt "$htpasswd_file" ]; then
    htpasswd -B -b -c "$htpasswd_file" AWS "$REGISTRY_PASSWORD" >>"$LOG" 2>&1 || fail "htpasswd failed"
  fi
  cat >"$config" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_URL
auth:
  htpasswd:
    realm: apprunner-emulator
    path: $htpasswd_file
EOF
  if registry_answers; then
    log "registry already answers on $REGISTRY_URL"
    return 0
  fi
  # A running registry rereads a changed htpasswd file, so one that refuses the password is not ours.
  if curl -s -o /dev/null "http://$REGISTRY_URL/v2/"; then
    fail "something else answers on $REGISTRY_URL without accepting this state dir's password (set REGISTRY_PORT)"
  fi
  if ! live_pid "$REGISTRY_DIR/registry.pid" docker-registry >/dev/null; then
    log "starting docker-registry on $REGISTRY_URL (log $REGISTRY_DIR/registry.log)"
    setsid docker-registry serve "$config" >>"$REGISTRY_DIR/registry.log" 2>&1 </dev/null 9>&- &
    echo $! >"$REGISTRY_DIR/registry.pid"
  fi
  if ! wait_for 20 registry_answers; then
    tail -n 20 "$REGISTRY_DIR/registry.log" >>"$LOG" 2>/dev/null || true
    fail "the registry did not answer on $REGISTRY_URL within 20 s (see $REGISTRY_DIR/registry.log)"
  fi
  log "registry answers on $REGISTRY_URL"
}

# Copies a file to the same path under the root folder, following symlinks (e.g. /lib64/ld-linux…).
copy_into() {
  local root=$1 file=$2
  mkdir -p "$root$(dirname "$file")"
  cp -L "$file" "$root$file"
}

import_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "$BASE_IMAGE already present"
    return 0
  fi
  local node_bin root binary lib
  node_bin=$(readlink -f "$(command -v node)") || fail "no node on PATH to build $BASE_IMAGE from"
  root=$(mktemp -d)
  IMAGE_ROOT=$root
  log "importing $BASE_IMAGE from $node_bin ($("$node_bin" --version)) and /bin/sh"
  for binary in "$node_bin" /bin/sh; do
    copy_into "$root" "$binary"
    # ldd prints "name => /path (addr)" for libraries and "/path (addr)" for the loader.
    for lib in $(ldd "$binary" | grep -o '/[^ ]*'); do
      [ -e "$root$lib" ] || copy_into "$root" "$lib"
    done
  done
  [ "$node_bin" = /usr/bin/node ] || { mkdir -p "$root/usr/bin" && cp "$root$node_bin" "$root/usr/bin/node"; }
  mkdir -p "$root/tmp" "$root/etc" "$root/app"
  chmod 1777 "$root/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'WORKDIR /app' \
    --change 'CMD ["node"]' \
    - "$BASE_IMAGE" >>"$LOG" 2>&1 || fail "docker import of $BASE_IMAGE failed"
}

write_env_file() {
  local env_file="$STATE_DIR/registry.env"
  (umask 077 && cat >"$env_file.tmp" <<EOF
REGISTRY_URL=$REGISTRY_URL
REGISTRY_USER=AWS
REGISTRY_PASSWORD=$REGISTRY_PASSWORD
BASE_IMAGE=$BASE_IMAGE
EOF
  )
  mv "$env_file.tmp" "$env_file"
}

IMAGE_ROOT=""
trap '[ -z "$IMAGE_ROOT" ] || rm -rf "$IMAGE_ROOT"' EXIT

install_packages
start_engine
start_registry
import_base_image
write_env_file

echo "docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) (client $(docker version --format '{{.Client.Version}}' 2>/dev/null))"
echo "registry      http://$REGISTRY_URL (user AWS; $STATE_DIR/registry.env)"
echo "base image    $BASE_IMAGE"
