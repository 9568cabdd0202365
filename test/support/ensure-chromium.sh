#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's Chromium (/usr/bin/chromium). Installs it with apt when it
# is missing and this user may (root, or sudo without a password); otherwise says what to run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "The browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium' first." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests (apt-get)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "Chromium installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
