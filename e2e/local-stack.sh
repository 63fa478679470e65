#!/usr/bin/env bash
# local-stack.sh: the whole Ariadne stack on this machine, for trying it out and for demos.
#
#   e2e/local-stack.sh up     build if needed, start the reference agent (echo), the orchestrator (embedded
#                             PostgreSQL) and Asterisk 22; create a demo tenant, trunk, agent and number; print
#                             how to place a test call
#   e2e/local-stack.sh down   stop all of it (data stays in the state dir)
#   e2e/local-stack.sh status
#
# Settings (environment, defaults in brackets): ARIADNE_STATE_DIR [~/.local/share/ariadne],
# ARIADNE_HTTP_PORT [8080], ARIADNE_DB_PORT [55432], ARIADNE_AGENT_PORT [9090], ARIADNE_SIP_PORT [5060],
# ARIADNE_ARI_PORT [8088], ARIADNE_AMI_PORT [5038], ARIADNE_ADMIN_TOKEN [generated once, kept in the state dir],
# ARIADNE_SECRETS_KEY [generated once, kept in the state dir], ARIADNE_TLS_CERT/KEY/CA [a test CA and a
# certificate for 127.0.0.1 made once in the state dir's tls/: SIP over TLS on ARIADNE_TLS_PORT, 5061, and the
# carrier's on 5071], ARIADNE_INSTANCE [ariadne for the default state dir, else ariadne-<hash of the state dir>:
# the Asterisk instance, whose carrier simulator is carrier<same suffix>]. A second stack beside the first needs its
# own state dir and ports (HTTP, DB, agent, SIP, ARI, TLS, and the carrier's CARRIER_SIP_PORT [5070],
# CARRIER_ARI_PORT [8089], CARRIER_TLS_PORT [5071]). Needs root for Asterisk's chroot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
STATE="${ARIADNE_STATE_DIR:-$HOME/.local/share/ariadne}"
HTTP_PORT="${ARIADNE_HTTP_PORT:-8080}"
export ARIADNE_DB_PORT="${ARIADNE_DB_PORT:-55432}" ARIADNE_DB_NAME=postgres
AGENT_PORT="${ARIADNE_AGENT_PORT:-9090}"
export ARIADNE_SIP_PORT="${ARIADNE_SIP_PORT:-5060}" ARIADNE_ARI_PORT="${ARIADNE_ARI_PORT:-8088}"
export ARIADNE_AMI_PORT="${ARIADNE_AMI_PORT:-5038}"
mkdir -p "$STATE"
STATE="$(cd "$STATE" && pwd)"
# The Asterisk instances follow the state dir, so that stacks with their own state dirs run side by side.
if [[ -n "${ARIADNE_INSTANCE:-}" ]]; then
  INSTANCE="$ARIADNE_INSTANCE"
elif [[ "$STATE" == "$(mkdir -p "$HOME/.local/share/ariadne" && cd "$HOME/.local/share/ariadne" && pwd)" ]]; then
  INSTANCE=ariadne
else
  INSTANCE="ariadne-$(printf '%s' "$STATE" | sha1sum | cut -c1-8)"
fi
CARRIER_INSTANCE="carrier${INSTANCE#ariadne}"
CARRIER_SIP_PORT="${CARRIER_SIP_PORT:-5070}"
log() { printf 'local-stack: %s\n' "$*" >&2; }

java_bin() {
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [[ -n "$j" && -x "$j/bin/java" ]] && { echo "$j/bin/java"; return; }
  done
  command -v java
}

secret() { # secret NAME: read or make a value kept in the state dir
  local f="$STATE/$1"
  [[ -s "$f" ]] || { head -c 32 /dev/urandom | base64 > "$f"; chmod 600 "$f"; }
  cat "$f"
}

started() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

up() {
  local orch="$ROOT/orchestrator/target/ariadne-orchestrator-0.1.0-SNAPSHOT-exec.jar"
  local agent="$ROOT/reference-agent/target/ariadne-reference-agent-0.1.0-SNAPSHOT-exec.jar"
  if [[ ! -f "$orch" || ! -f "$agent" ]]; then
    log "building (./mvnw package -DskipTests)"
    JAVA_HOME="$(dirname "$(dirname "$(java_bin)")")" ./mvnw -B -q -DskipTests package -pl orchestrator,reference-agent -am
  fi
  local java; java="$(java_bin)"
  local admin="${ARIADNE_ADMIN_TOKEN:-$(secret admin-token)}"
  local key="${ARIADNE_SECRETS_KEY:-$(secret secrets-key)}"
  if ! started agent; then
    log "reference agent (echo) on ws://127.0.0.1:$AGENT_PORT/agent"
    nohup "$java" -jar "$agent" --port "$AGENT_PORT" --mode echo > "$STATE/agent.log" 2>&1 &
    echo $! > "$STATE/agent.pid"
  fi
  if ! started orchestrator; then
    log "orchestrator on http://127.0.0.1:$HTTP_PORT (embedded PostgreSQL on $ARIADNE_DB_PORT, data in $STATE/pgdata)"
    ARIADNE_ADMIN_TOKEN="$admin" ARIADNE_SECRETS_KEY="$key" nohup "$java" -jar "$orch" \
      --server.port="$HTTP_PORT" \
      --ariadne.embedded-postgres.port="$ARIADNE_DB_PORT" \
      --ariadne.embedded-postgres.data-dir="$STATE/pgdata" \
      --ariadne.ari.url="http://127.0.0.1:$ARIADNE_ARI_PORT/" --ariadne.ami.port="$ARIADNE_AMI_PORT" > "$STATE/orchestrator.log" 2>&1 &
    echo $! > "$STATE/orchestrator.pid"
  fi
  log "waiting for the orchestrator (log: $STATE/orchestrator.log)"
  local live=no
  for _ in $(seq 1 180); do
    # Liveness: the process serves; readiness (calls can be taken) needs Asterisk, started next.
    if curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health/liveness" >/dev/null; then live=yes; break; fi
    started orchestrator || { tail -n 30 "$STATE/orchestrator.log" >&2; exit 1; }
    sleep 1
  done
  [[ "$live" == yes ]] || { log "the orchestrator did not come up in 180 s"; tail -n 30 "$STATE/orchestrator.log" >&2; exit 1; }
  if [[ -z "${ARIADNE_TLS_CERT:-}" ]]; then
    asterisk-config/asterisk.sh tls-certs "$STATE/tls"
    export ARIADNE_TLS_CERT="$STATE/tls/server.crt" ARIADNE_TLS_KEY="$STATE/tls/server.key" ARIADNE_TLS_CA="$STATE/tls/ca.crt"
    export CARRIER_TLS_CERT="$ARIADNE_TLS_CERT" CARRIER_TLS_KEY="$ARIADNE_TLS_KEY" CARRIER_TLS_CA="$ARIADNE_TLS_CA"
  fi
  # A failure from here on stops what this run started, instead of leaving half a stack running.
  trap 'log "up failed: stopping this stack"; down' ERR
  asterisk-config/asterisk.sh up "$INSTANCE"
  # The carrier simulator (SIP 127.0.0.1:$CARRIER_SIP_PORT): the demo trunk's far end, so that outbound calls have
  # a callee.
  asterisk-config/asterisk.sh up "$CARRIER_INSTANCE"
  await_ready
  trap - ERR
  demo "$admin"
}

# Ready means calls can be taken: the orchestrator's readiness includes its Stasis app being registered in Asterisk
# (its first ARI connect may have timed out while Asterisk was starting, and it retries with backoff).
await_ready() {
  log "waiting until calls can be taken (http://127.0.0.1:$HTTP_PORT/actuator/health/readiness)"
  local body
  for _ in $(seq 1 90); do
    if body=$(curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health/readiness"); then
      return 0
    fi
    sleep 1
  done
  curl -s "http://127.0.0.1:$HTTP_PORT/actuator/health/readiness" >&2 || true
  log "the orchestrator is not ready after 90 s (log: $STATE/orchestrator.log)"
  return 1
}

demo() { # creates the demo tenant once; prints how to call
  local admin="$1" api="http://127.0.0.1:$HTTP_PORT/api/v1" key
  if [[ ! -s "$STATE/demo-api-key" ]]; then
    key=$(curl -sf -X POST "$api/tenants" -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
      -d '{"name":"demo","tier":"pro"}' | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
    local trunk agent
    trunk=$(curl -sf -X POST "$api/trunks" -H "Authorization: Bearer $key" -H 'content-type: application/json' \
      -d '{"name":"loopback","host":"127.0.0.1","port":'"$CARRIER_SIP_PORT"',"allowedIps":["127.0.0.1"],"codecs":["ulaw","alaw"],"username":"ariadne-trunk","password":"s3cret-pass"}' \
      | sed -E 's/^\{"id":"([^"]+)".*/\1/')
    agent=$(curl -sf -X POST "$api/agents" -H "Authorization: Bearer $key" -H 'content-type: application/json' \
      -d "{\"name\":\"echo\",\"url\":\"ws://127.0.0.1:$AGENT_PORT/agent\"}" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
    curl -sf -X POST "$api/numbers" -H "Authorization: Bearer $key" -H 'content-type: application/json' \
      -d "{\"e164\":\"+15551234567\",\"trunkId\":\"$trunk\",\"agentId\":\"$agent\"}" > /dev/null
    echo "$key" > "$STATE/demo-api-key"; chmod 600 "$STATE/demo-api-key"
  fi
  cat <<MSG

Ariadne is up.
  REST API      http://127.0.0.1:$HTTP_PORT/api/v1   (OpenAPI UI: http://127.0.0.1:$HTTP_PORT/swagger-ui.html)
  admin token   $STATE/admin-token     demo tenant API key: $STATE/demo-api-key
  Asterisk      instance $INSTANCE (carrier simulator $CARRIER_INSTANCE, SIP 127.0.0.1:$CARRIER_SIP_PORT)
                SIP udp/tcp 127.0.0.1:$ARIADNE_SIP_PORT, tls 127.0.0.1:${ARIADNE_TLS_PORT:-5061} (CA: ${ARIADNE_TLS_CA:-system}), ARI http://127.0.0.1:$ARIADNE_ARI_PORT/ari
  agent         echo, ws://127.0.0.1:$AGENT_PORT/agent (you hear yourself)

Place a test call to the demo number +15551234567 from 127.0.0.1 (the demo trunk's allowed IP), e.g. with sipp
(Debian package sip-tester), which plays a recorded RTP stream (its pcap copied into the state dir) and hangs up:
  cd $STATE && mkdir -p pcap && cp /usr/share/sip-tester/*.pcap pcap/ && sipp -sn uac_pcap -s 15551234567 127.0.0.1:$ARIADNE_SIP_PORT -m 1 -p 5072
Then list the call:
  curl -s -H "Authorization: Bearer \$(cat $STATE/demo-api-key)" http://127.0.0.1:$HTTP_PORT/api/v1/calls
Place an outbound call from the demo number through the demo trunk to the carrier simulator (127.0.0.1:$CARRIER_SIP_PORT),
which answers, says "hello world" to the agent and hangs up; then read the call with its attempts:
  curl -s -X POST http://127.0.0.1:$HTTP_PORT/api/v1/calls -H "Authorization: Bearer \$(cat $STATE/demo-api-key)" \\
    -H 'content-type: application/json' -d '{"to":"+15557654321","from":"+15551234567"}'
  curl -s -H "Authorization: Bearer \$(cat $STATE/demo-api-key)" http://127.0.0.1:$HTTP_PORT/api/v1/calls/<id>
MSG
}

down() {
  asterisk-config/asterisk.sh down "$CARRIER_INSTANCE" || true
  asterisk-config/asterisk.sh down "$INSTANCE" || true
  for p in orchestrator agent; do
    if started "$p"; then kill "$(cat "$STATE/$p.pid")"; log "stopped $p"; fi
    rm -f "$STATE/$p.pid"
  done
}

status() {
  for p in agent orchestrator; do
    if started "$p"; then echo "$p: running (pid $(cat "$STATE/$p.pid"))"; else echo "$p: stopped"; fi
  done
  asterisk-config/asterisk.sh status "$INSTANCE" || true
  asterisk-config/asterisk.sh status "$CARRIER_INSTANCE" || true
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
