#!/usr/bin/env bash
# The real OpenFaaS gateway (openfaas/faas, gateway/) for the opt-in suite
# live/openfaas/real-gateway.opt-in.test.ts (docs/real-gateway.md says the whole procedure):
#
#   scripts/real-gateway.sh build <faas git dir or checkout> <out-binary> [commit, default 4679f278]
#     exports gateway/ at that commit into a temp dir, applies FAVE's one patch (listen on
#     127.0.0.1, ports from FAVE_GATEWAY_PORT / FAVE_GATEWAY_METRICS_PORT instead of the
#     hard-coded :8080 / :8082), builds it offline from its vendored modules, removes the temp dir.
#
#   scripts/real-gateway.sh start <binary> --provider URL --secrets DIR
#                           [--port 8080] [--metrics-port 8082] [--prometheus-port 9090] [--timeout 600s]
#     runs Debian's prometheus (scraping the gateway's metrics port every second: the gateway
#     asks it for invocation counts, and GET /system/functions panics without one) and the
#     gateway in front of FAVE's provider, basic auth on with the credentials in DIR; both on
#     127.0.0.1; in the foreground until Ctrl-C / SIGTERM, which stops both and removes the
#     temp dir. --timeout sets read_timeout, write_timeout and upstream_timeout: a pipeline
#     call lasts the whole pipeline (600s: the orchestrator's exec_timeout in live/openfaas/stack.yml).
set -euo pipefail

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build() {
  local src=${1:-} out=${2:-} commit=${3:-4679f278}
  [ -n "$src" ] && [ -n "$out" ] || usage
  command -v go >/dev/null || { echo "real-gateway: go is not installed (Debian: sudo apt-get install golang-go; Go 1.19 builds it)" >&2; exit 1; }
  local gitdir=$src
  [ -d "$src/.git" ] && gitdir=$src/.git
  git --git-dir="$gitdir" rev-parse --verify -q "$commit^{commit}" >/dev/null || { echo "real-gateway: $src has no commit $commit (git clone https://github.com/openfaas/faas)" >&2; exit 1; }
  out=$(realpath -m "$out")
  local work
  work=$(mktemp -d)
  trap "rm -rf '$work'" EXIT
  git --git-dir="$gitdir" archive "$commit" gateway | tar -x -C "$work"
  cd "$work/gateway"
  grep -q 'tcpPort := 8080' main.go && grep -q 'port := 8082' main.go || { echo "real-gateway: main.go at $commit does not hard-code 8080/8082 as 4679f278 does: patch it by hand" >&2; exit 1; }
  perl -0pi -e 's/tcpPort := 8080/tcpPort := favePort("FAVE_GATEWAY_PORT", 8080)/; s/port := 8082/port := favePort("FAVE_GATEWAY_METRICS_PORT", 8082)/; s/fmt\.Sprintf\(":%d", (tcpPort|port)\)/fmt.Sprintf("127.0.0.1:%d", $1)/g' main.go
  cat >> main.go <<'EOF'

// favePort is FAVE's patch (scripts/real-gateway.sh): the ports from env, so that the gateway
// runs beside others on one machine, on 127.0.0.1 only.
func favePort(name string, fallback int) int {
	port := fallback
	if v := (types.OsEnv{}).Getenv(name); v != "" {
		if n, err := fmt.Sscanf(v, "%d", &port); n != 1 || err != nil || port < 1 || port > 65535 {
			log.Fatalf("%s: not a port: %q", name, v)
		}
	}
	return port
}
EOF
  GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 go build -trimpath -o "$out" .
  echo "built $out (openfaas/faas@$commit gateway/, $(go version | cut -d' ' -f3))"
}

start() {
  local bin=${1:-}
  [ -n "$bin" ] || usage
  shift
  local provider='' secrets='' port=8080 metrics=8082 prom=9090 timeout=600s
  while [ $# -gt 0 ]; do
    case $1 in
      --provider) provider=${2:?--provider URL}; shift 2 ;;
      --secrets) secrets=${2:?--secrets DIR}; shift 2 ;;
      --port) port=${2:?--port N}; shift 2 ;;
      --metrics-port) metrics=${2:?--metrics-port N}; shift 2 ;;
      --prometheus-port) prom=${2:?--prometheus-port N}; shift 2 ;;
      --timeout) timeout=${2:?--timeout DURATION}; shift 2 ;;
      *) echo "real-gateway: unknown option '$1'" >&2; usage ;;
    esac
  done
  [ -x "$bin" ] || { echo "real-gateway: $bin is not an executable (scripts/real-gateway.sh build ... first)" >&2; exit 1; }
  [ -n "$provider" ] || { echo "real-gateway: --provider URL is required (the provider line of: npm run live -- up --gateway-url http://127.0.0.1:$port)" >&2; exit 2; }
  [ -r "$secrets/basic-auth-user" ] && [ -r "$secrets/basic-auth-password" ] || { echo "real-gateway: --secrets $secrets must hold basic-auth-user and basic-auth-password (live up writes them in .fave/secrets)" >&2; exit 2; }
  command -v prometheus >/dev/null || { echo "real-gateway: prometheus is not installed (sudo apt-get install prometheus)" >&2; exit 1; }
  local n
  for n in "$port" "$metrics" "$prom"; do [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 65535 ] || { echo "real-gateway: not a port: '$n'" >&2; exit 2; }; done
  secrets=$(realpath "$secrets")

  # Globals, not locals: the EXIT trap runs outside this function.
  work=$(mktemp -d) prom_pid='' gw_pid=''
  stop() {
    trap - EXIT INT TERM HUP
    [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null || true
    [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
  }
  trap stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP

  cat > "$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: gateway
    static_configs:
      - targets: ['127.0.0.1:$metrics']
EOF
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$prom" --log.level=warn > "$work/prometheus.log" 2>&1 &
  prom_pid=$!

  env FAVE_GATEWAY_PORT="$port" FAVE_GATEWAY_METRICS_PORT="$metrics" \
    functions_provider_url="${provider%/}/" function_namespace=openfaas-fn scale_from_zero=true \
    basic_auth=true secret_mount_path="$secrets" \
    read_timeout="$timeout" write_timeout="$timeout" upstream_timeout="$timeout" \
    faas_prometheus_host=127.0.0.1 faas_prometheus_port="$prom" \
    "$bin" &
  gw_pid=$!

  local deadline=$((SECONDS + 30))
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    kill -0 "$gw_pid" 2>/dev/null || { echo "real-gateway: the gateway exited (port $port or $metrics taken?)" >&2; exit 1; }
    kill -0 "$prom_pid" 2>/dev/null || { echo "real-gateway: prometheus exited:" >&2; cat "$work/prometheus.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "real-gateway: no answer on http://127.0.0.1:$port/healthz after 30 s" >&2; exit 1; }
    sleep 0.2
  done
  echo "gateway     http://127.0.0.1:$port  (metrics http://127.0.0.1:$metrics/metrics; basic auth from $secrets)"
  echo "prometheus  http://127.0.0.1:$prom  (pid $prom_pid)"
  echo "provider    ${provider%/}"
  echo "Ctrl-C stops both."
  # Whichever ends first ends the other (stop, on EXIT).
  wait -n "$gw_pid" "$prom_pid" || true
  echo "real-gateway: $(kill -0 "$gw_pid" 2>/dev/null && echo prometheus || echo the gateway) exited" >&2
  exit 1
}

case ${1:-} in
  build) shift; build "$@" ;;
  start) shift; start "$@" ;;
  *) usage ;;
esac
