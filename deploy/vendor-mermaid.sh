#!/usr/bin/env bash
# Vendors Mermaid's browser build into the package, so the Human Mirror's HTML
# view draws its diagrams with nothing loaded from outside the machine.
#
# `npm pack` fetches the pinned release from the npm registry (npm checks the
# tarball against the registry's integrity hash); its dist/mermaid.min.js and
# LICENSE land in atocore/services/mirror/static/ (git-ignored, shipped as
# package data). Idempotent: nothing is fetched when that version is there.
# Without npm it says so and exits 0: the pages then show diagrams as text.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${ATOCORE_MERMAID_VERSION:-12.3.0}"
target=atocore/services/mirror/static
stamp="$target/mermaid.version"

if [ -f "$target/mermaid.min.js" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$VERSION" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "==> npm not found: the Mirror's HTML view will show diagrams as text (install npm, rerun $0)" >&2
  exit 0
fi
echo "==> vendoring mermaid $VERSION (npm registry) into $target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "mermaid@$VERSION" --silent >/dev/null)
tar -xzf "$work/mermaid-$VERSION.tgz" -C "$work" package/dist/mermaid.min.js package/LICENSE
mkdir -p "$target"
cp "$work/package/dist/mermaid.min.js" "$target/mermaid.min.js"
cp "$work/package/LICENSE" "$target/mermaid.LICENSE"
echo "$VERSION" > "$stamp"
