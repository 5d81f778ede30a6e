#!/usr/bin/env bash
# Install localstripe (a Stripe emulator) into a virtualenv for the sync tests:
#   scripts/install-localstripe.sh [DIR]      (default: .localstripe in the repository)
# The tests find it there, or through ANTICIP_LOCALSTRIPE_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-.localstripe}"
python="${PYTHON:-python3}"

if [ ! -x "$dir/bin/python" ]; then
    "$python" -m venv "$dir"
fi
# Pinned: the versions the tests were written against (Python 3.11).
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check \
    localstripe==1.15.10 \
    aiohttp==3.14.5 aiosignal==1.4.0 aiohappyeyeballs==2.7.1 attrs==26.1.0 \
    frozenlist==1.8.0 idna==3.20 multidict==7.2.1 propcache==0.5.4 \
    python-dateutil==4.0.0 yarl==1.25.1 typing_extensions==4.16.0 tzdata==2026.6
"$dir/bin/python" -c "import localstripe.server" 
echo "localstripe installed in $dir"
