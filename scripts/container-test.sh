#!/usr/bin/env bash
# The guide's Docker steps, as the README writes them, against the image built by build-image.sh,
# with a `docker` command (Podman's podman-docker shim, or podman itself). Run by .ci/run after
# `mvn -B verify` (it uses target/cartographus.jar). Every container uses the host's network and a
# random free port, so that all traffic stays on 127.0.0.1. Any failed step ends it with exit 1
# and the containers' logs.
#
#   1. a first start on an empty volume answers health/ready within 10 s (measured)
#   2. the admin token's location and the backups are in `docker logs`
#   3. scenario 1: stop, corrupt database, maintenance-mode run, restore via the API, restart, verify
#   4. a backup running when `docker stop` comes ends completed or failed, never half-written
#   5. scenario 2: a new container on a copy of the backups volume, restore/latest, verify
#   6. "Docker Volume Backups": tar czf of the stopped service's volume, tar xzf into a new volume
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=podman-env.sh
. "$root/scripts/podman-env.sh"
# Quiet the shim's banner; Podman without systemd cannot schedule health checks (the test runs them).
exec 2> >(grep -v --line-buffered -e 'Emulate Docker CLI' -e 'unable to get systemd connection' -e 'healthcheck: unable to get systemd' >&2)
start_all=$(date +%s)

# /usr/local/bin/docker may be a real Docker CLI without a daemon: use Podman's shim or Podman.
if [ -x /usr/bin/docker ] && grep -q podman /usr/bin/docker; then
  docker() { /usr/bin/docker "$@"; }
else
  docker() { podman "$@"; }
fi

step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start_all ))"; }
# Whether the service's log holds a line. Not `docker logs | grep -q`: grep -q stops reading at the
# first match, and under pipefail the writer's SIGPIPE then fails the whole pipeline.
logs_say() {
  local out
  out=$(docker logs cartographus 2>&1) || return 1
  grep -qF -- "$1" <<<"$out"
}

fail() {
  echo "FAILED: $*" >&2
  for c in cartographus cartographus-maintenance cartographus-new; do
    if podman container exists "$c"; then echo "--- docker logs $c" >&2; podman logs --tail 40 "$c" >&2 || true; fi
  done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
remove_containers() {
  local c
  for c in cartographus cartographus-maintenance cartographus-new; do
    podman rm -f -v -t 0 "$c" >/dev/null 2>&1 || true
  done
  podman volume rm -f cartographus_data >/dev/null 2>&1 || true
}
# Returns once $1 answers HTTP $2, or fails after $3 seconds.
await_http() {
  local url=$1 want=$2 limit=$3 code="" t0
  t0=$(date +%s.%N)
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [ "$code" = "$want" ] && return 0
    if [ "$(echo "$(date +%s.%N) - $t0 > $limit" | bc)" = 1 ]; then
      fail "$url answered ${code:-nothing}, not $want, within $limit s"
    fi
    sleep 0.1
  done
}
api() { # METHOD PATH [BODY]: curl as the guide does, with the admin token
  local m=$1 p=$2
  shift 2
  curl -s -X "$m" "http://localhost:$PORT$p" -H "Authorization: Bearer $TOKEN" "$@"
}
expect() { # JSON JQ-EXPRESSION WHAT
  echo "$1" | jq -e "$2" >/dev/null || fail "$3: $1"
}
events() { # N START: a sync batch
  jq -cn --argjson n "$1" --argjson s "$2" '[range($s; $s + $n) | {id: "evt-\(.)", user_id: (1 + . % 7),
    username: "user\(. % 7)", title: "Movie \(. % 50)", media_type: "movie", started_at: "2026-03-01T20:00:00Z",
    stopped_at: "2026-03-01T21:30:00Z", city: "Berlin", country: "DE"}]'
}

work=$(mktemp -d /var/tmp/cartographus-container-test-XXXXXX)
trap 'remove_containers; rm -rf "$work"' EXIT
remove_containers # a previous run's, if it was killed
cd "$work"

step "build the image"
"$root/scripts/build-image.sh" cartographus >/dev/null
# The guide's volume backup runs `alpine`; no registry here, so the Debian base stands in under that name.
podman tag localhost/cartographus-base:runtime localhost/alpine:latest

step "first start on an empty volume"
PORT=$(free_port)
docker volume create cartographus_data >/dev/null
t0=$(date +%s.%N)
# With the guide's example .env (the one compose.yaml reads).
docker run -d --name cartographus --network host -e HTTP_PORT="$PORT" --env-file "$root/deploy/container/example.env" \
  -v cartographus_data:/data cartographus >/dev/null
# The limit the README promises; READY_LIMIT_S raises it on a machine busy with other work.
await_http "http://localhost:$PORT/api/v1/health/ready" 200 "${READY_LIMIT_S:-10}"
ready_s=$(echo "$(date +%s.%N) - $t0" | bc)
printf 'health/ready answered 200 %.1f s after docker run\n' "$ready_s"
podman healthcheck run cartographus >/dev/null || fail "the image's HEALTHCHECK does not pass on a ready service"
# conmon may write the log file a moment after the line was printed.
for _ in $(seq 50); do
  logs_say 'admin token was written to /data/admin.token' && break
  sleep 0.2
done
logs_say 'admin token was written to /data/admin.token' || fail "docker logs do not say where the admin token is"
TOKEN=$(docker exec cartographus cat /data/admin.token)
[ "$(docker exec cartographus id -u)" = 10001 ] || fail "the service does not run as uid 10001"

step "sync and a full backup"
r=$(events 200 0 | api POST /api/v1/sync -H "Content-Type: application/json" -d @-)
expect "$r" '.' "sync"
r=$(api POST /api/v1/backup/create -H "Content-Type: application/json" -d '{"type": "full", "notes": "container test"}')
expect "$r" '.status == "completed"' "backup/create"
ID=$(echo "$r" | jq -r .id)
docker logs cartographus 2>&1 | grep -i backup | grep "$ID" >/dev/null || fail "docker logs cartographus 2>&1 | grep -i backup does not show $ID"
r=$(events 50 200 | api POST /api/v1/sync -H "Content-Type: application/json" -d @-)
expect "$(api GET /api/v1/stats)" '.total_playbacks == 250' "stats before the corruption"

step "scenario 1: stop, corrupt, maintenance-mode restore, restart"
docker stop -t 90 cartographus >/dev/null
docker run --rm -v cartographus_data:/data --entrypoint sh cartographus -c \
  'dd if=/dev/urandom of=/data/db/cartographus.duckdb bs=4096 count=3 conv=notrunc status=none'
meta=$(docker run --rm -v cartographus_data:/data --entrypoint cat cartographus /data/backups/metadata.json)
LATEST=$(echo "$meta" | jq -r '[.backups[] | select(.status == "completed" and .type != "config")] | sort_by(.created_at) | reverse | .[0].id')
[ "$LATEST" = "$ID" ] || fail "metadata.json names $LATEST as the latest backup, not $ID"
entries=$(docker run --rm -v cartographus_data:/data --entrypoint tar cartographus -tzf "/data/backups/backup-$ID.tar.gz")
grep -q '^database/cartographus.duckdb$' <<<"$entries" || fail "tar -tzf of backup-$ID.tar.gz lists: $entries"
docker run -d --rm --name cartographus-maintenance --volumes-from cartographus --network host \
  -e HTTP_PORT="$PORT" -e MAINTENANCE_MODE=true cartographus >/dev/null
await_http "http://localhost:$PORT/api/v1/health/live" 200 30
expect "$(curl -s "http://localhost:$PORT/api/v1/health/ready")" '.maintenance_mode == true and .status == "unavailable"' "health/ready in maintenance mode with a corrupt database"
r=$(api POST "/api/v1/backup/restore/$ID" -d '{"create_pre_restore_backup": false, "verify_after_restore": true}')
expect "$r" '.success == true and .database_restored == true and .records_restored == 200' "restore in maintenance mode"
docker stop -t 90 cartographus-maintenance >/dev/null
docker restart cartographus >/dev/null
await_http "http://localhost:$PORT/api/v1/health/ready" 200 30
expect "$(curl -s "http://localhost:$PORT/api/v1/health/ready")" '.maintenance_mode == false' "health/ready after the restart"
expect "$(api GET /api/v1/stats)" '.total_playbacks == 200' "stats after scenario 1"

step "docker stop while a backup runs"
r=$(api POST '/api/v1/backup/create?wait=false' -H "Content-Type: application/json" -d '{"type": "full", "notes": "interrupted?"}')
STOPPED=$(echo "$r" | jq -r .id)
[ -n "$STOPPED" ] && [ "$STOPPED" != null ] || fail "backup/create?wait=false: $r"
docker stop -t 90 cartographus >/dev/null
logs_say 'shutting down' || fail "SIGTERM did not reach java"
docker start cartographus >/dev/null
await_http "http://localhost:$PORT/api/v1/health/ready" 200 30
expect "$(api GET "/api/v1/backup/$STOPPED")" '.status == "completed" or .status == "failed"' "the backup running at docker stop"
left=$(docker exec cartographus sh -c 'ls -A /data/backups | grep "^\.tmp-" || true')
[ -z "$left" ] || fail "temporary files after a restart: $left"

step "scenario 2: a new container on a copy of the backups"
docker stop -t 90 cartographus >/dev/null
mountpoint=$(docker volume inspect cartographus_data --format '{{.Mountpoint}}')
mkdir -p "$work/new/db" "$work/new/backups"
cp -a "$mountpoint/backups/." "$work/new/backups/"
chown -R 10001:10001 "$work/new"
chmod 750 "$work/new/backups"
PORT=$(free_port)
docker run -d --name cartographus-new --network host -e HTTP_PORT="$PORT" \
  -v "$work/new/backups:/data/backups" \
  -v "$work/new/db:/data/db" \
  -e BACKUP_DIR=/data/backups \
  cartographus >/dev/null
await_http "http://localhost:$PORT/api/v1/health/ready" 200 30
TOKEN=$(docker exec cartographus-new cat /data/admin.token)
r=$(api POST /api/v1/backup/restore/latest)
expect "$r" '.success == true and .records_restored == 200' "restore/latest on the new container"
expect "$(api GET /api/v1/stats)" '.total_playbacks == 200' "stats after scenario 2"
[ -f "$work/new/db/cartographus.duckdb" ] || fail "the restored database is not in the /data/db volume"
docker stop -t 90 cartographus-new >/dev/null

step "Docker volume backup: tar czf, then tar xzf into a new volume"
docker run --rm \
  -v cartographus_data:/data \
  -v "$(pwd)":/backup \
  alpine tar czf /backup/volume-backup.tar.gz /data 2>/dev/null
docker rm -v cartographus >/dev/null
docker volume rm cartographus_data >/dev/null
docker volume create cartographus_data >/dev/null
docker run --rm \
  -v cartographus_data:/data \
  -v "$(pwd)":/backup \
  alpine tar xzf /backup/volume-backup.tar.gz -C /
PORT=$(free_port)
docker run -d --name cartographus --network host -e HTTP_PORT="$PORT" -v cartographus_data:/data cartographus >/dev/null
await_http "http://localhost:$PORT/api/v1/health/ready" 200 30
TOKEN=$(docker exec cartographus cat /data/admin.token)
expect "$(api GET /api/v1/stats)" '.total_playbacks == 200' "stats after the volume restore"
expect "$(api GET "/api/v1/backup/list?status=completed")" "[.backups[].id] | index(\"$ID\") != null" "backup list after the volume restore"
expect "$(api POST "/api/v1/backup/validate/$ID")" '.valid == true' "validate $ID after the volume restore"
docker stop -t 90 cartographus >/dev/null

size=$(podman image inspect cartographus --format '{{.Size}}')
printf '\nPASS: the guide'\''s Docker steps in %ss; image %s MB; first health/ready %.1f s after docker run\n' \
  "$(( $(date +%s) - start_all ))" "$(( size / 1000000 ))" "$ready_s"
