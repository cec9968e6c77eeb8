#!/usr/bin/env bash
# Builds kwok (the version in go.mod) from the Go module proxy into a per-user
# cache outside the tracked tree, next to the stages it plays, and prints that
# directory (stdout, last line).
#
#   tools/kwok/build.sh                  build once per machine, then reuse
#   KWOK_DIR=/some/dir build.sh          build into (or reuse) another directory
#
# kwok refuses to start without stages. stages.yaml is written from the
# module's own "fast" stages (kustomize/stage/{node,pod}/...): nodes become
# Ready and renew their leases, scheduled pods become Ready, pods of Jobs
# complete, deleted pods go away.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=sigs.k8s.io/kwok
version=$(sed -n "s#^require $module \(v[0-9.]*\)\$#\1#p" "$here/go.mod")
out=${KWOK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-on-clouds/kwok/$version}
mkdir -p "$out"

if [ -x "$out/kwok" ] && [ -s "$out/stages.yaml" ] && "$out/kwok" --version 2>/dev/null | grep -qF "${version#v}"; then
    echo "kwok $version: reusing $out" >&2
    echo "$out"
    exit 0
fi
echo "kwok $version: building from the Go module proxy (minutes on a cold machine)" >&2
start=$(date +%s)
if ! moddir=$(cd "$here" && go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || [ -z "$moddir" ]; then
    echo "kwok: the Go module proxy did not serve $module@$version (see the error above)" >&2
    exit 1
fi
(cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/kwok.partial" "$module/cmd/kwok")
stages="$moddir/kustomize/stage"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
         pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    echo "---"
    cat "$stages/$f"
done > "$out/stages.yaml"
mv "$out/kwok.partial" "$out/kwok"
echo "kwok $version: built in $(( $(date +%s) - start )) s" >&2
echo "$out"
