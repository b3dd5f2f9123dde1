#!/usr/bin/env bash
# The production topology on one machine: Debian's nginx on 127.0.0.1:PROD_PORT in front of
# PROD_NODES gunicorn nodes (ports PROD_PORT+1, +2, ...) and their task workers, all on the
# PostgreSQL at DATABASE_URL and one MEDIA_ROOT, with DEBUG=0 and the demo data loaded.
# Every process started is written to a pid file under var/prod/PROD_PORT/ for stop-prod.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"

command -v nginx >/dev/null || { echo "nginx is missing: run make prod-packages" >&2; exit 1; }
if [ -n "$(live_pid "$PROD_DIR/nginx.pid" nginx)" ]; then
  echo "already serving on port $PROD_PORT (make stop-prod PROD_PORT=$PROD_PORT first)" >&2
  exit 1
fi
mkdir -p "$PROD_DIR/nginx" "$MEDIA_ROOT"
trap 'echo "serve-prod failed: stopping what it started" >&2; "$REPO/deploy/stop-prod.sh"' ERR

echo "database $DATABASE_URL: migrations, reference and demo data; static files"
"$PY" -m bench.ensure_database
static_root="$("$PY" - <<'PY'
import django

django.setup()
from django.conf import settings
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)
print(settings.STATIC_ROOT)
PY
)"
# Reference and demo data load while the nodes start (they need neither to start).
"$PY" - <<'PY' &
import io

import django

django.setup()
from django.core.management import call_command

call_command("seed_reference", stdout=io.StringIO())
call_command("seed_demo", stdout=io.StringIO())
PY
seeding=$!
# collectstatic compresses every file (a minute here): only when a source is newer.
stamp="$static_root/staticfiles.json"
if [ ! -e "$stamp" ] || [ -n "$(find static .venv/.installed -newer "$stamp" -print -quit)" ]; then
  "$PY" manage.py collectstatic --noinput -v 0
fi

for n in $(seq 1 "$PROD_NODES"); do
  "$REPO/deploy/node.sh" start "$n"
done
for n in $(seq 1 "$PROD_NODES"); do
  wait_http "http://127.0.0.1:$(node_port "$n")/readyz" 90 \
    || { echo "node$n did not get ready: see $PROD_DIR/node$n/node.log" >&2; exit 1; }
done
wait "$seeding"

upstreams=""
for n in $(seq 1 "$PROD_NODES"); do
  upstreams+="        server 127.0.0.1:$(node_port "$n") max_fails=1 fail_timeout=3s;"$'\n'
done
body_max=$((UPLOAD_MAX_BYTES + 1048576))
msg_413="文件过大：最大 $(awk "BEGIN { printf \"%.1f\", $UPLOAD_MAX_BYTES / 1048576 }") MB。"
awk -v upstreams="$upstreams" -v dir="$PROD_DIR" -v port="$PROD_PORT" -v body="$body_max" \
    -v static="$static_root" -v msg="$msg_413" '{
  gsub(/@PROD_DIR@/, dir); gsub(/@PROD_PORT@/, port); gsub(/@BODY_MAX@/, body);
  gsub(/@STATIC_ROOT@/, static); gsub(/@MSG_413@/, msg);
  if ($0 ~ /@UPSTREAMS@/) { printf "%s", upstreams } else { print }
}' deploy/nginx.conf.template >"$PROD_DIR/nginx.conf"
nginx -t -q -c "$PROD_DIR/nginx.conf" -p "$PROD_DIR/nginx/"
nginx -c "$PROD_DIR/nginx.conf" -p "$PROD_DIR/nginx/"
wait_http "http://127.0.0.1:$PROD_PORT/healthz" 15 || { echo "nginx does not answer" >&2; exit 1; }

echo "serving $PUBLIC_BASE_URL: nginx -> $PROD_NODES nodes (ports $(node_port 1)..$(node_port "$PROD_NODES")),"
echo "  $TASK_WORKERS task worker(s) per node; logs and pid files in $PROD_DIR"
echo "  demo logins: ent_a_admin, approver_bj, customs_officer ... (password Demo-Passw0rd!)"
echo "  stop with: make stop-prod PROD_PORT=$PROD_PORT"
