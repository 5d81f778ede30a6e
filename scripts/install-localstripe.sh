#!/usr/bin/env bash
# Install localstripe, a Stripe emulator, into a virtualenv for
# tests/syncs_localstripe.rs.
#
#   scripts/install-localstripe.sh [VENV]   default VENV: target/localstripe
#
# Prints the path of the venv's python; point the tests at it with
# ANTICIP_LOCALSTRIPE_PYTHON=<that path> (the tests also look in
# target/localstripe by default). Running it again with the same version
# installed does nothing.
set -euo pipefail

LOCALSTRIPE_VERSION=1.15.10

repo=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$repo/target/localstripe}
python_bin=$venv/bin/python

if [[ -x $python_bin ]] && "$python_bin" -c "
import sys
from importlib.metadata import version
sys.exit(version('localstripe') != '$LOCALSTRIPE_VERSION')" 2>/dev/null; then
    echo "$python_bin"
    exit 0
fi

python=${PYTHON:-python3}
"$python" -m venv "$venv"
# Pinned, with the versions of its dependencies the tests were written against.
"$python_bin" -m pip install --quiet --disable-pip-version-check \
    "localstripe==$LOCALSTRIPE_VERSION" \
    aiohttp==3.14.5 aiosignal==1.4.0 aiohappyeyeballs==2.7.1 attrs==26.1.0 \
    frozenlist==1.8.0 idna==3.20 multidict==7.2.1 propcache==0.5.4 \
    python-dateutil==4.0.0 yarl==1.25.1 typing_extensions==4.16.0 tzdata==2026.6 >&2
"$python_bin" -c "import localstripe.server"
echo "$python_bin"
