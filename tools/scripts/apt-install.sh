#!/usr/bin/env bash
# Installs Debian packages for a test set-up (JDK, Chromium, promtool, …) when a command is missing:
#   tools/scripts/apt-install.sh COMMAND PACKAGE [PACKAGE…]
# Exits 0 when COMMAND is (now) on PATH. Serialised with a lock: nx runs projects in parallel and dpkg allows one
# writer. Needs root on Debian (CI and the dev machines); elsewhere it says so and exits 1.
set -euo pipefail
command=$1
shift
log() { echo "[apt-install] $*" >&2; }
if command -v "$command" >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "$command is missing and cannot be installed here (needs root and apt-get): install $* yourself"
  exit 1
fi
exec 9>/tmp/its-apt-install.lock
flock 9
if command -v "$command" >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
# One `apt-get update` per boot of the lists, then the install.
if [ ! -f /tmp/its-apt-updated ]; then apt-get update -qq >&2 && touch /tmp/its-apt-updated; fi
log "installing $* from Debian packages"
apt-get install -y -qq --no-install-recommends "$@" >&2
command -v "$command" >/dev/null 2>&1
