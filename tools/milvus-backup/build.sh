#!/usr/bin/env bash
# Builds the real milvus-backup (the Milvus project's backup tool, the version
# components/milvus/backup.ts deploys) from the Go module proxy, and a Python
# virtualenv with moto's S3 server, into a per-user cache outside the tracked
# tree; prints that directory (stdout, last line). The engine suite runs the
# tool against the S3 API (test/engine/milvus-backup.engine.ts): a fake stands
# only where the cloud's object store would answer.
#
#   tools/milvus-backup/build.sh               build once per machine, then reuse
#   MILVUS_BACKUP_DIR=/some/dir build.sh       build into (or reuse) another directory
#
# The wrapper module (go.mod / go.sum beside this script) requires
# github.com/zilliztech/milvus-backup at the pinned tag. sum.golang.org answers
# 404 for three of its modules (the tool's own tag and two pseudo-versions it
# depends on), so those are exempt from the checksum database (GONOSUMDB) and
# verified by go.sum instead: their lines there equal the tool's own go.sum
# at the tag.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

version=$(sed -n 's/^export const MILVUS_BACKUP_VERSION = "\(v[0-9.]*\)";$/\1/p' "$root/components/milvus/backup.ts")
mod_version=$(sed -n 's#^require github.com/zilliztech/milvus-backup \(v[0-9.]*\)$#\1#p; s#^\tgithub.com/zilliztech/milvus-backup \(v[0-9.]*\)\( // indirect\)\{0,1\}$#\1#p' "$here/go.mod" | head -1)
if [ -z "$version" ] || [ "$version" != "$mod_version" ]; then
    echo "tools/milvus-backup/go.mod builds milvus-backup ${mod_version:-?} but components/milvus/backup.ts deploys ${version:-?}; update go.mod (go get github.com/zilliztech/milvus-backup@$version)" >&2
    exit 1
fi

out=${MILVUS_BACKUP_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-on-clouds/milvus-backup/$version}
mkdir -p "$out"
export GONOSUMDB=github.com/zilliztech/milvus-backup,github.com/milvus-io/milvus,github.com/tencentcloud/tencentcloud-sdk-go

if [ -x "$out/milvus-backup" ] && [ -f "$out/milvus-backup.version" ] && [ "$(cat "$out/milvus-backup.version")" = "$version" ]; then
    echo "milvus-backup $version: reusing $out/milvus-backup" >&2
else
    echo "milvus-backup $version: building from the Go module proxy (about 3 minutes on a cold machine)" >&2
    start=$(date +%s)
    (cd "$here" && go build -trimpath -o "$out/milvus-backup.partial" github.com/zilliztech/milvus-backup)
    mv "$out/milvus-backup.partial" "$out/milvus-backup"
    echo "$version" > "$out/milvus-backup.version"
    echo "milvus-backup $version: built in $(( $(date +%s) - start )) s" >&2
fi

requirements="$here/s3-api-requirements.txt"
if [ -x "$out/s3-api/bin/moto_server" ] && cmp -s "$requirements" "$out/s3-api/requirements.txt"; then
    echo "S3 API (moto): reusing $out/s3-api" >&2
else
    echo "S3 API (moto): installing the pinned requirements from PyPI" >&2
    rm -rf "$out/s3-api"
    python3 -m venv "$out/s3-api"
    "$out/s3-api/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements" >&2
    cp "$requirements" "$out/s3-api/requirements.txt"
fi
echo "$out"
