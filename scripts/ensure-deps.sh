#!/usr/bin/env bash
# Makes sure the machine has what the tests run against: a Docker engine (dockerd + docker CLI),
# Podman (its `podman system service` is the second engine), Debian's docker-registry, Chromium
# for the e2e tests, a static busybox to run in test containers, openssl (the certificate of the
# test token server), and a font for screenshots. Installs them with apt when root; otherwise says
# what to install and exits 2. Never starts or touches the machine's own Docker or Podman service.
set -euo pipefail

PACKAGES=(docker.io podman docker-registry chromium busybox-static openssl fonts-dejavu-core)

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

missing_items() {
  local missing=()
  have dockerd || missing+=(dockerd)
  have docker || missing+=(docker)
  have podman || missing+=(podman)
  have docker-registry || missing+=(docker-registry)
  have chromium || missing+=(chromium)
  have openssl || missing+=(openssl)
  [ -x /bin/busybox ] || missing+=(/bin/busybox)
  [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
  echo "${missing[@]}"
}

missing="$(missing_items)"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: $missing. Install them as root: apt-get install -y ${PACKAGES[*]}" >&2
  exit 2
fi

echo "Missing: $missing. Installing ${PACKAGES[*]} with apt-get..."
# Keep package scripts from starting the machine's own dockerd/containerd/podman: the tests only
# ever talk to private engines they start themselves.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${PACKAGES[@]}"

missing="$(missing_items)"
if [ -n "$missing" ]; then
  echo "Still missing after apt-get install: $missing" >&2
  exit 2
fi
