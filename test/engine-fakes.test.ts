// The parts of the engine suite's fake providers that its verdicts rest on:
// a diff that calls an innocent edit innocent must still call a rename a
// replacement, and previews must leave computed values unknown as real
// providers do. Pure functions, so they run in the unit suite.
import * as assert from "assert";
import { UNKNOWN, parseUrn, previewState } from "../tools/engine/fake-cloud";
import { replacingChanges } from "../tools/engine/replacement";

describe("engine fakes: what forces a replacement", () => {
    it("any change of a random password's arguments replaces it (all of them are ForceNew)", () => {
        assert.deepStrictEqual(replacingChanges("random:index/randomPassword:RandomPassword", ["length"], {}, {}), ["length"]);
    });

    it("a Helm release is replaced on a new name or namespace, updated on new values", () => {
        assert.deepStrictEqual(replacingChanges("kubernetes:helm.sh/v3:Release", ["values", "version"], {}, {}), []);
        assert.deepStrictEqual(replacingChanges("kubernetes:helm.sh/v3:Release", ["name", "values"], {}, {}), ["name"]);
    });

    it("a Kubernetes object is replaced when its metadata.name or namespace changes, not its labels", () => {
        const type = "kubernetes:core/v1:Secret";
        assert.deepStrictEqual(replacingChanges(type, ["metadata"], { metadata: { name: "a", labels: { x: "1" } } }, { metadata: { name: "a", labels: { x: "2" } } }), []);
        assert.deepStrictEqual(replacingChanges(type, ["metadata"], { metadata: { name: "a" } }, { metadata: { name: "b" } }), ["metadata.name"]);
    });

    it("cloud resources are replaced only on their create-only properties", () => {
        assert.deepStrictEqual(replacingChanges("aws:eks/nodeGroup:NodeGroup", ["scalingConfig", "tags"], {}, {}), []);
        assert.deepStrictEqual(replacingChanges("aws:eks/nodeGroup:NodeGroup", ["instanceTypes"], {}, {}), ["instanceTypes"]);
        assert.deepStrictEqual(replacingChanges("azure-native:containerservice:AgentPool", ["count", "vmSize"], {}, {}), ["vmSize"]);
    });
});

describe("engine fakes: previews", () => {
    const planned = { name: "aks", oidcIssuerProfile: { enabled: true, issuerURL: "https://issuer" }, fqdn: "aks.example" };
    const inputs = { name: "aks", oidcIssuerProfile: { enabled: true } };

    it("leave every computed property unknown on create, inside objects too", () => {
        assert.deepStrictEqual(previewState(planned, inputs), { name: "aks", oidcIssuerProfile: { enabled: true, issuerURL: UNKNOWN }, fqdn: UNKNOWN });
    });

    it("keep the computed values a resource already has on update", () => {
        assert.deepStrictEqual(previewState(planned, inputs, planned), planned);
    });

    it("leave a Helm release's status unknown on update (pulumi-kubernetes fills it only after Helm ran)", () => {
        const release = { name: "milvus", status: { name: "milvus", namespace: "milvus" } };
        assert.deepStrictEqual(previewState(release, { name: "milvus" }, release, true), { name: "milvus", status: UNKNOWN });
    });

    it("read the stack, type and name out of a URN, through parents", () => {
        assert.deepStrictEqual(parseUrn("urn:pulumi:aws-prod::milvus-on-clouds::milvus-on-clouds:milvus:MilvusRelease$kubernetes:helm.sh/v3:Release::milvus-chart"),
            { stack: "aws-prod", type: "kubernetes:helm.sh/v3:Release", name: "milvus-chart" });
    });
});
