// The real Kubernetes provider (pulumi-resource-kubernetes), built from the Go
// module proxy by ../../build.sh. The module's own cmd/ cannot be built as
// published: its main package embeds schema-embed.json and
// terraform-mapping-embed.json, which `go generate` writes and which the
// module zip lacks. build.sh runs the module's generate.go on the module's
// schema.json next to this file, then builds this package.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, schema, terraformMapping)
}
