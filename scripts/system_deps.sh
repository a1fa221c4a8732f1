#!/usr/bin/env bash
# Install the one system package the browser tests need: Debian's Chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "Browser tests need Debian's chromium at /usr/bin/chromium:" >&2
  echo "  sudo apt-get install chromium" >&2
  exit 0
fi
echo "Installing Debian's chromium for the browser tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
