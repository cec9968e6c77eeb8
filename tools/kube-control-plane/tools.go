//go:build tools

// The control plane the engine suite runs: build.sh builds these three
// commands of k8s.io/kubernetes (see go.mod for the module graph).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
