#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the browser tests (Neo4j Browser, /docs,
# /redoc). Idempotent: does nothing when both are there. Needs root (CI runs as root) or sudo.
# The tests drive /usr/bin/chromium from Python; no browser is ever downloaded by a test tool.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "==> chromium present: $(chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "==> no apt-get: install Chromium by hand; the browser tests skip without it" >&2
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "==> installing chromium and chromium-driver (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
wait_lock=(-o DPkg::Lock::Timeout=600)  # another install may hold the dpkg lock for a while
"${as_root[@]}" apt-get "${wait_lock[@]}" update -qq
"${as_root[@]}" apt-get "${wait_lock[@]}" install -y -qq chromium chromium-driver >/dev/null
echo "==> $(chromium --version)"
