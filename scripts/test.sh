#!/usr/bin/env bash
# Runs every test: installs the third-party exporters and tools the interop tests drive (Debian
# packages), then the Maven build with unit tests (surefire) and integration tests (failsafe).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
need=()
command -v nfcapd    >/dev/null 2>&1 || need+=(nfdump)
command -v softflowd >/dev/null 2>&1 || need+=(softflowd)
command -v tshark    >/dev/null 2>&1 || need+=(tshark)
command -v pmacctd   >/dev/null 2>&1 || need+=(pmacct)
command -v fprobe    >/dev/null 2>&1 || need+=(fprobe)
command -v tcpreplay >/dev/null 2>&1 || need+=(tcpreplay)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}..." >&2
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
exec mvn -B verify "$@"
