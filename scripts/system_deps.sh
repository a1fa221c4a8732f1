#!/usr/bin/env bash
# Install the system packages the project needs from Debian: chromium for the
# browser tests, and with the argument "bench" also wrk for the web benchmark.
set -euo pipefail
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
if [ "${1:-}" = "bench" ] && ! command -v wrk >/dev/null; then
  needed+=(wrk)
fi
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "Please install Debian's ${needed[*]}:" >&2
  echo "  sudo apt-get install ${needed[*]}" >&2
  exit 0
fi
echo "Installing Debian's ${needed[*]}..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
