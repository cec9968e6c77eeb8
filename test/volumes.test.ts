// Growing volumes in place (issue 15): the record keeps the sizes the
// StatefulSets' claim templates were created with, the chart keeps rendering
// them, and each claim is grown by name. The engine suite proves the same
// against the fake API server's checks (test/engine/day-two.engine.ts).
import * as assert from "assert";
import { deploymentRecordOf, type DeploymentRecord } from "../components/config/deployment-record";
import { transitionProblems } from "../components/config/transitions";
import { valuesOwnershipProblems } from "../components/config/values-ownership";
import { buildChartValues } from "../components/milvus/values";
import { claimGrowths, wholeGiB } from "../components/milvus/volumes";
import { validateStackConfig } from "../components/platforms";

const cluster = {
    mode: "cluster",
    messageQueue: "pulsar",
    etcd: { replicas: 3, storageSize: "10Gi" },
    minio: { mode: "distributed", replicas: 4, storageSize: "50Gi" },
    pulsar: { bookkeeperReplicas: 2, journalSize: "10Gi", ledgersSize: "20Gi" },
};
const settings = (milvus: Record<string, unknown>, local: Record<string, unknown> = { volumeExpansion: true }) =>
    validateStackConfig({ cloud: "local", environment: "dev", local, milvus });
const recordAfter = (previous: DeploymentRecord | undefined, milvus: Record<string, unknown>) =>
    deploymentRecordOf(settings(milvus).milvus, true, previous);

describe("volumes: growing the deployed claims in place", () => {
    const first = recordAfter(undefined, cluster);
    const grown = recordAfter(first, { ...cluster, etcd: { replicas: 3, storageSize: "20Gi" }, pulsar: { ...cluster.pulsar, ledgersSize: "30Gi" } });

    it("a first deployment's templates are its sizes; later ones keep them, whatever the claims grew to", () => {
        assert.deepStrictEqual(first.claimTemplates, { etcd: "10Gi", minio: "50Gi", zookeeper: "20Gi", journal: "10Gi", ledgers: "20Gi" });
        assert.deepStrictEqual(grown.claimTemplates, first.claimTemplates);
        assert.strictEqual(recordAfter(grown, { ...cluster, etcd: { replicas: 3, storageSize: "40Gi" } }).claimTemplates?.etcd, "10Gi");
        // A record from before the templates were recorded: its sizes were the templates' (a growth could not deploy).
        const { claimTemplates: _dropped, ...old } = first;
        assert.deepStrictEqual(recordAfter({ ...old, etcd: { replicas: 3, storageSize: "15Gi" } }, cluster).claimTemplates?.etcd, "15Gi");
    });

    it("names every claim of each grown StatefulSet, one per replica, and none of the others", () => {
        assert.deepStrictEqual(claimGrowths(first, "milvus"), []);
        assert.deepStrictEqual(
            claimGrowths(grown, "milvus").map((g) => `${g.claimName}=${g.size}`),
            [
                "data-milvus-etcd-0=20Gi",
                "data-milvus-etcd-1=20Gi",
                "data-milvus-etcd-2=20Gi",
                "milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie-0=30Gi",
                "milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie-1=30Gi",
            ],
        );
        // The subcharts' fullname helper: a release whose name contains the chart's is used as it is.
        assert.match(
            claimGrowths(grown, "my-etcd-store")
                .map((g) => g.claimName)
                .join(" "),
            /^data-my-etcd-store-0 /,
        );
    });

    it("the chart renders the templates' sizes for StatefulSets, the settings' for plain claims", () => {
        const wiring = {
            releaseName: "milvus",
            credentialsSecretName: "s",
            objectStore: { kind: "minio" as const },
            messageQueue: { kind: "pulsar" as const },
            serviceAccount: { name: "sa", annotations: {}, podLabels: {} },
            exposure: { loadBalancerAnnotations: { public: {} } },
            networkRanges: [],
            zoneSpread: "ScheduleAnyway" as const,
            placement: {},
        };
        const values = buildChartValues(
            wiring,
            settings({ ...cluster, etcd: { replicas: 3, storageSize: "20Gi" } }).milvus,
            grown.claimTemplates,
        ) as {
            etcd: { persistence: { size: string } };
            pulsarv3: { bookkeeper: { volumes: { ledgers: { size: string } } } };
        };
        assert.strictEqual(values.etcd.persistence.size, "10Gi");
        assert.strictEqual(values.pulsarv3.bookkeeper.volumes.ledgers.size, "20Gi");
        const standalone = settings({ standaloneStorageSize: "80Gi", minio: { storageSize: "90Gi" } }).milvus;
        const plain = buildChartValues({ ...wiring, messageQueue: { kind: "woodpecker" } }, standalone, { etcd: "10Gi", minio: "50Gi" }) as {
            standalone: { persistence: { persistentVolumeClaim: { size: string } } };
            minio: { persistence: { size: string } };
        };
        assert.strictEqual(plain.standalone.persistence.persistentVolumeClaim.size, "80Gi");
        assert.strictEqual(plain.minio.persistence.size, "90Gi", "standalone MinIO is a plain claim Helm resizes");
    });

    it("growth is refused where the platform's class is not known to expand, shrinking everywhere", () => {
        const next = recordAfter(first, { ...cluster, minio: { ...cluster.minio, storageSize: "60Gi" } });
        assert.deepStrictEqual(transitionProblems(first, next), []);
        const [refused] = transitionProblems(first, next, { volumeExpansion: "needs an expandable class" });
        assert.deepStrictEqual(refused, {
            key: "milvus.minio.storageSize",
            given: "60Gi",
            allowed: "allowed: 50Gi (deployed) — growing a volume in place needs an expandable class",
        });
        const local = validateStackConfig({ cloud: "local", environment: "dev", milvus: cluster });
        assert.match(String(local.capabilities.volumeExpansion), /set local\.volumeExpansion: true/);
        assert.strictEqual(settings(cluster).capabilities.volumeExpansion, undefined);
        const smallerZookeeper = { ...first, pulsar: { ...first.pulsar!, zookeeperDataSize: "10Gi" } };
        assert.match(
            transitionProblems(first, smallerZookeeper)
                .map((p) => `${p.key}: ${String(p.given)}`)
                .join("\n"),
            /milvus\.workload: ZooKeeper data volume 10Gi/,
        );
    });

    it("milvus.values may not set the sizes or the subcharts' names the growth relies on", () => {
        for (const values of [
            { etcd: { persistence: { size: "5Gi" } } },
            { pulsarv3: { fullnameOverride: "q" } },
            { minio: { nameOverride: "m" } },
        ]) {
            assert.strictEqual(valuesOwnershipProblems(values, []).length, 1, JSON.stringify(values));
        }
    });
});

describe("volumes: the size an up waits for is the one the API server writes back", () => {
    // The claim's status.capacity is compared as text (growthAwait), so the size must be in the
    // canonical form apimachinery's resource.Quantity prints: the largest binary suffix that holds
    // the value exactly. Cloud disks allocate whole GiB, so a fraction rounds up.
    for (const [given, canonical] of [
        ["30Gi", "30Gi"],
        ["1.5Gi", "2Gi"],
        ["1024Gi", "1Ti"],
        ["1536Gi", "1536Gi"],
        ["2Ti", "2Ti"],
        ["2048Gi", "2Ti"],
    ] as const) {
        it(`${given} is awaited as ${canonical}`, () => {
            assert.strictEqual(wholeGiB(given), canonical);
        });
    }
});
