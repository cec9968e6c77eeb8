#!/usr/bin/env node
// Helm post-renderer of a paused standalone stack (milvus.paused, see
// pause.ts): Helm writes every rendered manifest to its stdin and applies
// what it prints. The Milvus chart fixes the standalone Deployment at
// `replicas: 1` (templates/standalone-deployment.yaml of milvus-5.0.19), so
// the only way to keep a paused Milvus at zero through every Helm upgrade is
// to render zero: this sets `spec.replicas: 0` on the standalone Deployment
// (the one Deployment labelled `component: standalone` in one release's
// manifests) and passes every other document unchanged.
//
// Helm runs the file itself, with no arguments (helm.sh/helm/v3 v3.18.6
// pkg/postrender/exec.go; pulumi-kubernetes v4.25.0 helm_release.go passes
// only the path), hence plain JavaScript for the Node.js that runs the Pulumi
// program; `yaml` is a dependency of this project.
"use strict";
const YAML = require("yaml");

function pauseStandalone(manifests) {
    let found = 0;
    const docs = YAML.parseAllDocuments(manifests).map((doc) => {
        const o = doc.toJS();
        const labels = (o && o.metadata && o.metadata.labels) || {};
        if (o && o.kind === "Deployment" && labels.component === "standalone") {
            doc.setIn(["spec", "replicas"], 0);
            found += 1;
        }
        return doc;
    });
    if (found !== 1) throw new Error(`expected one Deployment labelled component: standalone in the rendered chart, found ${found}`);
    return docs
        .filter((d) => d.contents !== null)
        .map((d) => d.toString({ lineWidth: 0 }))
        .map((text) => (text.startsWith("---") ? text : `---\n${text}`))
        .join("");
}

module.exports = { pauseStandalone };

if (require.main === module) {
    let input = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
        input += chunk;
    });
    process.stdin.on("end", () => {
        try {
            process.stdout.write(pauseStandalone(input));
        } catch (e) {
            process.stderr.write(`paused-standalone post-renderer: ${e.message}\n`);
            process.exit(1);
        }
    });
}
