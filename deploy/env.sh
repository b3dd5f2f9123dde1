# The production topology's settings, sourced by serve-prod.sh, stop-prod.sh and the drill.
# Every value can be given in the environment; these are the defaults for one machine.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROD_PORT="${PROD_PORT:-8080}"
PROD_NODES="${PROD_NODES:-2}"                  # gunicorn nodes, on PROD_PORT+1, +2, ...
GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"      # processes per node
TASK_WORKERS="${TASK_WORKERS:-1}"              # run_tasks processes per node
PROD_DIR="${PROD_DIR:-$REPO/var/prod/$PROD_PORT}"  # pid files, logs, nginx's config
export VAR_DIR="${VAR_DIR:-$REPO/var}"
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/drug_permits_prod}"
export MEDIA_ROOT="${MEDIA_ROOT:-$PROD_DIR/media}"   # one folder for every node
export DEBUG=0
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0  # plain HTTP on loopback
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$PROD_PORT}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}"
export CSRF_TRUSTED_ORIGINS="${CSRF_TRUSTED_ORIGINS:-http://localhost:$PROD_PORT,http://127.0.0.1:$PROD_PORT}"
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1,::1}"     # nginx
export TASKS_BACKEND=database
export ALLOW_DEMO_DATA="${ALLOW_DEMO_DATA:-1}"
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"  # requests are logged at INFO whatever this says
export UPLOAD_MAX_BYTES="${UPLOAD_MAX_BYTES:-10485760}"
export DJANGO_SETTINGS_MODULE=config.settings
PY="$REPO/.venv/bin/python"

# One SECRET_KEY for every node and task worker of this PROD_DIR (DEBUG=0 refuses to start
# without one; sessions signed by one node are read by another): made once, mode 600, and
# kept across restarts. A SECRET_KEY given in the environment wins.
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s "$PROD_DIR/secret_key" ]; then
    mkdir -p "$PROD_DIR"
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' \
      >"$PROD_DIR/secret_key.$$" && mv -f "$PROD_DIR/secret_key.$$" "$PROD_DIR/secret_key")
  fi
  SECRET_KEY="$(cat "$PROD_DIR/secret_key")"
fi
export SECRET_KEY

node_port() { echo $((PROD_PORT + $1)); }

# A pid file's process, if it is still the one we started (its command line names $2).
live_pid() {
  local file="$1" name="$2" pid
  [ -s "$file" ] || return 1
  pid="$(cat "$file")"
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$name" \
    && echo "$pid"
}

wait_http() {  # URL SECONDS: until it answers 200
  local url="$1" deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null --max-time 5 "$url"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}
