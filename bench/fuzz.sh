#!/usr/bin/env bash
# Longer fuzzing runs: malformed answers files for `forms evaluate`, structured attacks on transfer
# packages (altered manifests and records re-signed by an attacker key, audit rows, decisions) and
# hostile names through store, views, exports, PDFs and packages.
# Usage: bench/fuzz.sh [EXAMPLES]   (the test suite runs 60 per property; default here 2000)
# The crash torture is separate: python bench/torture.py --rounds 300
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
FUZZ_EXAMPLES=${1:-2000} QT_QPA_PLATFORM=offscreen "$PY" -m pytest -q \
  tests/reliability/test_fuzz_answers.py tests/reliability/test_fuzz_packages.py \
  tests/reliability/test_hostile_names.py --hypothesis-show-statistics -p no:cacheprovider
