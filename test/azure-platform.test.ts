// The Azure platform under mocks, for both shipped Azure stacks: AKS security
// properties, workload identity wiring (issuer from the real cluster output,
// subject = the chart's service account), the blob role's role and scope,
// storage account hardening, the premium StorageClass, chart keys valid and
// keyless, protection in prod, and no credential outside a secret.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { NETWORK_CONTRIBUTOR, STORAGE_BLOB_DATA_CONTRIBUTOR } from "../components/azure/names";
import { DEPLOYER_OBJECT_ID, EXISTING_VNET_RANGES, FAKE_CA_DATA, LIST_USER_CREDENTIALS, azureState, fakeGuid } from "./support/unit/azure";
import { chartDefaultsOrSkip, unknownKeyPaths } from "./support/unit/chart-contract";
import { at, generatedSecrets, leakingOutputs, milvusLoadBalancer, milvusRelease, ofType, one, plaintextPaths } from "./support/unit/inspect";
import { valueOf, type RecordedResource } from "./support/unit/mocks";
import { ConfigValidationError } from "../components/config/problems";
import { attempt, evaluate, rawProjectConfig, stackFileConfig, type Evaluation } from "./support/unit/stacks";

const T = {
    group: "azure-native:resources:ResourceGroup",
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    federation: "azure-native:managedidentity:FederatedIdentityCredential",
    role: "azure-native:authorization:RoleAssignment",
    lock: "azure-native:authorization:ManagementLockByScope",
    account: "azure-native:storage:StorageAccount",
    container: "azure-native:storage:BlobContainer",
    vnet: "azure-native:network:VirtualNetwork",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    storageClassPatch: "kubernetes:storage.k8s.io/v1:StorageClassPatch",
    namespace: "kubernetes:core/v1:Namespace",
    secret: "kubernetes:core/v1:Secret",
    provider: "pulumi:providers:kubernetes",
} as const;

/** Not what the default mocks report, so a hard-coded issuer cannot pass. */
const issuerFor = (stack: string) => `https://issuer.example.test/${stack}/4f1d9c2e/`;

interface Run extends Evaluation {
    calls: string[];
    config: Record<string, unknown>;
}

async function run(stack: string, edit?: (config: Record<string, unknown>) => void): Promise<Run> {
    const config = structuredClone(stackFileConfig(stack));
    edit?.(config);
    const calls: string[] = [];
    const evaluation = await evaluate(config, {
        stack,
        state: (args) =>
            args.type === T.cluster ? { ...azureState(args), oidcIssuerProfile: { enabled: true, issuerURL: issuerFor(stack) } } : undefined,
        call: (args) => {
            calls.push(args.token);
            return undefined; // the Azure fallbacks answer
        },
    });
    return { ...evaluation, calls, config: rawProjectConfig(config) };
}

type Azure = {
    adminGroupObjectIds: string[];
    apiServer: { authorizedIpRanges: string[] };
    zones?: string[];
    systemPool: { minCount: number; maxCount: number };
    nodePools?: Record<string, { minCount: number; maxCount: number }>;
};

function parseTaint(taint: string): { key: string; value: string; effect: string } {
    const m = /^([^=]+)=([^:]+):(\w+)$/.exec(taint);
    assert.ok(m, `taint ${taint}`);
    return { key: m[1], value: m[2], effect: m[3] };
}

for (const stack of ["azure-dev", "azure-prod"]) {
    const prod = stack === "azure-prod";

    describe(`azure platform: ${stack}`, function () {
        this.timeout(60000);
        let r: Run;
        let azure: Azure;
        let values: Record<string, unknown>;
        let release: ReturnType<typeof milvusRelease>;

        before(async () => {
            r = await run(stack);
            azure = r.config.azure as Azure;
            release = milvusRelease(r.resources);
            values = release.values;
        });

        describe("AKS", () => {
            it("Entra ID with Azure RBAC, local accounts disabled, admin groups from config", () => {
                const c = one(r.resources, T.cluster).inputs;
                assert.strictEqual(c.disableLocalAccounts, true);
                assert.strictEqual(c.enableRBAC, true);
                assert.deepStrictEqual(at(c, "aadProfile.managed"), true);
                assert.deepStrictEqual(at(c, "aadProfile.enableAzureRBAC"), true);
                assert.deepStrictEqual(at(c, "aadProfile.adminGroupObjectIDs"), azure.adminGroupObjectIds);
            });

            it("the identity running pulumi up is AKS RBAC Cluster Admin on the cluster, before any Kubernetes object", () => {
                const grant = ofType(r.resources, T.role).find((a) => a.name === "azure-aks-deployer-access");
                assert.ok(grant, "a role assignment for the deployer");
                assert.strictEqual(grant.inputs.principalId, DEPLOYER_OBJECT_ID);
                assert.match(
                    String(grant.inputs.roleDefinitionId),
                    /\/providers\/Microsoft\.Authorization\/roleDefinitions\/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b$/,
                );
                const cluster = one(r.resources, T.cluster).inputs;
                assert.ok(String(grant.inputs.scope).endsWith(`/managedClusters/${String(cluster.resourceName)}`), String(grant.inputs.scope));
                const provider = r.resources.find((p) => p.type === T.provider && p.name === "azure-k8s");
                assert.ok(provider?.dependencies.includes(grant.urn), "the Kubernetes provider waits for the grant");
            });

            it("OIDC issuer and workload identity enabled", () => {
                const c = one(r.resources, T.cluster).inputs;
                assert.strictEqual(at(c, "oidcIssuerProfile.enabled"), true);
                assert.strictEqual(at(c, "securityProfile.workloadIdentity.enabled"), true);
            });

            it("API server restricted to the configured ranges; network policy on Azure CNI Overlay", () => {
                const c = one(r.resources, T.cluster).inputs;
                assert.deepStrictEqual(c.apiServerAccessProfile, {
                    enablePrivateCluster: false,
                    authorizedIPRanges: azure.apiServer.authorizedIpRanges,
                });
                assert.ok(["cilium", "calico", "azure"].includes(String(at(c, "networkProfile.networkPolicy"))), "a network policy engine");
                assert.strictEqual(at(c, "networkProfile.networkPlugin"), "azure");
                assert.strictEqual(at(c, "networkProfile.networkPluginMode"), "overlay");
            });

            it(`${prod ? "Standard" : "Free"} tier, a pinned minor version, patch auto-upgrades`, () => {
                const c = one(r.resources, T.cluster).inputs;
                assert.strictEqual(at(c, "sku.tier"), prod ? "Standard" : "Free");
                assert.match(String(c.kubernetesVersion), /^1\.\d{2}$/);
                assert.strictEqual(at(c, "autoUpgradeProfile.upgradeChannel"), "patch");
            });

            it("system pool: zonal, autoscaling within the configured bounds", () => {
                const system = (one(r.resources, T.cluster).inputs.agentPoolProfiles as Array<Record<string, unknown>>)[0];
                assert.strictEqual(system.mode, "System");
                assert.deepStrictEqual(system.availabilityZones, azure.zones ?? ["1", "2", "3"]);
                assert.strictEqual(system.enableAutoScaling, true);
                assert.strictEqual(system.minCount, azure.systemPool.minCount);
                assert.strictEqual(system.maxCount, azure.systemPool.maxCount);
                assert.ok(String(system.vnetSubnetID).endsWith("/subnets/aks-nodes"));
            });

            it("the control plane may use the node subnet (Network Contributor, scoped to the subnet)", () => {
                const cluster = one(r.resources, T.cluster);
                const subnetRole = ofType(r.resources, T.role).filter((ra) => String(ra.inputs.roleDefinitionId).endsWith(NETWORK_CONTRIBUTOR));
                assert.strictEqual(subnetRole.length, 1);
                assert.match(String(subnetRole[0].inputs.scope), /\/virtualNetworks\/[^/]+\/subnets\/aks-nodes$/);
                assert.ok(cluster.dependencies.includes(subnetRole[0].urn), "the cluster waits for the role");
            });

            it("the kubeconfig uses kubelogin (works with local accounts disabled) and is a secret", async () => {
                assert.ok(r.calls.includes(LIST_USER_CREDENTIALS), "user (not admin) credentials are read");
                assert.ok(
                    !r.calls.some((t) => /AdminCredentials|MonitoringUserCredentials/.test(t)),
                    `no static credential is read: ${r.calls.join(", ")}`,
                );
                const output = r.outputs.kubeconfig as pulumi.Output<string>;
                assert.ok(await pulumi.isSecret(output));
                const kubeconfig = parse(await valueOf(output)) as { users: Array<{ user: { exec?: { command: string; args: string[] } } }> };
                assert.strictEqual(kubeconfig.users.length, 1);
                assert.strictEqual(kubeconfig.users[0].user.exec?.command, "kubelogin");
                assert.deepStrictEqual(kubeconfig.users[0].user.exec?.args.slice(0, 3), ["get-token", "--login", "azurecli"]);
                const provider = one(r.resources, T.provider);
                assert.deepStrictEqual(plaintextPaths(provider.rawInputs, FAKE_CA_DATA), [], "the provider gets the kubeconfig as a secret");
            });
        });

        describe("node pools", () => {
            it(prod ? "query, data and dependencies pools: zonal, autoscaling, labelled" : "no user pools: everything on the system pool", () => {
                const pools = ofType(r.resources, T.pool);
                const configured = azure.nodePools ?? {};
                assert.strictEqual(pools.length, Object.keys(configured).length);
                for (const pool of pools) {
                    const role = (pool.inputs.nodeLabels as Record<string, string>)["milvus-on-clouds/role"];
                    assert.ok(role in configured, `pool ${String(pool.inputs.agentPoolName)} has a configured role`);
                    assert.strictEqual(pool.inputs.mode, "User");
                    assert.deepStrictEqual(pool.inputs.availabilityZones, azure.zones ?? ["1", "2", "3"]);
                    assert.strictEqual(pool.inputs.enableAutoScaling, true);
                    // Sizing may raise the minimum (below), never lower it or touch the maximum.
                    assert.ok(Number(pool.inputs.minCount) >= configured[role].minCount, `${role}: minCount keeps the configured floor`);
                    assert.strictEqual(pool.inputs.maxCount, configured[role].maxCount);
                }
            });

            it("pool sizes follow the Milvus pods each pool runs (worked by hand)", () => {
                const system = (one(r.resources, T.cluster).inputs.agentPoolProfiles as Array<Record<string, unknown>>)[0];
                const counts = (p: Record<string, unknown>) => [p.minCount, p.count, p.maxCount];
                const byRole = (role: string) =>
                    one(
                        ofType(r.resources, T.pool).filter((p) => (p.inputs.nodeLabels as Record<string, string>)["milvus-on-clouds/role"] === role),
                        T.pool,
                    ).inputs;
                if (!prod) {
                    // One Standard_D4ds_v5 system pool runs everything. Per node it gives pods 4 x 0.9 - 0.1 = 3.5 CPU
                    // and 16 - 4.85 = 11.15 GiB (AKS keeps min(5050 MiB, 25% = 4 GiB) + 100 MiB eviction + 0.75 GiB
                    // DaemonSets, more than the default 10% + 0.5 GiB), minus 1 CPU / 1 GiB for the AKS add-ons of a
                    // system pool: 2.5 CPU / 10.15 GiB. standalone (1 CPU / 4 GiB) + etcd (0.5 CPU / 1 GiB) fit
                    // one node, the configured minimum.
                    assert.deepStrictEqual(counts(system), [1, 1, 3]);
                    return;
                }
                // The system pool is dedicated (CriticalAddonsOnly): no Milvus pods, the configured 3 / 5.
                assert.deepStrictEqual(counts(system), [3, 3, 5]);
                // query, Standard_E8ds_v5 (8 vCPU / 64 GiB): pods get 8 x 0.9 - 0.1 = 7.1 CPU / 64 x 0.9 - 0.5 = 57.1 GiB
                // (AKS keeps less here: 0.48 CPU / 5.78 GiB). 3 query nodes of 4 CPU / 32 GiB: one per node
                // (2 x 4 > 7.1) = 3 = the configured minimum, three zones keep one each.
                assert.deepStrictEqual(counts(byRole("query")), [3, 3, 9]);
                // data, Standard_D8ds_v5 (8 / 32): 7.1 CPU and 32 - 5.78 = 26.22 GiB (AKS: 5050 MiB + 100 MiB + 0.75 GiB).
                // 2 dataNode + 3 streamingNode of 2 CPU / 8 GiB, 2 mixCoordinator + 2 proxy of 1 / 4 (the smallest
                // sizes, reserved in full): node 1 dn, dn, sn (6 CPU / 24 GiB); node 2 sn, sn, mixCoord x2 (6 / 24);
                // node 3 the proxies -> 3, the configured minimum.
                assert.deepStrictEqual(counts(byRole("data")), [3, 3, 6]);
                // dependencies, Standard_D4ds_v5: 3.5 CPU / 11.15 GiB. 3 bookkeeper 1 / 8, 3 etcd 1 / 4, 2 broker 1 / 4,
                // 2 Pulsar proxy 0.5 / 4, 3 zookeeper 0.5 / 2 = 10.5 CPU / 58 GiB: no two 8 GiB bookies nor a bookie and
                // a 4 GiB pod share a node (12 > 11.15): 3 nodes, a zookeeper beside each (10 GiB); the seven 4 GiB pods
                // go two per node -> 4 more: 7, above the configured 3, within 9.
                assert.deepStrictEqual(counts(byRole("dependencies")), [7, 7, 9]);
            });

            it("every chart nodeSelector matches a pool whose taints the component tolerates", () => {
                const pools = ofType(r.resources, T.pool);
                const placed = ["queryNode", "dataNode", "streamingNode", "mixCoordinator", "proxy", "standalone", "etcd"]
                    .map((key) => [key, values[key] as Record<string, unknown> | undefined] as const)
                    .filter(([, v]) => v?.nodeSelector !== undefined);
                assert.strictEqual(placed.length > 0, prod, "placement only where there are pools");
                for (const [key, component] of placed) {
                    const selector = component?.nodeSelector as Record<string, string>;
                    const tolerations = (component?.tolerations ?? []) as Array<{ key: string; value?: string; effect: string }>;
                    const pool = pools.find((p) =>
                        Object.entries(selector).every(([k, v]) => (p.inputs.nodeLabels as Record<string, string>)[k] === v),
                    );
                    assert.ok(pool, `${key}: a pool carries ${JSON.stringify(selector)}`);
                    for (const taint of (pool.inputs.nodeTaints as string[]).map(parseTaint)) {
                        assert.ok(
                            tolerations.some((t) => t.key === taint.key && t.value === taint.value && t.effect === taint.effect),
                            `${key} tolerates ${JSON.stringify(taint)}`,
                        );
                    }
                }
                if (prod) {
                    assert.deepStrictEqual(at(values, "queryNode.nodeSelector"), { "milvus-on-clouds/role": "query" });
                    assert.deepStrictEqual(at(values, "etcd.nodeSelector"), { "milvus-on-clouds/role": "dependencies" });
                }
            });

            it("pods the chart cannot place (Pulsar, Attu) still have an untainted pool", () => {
                const system = (one(r.resources, T.cluster).inputs.agentPoolProfiles as Array<{ nodeTaints: string[] }>)[0];
                const untainted = [system.nodeTaints, ...ofType(r.resources, T.pool).map((p) => p.inputs.nodeTaints as string[])].some(
                    (t) => t.length === 0,
                );
                assert.ok(untainted);
                assert.deepStrictEqual(system.nodeTaints, prod ? ["CriticalAddonsOnly=true:NoSchedule"] : []);
            });
        });

        describe("workload identity", () => {
            it("the federated credential trusts the cluster's own issuer (a cluster output)", () => {
                const federation = one(r.resources, T.federation, "azure-milvus-federation");
                const cluster = one(r.resources, T.cluster);
                assert.strictEqual(federation.inputs.issuer, issuerFor(stack));
                assert.ok(federation.dependencies.includes(cluster.urn), "the issuer flows from the cluster resource");
                assert.deepStrictEqual(federation.inputs.audiences, ["api://AzureADTokenExchange"]);
            });

            it("its subject is the service account the chart creates, in the Milvus namespace", () => {
                const federation = one(r.resources, T.federation, "azure-milvus-federation");
                const serviceAccount = values.serviceAccount as { create: boolean; name: string };
                assert.strictEqual(serviceAccount.create, true);
                assert.strictEqual(release.inputs.namespace, at(one(r.resources, T.namespace).inputs, "metadata.name"));
                assert.strictEqual(federation.inputs.subject, `system:serviceaccount:${String(release.inputs.namespace)}:${serviceAccount.name}`);
            });

            it("the chart's service account carries the identity's client id; pods carry the use label", () => {
                const identity = ofType(r.resources, T.identity).find(
                    (i) => i.inputs.resourceName === one(r.resources, T.federation, "azure-milvus-federation").inputs.resourceName,
                );
                assert.ok(identity, "the federated credential belongs to a managed identity");
                assert.deepStrictEqual(at(values, "serviceAccount.annotations"), {
                    "azure.workload.identity/client-id": fakeGuid(`client/${identity.name}`),
                });
                assert.deepStrictEqual(values.labels, { "azure.workload.identity/use": "true" });
            });

            it("Storage Blob Data Contributor for that identity, on the Milvus container only", () => {
                const identity = ofType(r.resources, T.identity).find(
                    (i) => i.inputs.resourceName === one(r.resources, T.federation, "azure-milvus-federation").inputs.resourceName,
                ) as RecordedResource;
                const account = one(r.resources, T.account);
                const container = one(r.resources, T.container);
                const blobRoles = ofType(r.resources, T.role).filter((ra) =>
                    String(ra.inputs.roleDefinitionId).endsWith(`/${STORAGE_BLOB_DATA_CONTRIBUTOR}`),
                );
                assert.strictEqual(blobRoles.length, 1);
                const role = blobRoles[0];
                assert.match(
                    String(role.inputs.roleDefinitionId),
                    /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/,
                );
                assert.ok(
                    String(role.inputs.scope).endsWith(
                        `/storageAccounts/${String(account.inputs.accountName)}/blobServices/default/containers/${String(container.inputs.containerName)}`,
                    ),
                    String(role.inputs.scope),
                );
                assert.ok(role.dependencies.includes(container.urn), "the scope is the container resource's id");
                assert.strictEqual(role.inputs.principalId, fakeGuid(`principal/${identity.name}`));
                assert.strictEqual(role.inputs.principalType, "ServicePrincipal");
            });

            it("Milvus is installed only once nodes, disks and blob access exist", () => {
                const needed = [
                    ...ofType(r.resources, T.storageClass),
                    ...ofType(r.resources, T.storageClassPatch),
                    ...ofType(r.resources, T.pool),
                    one(r.resources, T.federation, "azure-milvus-federation"),
                    ...ofType(r.resources, T.role).filter((ra) => String(ra.inputs.roleDefinitionId).endsWith(STORAGE_BLOB_DATA_CONTRIBUTOR)),
                ];
                for (const dep of needed) assert.ok(release.dependencies.includes(dep.urn), `release depends on ${dep.type} ${dep.name}`);
            });
        });

        describe("storage", () => {
            it("the account is hardened and keyless; the container is private", () => {
                const a = one(r.resources, T.account).inputs;
                assert.strictEqual(a.kind, "StorageV2");
                assert.strictEqual(a.minimumTlsVersion, "TLS1_2");
                assert.strictEqual(a.enableHttpsTrafficOnly, true);
                assert.strictEqual(a.allowBlobPublicAccess, false);
                assert.strictEqual(a.allowSharedKeyAccess, false);
                assert.match(String(a.accountName), /^[a-z0-9]{3,24}$/);
                assert.strictEqual(at(a, "networkRuleSet.defaultAction"), "Deny");
                assert.strictEqual(at(a, "sku.name"), prod ? "Standard_ZRS" : "Standard_LRS");
                assert.strictEqual(one(r.resources, T.container).inputs.publicAccess, "None");
            });

            it(prod ? "prod: account and container protected, account locked against deletion" : "dev: not protected", () => {
                const account = one(r.resources, T.account);
                assert.strictEqual(account.protect, prod);
                assert.strictEqual(one(r.resources, T.container).protect, prod);
                assert.strictEqual(one(r.resources, T.group).protect, prod);
                assert.strictEqual(one(r.resources, T.cluster).protect, prod);
                const locks = ofType(r.resources, T.lock);
                assert.strictEqual(locks.length, prod ? 1 : 0);
                if (prod) {
                    assert.strictEqual(locks[0].inputs.level, "CanNotDelete");
                    assert.ok(String(locks[0].inputs.scope).endsWith(`/storageAccounts/${String(account.inputs.accountName)}`));
                }
            });

            it("premium disk StorageClass: WaitForFirstConsumer, expandable, the cluster default", () => {
                const sc = one(r.resources, T.storageClass).inputs;
                assert.strictEqual(sc.provisioner, "disk.csi.azure.com");
                assert.deepStrictEqual(sc.parameters, { skuName: "Premium_LRS", cachingMode: "ReadOnly" });
                assert.strictEqual(sc.volumeBindingMode, "WaitForFirstConsumer");
                assert.strictEqual(sc.allowVolumeExpansion, true);
                assert.strictEqual(sc.reclaimPolicy, prod ? "Retain" : "Delete");
                assert.strictEqual(at(sc, "metadata.annotations")?.constructor, Object);
                assert.strictEqual((at(sc, "metadata.annotations") as Record<string, string>)["storageclass.kubernetes.io/is-default-class"], "true");
            });

            it("AKS's built-in default classes are patched to non-default", () => {
                const patches = ofType(r.resources, T.storageClassPatch);
                assert.deepStrictEqual(patches.map((p) => at(p.inputs, "metadata.name")).sort(), ["default", "managed-csi"]);
                for (const p of patches) {
                    assert.strictEqual(
                        (at(p.inputs, "metadata.annotations") as Record<string, string>)["storageclass.kubernetes.io/is-default-class"],
                        "false",
                    );
                }
                const sc = one(r.resources, T.storageClass);
                for (const p of patches)
                    assert.ok(sc.dependencies.includes(p.urn), "the premium class turns default after the built-ins stop being default");
            });

            it("Milvus and etcd volumes name the premium class", () => {
                const name = at(one(r.resources, T.storageClass).inputs, "metadata.name");
                assert.strictEqual(at(values, "etcd.persistence.storageClass"), name);
                if (!prod) assert.strictEqual(at(values, "standalone.persistence.persistentVolumeClaim.storageClass"), name);
            });
        });

        describe("chart values", () => {
            it("every key is one the chart reads", function () {
                assert.deepStrictEqual(unknownKeyPaths(values, chartDefaultsOrSkip(this, String(release.inputs.version))), []);
            });

            it("object storage is the Blob container, keyless (workload identity)", () => {
                const account = one(r.resources, T.account).inputs;
                assert.strictEqual(at(values, "minio.enabled"), false);
                assert.deepStrictEqual(values.externalS3, {
                    enabled: true,
                    cloudProvider: "azure",
                    host: "core.windows.net",
                    port: 443,
                    useSSL: true,
                    bucketName: one(r.resources, T.container).inputs.containerName,
                    rootPath: "milvus",
                    useIAM: true,
                    accessKey: account.accountName,
                    secretKey: "",
                    region: "",
                    useVirtualHost: false,
                });
                assert.ok(!r.calls.some((t) => /listStorageAccount(Keys|SAS)|listServiceSAS/.test(t)), "no storage key or SAS is ever read");
                const secret = one(r.resources, T.secret);
                assert.deepStrictEqual(
                    Object.keys(secret.inputs.stringData as object),
                    ["rootPassword"],
                    "the only Secret holds no storage credential",
                );
            });

            it(
                prod
                    ? "prod: HA coordinators, two proxies, internal load balancer, zone-hard spreading, Pulsar"
                    : "dev: standalone with Woodpecker (WAL in Blob)",
                () => {
                    if (prod) {
                        assert.strictEqual(at(values, "mixCoordinator.replicas"), 2);
                        assert.strictEqual(at(values, "mixCoordinator.activeStandby.enabled"), true);
                        assert.strictEqual(at(values, "proxy.replicas"), 2);
                        assert.strictEqual(at(values, "service.type"), "ClusterIP", "the chart's Service, with the metrics port, stays inside");
                        const lb = milvusLoadBalancer(r.resources);
                        assert.strictEqual(at(lb, "spec.type"), "LoadBalancer");
                        assert.deepStrictEqual(
                            (at(lb, "spec.ports") as Array<{ port: number }>).map((p) => p.port),
                            [19530],
                        );
                        assert.deepStrictEqual(at(lb, "metadata.annotations"), { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });
                        // No ranges configured: the VNet's address space, not the whole VNet plus everything peered to it.
                        assert.deepStrictEqual(
                            at(lb, "spec.loadBalancerSourceRanges"),
                            at(one(r.resources, T.vnet).inputs, "addressSpace.addressPrefixes"),
                        );
                        assert.strictEqual(at(values, "topologySpreadConstraints.0.topologyKey"), "topology.kubernetes.io/zone");
                        assert.strictEqual(at(values, "topologySpreadConstraints.0.whenUnsatisfiable"), "DoNotSchedule");
                        assert.strictEqual(at(values, "pulsarv3.enabled"), true);
                        assert.strictEqual(at(values, "woodpecker.enabled"), false);
                    } else {
                        assert.strictEqual(at(values, "cluster.enabled"), false);
                        assert.strictEqual(at(values, "standalone.messageQueue"), "woodpecker");
                        assert.strictEqual(at(values, "streaming.woodpecker.embedded"), true);
                        assert.strictEqual(at(values, "pulsarv3.enabled"), false);
                    }
                },
            );
        });

        it("no credential appears outside a secret, in any input or output", async () => {
            const secrets = [...generatedSecrets(r.resources), FAKE_CA_DATA];
            assert.ok(secrets.length >= 2);
            for (const resource of r.resources) {
                for (const s of secrets) assert.deepStrictEqual(plaintextPaths(resource.rawInputs, s), [], `${resource.type} ${resource.name}`);
            }
            assert.deepStrictEqual(await leakingOutputs(r.outputs, secrets), []);
            const keyish = /connectionString|accountKey|primaryKey|sasToken/i;
            const keys = (v: unknown): string[] =>
                v !== null && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : [];
            for (const resource of r.resources)
                assert.deepStrictEqual(
                    keys(resource.inputs).filter((k) => keyish.test(k)),
                    [],
                    resource.name,
                );
        });

        it("outputs: resource group, cluster, kubeconfig, storage account and container, identity client id, Milvus endpoint", async () => {
            const platform = (await valueOf(pulumi.output(r.outputs.platform as pulumi.Input<unknown>))) as { azure: Record<string, unknown> };
            const get = (v: unknown) => valueOf(pulumi.output(v as pulumi.Input<unknown>));
            assert.deepStrictEqual(Object.keys(platform), ["azure"], "only the stack's own cloud section");
            assert.strictEqual(platform.azure.resourceGroupName, one(r.resources, T.group).inputs.resourceGroupName);
            assert.strictEqual(platform.azure.clusterName, one(r.resources, T.cluster).inputs.resourceName);
            assert.strictEqual(platform.azure.storageAccountName, one(r.resources, T.account).inputs.accountName);
            assert.strictEqual(await get(r.outputs.objectStoreName), one(r.resources, T.container).inputs.containerName);
            assert.strictEqual(
                platform.azure.identityClientId,
                (at(values, "serviceAccount.annotations") as Record<string, string>)["azure.workload.identity/client-id"],
            );
            assert.strictEqual(await get(r.outputs.region), "westeurope");
            assert.strictEqual(await get(r.outputs.milvusUri), "http://milvus.milvus.svc.cluster.local:19530");
            const endpoint = await get(r.outputs.milvusExternalEndpoint);
            assert.strictEqual(endpoint === undefined, !prod, "prod exposes the internal load balancer address");
        });
    });
}

describe("azure platform: pools sized from the workload", function () {
    this.timeout(60000);
    type Block = Record<string, Record<string, unknown>>;
    const block = (config: Record<string, unknown>, key: "azure" | "milvus") => config[`milvus-on-clouds:${key}`] as Block;
    const counts = (p: Record<string, unknown>) => [p.minCount, p.count, p.maxCount];
    const pool = (resources: RecordedResource[], role: string) =>
        one(
            ofType(resources, T.pool).filter((p) => (p.inputs.nodeLabels as Record<string, string>)["milvus-on-clouds/role"] === role),
            T.pool,
        ).inputs;
    /** azure-prod sized for `workload` (its explicit queryNode settings removed so the sizing applies). */
    const sizedProd = (workload: Record<string, unknown>, pools: Record<string, Record<string, unknown>>) => (config: Record<string, unknown>) => {
        const milvus = block(config, "milvus");
        milvus.workload = workload;
        delete milvus.components.queryNode;
        const nodePools = block(config, "azure").nodePools as Block;
        for (const [role, patch] of Object.entries(pools)) Object.assign(nodePools[role], patch);
    };

    it("a workload needing more query nodes than minCount raises the query pool's minCount and count", async () => {
        // 30M x 1024 HNSW: 5 query nodes of 8 CPU / 32 GiB, one per Standard_E16ds_v5 (14.3 CPU) -> 5 > 3;
        // on Standard_D32ds_v5 (28.7 CPU / 114.7 GiB) the 8/32-sized coordinators and proxies, azure-prod's own 2 data
        // nodes (8/16) and 3 streaming nodes (4/16): [mixCoord x2, proxy, streaming] 28 CPU / 112 GiB, [proxy, dataNode x2,
        // streaming] 28 / 80, [streaming] -> 3, the configured minimum; the dependencies stay at 7.
        // azure-prod keeps its 2 data nodes, which the program warns about (as every preview would); the warning stays here.
        const warned: string[] = [];
        const warn = console.warn;
        console.warn = (message?: unknown) => {
            warned.push(String(message));
        };
        let r: Awaited<ReturnType<typeof run>>;
        try {
            r = await run(
                "azure-prod",
                sizedProd(
                    { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" },
                    { query: { vmSize: "Standard_E16ds_v5" }, data: { vmSize: "Standard_D32ds_v5" } },
                ),
            );
        } finally {
            console.warn = warn;
        }
        assert.deepStrictEqual(warned, [
            "warning: [runtime] milvus.components.dataNode.replicas is 2, far below the 8 that milvus.workload (30,000,000 x 1024-dim HNSW) needs",
        ]);
        assert.deepStrictEqual(counts(pool(r.resources, "query")), [5, 5, 9]);
        assert.deepStrictEqual(counts(pool(r.resources, "data")), [3, 3, 6]);
        assert.deepStrictEqual(counts(pool(r.resources, "dependencies")), [7, 7, 9]);
        assert.strictEqual(at(milvusRelease(r.resources).values, "queryNode.replicas"), 5, "the chart runs the pods the pool was sized for");
    });

    it("a system pool that runs Milvus gets the nodes its pods need (ManagedCluster agentPoolProfiles)", async () => {
        // azure-dev switched to a cluster with Pulsar: everything on the Standard_D4ds_v5 system pool, 2.5 CPU /
        // 10.15 GiB per node for pods. The four 8 GiB pods (query, data, streaming nodes 2 CPU; a bookie 1 CPU) open
        // a node each; etcd x3, mixCoord, proxy and the broker (1 / 4) go two per node on three more; the Pulsar
        // proxy (0.5 / 4) fits none of those by memory or CPU: an eighth; ZooKeeper (0.5 / 2) joins the query node -> 8.
        const r = await run("azure-dev", (config) => {
            config["milvus-on-clouds:milvus"] = { mode: "cluster", messageQueue: "pulsar" };
            block(config, "azure").systemPool.maxCount = 8;
        });
        const system = (one(r.resources, T.cluster).inputs.agentPoolProfiles as Array<Record<string, unknown>>)[0];
        assert.deepStrictEqual(counts(system), [8, 8, 8]);
    });

    it("DiskANN index files reach the query pool's OS disk", async () => {
        // 100M x 768 DiskANN: query nodes of 4 CPU with 52 GiB of index files, three per Standard_E16ds_v5 (14.3 CPU)
        // -> ceil((50 + 156) / 0.9) = 229 GB
        // (At 100M x 768 Pulsar steps up: a 2 / 16 bookie needs the dependencies pool on D8ds_v5.)
        const r = await run(
            "azure-prod",
            sizedProd(
                { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" },
                { query: { vmSize: "Standard_E16ds_v5" }, dependencies: { vmSize: "Standard_D8ds_v5" } },
            ),
        );
        assert.strictEqual(pool(r.resources, "query").osDiskSizeGB, 229);
        assert.strictEqual(pool(r.resources, "data").osDiskSizeGB, undefined, "pools without index files keep AKS's default");
    });

    it("a workload over maxCount is refused before anything is registered, naming the key", async () => {
        const config = structuredClone(stackFileConfig("azure-prod"));
        sizedProd(
            { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" },
            { query: { vmSize: "Standard_E16ds_v5", maxCount: 4 }, data: { vmSize: "Standard_D32ds_v5" } },
        )(config);
        const { error, resources } = await attempt(config);
        assert.ok(error instanceof ConfigValidationError, String(error));
        assert.deepStrictEqual(
            error.problems.map((p) => [p.key, p.given]),
            [["azure.nodePools.query.maxCount", 4]],
        );
        assert.match(error.message, /milvus-on-clouds:azure\.nodePools\.query\.maxCount: got 4; allowed for this workload: at least 5/);
        assert.deepStrictEqual(resources, []);
    });
});

describe("azure platform: an existing node subnet", function () {
    this.timeout(60000);
    const subnetId = (name: string) =>
        `/subscriptions/0b1f6c3e-5d2a-4c8e-9f7b-2a6d4e8c1b3f/resourceGroups/hub-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet/subnets/${name}`;
    const onSubnet = (name: string) => (config: Record<string, unknown>) => {
        const azure = config["milvus-on-clouds:azure"] as Record<string, Record<string, unknown>>;
        const { vnetCidr: _v, nodeSubnetCidr: _n, ...network } = azure.network ?? {};
        config["milvus-on-clouds:azure"] = { ...azure, network: { ...network, subnetId: subnetId(name) } };
    };

    it("creates no VNet, and the internal load balancer admits the existing VNet's address space", async () => {
        const r = await run("azure-prod", onSubnet("aks-nodes"));
        assert.deepStrictEqual(ofType(r.resources, T.vnet), []);
        assert.deepStrictEqual(at(milvusLoadBalancer(r.resources), "spec.loadBalancerSourceRanges"), EXISTING_VNET_RANGES);
    });

    it("a subnet without the Microsoft.Storage service endpoint stops the deployment with what to do (storage firewall: vnet)", async () => {
        const config = structuredClone(stackFileConfig("azure-prod"));
        onSubnet("aks-no-storage-endpoint")(config);
        const { error, resources } = await attempt(config);
        assert.ok(error instanceof pulumi.RunError, String(error));
        assert.match(
            error.message,
            /azure\.network\.subnetId: .* has no Microsoft\.Storage service endpoint.*--service-endpoints Microsoft\.Storage/,
        );
        // The check runs before the platform is built: only the component and its provider are registered.
        // Only the component and its provider.
        assert.deepStrictEqual(resources.map((r) => r.type).sort(), ["milvus-on-clouds:azure:AzurePlatform", "pulumi:providers:azure-native"]);
    });
});

describe("azure platform: stability", function () {
    this.timeout(60000);

    it("innocent config edits change no property that would replace the data or the cluster", async () => {
        const before = await run("azure-prod");
        const after = await run("azure-prod", (config) => {
            const azure = config["milvus-on-clouds:azure"] as Record<string, unknown>;
            azure.tags = { team: "search" };
            (azure.nodePools as Record<string, Record<string, unknown>>).query.maxCount = 12;
            azure.apiServer = { authorizedIpRanges: ["203.0.113.0/24", "198.51.100.0/24"] };
            const milvus = config["milvus-on-clouds:milvus"] as Record<string, Record<string, unknown>>;
            milvus.components.queryNode = { replicas: 4 };
        });
        const pick = (resources: RecordedResource[], type: string, keys: string[]) =>
            Object.fromEntries(keys.map((k) => [k, one(resources, type).inputs[k]]));
        const stable: Array<[string, string[]]> = [
            [T.group, ["resourceGroupName", "location"]],
            [T.account, ["accountName", "resourceGroupName", "location", "kind", "isHnsEnabled", "sku"]],
            [T.container, ["accountName", "containerName", "resourceGroupName"]],
            [T.cluster, ["resourceName", "resourceGroupName", "location", "dnsPrefix", "networkProfile", "identity"]],
        ];
        for (const [type, keys] of stable) assert.deepStrictEqual(pick(after.resources, type, keys), pick(before.resources, type, keys), type);
        assert.notDeepStrictEqual(
            one(after.resources, T.cluster).inputs.apiServerAccessProfile,
            one(before.resources, T.cluster).inputs.apiServerAccessProfile,
            "the edit did reach the program",
        );
    });
});
