#!/usr/bin/env bash
# Stops what serve-prod.sh started, by the pid files it wrote (a pid whose process is no
# longer the one started is left alone): nginx first, so that no new request reaches a node,
# then every node's processes at once, gracefully, each given 30 s before it is killed.
set -uo pipefail
source "$(dirname "$0")/env.sh"

declare -A names=()

signal_one() {  # PIDFILE NAME SIGNAL: send it, remember the pid to wait for
  local file="$1" name="$2" signal="$3" pid
  pid="$(live_pid "$file" "$name")" || { rm -f "$file"; return 0; }
  kill "-$signal" "$pid" 2>/dev/null
  names[$pid]="$name"
  rm -f "$file"
}

wait_all() {
  local deadline=$((SECONDS + 30)) pid
  while [ "$SECONDS" -lt "$deadline" ]; do
    for pid in "${!names[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "stopped ${names[$pid]} ($pid)"; unset "names[$pid]"; }
    done
    [ "${#names[@]}" -eq 0 ] && return 0
    sleep 0.1
  done
  for pid in "${!names[@]}"; do
    echo "${names[$pid]} $pid did not stop in 30 s: killed" >&2
    kill -KILL -- "-$(ps -o pgid= -p "$pid" | tr -d ' ')" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  done
}

signal_one "$PROD_DIR/nginx.pid" nginx QUIT
wait_all
for dir in "$PROD_DIR"/node*/; do
  [ -d "$dir" ] || continue
  # a new master of a reload under way too (its pid file is PIDFILE.2)
  signal_one "$dir/gunicorn.pid.2" gunicorn TERM
  signal_one "$dir/gunicorn.pid" gunicorn TERM
  for file in "$dir"/tasks*.pid; do
    [ -e "$file" ] && signal_one "$file" run_tasks TERM
  done
done
wait_all
exit 0
