//go:build tools

// kwok gives the engine suite's cluster its nodes: it registers them, keeps
// their leases, and moves pods through the lifecycle a kubelet would report
// (build.sh builds it; stages.yaml says which stages it plays).
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
