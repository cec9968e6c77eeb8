module milvus-on-clouds/test/support/cluster/crds

go 1.24.0

// Not built: these modules are downloaded for the CustomResourceDefinition
// manifests they carry (cert-manager deploy/crds, prometheus-operator
// example/prometheus-operator-crd), which the engine suite installs into its
// cluster so the API server validates the custom resources the program writes.
require (
	github.com/cert-manager/cert-manager v1.21.2
	github.com/prometheus-operator/prometheus-operator v0.85.0
)
