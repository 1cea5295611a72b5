#!/usr/bin/env bash
# Builds the `cartographus` image with Podman on a machine that reaches Debian's package mirror but
# no container registry: the runtime base is made with debootstrap from Debian's packages (cached
# under $CARTOGRAPHUS_PODMAN_HOME/bases, keyed by suite, mirror and package list), imported with
# `podman import`, and passed to the Dockerfile as RUNTIME_IMAGE. The jar is built on the host
# (target/cartographus.jar, rebuilt when older than the sources) and copied in by the Dockerfile's
# `runtime-prebuilt` target. With Docker Hub, plain `docker build -t cartographus .` does it all.
#
# Usage: scripts/build-image.sh [IMAGE_NAME]   (default: cartographus)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=podman-env.sh
. "$root/scripts/podman-env.sh"
image="${1:-cartographus}"
suite="${DEBIAN_SUITE:-bookworm}"
packages="${RUNTIME_PACKAGES:-openjdk-17-jre-headless}"

mirror_from_apt() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -z "$uri" ] && uri=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}
mirror="${DEBIAN_MIRROR:-$(mirror_from_apt)}"

# The base image: made once per (suite, mirror, packages), then reused from the tarball or the store.
key=$(printf '%s\n' "$suite" "$mirror" "$packages" minbase | sha256sum | cut -c1-12)
base="localhost/cartographus-base:$suite-$key"
bases="$CARTOGRAPHUS_PODMAN_HOME/bases"
if ! podman image exists "$base"; then
  tarball="$bases/$suite-$key.tar"
  if [ ! -f "$tarball" ]; then
    command -v debootstrap >/dev/null || { echo "build-image: debootstrap is needed (apt-get install debootstrap)" >&2; exit 1; }
    mkdir -p "$bases"
    rootfs=$(mktemp -d "$bases/.rootfs-XXXXXX")
    trap 'rm -rf "$rootfs"' EXIT
    echo "build-image: debootstrap $suite with $packages from $mirror (once; about a minute)" >&2
    debootstrap --variant=minbase --include="$(echo "$packages" | tr ' ' ',')" "$suite" "$rootfs" "$mirror" >"$bases/$suite-$key.log" 2>&1 \
      || { tail -20 "$bases/$suite-$key.log" >&2; exit 1; }
    chroot "$rootfs" apt-get clean
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
    tar -C "$rootfs" -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$rootfs"
    trap - EXIT
  fi
  podman import "$tarball" "$base" >/dev/null
fi

jar="$root/target/cartographus.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit)" ]; then
  echo "build-image: building the jar" >&2
  (cd "$root" && mvn -B -q -o -DskipTests package)
fi

# --format docker: the OCI format has no HEALTHCHECK. --network host: the build needs no network,
# and host networking avoids setting up a bridge for it.
podman build --format docker --network host --target runtime-prebuilt \
  --build-arg RUNTIME_IMAGE="$base" --build-arg BUILD_IMAGE="$base" \
  -t "$image" "$root" >&2
podman image inspect "$image" --format '{{.Id}}'
