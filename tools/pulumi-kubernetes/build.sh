#!/usr/bin/env bash
# Builds the real Kubernetes provider, pulumi-resource-kubernetes, at the version
# of @pulumi/kubernetes in package.json, from the Go module proxy, into a
# per-user cache outside the tracked tree, and prints the directory that holds
# it (stdout, last line). The engine suite puts that directory on PATH, so the
# CLI runs this provider and never downloads one.
#
#   tools/pulumi-kubernetes/build.sh                 build once per machine, then reuse
#   PULUMI_KUBERNETES_DIR=/some/dir build.sh         build into (or reuse) another directory
#
# Why a wrapper module (go.mod / go.sum beside this script):
# - the proxy refuses github.com/pulumi/pulumi-kubernetes/provider/v4 at every
#   tag after v4.25.0 ("403 Forbidden: This module version is not available");
#   it serves the commit of tag v4.25.0 as the pseudo-version pinned in go.mod;
# - that module's cmd/pulumi-resource-kubernetes embeds schema-embed.json and
#   terraform-mapping-embed.json, which its go:generate step writes and which
#   the module zip lacks. This script runs the module's own generate.go (with
#   VERSION) on the module's schema.json in a scratch copy of this wrapper, and
#   builds the wrapper's main package (cmd/pulumi-resource-kubernetes/main.go).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

version=$(node -p "require('$root/package.json').dependencies['@pulumi/kubernetes']")
pinned=$(cat "$here/version")
if [ "$version" != "$pinned" ]; then
    echo "tools/pulumi-kubernetes builds the provider of $pinned (see its 'version' file and go.mod) but package.json pins @pulumi/kubernetes $version: the provider the tests run must be the one users get" >&2
    exit 1
fi
module=github.com/pulumi/pulumi-kubernetes/provider/v4
mod_version=$(sed -n "s#^require $module \(v[^ ]*\)\$#\1#p" "$here/go.mod")

out=${PULUMI_KUBERNETES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-on-clouds/pulumi-kubernetes/v$version}
mkdir -p "$out"
bin="$out/pulumi-resource-kubernetes"
if [ -x "$bin" ] && [ -f "$out/built-from" ] && [ "$(cat "$out/built-from")" = "$module@$mod_version" ]; then
    echo "pulumi-resource-kubernetes v$version: reusing $bin" >&2
    echo "$out"
    exit 0
fi

echo "pulumi-resource-kubernetes v$version: building $module@$mod_version from the Go module proxy (tens of minutes on a cold machine)" >&2
start=$(date +%s)
if ! moddir=$(cd "$here" && go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || [ -z "$moddir" ]; then
    echo "pulumi-resource-kubernetes: the Go module proxy did not serve $module@$mod_version (see the error above)" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$here/." "$work/"
cmd="$work/cmd/pulumi-resource-kubernetes"
cp "$moddir/cmd/pulumi-resource-kubernetes/schema.json" "$moddir/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$cmd/"
cp "$moddir/cmd/pulumi-resource-kubernetes/generate.go" "$work/generate.go"
chmod u+w "$cmd"/* "$work/generate.go"
(cd "$cmd" && VERSION="$version" go run "$work/generate.go")
(cd "$work" && go build -trimpath \
    -ldflags "-X $module/pkg/version.Version=v$version" \
    -o "$bin.partial" ./cmd/pulumi-resource-kubernetes)
mv "$bin.partial" "$bin"
echo "$module@$mod_version" > "$out/built-from"
echo "pulumi-resource-kubernetes v$version: built in $(( $(date +%s) - start )) s" >&2
echo "$out"
