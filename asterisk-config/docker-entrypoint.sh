#!/usr/bin/env bash
# Container entry point: renders the instance's configuration with asterisk.sh (environment variables as
# documented in asterisk-config/README.md) and runs Asterisk in the foreground, so that the container lives and
# dies with it. ARIADNE_ASTERISK_INSTANCE [ariadne] picks the instance (carrier* gives the carrier profile).
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
instance="${ARIADNE_ASTERISK_INSTANCE:-ariadne}"
"$here/asterisk.sh" render "$instance"
run_dir="$("$here/asterisk.sh" env "$instance" | sed -n 's/^RUN_DIR=//p')"
exec asterisk -f -C "$run_dir/etc/asterisk.conf"
