// The CustomResourceDefinitions the program's custom resources need, from
// their upstream projects at the versions pinned in crds/go.mod (go.sum checks
// the module zips): cert-manager's Certificate, Issuer and ClusterIssuer
// (deploy/crds), and prometheus-operator's ServiceMonitor and PrometheusRule
// (example/prometheus-operator-crd). Installed into the suite's cluster, they
// make the API server validate what the program writes against the real schemas.
import { execFileSync } from "child_process";
import * as path from "path";

const CRDS = {
    "github.com/cert-manager/cert-manager": [
        "deploy/crds/cert-manager.io_certificates.yaml",
        "deploy/crds/cert-manager.io_issuers.yaml",
        "deploy/crds/cert-manager.io_clusterissuers.yaml",
    ],
    "github.com/prometheus-operator/prometheus-operator": [
        "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml",
        "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
    ],
} as const;

/** The manifest files, from the Go module cache (downloaded through the module proxy when missing). */
export function crdFiles(): string[] {
    const dir = path.join(__dirname, "crds");
    const files: string[] = [];
    for (const [module, paths] of Object.entries(CRDS)) {
        let out: string;
        try {
            out = execFileSync("go", ["mod", "download", "-json", module], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
            throw new Error(
                `the Go module proxy did not serve ${module} (pinned in test/support/cluster/crds/go.mod): ${(e as { stderr?: string }).stderr ?? String(e)}`,
                { cause: e },
            );
        }
        const moduleDir = (JSON.parse(out) as { Dir: string }).Dir;
        files.push(...paths.map((p) => path.join(moduleDir, p)));
    }
    return files;
}
