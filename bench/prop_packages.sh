#!/usr/bin/env bash
# Longer run of the package property tests (convergence across devices, convergence whatever the order of
# imports and trust events at a clerk, flipped bytes, truncation).
# Usage: bench/prop_packages.sh [EXAMPLES]   (CI runs 25; default here 500)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
PKG_PROPERTY_EXAMPLES=${1:-500} QT_QPA_PLATFORM=offscreen "$PY" -m pytest -q tests/models/test_packages_props.py tests/models/test_converge.py \
  --hypothesis-show-statistics -p no:cacheprovider
