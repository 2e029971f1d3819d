#!/usr/bin/env bash
# Run the tests on the oldest and the newest TensorFlow that requirements.txt allows, each in its own
# fresh virtual environment, so that the range stated there is a tested range and not a guess.
#
#   bash scripts/test_versions.sh                 # oldest and newest tensorflow-cpu release in the range
#   bash scripts/test_versions.sh 2.16.2          # only these versions (each must be inside the range)
#   TESTS="tests chapters" bash scripts/test_versions.sh   # choose what pytest runs (default below)
#
# Environment:
#   PYTHON      interpreter for the environments (default: python3; the course supports 3.10-3.12)
#   VENV_ROOT   where the environments go (default: ${TMPDIR:-/tmp}/cnn-course-versions); kept for reuse
#   TESTS       pytest arguments (default: the unit and exercise tests, the notebook hygiene tests, and
#               the chapters that use Keras, re-run under nbval: the part of the suite that depends on
#               TensorFlow). The site build and browser tests do not depend on TensorFlow and are left out.
#
# For each version it installs requirements.txt with that tensorflow-cpu (Keras, NumPy and the rest are
# whatever pip resolves for it, as for a learner installing today), prints the versions it got, runs
# pytest, and at the end prints one line per version: "tensorflow-cpu X (keras Y, numpy Z): passed|FAILED".
# The exit status is non-zero if any version failed. Needs the package registry (PyPI) and ~1.5 GB of
# disk per environment.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PYTHON=${PYTHON:-python3}
VENV_ROOT=${VENV_ROOT:-${TMPDIR:-/tmp}/cnn-course-versions}
DEFAULT_TESTS="tests --ignore=tests/test_site.py --ignore=tests/test_site_negative.py \
--ignore=tests/test_colab_path.py --ignore=tests/test_book.py \
chapters/02_padding_stride.ipynb chapters/05_mnist_convnet.ipynb chapters/08_one_by_one_convolutions.ipynb"
TESTS=${TESTS:-$DEFAULT_TESTS}

# The tensorflow-cpu requirement line, e.g. "tensorflow-cpu>=2.16,<2.22".
SPEC=$(grep -E '^tensorflow-cpu' requirements.txt | head -n1 | tr -d ' ')
if [ -z "$SPEC" ]; then
  echo "test_versions: requirements.txt has no tensorflow-cpu line" >&2
  exit 2
fi

# Every release pip can get, filtered by the range; pick the oldest and newest (or check the ones given).
mkdir -p "$VENV_ROOT"
[ -x "$VENV_ROOT/.tool/bin/python" ] || "$PYTHON" -m venv "$VENV_ROOT/.tool"
"$VENV_ROOT/.tool/bin/python" -m pip install --quiet --disable-pip-version-check packaging
AVAILABLE=$("$VENV_ROOT/.tool/bin/python" -m pip index versions tensorflow-cpu 2>/dev/null \
  | sed -n 's/^Available versions: //p')
if [ -z "$AVAILABLE" ]; then
  echo "test_versions: 'pip index versions tensorflow-cpu' found nothing (no access to PyPI?)" >&2
  exit 2
fi
VERSIONS=$("$VENV_ROOT/.tool/bin/python" - "$SPEC" "$AVAILABLE" "$@" <<'EOF'
import sys
from packaging.requirements import Requirement
from packaging.version import Version

spec = Requirement(sys.argv[1]).specifier
available = sorted({Version(v.strip()) for v in sys.argv[2].split(",") if v.strip()})
inside = [v for v in available if v in spec and not v.is_prerelease]
wanted = sys.argv[3:]
if wanted:
    for w in wanted:
        if Version(w) not in spec:
            sys.exit(f"test_versions: {w} is outside the supported range {spec}")
    print(" ".join(wanted))
elif not inside:
    sys.exit(f"test_versions: no tensorflow-cpu release inside {spec}")
else:
    print(" ".join(sorted({str(inside[0]), str(inside[-1])}, key=Version)))
EOF
) || exit 2
echo "test_versions: range $SPEC; testing: $VERSIONS"

# requirements.txt without its tensorflow-cpu line (the version is given explicitly below).
REQS="$VENV_ROOT/requirements-without-tf.txt"
grep -vE '^tensorflow-cpu' requirements.txt > "$REQS"

SUMMARY=()
STATUS=0
for V in $VERSIONS; do
  ENV="$VENV_ROOT/tf-$V"
  echo "=== tensorflow-cpu $V in $ENV"
  [ -x "$ENV/bin/python" ] || "$PYTHON" -m venv "$ENV"
  # `-e .` in requirements.txt is relative to the working directory: the repository root.
  if ! "$ENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      "tensorflow-cpu==$V" -r "$REQS"; then
    SUMMARY+=("tensorflow-cpu $V: FAILED (pip could not install it with requirements.txt)")
    STATUS=1
    continue
  fi
  GOT=$(cd /tmp && "$ENV/bin/python" -c '
import importlib.metadata as m, sys
print("keras", m.version("keras") + ", numpy", m.version("numpy") + ", python", sys.version.split()[0])')
  echo "test_versions: tensorflow-cpu $V with $GOT"
  START=$(date +%s)
  # shellcheck disable=SC2086  # TESTS is a list of pytest arguments
  if "$ENV/bin/python" -m pytest $TESTS; then
    RESULT=passed
  else
    RESULT=FAILED
    STATUS=1
  fi
  SUMMARY+=("tensorflow-cpu $V ($GOT): $RESULT in $(( $(date +%s) - START )) s")
done

echo "=== summary (range $SPEC)"
for line in "${SUMMARY[@]}"; do echo "$line"; done
exit $STATUS
