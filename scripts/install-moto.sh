#!/usr/bin/env bash
# Install moto, an SQS-compatible server, into a virtualenv for tests/sqs.rs.
#
#   scripts/install-moto.sh [VENV]        default VENV: target/moto
#
# Prints the path of the moto_server it installed; point the tests at it with
# ANTICIP_MOTO_SERVER=<that path> (the tests also look in target/moto by default).
# Running it again with the same version installed does nothing.
set -euo pipefail

MOTO_VERSION=5.2.5

repo=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$repo/target/moto}
server=$venv/bin/moto_server

if [[ -x $server ]] && "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    echo "$server"
    exit 0
fi

python=${PYTHON:-python3}
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
"$server" --help >/dev/null
echo "$server"
