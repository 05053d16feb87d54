#!/bin/sh
# Install pywb (the tests' local Wayback stand-in) into its own virtualenv, idempotently.
#
# pywb pins old libraries and monkey-patches the interpreter with gevent, so it never
# shares citecheck's environment; the tests run its `wayback` executable as a
# subprocess. They find it through CITECHECK_PYWB, else at .ci/pywb-venv/bin/wayback.
#
# usage: scripts/install-pywb.sh [VENV_DIR]   (default: .ci/pywb-venv)
set -eu
cd "$(dirname "$0")/.."
venv="${1:-.ci/pywb-venv}"
version="2.10.0"
if [ -x "$venv/bin/wayback" ] && "$venv/bin/pip" show pywb 2>/dev/null | grep -qx "Version: $version"; then
    exit 0
fi
"${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/pip" install --quiet "pywb==$version"
"$venv/bin/wayback" --help >/dev/null
echo "pywb $version installed in $venv (or set CITECHECK_PYWB to its bin/wayback)"
