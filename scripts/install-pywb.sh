#!/bin/sh
# Install pywb (the tests' local Wayback stand-in) into its own virtualenv.
#
# pywb pins old libraries and monkey-patches the interpreter with gevent, so it never
# shares citecheck's environment; the tests run its `wayback` executable as a
# subprocess. They find it through CITECHECK_PYWB, else at .ci/pywb-venv/bin/wayback.
#
# usage: scripts/install-pywb.sh [VENV_DIR]   (default: .ci/pywb-venv)
set -eu
venv="${1:-.ci/pywb-venv}"
python="${PYTHON:-python3}"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet 'pywb==2.10.0'
"$venv/bin/wayback" --help >/dev/null
echo "pywb installed: export CITECHECK_PYWB=$(cd "$venv/bin" && pwd)/wayback"
