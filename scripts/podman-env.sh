# Sourced by build-image.sh and container-test.sh: a private Podman set-up that works on machines
# like our CI's (see docs/design.md §17): runc (crun refuses hybrid cgroups), explicit ulimits
# (without CAP_SYS_RESOURCE Podman's default rlimits fail), and image storage of our own under
# $CARTOGRAPHUS_PODMAN_HOME, so that nothing is written to /var/lib/containers.
CARTOGRAPHUS_PODMAN_HOME=${CARTOGRAPHUS_PODMAN_HOME:-/var/tmp/cartographus-podman}
mkdir -p "$CARTOGRAPHUS_PODMAN_HOME"
if [ ! -f "$CARTOGRAPHUS_PODMAN_HOME/containers.conf" ]; then
  cat > "$CARTOGRAPHUS_PODMAN_HOME/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
fi
if [ ! -f "$CARTOGRAPHUS_PODMAN_HOME/storage.conf" ]; then
  cat > "$CARTOGRAPHUS_PODMAN_HOME/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$CARTOGRAPHUS_PODMAN_HOME/storage"
runroot = "$CARTOGRAPHUS_PODMAN_HOME/run"
CONF
fi
export CONTAINERS_CONF="$CARTOGRAPHUS_PODMAN_HOME/containers.conf"
export CONTAINERS_STORAGE_CONF="$CARTOGRAPHUS_PODMAN_HOME/storage.conf"
