// The parts of the engine suite's fake cloud providers (AWS, Azure, random)
// that its verdicts rest on: a diff that calls an innocent edit innocent must
// still call a rename a replacement, and previews must leave computed values
// unknown as real providers do. Pure functions, so they run in the unit suite.
// (Kubernetes needs no such test: the suite runs the real provider.)
import * as assert from "assert";
import { UNKNOWN, parseUrn, previewState } from "./support/engine/fake-cloud";
import { replacingChanges } from "./support/engine/replacement";

describe("engine fakes: what forces a replacement", () => {
    it("any change of a random password's arguments replaces it (all of them are ForceNew)", () => {
        assert.deepStrictEqual(replacingChanges("random:index/randomPassword:RandomPassword", ["length"]), ["length"]);
    });

    it("cloud resources are replaced only on their create-only properties", () => {
        assert.deepStrictEqual(replacingChanges("aws:eks/nodeGroup:NodeGroup", ["scalingConfig", "tags"]), []);
        assert.deepStrictEqual(replacingChanges("aws:eks/nodeGroup:NodeGroup", ["instanceTypes"]), ["instanceTypes"]);
        assert.deepStrictEqual(replacingChanges("azure-native:containerservice:AgentPool", ["count", "vmSize"]), ["vmSize"]);
    });
});

describe("engine fakes: previews", () => {
    const planned = { name: "aks", oidcIssuerProfile: { enabled: true, issuerURL: "https://issuer" }, fqdn: "aks.example" };
    const inputs = { name: "aks", oidcIssuerProfile: { enabled: true } };

    it("leave every computed property unknown on create, inside objects too", () => {
        assert.deepStrictEqual(previewState(planned, inputs), {
            name: "aks",
            oidcIssuerProfile: { enabled: true, issuerURL: UNKNOWN },
            fqdn: UNKNOWN,
        });
    });

    it("keep the computed values a resource already has on update", () => {
        assert.deepStrictEqual(previewState(planned, inputs, planned), planned);
    });

    it("read the stack, type and name out of a URN, through parents", () => {
        assert.deepStrictEqual(
            parseUrn("urn:pulumi:aws-prod::milvus-on-clouds::milvus-on-clouds:milvus:MilvusRelease$kubernetes:helm.sh/v3:Release::milvus-chart"),
            { stack: "aws-prod", type: "kubernetes:helm.sh/v3:Release", name: "milvus-chart" },
        );
    });
});
