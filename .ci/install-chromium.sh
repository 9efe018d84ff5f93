#!/usr/bin/env bash
# Installs the browser for sojourn-browser-tests: Debian's chromium and chromium-driver.
#
#   .ci/install-chromium.sh   as root on Debian: installs both packages when /usr/bin/chromium or
#                             /usr/bin/chromedriver is missing, then prints both versions.
#
# The tests drive exactly these two executables (they never download a browser or a driver) and fail,
# saying so, when either is missing. Chromium and ChromeDriver come from the same Debian source package,
# so their versions always match.
set -euo pipefail

BROWSER=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

log() { printf 'install-chromium: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

if [ -x "$BROWSER" ] && [ -x "$DRIVER" ]; then
  log "already installed"
else
  [ "$(id -u)" -eq 0 ] || die "$BROWSER or $DRIVER is missing and installing them needs root (apt-get install chromium chromium-driver)"
  command -v apt-get >/dev/null 2>&1 || die "$BROWSER or $DRIVER is missing and there is no apt-get: install Chromium and a matching ChromeDriver"
  log "installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver
  [ -x "$BROWSER" ] || die "$BROWSER is still missing after apt-get install"
  [ -x "$DRIVER" ] || die "$DRIVER is still missing after apt-get install"
fi

# Debian's /usr/bin/chromium is a shell wrapper; --version answers without starting a browser.
"$BROWSER" --version 2>/dev/null || die "$BROWSER --version failed"
"$DRIVER" --version || die "$DRIVER --version failed"
