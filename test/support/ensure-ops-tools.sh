#!/usr/bin/env bash
# The deploy tests (test/deploy-*.e2e-spec.ts) run Debian's nginx, ansible-core, ansible-lint, openssl, curl and
# PostgreSQL's client tools (with Debian's server of the same version).
# Installs the missing ones with apt when this user may (root, or sudo without a password); otherwise
# says loudly what to run, and the deploy tests then fail naming the missing tool (never skipped).
set -euo pipefail
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible-core)
command -v ansible-lint >/dev/null 2>&1 || missing+=(ansible-lint)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The backup script uploads its off-box copies with curl's AWS Signature V4.
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The backup test runs pg_dump, and Debian's server of pg_dump's version when the test server is newer.
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "!!! The deploy tests need ${missing[*]}: run 'sudo apt-get install -y --no-install-recommends ${missing[*]}' first (they fail until then)." >&2
  exit 0
fi
echo "Installing Debian's ${missing[*]} for the deploy tests (apt-get)..."
$SUDO apt-get update -qq
# --no-install-recommends: without it ansible-lint pulls the 259 MB `ansible` collections package.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts nginx as a service on install; the tests run their own on loopback.
if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
echo "Installed: $(/usr/sbin/nginx -v 2>&1), $(ansible-playbook --version | head -n 1), $(ansible-lint --version 2>/dev/null | head -n 1)"
