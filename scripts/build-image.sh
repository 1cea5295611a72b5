#!/usr/bin/env bash
# Builds the `cartographus` image with Podman on a machine that reaches Debian's package mirror but
# no container registry: the runtime base is made with debootstrap from Debian's packages (cached
# under $CARTOGRAPHUS_PODMAN_HOME/bases, keyed by suite, mirror and package list), imported with
# `podman import`, and passed to the Dockerfile as RUNTIME_IMAGE. The jar is built on the host
# (target/cartographus.jar, rebuilt when older than the sources) and copied in by the Dockerfile's
# `runtime-prebuilt` target. With Docker Hub, plain `docker build -t cartographus .` does it all.
#
# Usage: scripts/build-image.sh [--from-source] [IMAGE_NAME]   (default: cartographus)
#   --from-source: build the Dockerfile's default target instead, Maven running inside the build
#   stage (on a debootstrap base with maven and a JDK); it needs Maven Central.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=podman-env.sh
. "$root/scripts/podman-env.sh"
from_source=false
if [ "${1:-}" = --from-source ]; then from_source=true; shift; fi
image="${1:-cartographus}"
suite="${DEBIAN_SUITE:-bookworm}"

mirror_from_apt() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -z "$uri" ] && uri=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}
mirror="${DEBIAN_MIRROR:-$(mirror_from_apt)}"

# A base image with the given Debian packages: made once per (suite, mirror, packages), then reused
# from the tarball or the image store. Prints its name.
base_image() {
  local packages=$1 key base bases tarball rootfs
  key=$(printf '%s\n' "$suite" "$mirror" "$packages" minbase | sha256sum | cut -c1-12)
  base="localhost/cartographus-base:$suite-$key"
  bases="$CARTOGRAPHUS_PODMAN_HOME/bases"
  if ! podman image exists "$base"; then
    tarball="$bases/$suite-$key.tar"
    if [ ! -f "$tarball" ]; then
      command -v debootstrap >/dev/null || { echo "build-image: debootstrap is needed (apt-get install debootstrap)" >&2; exit 1; }
      mkdir -p "$bases"
      rootfs=$(mktemp -d "$bases/.rootfs-XXXXXX")
      echo "build-image: debootstrap $suite with $packages from $mirror (once; about a minute)" >&2
      debootstrap --variant=minbase --include="$(echo "$packages" | tr ' ' ',')" "$suite" "$rootfs" "$mirror" \
        >"$bases/$suite-$key.log" 2>&1 || { tail -20 "$bases/$suite-$key.log" >&2; rm -rf "$rootfs"; exit 1; }
      chroot "$rootfs" apt-get clean
      rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
      tar -C "$rootfs" -cf "$tarball.part" .
      mv "$tarball.part" "$tarball"
      rm -rf "$rootfs"
    fi
    podman import "$tarball" "$base" >/dev/null
  fi
  echo "$base"
}
runtime=$(base_image "${RUNTIME_PACKAGES:-openjdk-17-jre-headless}")
podman tag "$runtime" localhost/cartographus-base:runtime

# --format docker: the OCI format has no HEALTHCHECK. --network host: no bridge is set up for the
# build (the image's start-up training run listens on 127.0.0.1; Maven, with --from-source, needs out).
if $from_source; then
  builder=$(base_image "${BUILD_PACKAGES:-openjdk-17-jdk-headless maven}")
  podman build --format docker --network host \
    --build-arg RUNTIME_IMAGE="$runtime" --build-arg BUILD_IMAGE="$builder" -t "$image" "$root" >&2
  podman image inspect "$image" --format '{{.Id}}'
  exit 0
fi

jar="$root/target/cartographus.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit)" ]; then
  echo "build-image: building the jar" >&2
  (cd "$root" && mvn -B -q -o -DskipTests package)
fi

podman build --format docker --network host --target runtime-prebuilt \
  --build-arg RUNTIME_IMAGE="$runtime" --build-arg BUILD_IMAGE="$runtime" \
  -t "$image" "$root" >&2
podman image inspect "$image" --format '{{.Id}}'
