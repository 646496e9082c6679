# Sourced by bench/token-endpoint and bench/gateway: the stores a benchmark runs on (issue 11, item 7).
#
# SQLite is a file in the benchmark's work directory. PostgreSQL is a throwaway cluster that scripts/test-postgres
# starts with PostgreSQL's default durability (--durable: fsync, synchronous_commit and full_page_writes on, so that
# a token answered is a token on disk, as in production), on a free loopback port, stopped at exit.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_pg_dir=""
bench_pg_admin=""

# The stores named by --database: sqlite, postgres or both (in that order).
bench_stores() {
  case "$1" in
    sqlite|postgres) echo "$1" ;;
    both) echo "sqlite postgres" ;;
    *) echo "--database takes sqlite, postgres or both, not $1" >&2; return 2 ;;
  esac
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the cluster once (PostgreSQL refuses to run as root: as root its directory belongs to `postgres`, so it is
# not under the caller's private work directory), and exports the master key every instance of a PostgreSQL
# platform needs.
bench_start_postgres() {
  [ -n "$bench_pg_admin" ] && return 0
  command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  bench_pg_dir="$(mktemp -d /tmp/orangerie-bench-pg.XXXXXX)"
  bench_pg_admin="$("$bench_root/scripts/test-postgres" start "$bench_pg_dir" --durable)"
  local settings
  settings="$(psql "$bench_pg_admin" -Atc "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings
    WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'server_version')")"
  echo "== PostgreSQL at ${bench_pg_admin#postgres://postgres@}: $settings"
  case "$settings" in
    *fsync=on*full_page_writes=on*synchronous_commit=on*) ;;
    *) echo "FAIL: the PostgreSQL cluster is not durable" >&2; return 1 ;;
  esac
  if [ -z "${ORANGERIE_MASTER_KEY:-}" ]; then ORANGERIE_MASTER_KEY="$(openssl rand -base64 32)"; fi
  export ORANGERIE_MASTER_KEY
}

bench_stop_postgres() {
  [ -n "$bench_pg_dir" ] && "$bench_root/scripts/test-postgres" stop "$bench_pg_dir" || true
  bench_pg_dir=""
  bench_pg_admin=""
}

# The --database value of a fresh, empty database named NAME on STORE (sqlite: a file in WORK). For postgres,
# bench_start_postgres must have run (not in the subshell that reads this answer: it exports the master key).
bench_database() { # store, name, work
  case "$1" in
    sqlite) echo "$3/$2.sqlite" ;;
    postgres)
      psql "$bench_pg_admin" -qc "CREATE DATABASE $2" >/dev/null
      echo "${bench_pg_admin%/*}/$2"
      ;;
  esac
}

# Runs SQL on the database DATABASE (a --database value) and prints the answer.
bench_query() { # store, database, sql
  case "$1" in
    sqlite) sqlite3 "$2" "$3" ;;
    postgres) psql "$2" -Atc "$3" ;;
  esac
}

# Builds the release binary (at most one build at a time on a shared machine: the caller builds once).
bench_build() {
  echo "== building release"
  (cd "$bench_root" && swift build -c release --product orangerie >/dev/null)
  bench_bin="$bench_root/.build/release/orangerie"
}

# wrk's latency (e.g. 1.20ms, 850.00us, 1.02s) in milliseconds.
bench_ms() {
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else { sub(/s$/, "", v); print v * 1000 } }'
}

# A / B with two decimals.
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# Runs MEASURE LABEL ROUND ARGS… for each variant "LABEL|ARGS" (ARGS: serve's extra arguments, split on spaces),
# three rounds, the order rotating each round so that a machine getting busier or quieter favours none; MEASURE sets
# rps["LABEL ROUND"]. Then prints each variant's median requests/s and its ratio to the first variant's.
bench_alternate() { # measure, variant…
  local measure=$1 round index count label args median first=""
  shift
  local variants=("$@")
  count=${#variants[@]}
  for round in 1 2 3; do
    for index in $(seq 0 $((count - 1))); do
      local variant="${variants[$(((index + round - 1) % count))]}"
      label="${variant%%|*}"
      args="${variant#*|}"
      # shellcheck disable=SC2086
      "$measure" "$label" "$round" $args
    done
  done
  echo
  echo "== result: median requests/s of three rounds, and the ratio to \"${variants[0]%%|*}\""
  for variant in "${variants[@]}"; do
    label="${variant%%|*}"
    median=$(printf '%s\n' "${rps[$label 1]}" "${rps[$label 2]}" "${rps[$label 3]}" | sort -n | sed -n 2p)
    [ -z "$first" ] && first=$median
    printf '%-28s %10s req/s   ratio %s\n' "$label" "$median" "$(bench_ratio "$median" "$first")"
  done
}

# Starts a stand-in for an OpenTelemetry collector on a free loopback port, which answers every OTLP/HTTP export 200
# and counts them; sets bench_otlp_port. Its counts are in WORK/otlp.count when it stops.
bench_start_otlp_receiver() { # work
  bench_otlp_port=$(bench_free_port)
  python3 - "$bench_otlp_port" "$1/otlp.count" <<'PY' &
import http.server, signal, sys
exports = [0, 0]
class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        size = int(self.headers.get("Content-Length", 0))
        self.rfile.read(size)
        exports[0] += 1; exports[1] += size
        # swift-otel reads the answer as an ExportTraceServiceResponse: a 200 needs its Content-Type (an empty body is one).
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
def stop(*args):
    open(sys.argv[2], "w").write(f"{exports[0]} exports, {exports[1]} bytes\n"); sys.exit(0)
signal.signal(signal.SIGTERM, stop)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
  bench_otlp_pid=$!
}

bench_stop_otlp_receiver() {
  [ -n "${bench_otlp_pid:-}" ] && { kill "$bench_otlp_pid" 2>/dev/null; wait "$bench_otlp_pid" 2>/dev/null; } || true
  bench_otlp_pid=""
}

# The variants of --observability (issue 14, item 6): both off; each alone (tracing sampled at 0 %); metrics on with
# tracing sampled at 0 %; and both on with every request traced to the receiver that bench_start_otlp_receiver started.
bench_observability_variants() {
  local metrics="--metrics-address 127.0.0.1:$(bench_free_port)"
  local tracing="--otlp-endpoint http://127.0.0.1:$bench_otlp_port"
  echo "off|"
  echo "metrics|$metrics"
  echo "tracing at 0 %|$tracing --trace-sampling 0"
  echo "metrics, tracing at 0 %|$metrics $tracing --trace-sampling 0"
  echo "metrics, tracing at 100 %|$metrics $tracing --trace-sampling 1"
}
