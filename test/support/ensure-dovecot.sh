#!/usr/bin/env bash
# The mailbox intake test (test/mail-intake.e2e-spec.ts) runs Debian's Dovecot as its IMAP server on a
# loopback port, with its own configuration in a temporary directory (test/support/dovecot.ts).
# Installs dovecot-imapd with apt when it is missing and this user may (root, or sudo without a
# password); otherwise says loudly what to run, and the test then fails naming it (never skipped).
set -euo pipefail
[ -x /usr/sbin/dovecot ] && exit 0
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "!!! The mailbox intake test needs Dovecot: run 'sudo apt-get install -y --no-install-recommends dovecot-imapd' first (it fails until then)." >&2
  exit 0
fi
echo "Installing Debian's dovecot-imapd for the mailbox intake test (apt-get)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
# Debian may start the system's Dovecot on install (ports 143 and 993 on every address); the test
# runs its own on loopback, so the system one is stopped and left off.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now dovecot >/dev/null 2>&1 || true
else
  $SUDO /usr/sbin/dovecot stop >/dev/null 2>&1 || true
fi
echo "Installed: $(/usr/sbin/dovecot --version)"
