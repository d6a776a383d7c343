#!/usr/bin/env bash
# Installs the Debian packages that the end-to-end tests drive as real peers (the original
# Python client and server need python3; the terminal client is driven through tmux; nc is
# the raw client people use; openssl makes the TLS tests' throw-away certificate; Debian's
# chromium runs the page tests through playwright-core), when they are missing. Run by `npm test` before the suite.
set -euo pipefail
need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v nc >/dev/null 2>&1 || need+=(netcat-openbsd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test set-up: installing ${need[*]} with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "test set-up: missing ${need[*]}; install them (sudo apt-get install ${need[*]}) or the tests that use them fail" >&2
fi
