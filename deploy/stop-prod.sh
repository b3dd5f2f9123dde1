#!/usr/bin/env bash
# Stops what serve-prod.sh started, by the pid files it wrote (a pid whose process is no
# longer the one started is left alone): nginx first, then the nodes, gracefully, each given
# 30 s before it is killed.
set -uo pipefail
source "$(dirname "$0")/env.sh"

stop_one() {  # PIDFILE NAME SIGNAL
  local file="$1" name="$2" signal="$3" pid deadline
  pid="$(live_pid "$file" "$name")" || { rm -f "$file"; return 0; }
  kill "-$signal" "$pid" 2>/dev/null
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name $pid did not stop in 30 s: killed" >&2
    kill -KILL -- "-$(ps -o pgid= -p "$pid" | tr -d ' ')" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
  echo "stopped $name ($pid)"
}

stop_one "$PROD_DIR/nginx.pid" nginx QUIT
for dir in "$PROD_DIR"/node*/; do
  [ -d "$dir" ] || continue
  # a new master of a reload under way first: stopping the old one would hand it the pid file
  stop_one "$dir/gunicorn.pid.2" gunicorn TERM
  stop_one "$dir/gunicorn.pid" gunicorn TERM
  for file in "$dir"/tasks*.pid; do
    [ -e "$file" ] && stop_one "$file" run_tasks TERM
  done
done
exit 0
