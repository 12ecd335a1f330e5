#!/bin/sh
# Installs Debian's Chromium for the browser tests when it is missing (needs root); a no-op when present.
set -eu
if [ -x /usr/bin/chromium ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "Chromium is missing: run this script as root (apt-get install chromium)" >&2
	exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
