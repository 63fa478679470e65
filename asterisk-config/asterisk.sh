#!/usr/bin/env bash
# asterisk.sh: run Asterisk 22 instances for Ariadne on a bare machine.
#
# Usage:
#   asterisk.sh rootfs                     ensure an Asterisk installation (native, or a cached Debian sid rootfs)
#   asterisk.sh up     [instance]          render config into the instance's run dir, start, wait for ARI
#   asterisk.sh down   [instance]          stop the instance (core stop now, then kill); unmount when none is left
#   asterisk.sh cli    [instance] "<cmd>"  run a CLI command (asterisk -rx)
#   asterisk.sh status [instance]          show instances, pids, ports
#   asterisk.sh render [instance]          only render the config (for inspection)
#   asterisk.sh env    [instance]          print the instance's resolved settings (shell assignments)
#   asterisk.sh tls-certs DIR              make DIR/ca.crt and DIR/server.{crt,key} (for 127.0.0.1 and
#                                          localhost) with openssl, once: existing files are kept
#
# instance defaults to "ariadne". The profile (which config set under asterisk-config/ is used) is
# "carrier" for instance names starting with "carrier", else "ariadne"; ARIADNE_ASTERISK_PROFILE overrides.
#
# Variables (defaults in brackets):
#   Ariadne profile
#     ARIADNE_DB_HOST [127.0.0.1]  ARIADNE_DB_PORT [5432]  ARIADNE_DB_NAME [ariadne]
#     ARIADNE_DB_USER [asterisk]   ARIADNE_DB_PASSWORD [asterisk]
#         PostgreSQL role whose search_path is the `asterisk` schema holding the ps_* tables.
#     ARIADNE_SIP_BIND [127.0.0.1] ARIADNE_SIP_PORT [5060]       PJSIP UDP and TCP transports
#     ARIADNE_ARI_BIND [127.0.0.1] ARIADNE_ARI_PORT [8088]       ARI HTTP server
#     ARIADNE_ARI_USER [ariadne]   ARIADNE_ARI_PASSWORD [ariadne]
#     ARIADNE_ARI_ALLOWED_ORIGINS [http://localhost:8080]
#     ARIADNE_AMI_BIND [127.0.0.1] ARIADNE_AMI_PORT [5038]       manager interface (AMI), which the orchestrator reads
#     ARIADNE_AMI_USER [ariadne]   ARIADNE_AMI_PASSWORD [ariadne]  registration state and qualify round trips from
#     ARIADNE_RTP_START [10000]    ARIADNE_RTP_END [10999]
#     ARIADNE_STASIS_APP [ariadne]
#     ARIADNE_TLS_CERT  ARIADNE_TLS_KEY  PEM server certificate (chain) and key; with both set, a PJSIP TLS
#         transport (transport-tls) listens on ARIADNE_SIP_BIND:ARIADNE_TLS_PORT [5061]; without, there is none
#     ARIADNE_TLS_CA    PEM CA bundle that carriers' certificates are verified against on outbound TLS
#         connections (verify_server=yes) [the host's /etc/ssl/certs/ca-certificates.crt]
#     ARIADNE_TLS_VERIFY_SERVER [yes]
#     ARIADNE_TLS_METHOD [tlsv1_2]  tlsv1_2 or tlsv1_3 (pjproject: exactly that version), or sslv23 (1.2 and 1.3:
#         OpenSSL 3 refuses 1.0 and 1.1 at its default security level)
#     ARIADNE_CLUSTER [no]  yes: one node of several sharing the database; outbound registrations are read from the
#         view ps_registrations_cluster, which shows them only to the node whose orchestrator holds the registrar
#         lease (README "Several nodes"), so a carrier sees one registration per trunk
#   Carrier profile (carrier simulator for end-to-end tests; static config, no database)
#     CARRIER_SIP_BIND [127.0.0.1] CARRIER_SIP_PORT [5070]
#     CARRIER_ARI_BIND [127.0.0.1] CARRIER_ARI_PORT [8089]
#     CARRIER_ARI_USER [carrier]   CARRIER_ARI_PASSWORD [carrier]
#     CARRIER_RTP_START [20000]    CARRIER_RTP_END [20999]
#     CARRIER_STASIS_APP [carrier]
#     CARRIER_TRUNK_USER [ariadne-trunk]  CARRIER_TRUNK_PASSWORD [s3cret-pass]  digest credentials Ariadne must use
#     CARRIER_TLS_CERT  CARRIER_TLS_KEY  CARRIER_TLS_CA  CARRIER_TLS_PORT [5071]  CARRIER_TLS_VERIFY_SERVER [yes]
#     CARRIER_TLS_METHOD [tlsv1_2]   as for Ariadne: TLS transport and the TLS/SRTP endpoints (pjsip_tls.conf)
#     (calls to Ariadne go to ARIADNE_SIP_BIND:ARIADNE_SIP_PORT, or ARIADNE_TLS_PORT over TLS, 0.0.0.0 meaning 127.0.0.1)
#     CARRIER_ARIADNE_MATCH [that host]  the addresses Ariadne's requests come from (identify match, comma-separated):
#         behind a SIP edge, the edge and every node (each node registers and dials directly)
#   Runtime
#     ARIADNE_NETNS                  run the Asterisk process inside this network namespace (`ip netns`), as a host of
#                                    its own (the multi-node e2e test); the CLI and ARI are reached from outside
#     ARIADNE_ASTERISK_MODE [auto]   native | chroot; auto = native when `asterisk` is on PATH
#     ARIADNE_ASTERISK_ROOTFS [/var/cache/ariadne/asterisk-rootfs]   chroot mode: the Debian sid rootfs
#     ARIADNE_ASTERISK_RUN_BASE      native mode: run dirs [/tmp/ariadne-asterisk]; chroot mode they are
#                                    always ROOTFS/var/lib/ariadne/<instance> (the chroot sees only its tree)
#     ARIADNE_ASTERISK_TIMEOUT [60]  seconds to wait for ARI
#     ARIADNE_DEBIAN_MIRROR          mirror for debootstrap [the host's apt mirror]
#
# Run as root (chroot, mounts). Idempotent: `up` on a running instance only waits for ARI; `rootfs` is
# instant when the rootfs is cached.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # "&" in a value must stay literal when rendering

CONFIG_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOTFS="${ARIADNE_ASTERISK_ROOTFS:-/var/cache/ariadne/asterisk-rootfs}"
TIMEOUT="${ARIADNE_ASTERISK_TIMEOUT:-60}"

log() { printf 'asterisk.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

mode() {
  case "${ARIADNE_ASTERISK_MODE:-auto}" in
    native | chroot) echo "${ARIADNE_ASTERISK_MODE}" ;;
    auto) if command -v asterisk >/dev/null 2>&1; then echo native; else echo chroot; fi ;;
    *) die "ARIADNE_ASTERISK_MODE must be native, chroot or auto" ;;
  esac
}

# ---------------------------------------------------------------- rootfs

host_mirror() {
  # The mirror the host's apt already uses, so the rootfs comes from the same place.
  local uri
  uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
  if [[ -z "$uri" ]]; then
    uri="$(grep -hsE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
  fi
  echo "$uri"
}

cmd_rootfs() {
  if [[ "$(mode)" == native ]]; then
    log "native Asterisk: $(command -v asterisk) ($(asterisk -V 2>/dev/null || echo '?'))"
    return 0
  fi
  if [[ -x "$ROOTFS/usr/sbin/asterisk" ]]; then
    log "cached rootfs: $ROOTFS ($(chroot "$ROOTFS" asterisk -V))"
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "building the rootfs needs root"
  mkdir -p "$(dirname "$ROOTFS")"
  # One builder at a time; a second caller waits and then finds the finished rootfs.
  exec 9>"$ROOTFS.lock"
  flock 9
  if [[ -x "$ROOTFS/usr/sbin/asterisk" ]]; then
    log "rootfs built meanwhile: $ROOTFS"
    return 0
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  local tmp="$ROOTFS.building.$$" mirror
  mirror="${ARIADNE_DEBIAN_MIRROR:-$(host_mirror)}"
  rm -rf "$tmp"
  log "building Debian sid rootfs with Asterisk in $tmp (about 2 minutes, ~500 MB)"
  # shellcheck disable=SC2086 # an empty mirror means debootstrap's default
  debootstrap --variant=minbase \
    --include=asterisk,asterisk-modules,asterisk-core-sounds-en-wav \
    sid "$tmp" $mirror 2>&1 | sed -u 's/^/  debootstrap: /' >&2
  [[ -x "$tmp/usr/sbin/asterisk" ]] || die "debootstrap finished without asterisk in $tmp"
  mv "$tmp" "$ROOTFS" # only a complete rootfs ever gets the final name
  log "rootfs ready: $ROOTFS ($(chroot "$ROOTFS" asterisk -V))"
}

# ---------------------------------------------------------------- instance settings

# Sets INSTANCE PROFILE RUN_HOST RUN_DIR and the template variables for instance $1.
load_instance() {
  INSTANCE="${1:-ariadne}"
  [[ "$INSTANCE" =~ ^[A-Za-z0-9_-]+$ ]] || die "bad instance name: $INSTANCE"
  if [[ -n "${ARIADNE_ASTERISK_PROFILE:-}" ]]; then
    PROFILE="$ARIADNE_ASTERISK_PROFILE"
  elif [[ "$INSTANCE" == carrier* ]]; then
    PROFILE=carrier
  else
    PROFILE=ariadne
  fi
  [[ -d "$CONFIG_HOME/$PROFILE" ]] || die "no config profile $CONFIG_HOME/$PROFILE"

  MODE="$(mode)"
  if [[ "$MODE" == chroot ]]; then
    RUN_DIR="/var/lib/ariadne/$INSTANCE" # as Asterisk sees it
    RUN_HOST="$ROOTFS$RUN_DIR"           # as the host sees it
  else
    RUN_DIR="${ARIADNE_ASTERISK_RUN_BASE:-/tmp/ariadne-asterisk}/$INSTANCE"
    RUN_HOST="$RUN_DIR"
  fi

  local ariadne_sip_host="${ARIADNE_SIP_BIND:-127.0.0.1}"
  [[ "$ariadne_sip_host" == 0.0.0.0 ]] && ariadne_sip_host=127.0.0.1
  if [[ "$PROFILE" == carrier ]]; then
    SIP_BIND="${CARRIER_SIP_BIND:-127.0.0.1}" SIP_PORT="${CARRIER_SIP_PORT:-5070}"
    ARI_BIND="${CARRIER_ARI_BIND:-127.0.0.1}" ARI_PORT="${CARRIER_ARI_PORT:-8089}"
    ARI_USER="${CARRIER_ARI_USER:-carrier}" ARI_PASSWORD="${CARRIER_ARI_PASSWORD:-carrier}"
    ARI_ALLOWED_ORIGINS="${CARRIER_ARI_ALLOWED_ORIGINS:-http://localhost:8080}"
    RTP_START="${CARRIER_RTP_START:-20000}" RTP_END="${CARRIER_RTP_END:-20999}"
    STASIS_APP="${CARRIER_STASIS_APP:-carrier}"
    TRUNK_USER="${CARRIER_TRUNK_USER:-ariadne-trunk}" TRUNK_PASSWORD="${CARRIER_TRUNK_PASSWORD:-s3cret-pass}"
    ARIADNE_SIP_HOST="$ariadne_sip_host" ARIADNE_SIP_PORT="${ARIADNE_SIP_PORT:-5060}"
    ARIADNE_MATCH="${CARRIER_ARIADNE_MATCH:-$ariadne_sip_host}"
    TLS_PORT="${CARRIER_TLS_PORT:-5071}" TLS_CERT="${CARRIER_TLS_CERT:-}" TLS_KEY="${CARRIER_TLS_KEY:-}"
    TLS_CA="${CARRIER_TLS_CA:-}" TLS_VERIFY_SERVER="${CARRIER_TLS_VERIFY_SERVER:-yes}"
    TLS_METHOD="${CARRIER_TLS_METHOD:-tlsv1_2}"
    DB_HOST="" DB_PORT="" DB_NAME="" DB_USER="" DB_PASSWORD=""
    AMI_BIND="" AMI_PORT="" AMI_USER="" AMI_PASSWORD="" # the carrier profile has no manager.conf: no AMI
  else
    SIP_BIND="${ARIADNE_SIP_BIND:-127.0.0.1}" SIP_PORT="${ARIADNE_SIP_PORT:-5060}"
    ARI_BIND="${ARIADNE_ARI_BIND:-127.0.0.1}" ARI_PORT="${ARIADNE_ARI_PORT:-8088}"
    ARI_USER="${ARIADNE_ARI_USER:-ariadne}" ARI_PASSWORD="${ARIADNE_ARI_PASSWORD:-ariadne}"
    ARI_ALLOWED_ORIGINS="${ARIADNE_ARI_ALLOWED_ORIGINS:-http://localhost:8080}"
    AMI_BIND="${ARIADNE_AMI_BIND:-127.0.0.1}" AMI_PORT="${ARIADNE_AMI_PORT:-5038}"
    AMI_USER="${ARIADNE_AMI_USER:-ariadne}" AMI_PASSWORD="${ARIADNE_AMI_PASSWORD:-ariadne}"
    RTP_START="${ARIADNE_RTP_START:-10000}" RTP_END="${ARIADNE_RTP_END:-10999}"
    STASIS_APP="${ARIADNE_STASIS_APP:-ariadne}"
    DB_HOST="${ARIADNE_DB_HOST:-127.0.0.1}" DB_PORT="${ARIADNE_DB_PORT:-5432}" DB_NAME="${ARIADNE_DB_NAME:-ariadne}"
    DB_USER="${ARIADNE_DB_USER:-asterisk}" DB_PASSWORD="${ARIADNE_DB_PASSWORD:-asterisk}"
    TRUNK_USER="" TRUNK_PASSWORD="" ARIADNE_SIP_HOST="$ariadne_sip_host" ARIADNE_SIP_PORT="$SIP_PORT" ARIADNE_MATCH=""
    TLS_PORT="${ARIADNE_TLS_PORT:-5061}" TLS_CERT="${ARIADNE_TLS_CERT:-}" TLS_KEY="${ARIADNE_TLS_KEY:-}"
    TLS_CA="${ARIADNE_TLS_CA:-}" TLS_VERIFY_SERVER="${ARIADNE_TLS_VERIFY_SERVER:-yes}"
    TLS_METHOD="${ARIADNE_TLS_METHOD:-tlsv1_2}"
  fi
  case "${ARIADNE_CLUSTER:-no}" in
    yes) REGISTRATION_TABLE=ps_registrations_cluster ;;
    no) REGISTRATION_TABLE=ps_registrations ;;
    *) die "ARIADNE_CLUSTER must be yes or no, not '${ARIADNE_CLUSTER}'" ;;
  esac
  NETNS="${ARIADNE_NETNS:-}"
  [[ -z "$NETNS" || -e "/run/netns/$NETNS" ]] || die "no network namespace '$NETNS' (ip netns list)"
  ARIADNE_TLS_PORT="${ARIADNE_TLS_PORT:-5061}"
  if [[ -n "$TLS_CERT" || -n "$TLS_KEY" ]]; then
    [[ -r "$TLS_CERT" && -r "$TLS_KEY" ]] || die "TLS needs a readable certificate and key (got '$TLS_CERT', '$TLS_KEY')"
    [[ -z "$TLS_CA" || -r "$TLS_CA" ]] || die "TLS CA bundle '$TLS_CA' is not readable"
    case "$TLS_METHOD" in tlsv1_2 | tlsv1_3 | sslv23) ;; *) die "TLS method must be tlsv1_2, tlsv1_3 or sslv23, not '$TLS_METHOD'" ;; esac
    TLS_ENABLED=1
  else
    TLS_ENABLED=0
  fi
  # Without a CA bundle of its own, the host's system bundle (the rootfs has none). Asterisk reads copies in the
  # run dir (a chroot sees only its tree).
  [[ -n "$TLS_CA" || ! -r /etc/ssl/certs/ca-certificates.crt ]] || TLS_CA=/etc/ssl/certs/ca-certificates.crt
  TLS_CA_FILE="$RUN_DIR/keys/ca.crt"
  ARI_HOST="$ARI_BIND"
  [[ "$ARI_HOST" == 0.0.0.0 ]] && ARI_HOST=127.0.0.1
  ARI_URL="http://$ARI_HOST:$ARI_PORT/ari"
  CONF="$RUN_DIR/etc/asterisk.conf"
}

# The only names substituted in templates; anything else in ${...} (dialplan variables) stays as is.
TEMPLATE_VARS=(INSTANCE RUN_DIR SIP_BIND SIP_PORT ARI_BIND ARI_PORT ARI_USER ARI_PASSWORD ARI_ALLOWED_ORIGINS
  RTP_START RTP_END STASIS_APP DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD TRUNK_USER TRUNK_PASSWORD
  ARIADNE_SIP_HOST ARIADNE_SIP_PORT ARIADNE_TLS_PORT TLS_PORT TLS_CA_FILE TLS_VERIFY_SERVER TLS_METHOD
  REGISTRATION_TABLE ARIADNE_MATCH AMI_BIND AMI_PORT AMI_USER AMI_PASSWORD)

render_file() { # template -> output
  local text name
  text="$(<"$1")"
  for name in "${TEMPLATE_VARS[@]}"; do
    text="${text//"\${$name}"/${!name}}"
  done
  printf '%s\n' "$text" >"$2"
}

cmd_render() {
  # spool/recording: ARI recordings land there, and Asterisk does not create it itself.
  mkdir -p "$RUN_HOST"/{etc,run,log,spool/recording,db,cache}
  rm -f "$RUN_HOST"/etc/*.conf
  local f
  # common/ first, then the profile's own files (same name wins).
  for f in "$CONFIG_HOME"/common/*.conf "$CONFIG_HOME/$PROFILE"/*.conf; do
    render_file "$f" "$RUN_HOST/etc/$(basename "$f")"
  done
  chmod 600 "$RUN_HOST"/etc/*.conf # passwords
  rm -rf "$RUN_HOST/keys"
  if ((TLS_ENABLED)); then
    install -d -m 700 "$RUN_HOST/keys"
    install -m 644 "$TLS_CERT" "$RUN_HOST/keys/tls.crt"
    install -m 600 "$TLS_KEY" "$RUN_HOST/keys/tls.key"
    if [[ -n "$TLS_CA" ]]; then install -m 644 "$TLS_CA" "$RUN_HOST/keys/ca.crt"; else : >"$RUN_HOST/keys/ca.crt"; fi
  else
    rm -f "$RUN_HOST/etc/pjsip_tls.conf" # no certificate: no TLS transport (and no TLS endpoints)
  fi
  cmd_env >"$RUN_HOST/instance.env"
  log "rendered $PROFILE config for '$INSTANCE' into $RUN_HOST/etc"
}

cmd_env() {
  cat <<EOF
INSTANCE=$INSTANCE
PROFILE=$PROFILE
RUN_DIR=$RUN_HOST
ARI_URL=$ARI_URL
ARI_USER=$ARI_USER
ARI_PASSWORD=$ARI_PASSWORD
AMI_PORT=$AMI_PORT
STASIS_APP=$STASIS_APP
SIP_BIND=$SIP_BIND
SIP_PORT=$SIP_PORT
TLS_PORT=$( ((TLS_ENABLED)) && echo "$TLS_PORT")
RTP_START=$RTP_START
RTP_END=$RTP_END
RECORDINGS_DIR=$RUN_HOST/spool/recording
LOG=$RUN_HOST/log/messages.log
EOF
}

# ---------------------------------------------------------------- process control

ast() { # asterisk with this instance's config
  if [[ "$MODE" == chroot ]]; then
    chroot "$ROOTFS" asterisk -C "$CONF" "$@"
  else
    asterisk -C "$CONF" "$@"
  fi
}

instance_pid() { # prints the pid when the instance's process is alive
  local pid
  pid="$(cat "$RUN_HOST/run/asterisk.pid" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ari_ready() {
  curl -fsS -m 2 -u "$ARI_USER:$ARI_PASSWORD" "$ARI_URL/asterisk/info" >/dev/null 2>&1
}

mount_rootfs() {
  mountpoint -q "$ROOTFS/proc" || mount -t proc proc "$ROOTFS/proc"
  mountpoint -q "$ROOTFS/dev" || mount --bind /dev "$ROOTFS/dev"
  # Name resolution inside the chroot (e.g. ARIADNE_DB_HOST=localhost).
  local f
  for f in hosts resolv.conf; do
    [[ -f /etc/$f ]] && ! cmp -s "/etc/$f" "$ROOTFS/etc/$f" && cp "/etc/$f" "$ROOTFS/etc/$f"
  done
  return 0
}

rootfs_in_use() { # any process whose root is the rootfs
  local p root
  for p in /proc/[0-9]*; do
    root="$(readlink "$p/root" 2>/dev/null || true)"
    [[ "$root" == "$ROOTFS" ]] && return 0
  done
  return 1
}

umount_rootfs_if_unused() {
  if rootfs_in_use; then
    log "rootfs still used by other processes: leaving /proc and /dev mounted"
    return 0
  fi
  mountpoint -q "$ROOTFS/dev" && umount "$ROOTFS/dev"
  mountpoint -q "$ROOTFS/proc" && umount "$ROOTFS/proc"
  log "no instance left: unmounted $ROOTFS/proc and $ROOTFS/dev"
}

wait_for_ari() {
  local deadline=$((SECONDS + TIMEOUT))
  until ari_ready; do
    if [[ -z "$(instance_pid)" ]] && ((SECONDS > 3)); then
      log "Asterisk '$INSTANCE' is not running; last log lines:"
      tail -n 30 "$RUN_HOST/log/messages.log" "$RUN_HOST/log/startup.log" 2>/dev/null >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "ARI at $ARI_URL did not answer within ${TIMEOUT}s; see $RUN_HOST/log/messages.log"
      return 1
    fi
    sleep 0.5
  done
}

cmd_up() {
  cmd_rootfs
  [[ "$MODE" == chroot ]] && mount_rootfs
  if [[ -n "$(instance_pid)" ]]; then
    log "'$INSTANCE' already running (pid $(instance_pid)); run 'down' first to apply config changes"
  else
    cmd_render
    rm -f "$RUN_HOST/run/asterisk.ctl" "$RUN_HOST/run/asterisk.pid"
    log "starting Asterisk '$INSTANCE' ($MODE)"
    SECONDS=0
    # Daemon mode: Asterisk forks and writes run/asterisk.pid; early errors land in startup.log.
    local netns=()
    [[ -n "$NETNS" ]] && netns=(ip netns exec "$NETNS")
    local run=(asterisk -C "$CONF")
    [[ "$MODE" == chroot ]] && run=(chroot "$ROOTFS" "${run[@]}")
    "${netns[@]}" "${run[@]}" >"$RUN_HOST/log/startup.log" 2>&1 || {
      cat "$RUN_HOST/log/startup.log" >&2
      die "asterisk failed to start"
    }
  fi
  wait_for_ari || die "'$INSTANCE' did not come up"
  if [[ "$PROFILE" == ariadne ]]; then
    # Asterisk starts even when the database is unreachable; say so instead of failing calls later.
    local pg
    pg="$(ast -rx "realtime show pgsql status" 2>&1 || true)"
    [[ "$pg" == Connected* ]] || log "warning: realtime database not connected ($DB_USER@$DB_HOST:$DB_PORT/$DB_NAME): $pg"
  fi
  local tls=""
  ((TLS_ENABLED)) && tls=", tls $SIP_BIND:$TLS_PORT"
  log "'$INSTANCE' is up (pid $(instance_pid)): SIP $SIP_BIND:$SIP_PORT udp+tcp$tls, ARI $ARI_URL ($ARI_USER), app '$STASIS_APP'"
  log "logs: $RUN_HOST/log/messages.log  recordings: $RUN_HOST/spool/recording  settings: $RUN_HOST/instance.env"
}

cmd_down() {
  local pid
  pid="$(instance_pid || true)"
  if [[ -z "$pid" ]]; then
    log "'$INSTANCE' is not running"
  else
    log "stopping '$INSTANCE' (pid $pid)"
    ast -rx "core stop now" >/dev/null 2>&1 || true
    local i
    for i in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "still running: SIGTERM"
      kill "$pid" 2>/dev/null || true
      sleep 2
      kill -0 "$pid" 2>/dev/null && { log "SIGKILL"; kill -9 "$pid" 2>/dev/null || true; }
    fi
    rm -f "$RUN_HOST/run/asterisk.pid" "$RUN_HOST/run/asterisk.ctl"
    log "'$INSTANCE' stopped"
  fi
  [[ "$MODE" == chroot ]] && umount_rootfs_if_unused
  return 0
}

cmd_cli() {
  [[ -n "$(instance_pid)" ]] || die "'$INSTANCE' is not running"
  ast -rx "$1"
}

status_one() {
  local pid
  pid="$(instance_pid || true)"
  if [[ -n "$pid" ]]; then
    local ari=down
    ari_ready && ari=up
    printf '%-12s running pid %-7s profile %-8s SIP %s:%s  ARI %s (%s)  run dir %s\n' \
      "$INSTANCE" "$pid" "$PROFILE" "$SIP_BIND" "$SIP_PORT" "$ARI_URL" "$ari" "$RUN_HOST"
  else
    printf '%-12s stopped  profile %-8s run dir %s\n' "$INSTANCE" "$PROFILE" "$RUN_HOST"
  fi
}

cmd_status() {
  if [[ -n "${1:-}" ]]; then
    load_instance "$1"
    status_one
    return 0
  fi
  load_instance ariadne
  local base="${RUN_HOST%/*}" dir found=0
  for dir in "$base"/*/; do
    [[ -d "$dir/etc" ]] || continue
    load_instance "$(basename "$dir")"
    status_one
    found=1
  done
  ((found)) || log "no instances under $base"
  return 0
}

# ---------------------------------------------------------------- certificates

cmd_tls_certs() { # DIR: a CA and a server certificate signed by it, made once
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: asterisk.sh tls-certs DIR"
  mkdir -p "$dir"
  exec 8>"$dir/.lock"
  flock 8
  if [[ -s "$dir/ca.crt" && -s "$dir/server.crt" && -s "$dir/server.key" ]]; then
    log "TLS certificates already in $dir"
    return 0
  fi
  local tmp
  tmp="$(mktemp -d "$dir/.new.XXXXXX")"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=Ariadne test CA" -keyout "$tmp/ca.key" -out "$tmp/ca.crt" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$tmp/server.key" -out "$tmp/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n' >"$tmp/ext"
  openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 3650 \
    -extfile "$tmp/ext" -out "$tmp/server.crt" 2>/dev/null
  chmod 600 "$tmp"/*.key
  mv "$tmp/ca.key" "$tmp/ca.crt" "$tmp/server.key" "$tmp/server.crt" "$dir/"
  rm -rf "$tmp"
  log "made a CA ($dir/ca.crt) and a server certificate for 127.0.0.1/localhost ($dir/server.crt, server.key)"
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    rootfs) cmd_rootfs ;;
    up) load_instance "${1:-}" && cmd_up ;;
    down) load_instance "${1:-}" && cmd_down ;;
    render) load_instance "${1:-}" && cmd_render ;;
    env) load_instance "${1:-}" && cmd_env ;;
    status) cmd_status "${1:-}" ;;
    tls-certs) cmd_tls_certs "${1:-}" ;;
    cli)
      if (($# >= 2)); then
        load_instance "$1" && cmd_cli "$2"
      elif (($# == 1)); then
        load_instance ariadne && cmd_cli "$1"
      else
        die 'usage: asterisk.sh cli [instance] "<command>"'
      fi
      ;;
    *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; [[ -z "$cmd" || "$cmd" == -h || "$cmd" == help ]] ;;
  esac
}

main "$@"
