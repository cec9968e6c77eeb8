// AKS pool sizing (components/azure/pool-sizing.ts), pure: which pool runs
// which Milvus roles, the headroom an AKS node keeps, the node counts each
// pool gets for the shipped stacks and for sized workloads, and the config
// problems for a pool that cannot hold its pods. Every expected number is
// worked out by hand in the comment next to it.
import * as assert from "assert";
import { resolveAzure, type AzureInput } from "../components/azure/config";
import { hostedRoles } from "../components/azure/placement";
import { aksHeadroom, aksReserved, largerSizes, osDiskNeededGB, sizeAzurePools } from "../components/azure/pool-sizing";
import { configProblems, configOn } from "./support/unit/config";
import { instanceSize, usableCapacity } from "../components/sizing/nodes";
import { rawProjectConfig, stackFileConfig } from "./support/unit/stacks";

/** Every stack validated here is on azure: its settings are typed. */
const validateStackConfig = (raw: Record<string, unknown>) => configOn("azure", raw);

const GROUP = "11111111-2222-4333-8444-555555555555";
const HNSW_30M = { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" };
const DISKANN_100M = { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" };

type Raw = Record<string, Record<string, Record<string, unknown>>> & Record<string, unknown>;

/** The shipped stack's project config, to edit. */
function stack(name: string): Raw {
    return structuredClone(rawProjectConfig(stackFileConfig(name))) as Raw;
}

/** azure-prod with a workload sizing the query nodes (its explicit queryNode settings removed, so they do not win). */
function prodWith(workload: Record<string, unknown>, pools: Record<string, Record<string, unknown>> = {}): Raw {
    const raw = stack("azure-prod");
    raw.milvus.workload = workload;
    delete (raw.milvus.components as Record<string, unknown>).queryNode;
    const nodePools = raw.azure.nodePools as Record<string, Record<string, unknown>>;
    for (const [role, patch] of Object.entries(pools)) Object.assign(nodePools[role], patch);
    return raw;
}

function sizes(raw: Record<string, unknown>) {
    const config = validateStackConfig(raw);
    return sizeAzurePools(config.demand, config.azure);
}

const counts = (p: { minCount: number; count: number; maxCount: number }) => [p.minCount, p.count, p.maxCount];

describe("azure pool sizing", () => {
    describe("which pool runs which Milvus roles (placement.ts)", () => {
        const settings = (nodePools: AzureInput["nodePools"]) =>
            resolveAzure({ location: "westeurope", adminGroupObjectIds: [GROUP], nodePools }, "prod");

        it("with all three user pools the dependencies pool runs only the dependencies; the system pool none", () => {
            const hosted = hostedRoles(settings({ query: {}, data: {}, dependencies: {} }));
            assert.deepStrictEqual(hosted.system, []);
            assert.deepStrictEqual(hosted.pools.get("query"), ["queryNode"]);
            assert.deepStrictEqual(hosted.pools.get("data"), ["dataNode", "streamingNode", "mixCoordinator", "proxy", "standalone"]);
            assert.deepStrictEqual(hosted.pools.get("dependencies"), ["dependencies"]);
        });

        it("roles without a pool go to the untainted one: the system pool, or the dependencies pool when it exists", () => {
            const noDeps = hostedRoles(settings({ query: {}, data: {} }));
            assert.deepStrictEqual(noDeps.system, ["dependencies"]);
            const depsOnly = hostedRoles(settings({ dependencies: {} }));
            assert.deepStrictEqual(depsOnly.system, []);
            assert.deepStrictEqual(depsOnly.pools.get("dependencies"), [
                "dependencies",
                "mixCoordinator",
                "proxy",
                "queryNode",
                "dataNode",
                "streamingNode",
                "standalone",
            ]);
            assert.deepStrictEqual(hostedRoles(settings(undefined)).system.length, 7);
        });
    });

    describe("headroom on AKS nodes", () => {
        it("AKS reserves min(20 MiB x 250 pods + 50 MiB, 25%) + 100 MiB, plus its DaemonSets (0.3 CPU / 0.75 GiB)", () => {
            // D4ds_v5, 4 vCPU / 16 GiB: 140m + 0.3 = 0.44 CPU; min(5050 MiB, 4 GiB) = 4 GiB + 0.098 + 0.75 = 4.85 GiB
            const d4 = aksReserved(instanceSize("Standard_D4ds_v5"));
            assert.strictEqual(Math.round(d4.cpu * 100) / 100, 0.44);
            assert.strictEqual(Math.round(d4.memoryGiB * 100) / 100, 4.85);
            // E8ds_v5, 8 vCPU / 64 GiB: 180m + 0.3 = 0.48 CPU; 5050 MiB = 4.93 GiB + 0.098 + 0.75 = 5.78 GiB
            const e8 = aksReserved(instanceSize("Standard_E8ds_v5"));
            assert.strictEqual(Math.round(e8.cpu * 100) / 100, 0.48);
            assert.strictEqual(Math.round(e8.memoryGiB * 100) / 100, 5.78);
        });

        it("pods get the smaller of the default and the AKS share; a system pool also keeps 1 CPU / 1 GiB for add-ons", () => {
            const usable = (vmSize: string, system = false) => {
                const u = usableCapacity(instanceSize(vmSize), aksHeadroom(instanceSize(vmSize), system));
                return [Math.round(u.cpu * 100) / 100, Math.round(u.memoryGiB * 100) / 100];
            };
            // D4ds_v5: CPU default 4 x 0.9 - 0.1 = 3.5 (AKS 0.44 is less); memory 16 - 4.85 = 11.15 (default 13.9)
            assert.deepStrictEqual(usable("Standard_D4ds_v5"), [3.5, 11.15]);
            assert.deepStrictEqual(usable("Standard_D4ds_v5", true), [2.5, 10.15]);
            // D8ds_v5: 7.1 CPU; 32 - 5.78 = 26.22 GiB (default 28.3)
            assert.deepStrictEqual(usable("Standard_D8ds_v5"), [7.1, 26.22]);
            // E8ds_v5: the default is the larger reserve here: 7.1 CPU / 64 x 0.9 - 0.5 = 57.1 GiB
            assert.deepStrictEqual(usable("Standard_E8ds_v5"), [7.1, 57.1]);
        });
    });

    describe("the shipped stacks", () => {
        it("azure-dev: the system pool runs standalone + etcd on one node, its configured minimum", () => {
            // 2.5 CPU / 10.15 GiB per node (above); standalone 1 CPU / 4 GiB + etcd 0.5 / 1 -> 1 node
            const s = sizes(stack("azure-dev"));
            assert.deepStrictEqual(s.problems, []);
            assert.strictEqual(s.system.neededNodes, 1);
            assert.deepStrictEqual(counts(s.system), [1, 1, 3]);
            assert.deepStrictEqual(
                s.system.sizing?.pods.map((p) => p.name),
                ["standalone", "etcd"],
            );
        });

        it("azure-prod: query 3, data 3, dependencies 7; the dedicated system pool is not sized", () => {
            const s = sizes(stack("azure-prod"));
            assert.deepStrictEqual(s.problems, []);
            assert.deepStrictEqual(s.system.roles, []);
            assert.deepStrictEqual(counts(s.system), [3, 3, 5]);
            const [query, data, deps] = s.pools;
            // 3 x (4 CPU / 32 GiB) on E8ds_v5 (7.1 / 57.1): one per node -> 3
            assert.deepStrictEqual([query.neededNodes, ...counts(query)], [3, 3, 3, 9]);
            // 5 x (2 / 8) + 4 x (1 / 4) on D8ds_v5 (7.1 / 26.22): [dn, dn, sn] 6 / 24, [sn, sn, mixCoord x2] 6 / 24,
            // [proxy x2] -> 3, the configured minimum
            assert.deepStrictEqual([data.neededNodes, ...counts(data)], [3, 3, 3, 6]);
            // 10.5 CPU / 58 GiB of dependencies on D4ds_v5 (3.5 CPU / 11.15 GiB each): a bookie (1 / 8) per node with a
            // zookeeper (0.5 / 2) beside it: 3; etcd x3, broker x2 and the Pulsar proxies (4 GiB each) two per node: 4 -> 7
            assert.deepStrictEqual([deps.neededNodes, ...counts(deps)], [7, 7, 7, 9]);
        });

        it("azure-prod: the dependencies pool counts only etcd and Pulsar, not the Milvus components", () => {
            const deps = sizes(stack("azure-prod")).pools[2];
            assert.deepStrictEqual(deps.roles, ["dependencies"]);
            assert.deepStrictEqual(
                deps.sizing?.pods.map((p) => `${p.name} x${p.replicas}`),
                ["etcd x3", "pulsar.zookeeper x3", "pulsar.bookkeeper x3", "pulsar.broker x2", "pulsar.proxy x2"],
            );
        });
    });

    describe("sized workloads", () => {
        it("30M x 1024 HNSW needs 5 query nodes of 8 CPU: on E16ds_v5 the query pool's minimum goes from 3 to 5", () => {
            // raw 30M x 1024 x 4 B = 114.4 GiB; HNSW (1 + 60/1024) x raw = 121.2 GiB; loading (121.2 + 2 x 1 GiB) x 1.15
            // = 141.6 GiB -> ceil(141.6 / 32) = 5 query nodes of 8 CPU / 32 GiB, each reserved in full.
            // On E16ds_v5 (14.3 CPU / 114.7 GiB) one fits a node by CPU (2 x 8 > 14.3) -> 5 nodes.
            // proxy and mixCoordinator are sized 8/32 too: the data pool on D32ds_v5 (28.7 CPU / 114.7 GiB) holds
            // [mixCoord x2, proxy, streaming 4/16] 28 CPU / 112 GiB, [proxy, dataNode 8/16 x2 (azure-prod's 2), streaming]
            // 28 / 80, [streaming] -> 3, the configured minimum.
            const s = sizes(prodWith(HNSW_30M, { query: { vmSize: "Standard_E16ds_v5" }, data: { vmSize: "Standard_D32ds_v5" } }));
            assert.deepStrictEqual(s.problems, []);
            const [query, data, deps] = s.pools;
            assert.deepStrictEqual(
                query.sizing?.pods.map((p) => [p.name, p.replicas, p.cpu]),
                [["queryNode", 5, 8]],
            );
            assert.deepStrictEqual([query.neededNodes, ...counts(query)], [5, 5, 5, 9]);
            assert.deepStrictEqual([data.neededNodes, ...counts(data)], [3, 3, 3, 6]);
            // below 100M x 768 of raw data the dependencies keep their smallest sizes: still 7
            assert.deepStrictEqual(counts(deps), [7, 7, 9]);
        });

        it("a pool whose pods need more than maxCount is one problem on its maxCount, with a larger size that would do", () => {
            const problems = configProblems(
                prodWith(HNSW_30M, { query: { vmSize: "Standard_E16ds_v5", maxCount: 4 }, data: { vmSize: "Standard_D32ds_v5" } }),
            );
            assert.deepStrictEqual(
                problems.map((p) => [p.key, p.given]),
                [["azure.nodePools.query.maxCount", 4]],
            );
            // E32ds_v5 (32 x 0.9 - 0.1 = 28.7 CPU / 256 x 0.9 - 0.5 = 229.9 GiB) holds three 8-CPU query nodes -> ceil(5 / 3) = 2 <= 4
            assert.strictEqual(
                problems[0].allowed,
                "allowed for this workload: at least 5 — its 5 Milvus pods (queryNode; 40 CPU / 160 GiB requested) need 5 Standard_E16ds_v5 nodes " +
                    "(14.3 CPU / 114.7 GiB each for pods on AKS); or a larger vmSize (2 x Standard_E32ds_v5 would do)",
            );
        });

        it("a pod no node of the vmSize can hold is a problem on the vmSize", () => {
            // a query node's 8 CPU > the 7.1 an E8ds_v5 gives pods; E16ds_v5 holds one per node (above): 5.
            // mixCoordinator 8 CPU / 32 GiB > the 7.1 CPU / 26.22 GiB a D8ds_v5 gives pods on AKS; on D16ds_v5 (14.3 / 57.1)
            // each 8-CPU pod (2 mixCoord, 2 proxy, 2 data nodes) takes a node, the 3 streaming nodes (4/16) fit beside -> 6
            const problems = configProblems(prodWith(HNSW_30M));
            assert.deepStrictEqual(
                problems.map((p) => [p.key, p.given]),
                [
                    ["azure.nodePools.query.vmSize", "Standard_E8ds_v5"],
                    ["azure.nodePools.data.vmSize", "Standard_D8ds_v5"],
                ],
            );
            assert.match(
                problems[0].allowed,
                /a queryNode pod requests 8 CPU \/ 32 GiB, more than a Standard_E8ds_v5 node can give a pod on AKS \(7\.1 CPU \/ 57\.1 GiB after headroom\); choose a larger vmSize such as Standard_E16ds_v5 \(5 nodes\)/,
            );
            assert.match(
                problems[1].allowed,
                /a mixCoordinator pod requests 8 CPU \/ 32 GiB, more than a Standard_D8ds_v5 node can give a pod on AKS \(7\.1 CPU \/ 26\.22 GiB after headroom\); choose a larger vmSize such as Standard_D16ds_v5 \(6 nodes\)/,
            );
        });

        it("a vmSize the sizing table does not know is refused only for a pool that runs Milvus pods", () => {
            const problem = configProblems(prodWith(HNSW_30M, { query: { vmSize: "Standard_L8s_v3" }, data: { vmSize: "Standard_D16ds_v5" } }));
            assert.deepStrictEqual(
                problem.map((p) => p.key),
                ["azure.nodePools.query.vmSize"],
            );
            assert.match(problem[0].allowed, /unknown to the sizing table, .* \(queryNode\); use one of: .*Standard_E8ds_v5/);
            // standalone runs no query node: the query pool is not sized, so its size needs no entry
            const dev = stack("azure-dev");
            dev.azure.nodePools = { query: { vmSize: "Standard_L8s_v3" } };
            assert.deepStrictEqual(configProblems(dev), []);
            // ...and a dedicated system pool is never sized
            const prod = stack("azure-prod");
            prod.azure.systemPool.vmSize = "Standard_B4ms";
            assert.deepStrictEqual(configProblems(prod), []);
        });

        it("DiskANN index files raise an unset OS disk; a configured one that is too small is a problem", () => {
            // 100M x 768 DiskANN: 6 query nodes of 4 CPU / 16 GiB, each with ceil((1 + 56/768) x 286.1 GiB / 6) = 52 GiB
            // of index files. E8ds_v5 (7.1 CPU) holds one: 52 GiB per node -> ceil((50 + 52) / 0.9) = 114 GB, within AKS's
            // default 128. E16ds_v5 (14.3 CPU) holds three -> 2 nodes, 156 GiB per node -> ceil((50 + 156) / 0.9) = 229 GB.
            assert.strictEqual(osDiskNeededGB(52), 114);
            assert.strictEqual(osDiskNeededGB(156), 229);
            assert.strictEqual(
                sizes(prodWith(DISKANN_100M, { dependencies: { vmSize: "Standard_D8ds_v5" } })).pools[0].osDiskSizeGB,
                undefined,
                "114 GB fits AKS's default disk",
            );
            // (At 100M x 768 Pulsar steps up: a 2 / 16 bookie needs the dependencies pool on D8ds_v5.)
            const deps = { vmSize: "Standard_D8ds_v5" };
            const larger = { vmSize: "Standard_E16ds_v5" };
            const query = sizes(prodWith(DISKANN_100M, { query: larger, dependencies: deps })).pools[0];
            assert.strictEqual(query.sizing?.localDiskGiBPerNode, 156);
            assert.deepStrictEqual([query.neededNodes, query.osDiskSizeGB], [2, 229]);
            const problems = configProblems(prodWith(DISKANN_100M, { query: { ...larger, osDiskSizeGB: 128 }, dependencies: deps }));
            assert.deepStrictEqual(
                problems.map((p) => [p.key, p.given]),
                [["azure.nodePools.query.osDiskSizeGB", 128]],
            );
            assert.match(problems[0].allowed, /at least 229 — the query nodes on one Standard_E16ds_v5 node keep 156 GiB of DiskANN index files/);
            // without DiskANN the OS disk is left to AKS (no change, so no pool replacement)
            assert.strictEqual(sizes(stack("azure-prod")).pools[0].osDiskSizeGB, undefined);
        });

        it("suggested larger sizes stay in the family and suffix", () => {
            assert.deepStrictEqual(largerSizes("Standard_E8ds_v5"), ["Standard_E16ds_v5", "Standard_E32ds_v5"]);
            assert.deepStrictEqual(largerSizes("Standard_D8s_v5"), ["Standard_D16s_v5", "Standard_D32s_v5"]);
        });
    });
});
