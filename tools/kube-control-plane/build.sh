#!/usr/bin/env bash
# Builds the Kubernetes control plane the engine suite runs on loopback
# (kube-apiserver, kube-controller-manager, kube-scheduler at the version in
# go.mod) from the Go module proxy, and unpacks etcd from Debian's etcd-server
# package, into a per-user cache outside the tracked tree. Prints the directory
# that holds the binaries (stdout, last line).
#
#   tools/kube-control-plane/build.sh               build once per machine, then reuse
#   KUBE_CONTROL_PLANE_DIR=/some/dir build.sh       build into (or reuse) another directory
#
# k8s.io/kubernetes cannot be `go install`ed: its go.mod points its 31 staging
# modules (k8s.io/api, k8s.io/client-go, ...) at ./staging. The wrapper module
# beside this script requires it and replaces each staging module with its
# published copy (v0.<minor>.<patch>), which holds the same code; go.sum pins all.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

version=$(sed -n 's#^require k8s.io/kubernetes \(v[0-9.]*\)$#\1#p' "$here/go.mod")
etcd_version=3.4.23-4+b4   # Debian bookworm's etcd-server; kube-apiserver 1.33 accepts etcd 3.4
out=${KUBE_CONTROL_PLANE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-on-clouds/kube-control-plane/$version}
mkdir -p "$out"

have() { [ -x "$out/$1" ] && "$out/$1" --version 2>/dev/null | grep -qF "$2"; }

if have kube-apiserver "$version" && have kube-controller-manager "$version" && have kube-scheduler "$version"; then
    echo "kubernetes $version: reusing $out" >&2
else
    echo "kubernetes $version: building kube-apiserver, kube-controller-manager and kube-scheduler from the Go module proxy (tens of minutes on a cold machine)" >&2
    start=$(date +%s)
    IFS=. read -r major minor _ <<<"${version#v}"
    pkg=k8s.io/component-base/version
    ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
    mkdir -p "$out/partial"
    if ! (cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/partial/" \
            k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler); then
        echo "kubernetes $version: the build failed; if the Go module proxy refused a module, the error above names it" >&2
        exit 1
    fi
    mv "$out/partial/"* "$out/"
    rmdir "$out/partial"
    echo "kubernetes $version: built in $(( $(date +%s) - start )) s" >&2
fi

if [ -x "$out/etcd" ] && [ -f "$out/etcd.version" ] && [ "$(cat "$out/etcd.version")" = "$etcd_version" ]; then
    echo "etcd $etcd_version: reusing $out/etcd" >&2
else
    echo "etcd $etcd_version: unpacking Debian's etcd-server package" >&2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # A new machine has no package lists yet: read them once, then try again.
    if ! (cd "$work" && apt-get download "etcd-server=$etcd_version" >&2) \
        && ! { apt-get update >&2 && (cd "$work" && apt-get download "etcd-server=$etcd_version" >&2); }; then
        echo "etcd: apt-get could not download etcd-server=$etcd_version; run 'apt-get update' first (as root), or check 'apt-cache policy etcd-server'" >&2
        exit 1
    fi
    dpkg-deb -x "$work"/etcd-server_*.deb "$work/root"
    cp "$work/root/usr/bin/etcd" "$out/etcd"
    echo "$etcd_version" > "$out/etcd.version"
fi
echo "$out"
