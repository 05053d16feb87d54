#!/bin/sh
# Install PostgreSQL's server binaries (Debian's package) for the history-store tests,
# idempotently. The tests start their own throwaway server on 127.0.0.1 (initdb + pg_ctl
# in a temporary directory, as the postgres user), so nothing is started or enabled here;
# Debian's default cluster, if the package creates one, is left stopped.
#
# usage: scripts/install-postgresql.sh     (as root; otherwise prints what to install)
set -eu
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-postgresql: install Debian's postgresql package for the PostgreSQL tests" >&2
    exit 0
fi
apt-get update -qq
# policy-rc.d exit 101: the package must not start its default cluster (it would listen
# on localhost:5432 for no reason, and outlive the tests).
policy=/usr/sbin/policy-rc.d
created=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    created=yes
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
if [ -n "$created" ]; then
    rm -f "$policy"
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
