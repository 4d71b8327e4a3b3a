#!/usr/bin/env bash
# Stops what scripts/docker-up.sh started (registry, then the Docker engine), found by the pid files
# in the state dir. An engine or registry that docker-up found already running is left alone.
# Registry data, the password and the base image stay, so the next docker-up is quick.
set -euo pipefail

STATE_DIR="${APPRUNNER_STATE_DIR:-$HOME/.cache/apprunner-vscode}"

AS_ROOT=()
[ "$(id -u)" = 0 ] || AS_ROOT=(sudo -n)

# Stops the process in a pid file if it still runs the expected program (pids get reused).
stop_from_pid_file() {
  local file=$1 program=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$program"; then
    "${AS_ROOT[@]}" kill -TERM "$pid"
    # dockerd stops its containers first; give it time before insisting.
    local deadline=$((SECONDS + 30))
    while [ -e "/proc/$pid" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    [ ! -e "/proc/$pid" ] || "${AS_ROOT[@]}" kill -KILL "$pid"
    echo "stopped $program (pid $pid)"
  fi
  rm -f "$file"
}

stop_from_pid_file "$STATE_DIR/registry/registry.pid" docker-registry
stop_from_pid_file "$STATE_DIR/dockerd.pid" dockerd
