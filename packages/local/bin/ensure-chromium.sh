#!/bin/sh
# The browser tests and `sentinella report --png` drive Debian's chromium through playwright-core (never a browser
# downloaded by Playwright). Runs on `npm install`; installs Debian's chromium when it is missing and we are root.
# SENTINELLA_CHROMIUM points elsewhere (another Chromium build) and skips this check.
[ -n "${SENTINELLA_CHROMIUM:-}" ] && exit 0
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "sentinella: installing Chromium for the browser tests and report PNGs (apt-get install chromium)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
else
  echo "sentinella: the browser tests and report PNGs need Chromium at /usr/bin/chromium; install it" \
    "(e.g. sudo apt-get install chromium) or set SENTINELLA_CHROMIUM to a Chromium binary" >&2
fi
