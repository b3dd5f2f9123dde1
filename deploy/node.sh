#!/usr/bin/env bash
# One node of the topology: `node.sh start N` starts gunicorn on PROD_PORT+N and its task
# workers, each in a process group of its own, pid files under var/prod/PROD_PORT/nodeN/;
# `node.sh start-tasks N` starts the task workers alone. Used by serve-prod.sh and the drill.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"
action="$1" n="$2"
dir="$PROD_DIR/node$n"
mkdir -p "$dir"

start_tasks() {
  local w
  for w in $(seq 1 "$TASK_WORKERS"); do
    NODE_NAME="node$n" setsid "$PY" manage.py run_tasks --no-startup-delay -v 1 \
      >>"$dir/tasks$w.log" 2>&1 </dev/null &
    echo $! >"$dir/tasks$w.pid"
  done
}

start_gunicorn() {
  rm -rf "$dir/metrics" "$dir/ready" && mkdir -p "$dir/metrics" "$dir/ready"
  NODE_NAME="node$n" PROMETHEUS_MULTIPROC_DIR="$dir/metrics" GUNICORN_READY_DIR="$dir/ready" \
    GUNICORN_WORKERS="$GUNICORN_WORKERS" \
    setsid "$REPO/.venv/bin/gunicorn" -c "$REPO/deploy/gunicorn.conf.py" \
    --bind "127.0.0.1:$(node_port "$n")" --pid "$dir/gunicorn.pid" >>"$dir/node.log" 2>&1 </dev/null &
}

case "$action" in
  start) start_gunicorn; start_tasks ;;
  start-tasks) start_tasks ;;
  *) echo "usage: node.sh start|start-tasks N" >&2; exit 2 ;;
esac
