// The load balancer in front of Milvus (components/milvus/exposure.ts): its
// port, annotations and source ranges; the stacks' Services are checked in
// test/stacks.test.ts and on the real cluster in the engine suite.
import * as assert from "assert";
import { externalService } from "../components/milvus/exposure";
import { settings, wiring } from "./support/unit/chart-wiring";

describe("exposure: the load balancer Service", () => {
    it("the load balancer: the Milvus port only, the platform's annotations under the user's, the configured ranges", () => {
        const w = wiring({ exposure: { loadBalancerAnnotations: { internal: { "lb/scheme": "internal", "lb/type": "nlb" } } } });
        const lb = externalService(
            w,
            { ...settings({ mode: "cluster" }), exposure: { type: "internal", sourceRanges: ["10.0.0.0/8"], annotations: { "lb/type": "custom" } } },
            "milvus",
        );
        assert.ok(lb);
        assert.strictEqual(lb.name, "milvus-lb");
        assert.deepStrictEqual(lb.annotations, { "lb/scheme": "internal", "lb/type": "custom" });
        assert.deepStrictEqual(lb.spec.ports, [{ name: "milvus", port: 19530, targetPort: "milvus", protocol: "TCP" }]);
        assert.deepStrictEqual(lb.spec.loadBalancerSourceRanges, ["10.0.0.0/8"]);
        // The chart's Service selector (templates/service.yaml): the release's pods of the proxy component.
        assert.deepStrictEqual(lb.spec.selector, { "app.kubernetes.io/name": "milvus", "app.kubernetes.io/instance": "milvus", component: "proxy" });
        assert.strictEqual(externalService(w, settings(), "milvus"), undefined, "clusterIP: no load balancer");
        assert.strictEqual(
            externalService(w, { ...settings(), exposure: { type: "public", sourceRanges: ["81.2.69.0/24"], annotations: {} } }, "milvus")?.spec
                .selector.component,
            "standalone",
        );
    });
    it("an internal load balancer with no source ranges admits the cluster's own network, not the controller's default", () => {
        const w = wiring({ networkRanges: ["10.42.0.0/16", "100.64.0.0/16"], exposure: { loadBalancerAnnotations: { internal: {} } } });
        const lb = externalService(w, { ...settings(), exposure: { type: "internal", sourceRanges: [], annotations: {} } }, "milvus");
        assert.deepStrictEqual(lb?.spec.loadBalancerSourceRanges, ["10.42.0.0/16", "100.64.0.0/16"]);
    });
});
