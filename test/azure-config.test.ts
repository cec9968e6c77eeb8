// The `azure` config block: syntax, defaults and cross-key rules, checked
// before any resource is registered, with one message per problem naming
// the key, the given value and what is allowed.
import * as assert from "assert";
import { ConfigValidationError, type ConfigProblem } from "../components/config/problems";
import { configProblems, configOn } from "./support/unit/config";
import { EVENT_HUBS_REFUSAL } from "../components/azure/module";
import * as path from "path";
import { installMocks, settle } from "./support/unit/mocks";
import { PROJECT, ROOT, rawProjectConfig, stackFileConfig } from "./support/unit/stacks";

/** Every stack validated here is on azure: its settings are typed. */
const validateStackConfig = (raw: Record<string, unknown>) => configOn("azure", raw);

const GROUP = "11111111-2222-4333-8444-555555555555";

/** A minimal valid Azure stack; `patch` is merged into the `azure` and `milvus` blocks. */
function azureStack(
    patch: { azure?: Record<string, unknown>; milvus?: Record<string, unknown>; environment?: string } = {},
): Record<string, unknown> {
    return {
        cloud: "azure",
        environment: patch.environment ?? "dev",
        azure: { location: "westeurope", adminGroupObjectIds: [GROUP], apiServer: { authorizedIpRanges: ["198.51.100.0/24"] }, ...patch.azure },
        ...(patch.milvus ? { milvus: patch.milvus } : {}),
    };
}

function problemFor(raw: Record<string, unknown>, key: string): ConfigProblem {
    const problems = configProblems(raw);
    const found = problems.filter((p) => p.key === key);
    assert.strictEqual(found.length, 1, `expected one problem for ${key}, got: ${JSON.stringify(problems)}`);
    return found[0];
}

describe("azure config", () => {
    for (const stack of ["azure-dev", "azure-prod"]) {
        it(`${stack}: the shipped stack file validates`, () => {
            const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
            assert.strictEqual(config.cloud, "azure");
            assert.ok(config.azure, "azure settings resolved");
        });
    }

    describe("Kafka (Azure Event Hubs) is refused", () => {
        for (const milvus of [
            { mode: "cluster", messageQueue: "kafka" },
            { mode: "cluster", externalKafka: { brokers: ["ns.servicebus.windows.net:9093"], credentialsSecret: { name: "eh" } } },
        ]) {
            it(`with ${JSON.stringify(milvus)}`, () => {
                const problems = configProblems(azureStack({ milvus }));
                const queue = problems.filter((p) => p.key === "milvus.messageQueue");
                // Exactly one message: the refusal, not also a hint to point at an external Kafka.
                assert.strictEqual(queue.length, 1, JSON.stringify(problems));
                assert.strictEqual(queue[0].given, "kafka");
                for (const reason of ["1 MB", "10 MiB", "10 event hubs", "16 or more topics", "gzip", "zstd", "pulsar", "woodpecker"]) {
                    assert.ok(queue[0].allowed.includes(reason), `the refusal names ${reason}: ${queue[0].allowed}`);
                }
                assert.ok(queue[0].allowed.includes(EVENT_HUBS_REFUSAL));
            });
        }

        it("the error message names the key, the value and the reasons on one line", () => {
            assert.throws(
                () => validateStackConfig(azureStack({ milvus: { mode: "cluster", messageQueue: "kafka" } })),
                (error: Error) => {
                    assert.match(
                        error.message,
                        /milvus-on-clouds:milvus\.messageQueue: got "kafka"; is not supported on azure: Azure Event Hubs' Kafka endpoint/,
                    );
                    return true;
                },
            );
        });
    });

    it("an invalid Azure stack fails before any resource is registered", async () => {
        const raw = azureStack({ milvus: { mode: "cluster", messageQueue: "kafka" } });
        const session = installMocks({
            project: PROJECT,
            stack: "azure-invalid",
            config: Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
        });

        const program = require(path.join(ROOT, "index")) as () => Promise<unknown>;
        await assert.rejects(program(), (error: Error) => error instanceof ConfigValidationError && /Event Hubs/.test(error.message));
        await settle();
        assert.deepStrictEqual(session.resources, []);
    });

    it("requires the azure block when cloud is azure", () => {
        const problem = problemFor({ cloud: "azure" }, "azure");
        assert.match(problem.allowed, /azure\.location and azure\.adminGroupObjectIds/);
    });

    it("refuses an azure block on another cloud", () => {
        assert.match(problemFor({ cloud: "local", azure: azureStack().azure }, "azure").allowed, /read only when cloud is "azure"/);
    });

    it("requires admin groups (local accounts are disabled) and valid GUIDs", () => {
        const missing = problemFor(azureStack({ azure: { adminGroupObjectIds: undefined } }), "azure.adminGroupObjectIds");
        assert.match(missing.allowed, /required/);
        const problems = configProblems(azureStack({ azure: { adminGroupObjectIds: ["admins"] } }));
        // One problem: dropping the bad item must not add "at least 1 item" for the list.
        assert.deepStrictEqual(
            problems.map((p) => [p.key, p.given]),
            [["azure.adminGroupObjectIds.0", "admins"]],
        );
        assert.match(problems[0].allowed, /GUID/);
    });

    it("lists the allowed keys for an unknown key", () => {
        const problem = problemFor(azureStack({ azure: { region: "westeurope" } }), "azure.region");
        assert.match(problem.allowed, /unknown key; allowed keys under azure: location, /);
    });

    it("rejects malformed values with the key and value", () => {
        assert.strictEqual(problemFor(azureStack({ azure: { location: "West Europe" } }), "azure.location").given, "West Europe");
        assert.match(problemFor(azureStack({ azure: { zones: ["1", "1"] } }), "azure.zones").allowed, /must not repeat/);
        assert.match(
            problemFor(azureStack({ azure: { network: { podCidr: "10.244.0.1/16" } } }), "azure.network.podCidr").allowed,
            /has host bits set: the block is 10\.244\.0\.0\/16/,
        );
        assert.match(
            problemFor(azureStack({ azure: { storage: { accountName: "Milvus_Data" } } }), "azure.storage.accountName").allowed,
            /lower-case letters and digits/,
        );
        assert.match(problemFor(azureStack({ azure: { systemPool: { vmSize: "D4s" } } }), "azure.systemPool.vmSize").allowed, /Azure VM size/);
    });

    describe("API server access", () => {
        it("must be restricted: authorized ranges or a private cluster", () => {
            const problem = problemFor(azureStack({ azure: { apiServer: {} } }), "azure.apiServer.authorizedIpRanges");
            assert.match(problem.allowed, /required unless azure\.apiServer\.privateCluster is true/);
            assert.deepStrictEqual(configProblems(azureStack({ azure: { apiServer: { privateCluster: true } } })), []);
        });

        it("never open to the whole internet", () => {
            const problem = problemFor(
                azureStack({ azure: { apiServer: { authorizedIpRanges: ["0.0.0.0/0"] } } }),
                "azure.apiServer.authorizedIpRanges",
            );
            assert.match(problem.allowed, /whole internet/);
        });

        it("ranges and a private cluster exclude each other", () => {
            const problem = problemFor(
                azureStack({ azure: { apiServer: { privateCluster: true, authorizedIpRanges: ["198.51.100.0/24"] } } }),
                "azure.apiServer.authorizedIpRanges",
            );
            assert.match(problem.allowed, /must be empty when azure\.apiServer\.privateCluster is true/);
        });
    });

    describe("address plan", () => {
        const net = (network: Record<string, unknown>) => azureStack({ azure: { network } });

        it("the defaults do not clash", () => {
            assert.deepStrictEqual(configProblems(azureStack()), []);
        });

        it("pod range must not overlap the VNet", () => {
            assert.match(
                problemFor(net({ podCidr: "10.42.128.0/17" }), "azure.network.podCidr").allowed,
                /must not overlap azure\.network\.vnetCidr/,
            );
        });

        it("service range must not overlap the VNet or the pods", () => {
            const problems = configProblems(net({ serviceCidr: "10.244.0.0/16", dnsServiceIp: "10.244.0.10" })).filter(
                (p) => p.key === "azure.network.serviceCidr",
            );
            assert.deepStrictEqual(
                problems.map((p) => p.allowed),
                ["must not overlap azure.network.podCidr (10.244.0.0/16)"],
            );
            assert.match(
                problemFor(net({ serviceCidr: "10.42.0.0/24", dnsServiceIp: "10.42.0.10" }), "azure.network.serviceCidr").allowed,
                /vnetCidr/,
            );
        });

        it("ranges AKS reserves are refused", () => {
            assert.match(
                problemFor(net({ serviceCidr: "172.30.0.0/16", dnsServiceIp: "172.30.0.10" }), "azure.network.serviceCidr").allowed,
                /reserved by AKS/,
            );
        });

        it("node subnet inside the VNet and large enough for the pools at full scale", () => {
            assert.match(
                problemFor(net({ nodeSubnetCidr: "10.43.0.0/24" }), "azure.network.nodeSubnetCidr").allowed,
                /inside azure\.network\.vnetCidr/,
            );
            // the dev system pool's default maximum of 8 and the query pool's 20
            const small = problemFor(
                azureStack({ azure: { network: { nodeSubnetCidr: "10.42.0.0/27" }, nodePools: { query: { maxCount: 20 } } } }),
                "azure.network.nodeSubnetCidr",
            );
            assert.match(small.allowed, /too small: 27 usable addresses for 28 nodes/);
        });

        it("the overlay pod range needs a /24 per node", () => {
            assert.match(problemFor(net({ podCidr: "10.244.0.0/26" }), "azure.network.podCidr").allowed, /a \/24/);
        });

        it("the DNS service IP lies inside the service range and is not reserved", () => {
            assert.match(problemFor(net({ dnsServiceIp: "10.1.0.10" }), "azure.network.dnsServiceIp").allowed, /inside azure\.network\.serviceCidr/);
            assert.match(problemFor(net({ dnsServiceIp: "10.0.0.1" }), "azure.network.dnsServiceIp").allowed, /first or second address/);
        });

        it("an existing subnet excludes the keys that size a new network", () => {
            const subnetId = "/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks";
            const problem = problemFor(net({ subnetId, vnetCidr: "10.50.0.0/16" }), "azure.network.vnetCidr");
            assert.match(problem.allowed, /read only when the program creates the network/);
            assert.deepStrictEqual(configProblems(net({ subnetId })), []);
        });
    });

    it("autoscaling bounds are ordered", () => {
        const problem = problemFor(azureStack({ azure: { nodePools: { data: { minCount: 4, maxCount: 2 } } } }), "azure.nodePools.data.maxCount");
        assert.match(problem.allowed, /must be >= azure\.nodePools\.data\.minCount \(4\)/);
    });

    it("Premium SSD v2 needs zonal pools", () => {
        const problem = problemFor(azureStack({ azure: { zones: [], disk: { skuName: "PremiumV2_LRS" } } }), "azure.disk.skuName");
        assert.match(problem.allowed, /zonal/);
        assert.deepStrictEqual(configProblems(azureStack({ azure: { disk: { skuName: "PremiumV2_LRS" } } })), []);
    });

    it("prod refuses the Free tier (no uptime SLA)", () => {
        const prod = { environment: "prod", milvus: { mode: "cluster" } };
        assert.match(problemFor(azureStack({ ...prod, azure: { tier: "Free" } }), "azure.tier").allowed, /Standard or Premium/);
    });

    describe("woodpecker on Azure needs Milvus >= 2.6.3 (WAL in Blob)", () => {
        it("refuses v2.6.2, also when woodpecker is the standalone default", () => {
            for (const milvus of [
                { messageQueue: "woodpecker", imageTag: "v2.6.2" },
                { mode: "standalone", imageTag: "v2.6.2" },
            ]) {
                const problem = problemFor(azureStack({ milvus }), "milvus.imageTag");
                assert.strictEqual(problem.given, "v2.6.2");
                assert.match(problem.allowed, /v2\.6\.3 or later/);
            }
        });

        it("accepts v2.6.3 and pulsar on older 2.6 releases", () => {
            assert.deepStrictEqual(configProblems(azureStack({ milvus: { messageQueue: "woodpecker", imageTag: "v2.6.3" } })), []);
            // A cluster with Pulsar and no user pools runs everything on the system pool. On Standard_D4ds_v5 (2.5 CPU / 10.15 GiB
            // for pods): the four 8 GiB pods (query, data, streaming nodes, a bookie) a node each; etcd x3, mixCoord, proxy and the
            // broker (1 CPU / 4 GiB) two per node on three more; the Pulsar proxy (0.5 / 4) an eighth; ZooKeeper (0.5 / 2) beside
            // the query node: 8 nodes.
            const systemPool = { maxCount: 8 };
            assert.deepStrictEqual(
                configProblems(azureStack({ azure: { systemPool }, milvus: { mode: "cluster", messageQueue: "pulsar", imageTag: "v2.6.2" } })),
                [],
            );
        });
    });

    it("the service account is the platform's (it is the federated subject)", () => {
        const problem = problemFor(azureStack({ milvus: { values: { serviceAccount: { name: "other" } } } }), "milvus.values.serviceAccount");
        assert.match(problem.allowed, /set by the program: .*workload identity federation/);
    });

    it("Attu ingress is refused with a reason that fits Azure", () => {
        const problem = problemFor(azureStack({ milvus: { attu: { enabled: true, ingress: { enabled: true } } } }), "milvus.attu.ingress.enabled");
        assert.match(problem.allowed, /the azure platform installs none; reach Attu with kubectl port-forward/);
    });

    it("a service principal login needs the tenant", () => {
        assert.match(problemFor(azureStack({ azure: { kubelogin: { loginMode: "spn" } } }), "azure.tenantId").allowed, /loginMode spn/);
    });

    it("reports every problem at once", () => {
        const problems = configProblems(
            azureStack({
                azure: {
                    apiServer: {},
                    zones: [],
                    disk: { skuName: "PremiumV2_LRS" },
                    network: { podCidr: "10.42.0.0/16" },
                    systemPool: { maxCount: 3 },
                },
                milvus: { mode: "cluster", messageQueue: "kafka" },
            }),
        );
        assert.deepStrictEqual(
            problems.map((p) => p.key).sort(),
            // The cluster's pods need more than a system pool of 3 nodes: pool sizing reports it in the same go.
            ["azure.apiServer.authorizedIpRanges", "azure.disk.skuName", "azure.network.podCidr", "azure.systemPool.maxCount", "milvus.messageQueue"],
        );
    });

    describe("defaults", () => {
        it("dev: Free tier, LRS, three zones, small system pool, woodpecker standalone", () => {
            const { azure, milvus } = validateStackConfig(azureStack());
            assert.ok(azure);
            assert.strictEqual(azure.tier, "Free");
            assert.strictEqual(azure.storage.replication, "LRS");
            assert.deepStrictEqual(azure.zones, ["1", "2", "3"]);
            assert.deepStrictEqual(azure.systemPool, { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 8 });
            assert.strictEqual(azure.disk.skuName, "Premium_LRS");
            assert.strictEqual(azure.network.networkPolicy, "cilium");
            assert.strictEqual(azure.kubelogin.loginMode, "azurecli");
            assert.deepStrictEqual(azure.nodePools, []);
            assert.strictEqual(milvus.messageQueue, "woodpecker");
        });

        it("prod: Standard tier, ZRS, three system nodes, pulsar in cluster mode", () => {
            // Without a dependencies pool the system pool runs everything but the query nodes, within its default maximum (15).
            const { azure, milvus } = validateStackConfig(azureStack({ environment: "prod", azure: { nodePools: { query: {} } } }));
            assert.ok(azure);
            assert.strictEqual(azure.tier, "Standard");
            assert.strictEqual(azure.storage.replication, "ZRS");
            assert.strictEqual(azure.systemPool.minCount, 3);
            assert.deepStrictEqual(azure.nodePools, [
                { role: "query", name: "query", vmSize: "Standard_E8ds_v5", minCount: 3, maxCount: 6, osDiskSizeGB: undefined },
            ]);
            assert.strictEqual(milvus.mode, "cluster");
            assert.strictEqual(milvus.messageQueue, "pulsar");
        });
    });
});
