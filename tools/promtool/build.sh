#!/usr/bin/env bash
# Builds Prometheus's own promtool (github.com/prometheus/prometheus, the
# version go.mod pins) from the Go module proxy into a per-user cache outside
# the tracked tree, and prints its path (stdout, last line). The engine suite
# checks the program's PrometheusRule with it (`promtool check rules`) and
# unit-tests the alerts on synthetic series (`promtool test rules`):
# test/engine/prometheus-rules.engine.ts.
#
#   tools/promtool/build.sh                build once per machine, then reuse
#   PROMTOOL_DIR=/some/dir build.sh        build into (or reuse) another directory
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's#^require github.com/prometheus/prometheus \(v[0-9.]*\)$#\1#p' "$here/go.mod")
if [ -z "$version" ]; then
    echo "tools/promtool/go.mod does not require github.com/prometheus/prometheus at one version" >&2
    exit 1
fi
out=${PROMTOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-on-clouds/promtool/$version}
mkdir -p "$out"
if [ -x "$out/promtool" ] && [ -f "$out/promtool.version" ] && [ "$(cat "$out/promtool.version")" = "$version" ]; then
    echo "promtool $version: reusing $out/promtool" >&2
else
    echo "promtool $version: building from the Go module proxy (about 5 minutes on a cold machine)" >&2
    start=$(date +%s)
    (cd "$here" && go build -trimpath -o "$out/promtool.partial" github.com/prometheus/prometheus/cmd/promtool)
    mv "$out/promtool.partial" "$out/promtool"
    echo "$version" > "$out/promtool.version"
    echo "promtool $version: built in $(( $(date +%s) - start )) s" >&2
fi
echo "$out/promtool"
