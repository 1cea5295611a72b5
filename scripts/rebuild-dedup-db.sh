#!/usr/bin/env bash
# Rebuilds the database file of an UNENCRYPTED deduplicated backup by hand, with standard tools only
# (tar, jq, zstd or gzip, sha256sum): for the day Cartographus itself is gone. It reads the backup's
# manifest from its archive, concatenates the chunks it lists (in order, decompressed) and checks the
# result against the SHA-256 the manifest records. Encrypted backups need Cartographus and the key.
#
# Usage: scripts/rebuild-dedup-db.sh BACKUP_DIR BACKUP_ID OUTPUT_FILE
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 BACKUP_DIR BACKUP_ID OUTPUT_FILE" >&2; exit 2; }
dir=$1 id=$2 out=$3
[[ "$id" =~ ^[0-9]{8}-[0-9]{6}-[a-z-]+$ ]] || { echo "not a backup id: $id (e.g. 20260101-020000-full)" >&2; exit 2; }
archive=""
for f in "$dir"/backup-"$id".tar*; do
  case "$f" in *.tar|*.tar.gz|*.tar.zst|*.tar.gz.enc|*.tar.zst.enc|*.tar.enc) [ -f "$f" ] && archive=$f && break ;; esac
done
[ -n "$archive" ] || { echo "no archive for backup $id in $dir" >&2; exit 1; }
case "$archive" in
  *.enc) echo "backup $id is encrypted: restore it with cartographus and its key" >&2; exit 1 ;;
  *.zst) manifest=$(tar -I zstd -xOf "$archive" manifest.json) ;;
  *.gz) manifest=$(tar -xzOf "$archive" manifest.json) ;;
  *) manifest=$(tar -xOf "$archive" manifest.json) ;;
esac
sha=$(jq -r '.database_chunks.sha256 // empty' <<<"$manifest")
[ -n "$sha" ] || { echo "backup $id is not deduplicated: its archive holds the database file itself" >&2; exit 1; }
jq -r '.database_chunks.chunks[].file' <<<"$manifest" | while read -r f; do
  # A chunk's name is checked before it is used as a path: hex and an extension, nothing else.
  [[ "$f" =~ ^[0-9a-f]{64}(\.zst|\.gz)?$ ]] || { echo "unexpected chunk name: $f" >&2; exit 1; }
  p="$dir/chunks/${f:0:2}/$f"
  case "$f" in *.zst) zstd -dcq "$p" ;; *.gz) gzip -dc "$p" ;; *) cat "$p" ;; esac
done > "$out.part"
echo "$sha  $out.part" | sha256sum -c --quiet
mv "$out.part" "$out"
echo "rebuilt $out ($(stat -c %s "$out") bytes, SHA-256 $sha)"
