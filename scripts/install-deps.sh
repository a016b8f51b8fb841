#!/bin/sh
# Install the Debian packages newsfacts needs to build and test, when missing.
# Needs root for apt-get; prints what to install otherwise.
set -eu
need=""
for pkg in build-essential pkg-config libcsv-dev libutf8proc-dev libcmocka-dev libjansson-dev jq python3 parallel valgrind cppcheck; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$need (run: sudo apt-get install$need)" >&2
  exit 1
fi
echo "install-deps: installing$need"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
