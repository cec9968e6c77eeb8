// The pure pieces of the Azure platform: CIDR arithmetic, names, the
// kubelogin kubeconfig, node-pool placement and storage class parameters.
import { propagationDelayMs } from "../components/azure/propagation";
import * as assert from "assert";
import { parse } from "yaml";
import { usableAddresses } from "../components/network/ipv4";
import { containsBlock, overlaps, parseNetworkCidr as parseCidr } from "../components/network/ipv4";
import { resolveAzure, type AzureSettings } from "../components/azure/config";
import { endpointFromCredential, kubeloginArgs, kubeloginKubeconfig } from "../components/azure/kubeconfig";
import { AKS_AAD_SERVER_ID, baseName, roleDefinitionId, storageAccountName } from "../components/azure/names";
import { placementFor, poolTaints, systemPoolDedicated } from "../components/azure/placement";
import { storageClassParameters } from "../components/azure/storage-class";
import { FAKE_CA_DATA, fakeUserKubeconfig } from "./support/unit/azure";

const GROUP = "11111111-2222-4333-8444-555555555555";

function settings(patch: Partial<Parameters<typeof resolveAzure>[0]> = {}): AzureSettings {
    return resolveAzure({ location: "westeurope", adminGroupObjectIds: [GROUP], ...patch }, "prod");
}

describe("azure units", () => {
    describe("cidr", () => {
        it("parses blocks and refuses host bits or bad octets", () => {
            assert.deepStrictEqual(parseCidr("10.42.0.0/16"), { start: (10 << 24) + (42 << 16), prefix: 16 });
            assert.strictEqual(parseCidr("10.42.0.1/16"), undefined);
            assert.strictEqual(parseCidr("10.256.0.0/16"), undefined);
            assert.strictEqual(parseCidr("10.0.0.0/33"), undefined);
        });

        it("overlap, containment and usable addresses", () => {
            const vnet = parseCidr("10.42.0.0/16");
            const subnet = parseCidr("10.42.0.0/20");
            const pods = parseCidr("10.244.0.0/16");
            assert.ok(vnet && subnet && pods);
            assert.ok(containsBlock(vnet, subnet));
            assert.ok(!containsBlock(subnet, vnet));
            assert.ok(overlaps(vnet, subnet));
            assert.ok(!overlaps(vnet, pods));
            assert.strictEqual(usableAddresses(subnet, 5), 4096 - 5);
            const high = parseCidr("192.168.0.0/16");
            assert.ok(high && !overlaps(high, vnet), "addresses above 128.0.0.0 compare as unsigned");
        });
    });

    describe("names", () => {
        it("storage account names are valid, stable and per resource group", () => {
            const a = storageAccountName("/subscriptions/s1/resourceGroups/rg");
            assert.match(a, /^[a-z0-9]{3,24}$/);
            assert.strictEqual(storageAccountName("/subscriptions/S1/resourcegroups/RG"), a, "ARM ids are case-insensitive");
            assert.notStrictEqual(storageAccountName("/subscriptions/s2/resourceGroups/rg"), a);
        });

        it("base names are cleaned from the stack name", () => {
            assert.strictEqual(baseName(undefined, "Azure_Prod.EU"), "milvus-azure-prod-eu");
            assert.strictEqual(baseName("mine", "azure-prod"), "mine");
            assert.ok(baseName(undefined, "x".repeat(80)).length <= 40);
        });

        it("role definitions live in the scope's subscription", () => {
            assert.strictEqual(
                roleDefinitionId(
                    "/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a",
                    "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
                ),
                "/subscriptions/abc/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe",
            );
            assert.throws(() => roleDefinitionId("not-an-id", "x"), /not an Azure resource id/);
        });
    });

    describe("kubeconfig", () => {
        const credential = Buffer.from(fakeUserKubeconfig("c1")).toString("base64");

        it("keeps only the server and CA of the user credential and logs in with kubelogin", () => {
            const endpoint = endpointFromCredential(credential);
            assert.deepStrictEqual(endpoint, { server: "https://c1-dns.hcp.westeurope.azmk8s.io:443", certificateAuthorityData: FAKE_CA_DATA });
            const text = kubeloginKubeconfig("c1", endpoint, kubeloginArgs({ loginMode: "azurecli" }, undefined));
            const doc = parse(text) as { users: Array<{ user: Record<string, unknown> }>; "current-context": string };
            assert.strictEqual(doc["current-context"], "c1");
            assert.deepStrictEqual(Object.keys(doc.users[0].user), ["exec"]);
            const exec = doc.users[0].user.exec as { command: string; args: string[]; interactiveMode: string };
            assert.strictEqual(exec.command, "kubelogin");
            assert.deepStrictEqual(exec.args, ["get-token", "--login", "azurecli", "--server-id", AKS_AAD_SERVER_ID]);
            assert.strictEqual(exec.interactiveMode, "Never");
            assert.doesNotMatch(text, /devicecode|client-key-data|client-certificate-data|token:/);
        });

        it("passes the tenant to a service principal login", () => {
            assert.deepStrictEqual(kubeloginArgs({ loginMode: "spn" }, GROUP).slice(-2), ["--tenant-id", GROUP]);
            assert.ok(!kubeloginArgs({ loginMode: "workloadidentity" }, GROUP).includes("--tenant-id"));
        });

        it("refuses a credential without server or CA", () => {
            const broken = Buffer.from("clusters: [{ cluster: { server: https://x } }]").toString("base64");
            assert.throws(() => endpointFromCredential(broken), /certificate-authority-data/);
        });
    });

    describe("placement", () => {
        it("maps pool roles to chart nodeSelector and tolerations", () => {
            const azure = settings({ nodePools: { query: {}, data: {}, dependencies: {} } });
            const p = placementFor(azure);
            const tolerate = (role: string) => [{ key: "milvus-on-clouds/role", operator: "Equal", value: role, effect: "NoSchedule" }];
            assert.deepStrictEqual(p.queryNode, { nodeSelector: { "milvus-on-clouds/role": "query" }, tolerations: tolerate("query") });
            for (const c of ["dataNode", "streamingNode", "mixCoordinator", "proxy", "standalone"] as const) {
                assert.deepStrictEqual(p[c], { nodeSelector: { "milvus-on-clouds/role": "data" }, tolerations: tolerate("data") }, c);
            }
            // Untainted: also takes the pods the chart cannot place (Pulsar, Attu).
            assert.deepStrictEqual(p.dependencies, { nodeSelector: { "milvus-on-clouds/role": "dependencies" } });
            assert.deepStrictEqual(poolTaints(azure.nodePools[2]), []);
            assert.deepStrictEqual(poolTaints(azure.nodePools[0]), ["milvus-on-clouds/role=query:NoSchedule"]);
        });

        it("reserves the system pool only when a dependencies pool takes unplaced pods", () => {
            assert.strictEqual(systemPoolDedicated(settings({ nodePools: { query: {}, data: {}, dependencies: {} } })), true);
            assert.strictEqual(systemPoolDedicated(settings({ nodePools: { query: {}, data: {} } })), false);
            assert.deepStrictEqual(placementFor(settings()), {});
        });
    });

    it("storage class parameters: Premium SSD with read caching, v2 without caching", () => {
        assert.deepStrictEqual(storageClassParameters({ skuName: "Premium_LRS", storageClassName: "x" }), {
            skuName: "Premium_LRS",
            cachingMode: "ReadOnly",
        });
        assert.deepStrictEqual(storageClassParameters({ skuName: "PremiumV2_LRS", storageClassName: "x" }), {
            skuName: "PremiumV2_LRS",
            cachingMode: "None",
        });
    });
});

describe("azure: role assignment propagation", () => {
    const created = "2026-12-02T10:00:00Z";
    const at = (iso: string) => Date.parse(iso);
    it("waits out the window after a new assignment, and not at all once it has passed", () => {
        assert.strictEqual(propagationDelayMs(created, at("2026-12-02T10:00:00Z")), 10 * 60 * 1000);
        assert.strictEqual(propagationDelayMs(created, at("2026-12-02T10:07:30Z")), 150 * 1000);
        assert.strictEqual(propagationDelayMs(created, at("2026-12-02T10:10:00Z")), 0);
        assert.strictEqual(propagationDelayMs(created, at("2027-01-01T00:00:00Z")), 0);
    });

    it("never waits longer than the window (clock skew) nor on an unknown creation time", () => {
        assert.strictEqual(propagationDelayMs(created, at("2026-12-02T09:00:00Z")), 10 * 60 * 1000);
        assert.strictEqual(propagationDelayMs(undefined, Date.now()), 0);
        assert.strictEqual(propagationDelayMs("not a date", Date.now()), 0);
    });
});
