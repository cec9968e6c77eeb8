#!/usr/bin/env bash
# Builds the real Pulumi CLI from the Go module proxy, at exactly the version of
# @pulumi/pulumi in package.json, into a per-user cache outside the tracked tree,
# and prints the directory that holds the binaries (stdout, last line).
#
#   tools/pulumi-cli/build.sh            build once per machine, then reuse
#   PULUMI_CLI_DIR=/some/dir build.sh    build into (or reuse) another directory
#
# The wrapper module (go.mod / go.sum beside this script) requires
# github.com/pulumi/pulumi/pkg/v3 and repeats the replace directive pkg/v3 has
# for the clipboard fork: `go install pkg@version` refuses modules with replace
# directives, so the CLI is built from this module instead.
#
# The Node.js language host (pulumi-language-nodejs) is its own module with no
# version tags. It is tried at the commit of the release tag; when the proxy
# serves it, it is built into the same directory (the CLI then finds it next to
# itself). When the proxy refuses it, the refusal is printed and the engine
# suite falls back to its stand-in (test/support/engine/language-host); see README.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

version=$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")
mod_version=$(sed -n 's#^require github.com/pulumi/pulumi/pkg/v3 \(v[0-9.]*\)$#\1#p' "$here/go.mod")
if [ "v$version" != "$mod_version" ]; then
    echo "tools/pulumi-cli/go.mod builds pkg/v3 $mod_version but package.json pins @pulumi/pulumi $version; update go.mod (go get github.com/pulumi/pulumi/pkg/v3@v$version && go mod tidy)" >&2
    exit 1
fi

out=${PULUMI_CLI_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-on-clouds/pulumi-cli/v$version}
mkdir -p "$out"
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

if [ -x "$out/pulumi" ] && [ "$("$out/pulumi" version 2>/dev/null)" = "v$version" ]; then
    echo "pulumi v$version: reusing $out/pulumi" >&2
else
    echo "pulumi v$version: building from the Go module proxy (several minutes on a cold machine)" >&2
    start=$(date +%s)
    (cd "$here" && go build -trimpath -ldflags "$ldflags" -o "$out/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    mv "$out/pulumi.partial" "$out/pulumi"
    echo "pulumi v$version: built in $(( $(date +%s) - start )) s" >&2
fi

# The language host: the commit of tag v$version (see the README, "Engine suite").
lang_module=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
lang_version=$(cat "$here/language-nodejs.version")
# A refusal is remembered for 12 hours ($refused), so one run asks the proxy once, not at every call.
refused="$out/pulumi-language-nodejs@$lang_version.refused"
if [ -x "$out/pulumi-language-nodejs" ]; then
    echo "pulumi-language-nodejs: reusing $out/pulumi-language-nodejs" >&2
elif [ -n "$(find "$refused" -mmin -720 2>/dev/null)" ]; then
    echo "pulumi-language-nodejs: the Go module proxy refused $lang_version at $(date -r "$refused" -u +%H:%MZ) (delete $refused to ask again); the engine suite uses its stand-in" >&2
elif refusal=$(cd "$here" && go mod download -json "$lang_module@$lang_version" 2>&1); then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && go mod init language-host >/dev/null 2>&1 \
        && go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e \
        && go get "$lang_module@$lang_version" "github.com/pulumi/pulumi/sdk/v3@v$version" >&2 \
        && go build -trimpath -ldflags "$ldflags" -o "$out/pulumi-language-nodejs" "$lang_module")
    echo "pulumi-language-nodejs: built at $lang_version" >&2
else
    echo "pulumi-language-nodejs: the Go module proxy refuses $lang_module@$lang_version:" >&2
    echo "$refusal" | sed -n 's/.*"Error": "\(.*\)".*/  \1/p' >&2
    echo "$refusal" > "$refused"
    echo "pulumi-language-nodejs: the engine suite uses its stand-in (test/support/engine/language-host)" >&2
fi
echo "$out"
