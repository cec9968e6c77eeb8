// Edits that a valid config can still not make to a deployed stack: compared
// with what the stack deployed last (config/deployment-record.ts), each unsafe
// transition is refused with the reason and the supported procedure, before
// any resource is registered. A stack deployed before the record existed has
// no record, and nothing is compared.
//
// The Milvus rules are the upgrade guides' (milvus.io docs, "Upgrade Milvus
// Standalone/Cluster with Helm Chart", v2.6.x): upgrade to v2.5.16 or later
// before 2.6; keep the message queue ("switching between different message
// queue systems during the upgrade is not supported"); release candidates are
// not upgradable; and Helm does not turn standalone into cluster (v2.1.x
// guide). Milvus has no downgrade path: its metadata in etcd is migrated
// forward only.
import type { DeploymentRecord } from "./deployment-record";
import type { MilvusSettings } from "./resolve";
import { parseGiB } from "../sizing/quantities";
import type { ConfigProblem } from "./problems";
import { semverOf } from "./rule-kit";

function versionOf(tag: string): { major: number; minor: number; patch: number; pre: boolean } {
    const [major, minor, patch] = semverOf(tag);
    return { major, minor, patch, pre: tag.includes("-") };
}

function compare(a: string, b: string): number {
    const x = versionOf(a);
    const y = versionOf(b);
    return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

const RESTORE_PATH = "take a backup (milvus.backup), deploy a new stack with the new setting, and restore it there (milvus.backup.restore)";

function versionProblems(previous: DeploymentRecord, next: DeploymentRecord): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const was = versionOf(previous.imageTag);
    const is = versionOf(next.imageTag);
    if (compare(next.imageTag, previous.imageTag) < 0) {
        problems.push({
            key: "milvus.imageTag",
            given: next.imageTag,
            allowed: `allowed: ${previous.imageTag} (deployed) or later — Milvus has no downgrade: its metadata is migrated forward only. To go back, ${RESTORE_PATH.replace("with the new setting", `at ${next.imageTag}`)}`,
        });
    } else if (is.major !== was.major || is.minor > was.minor + 1) {
        problems.push({
            key: "milvus.imageTag",
            given: next.imageTag,
            allowed: `allowed from ${previous.imageTag} (deployed): the next minor release at most (v${was.major}.${was.minor + 1}.x) — Milvus upgrades one minor release at a time; deploy the latest v${was.major}.${was.minor + 1} first`,
        });
    } else if (was.pre && next.imageTag !== previous.imageTag) {
        problems.push({
            key: "milvus.imageTag",
            given: next.imageTag,
            allowed: `a release candidate (${previous.imageTag}, deployed) cannot be upgraded in place; ${RESTORE_PATH}`,
        });
    } else if (was.major === 2 && was.minor === 5 && is.minor === 6 && compare(previous.imageTag, "v2.5.16") < 0) {
        problems.push({
            key: "milvus.imageTag",
            given: next.imageTag,
            allowed: `allowed from ${previous.imageTag} (deployed): v2.5.16 or a later 2.5 first — Milvus 2.6 upgrades only from 2.5.16 or later`,
        });
    }
    if (compare(next.chartVersion, previous.chartVersion) < 0) {
        problems.push({
            key: "milvus.chartVersion",
            given: next.chartVersion,
            allowed: `allowed: ${previous.chartVersion} (deployed) or later — an older chart renders an older layout over the deployed one; pin the deployed chart or a newer one`,
        });
    }
    return problems;
}

function layoutProblems(previous: DeploymentRecord, next: DeploymentRecord): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (next.messageQueue !== previous.messageQueue) {
        problems.push({
            key: "milvus.messageQueue",
            given: next.messageQueue,
            allowed: `allowed: ${previous.messageQueue} (deployed) — Milvus cannot switch its message queue in place (the WAL of every channel is in the old one); ${RESTORE_PATH}`,
        });
    }
    if (next.mode !== previous.mode) {
        problems.push({
            key: "milvus.mode",
            given: next.mode,
            allowed: `allowed: ${previous.mode} (deployed) — Helm does not turn standalone into cluster or back; ${RESTORE_PATH}`,
        });
    }
    return problems;
}

export interface TransitionContext {
    /**
     * What the platform's volumes allow: undefined when their StorageClass expands claims, otherwise why not
     * (PlatformCapabilities.volumeExpansion).
     */
    volumeExpansion?: string;
    /** The program runs without a Pulumi engine (the plan tool, the unit mocks): no record can exist, and nothing is deployed. */
    noEngine?: boolean;
}

function statefulProblems(previous: DeploymentRecord, next: DeploymentRecord, context: TransitionContext): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (next.etcd.replicas !== previous.etcd.replicas) {
        problems.push({
            key: "milvus.etcd.replicas",
            given: next.etcd.replicas,
            allowed: `allowed: ${previous.etcd.replicas} (deployed) — the etcd chart does not change the membership of a running cluster (new members would start a cluster of their own); ${RESTORE_PATH}`,
        });
    }
    const sizes: Array<[string, string | undefined, string | undefined]> = [
        ["milvus.etcd.storageSize", previous.etcd.storageSize, next.etcd.storageSize],
        ["milvus.minio.storageSize", previous.minio?.storageSize, next.minio?.storageSize],
        ["milvus.pulsar.journalSize", previous.pulsar?.journalSize, next.pulsar?.journalSize],
        ["milvus.pulsar.ledgersSize", previous.pulsar?.ledgersSize, next.pulsar?.ledgersSize],
        ["milvus.standaloneStorageSize", previous.standaloneStorageSize, next.standaloneStorageSize],
        // No key of its own: the workload sizes it (sizing/formulas.ts).
        ["milvus.workload", previous.pulsar?.zookeeperDataSize, next.pulsar?.zookeeperDataSize],
    ];
    for (const [key, was, is] of sizes) {
        if (was === undefined || is === undefined) continue;
        // The schema checked both quantities; sizes in different units compare by value.
        const given = key === "milvus.workload" ? `ZooKeeper data volume ${is}` : is;
        if (parseGiB(is) < parseGiB(was)) {
            problems.push({
                key,
                given,
                allowed: `allowed: ${was} (deployed) or more — a volume cannot shrink (Kubernetes refuses a smaller claim); ${RESTORE_PATH}`,
            });
        } else if (parseGiB(is) > parseGiB(was) && context.volumeExpansion !== undefined) {
            problems.push({ key, given, allowed: `allowed: ${was} (deployed) — growing a volume in place ${context.volumeExpansion}` });
        }
    }
    if (previous.minio && next.minio && (next.minio.mode !== previous.minio.mode || next.minio.replicas !== previous.minio.replicas)) {
        const key = next.minio.mode !== previous.minio.mode ? "milvus.minio.mode" : "milvus.minio.replicas";
        problems.push({
            key,
            given: key.endsWith("mode") ? next.minio.mode : next.minio.replicas,
            allowed: `allowed: ${previous.minio.mode}${previous.minio.mode === "distributed" ? ` with ${previous.minio.replicas} replicas` : ""} (deployed) — MinIO spreads every object over a fixed set of drives, so neither the mode nor the number of drives can change in place; ${RESTORE_PATH}`,
        });
    }
    if (previous.pulsar && next.pulsar) {
        if (next.pulsar.zookeeperReplicas !== previous.pulsar.zookeeperReplicas) {
            problems.push({
                key: "milvus.pulsar.zookeeperReplicas",
                given: next.pulsar.zookeeperReplicas,
                allowed: `allowed: ${previous.pulsar.zookeeperReplicas} (deployed) — the ZooKeeper ensemble is fixed when it is formed; ${RESTORE_PATH}`,
            });
        }
        if (next.pulsar.bookkeeperReplicas < previous.pulsar.bookkeeperReplicas) {
            problems.push({
                key: "milvus.pulsar.bookkeeperReplicas",
                given: next.pulsar.bookkeeperReplicas,
                allowed: `allowed: ${previous.pulsar.bookkeeperReplicas} (deployed) or more — removing bookies drops the ledgers they hold; adding bookies is safe`,
            });
        }
    }
    return problems;
}

/**
 * While paused (milvus.paused) no Milvus pod runs, so nothing that needs one
 * may change: an upgrade (its pre-upgrade backup and Milvus's own metadata
 * migration run against a live Milvus) or a new root password (set through
 * the Milvus API by the root-credential Job). Nor in the up that resumes:
 * the pre-upgrade backup runs before the Helm upgrade that scales Milvus up.
 */
function pausedProblems(previous: DeploymentRecord, next: DeploymentRecord): ConfigProblem[] {
    if (!next.paused && !previous.paused) return [];
    const resume = next.paused
        ? "resume first (milvus.paused: false), then make this change"
        : "resume in one pulumi up (only milvus.paused: false), then make this change in the next";
    const allowed = next.paused ? "allowed while paused" : "allowed in the up that resumes";
    const problems: ConfigProblem[] = [];
    if (next.imageTag !== previous.imageTag)
        problems.push({
            key: "milvus.imageTag",
            given: next.imageTag,
            allowed: `${allowed}: ${previous.imageTag} (deployed) — an upgrade needs Milvus running; ${resume}`,
        });
    if (next.chartVersion !== previous.chartVersion)
        problems.push({
            key: "milvus.chartVersion",
            given: next.chartVersion,
            allowed: `${allowed}: ${previous.chartVersion} (deployed) — an upgrade needs Milvus running; ${resume}`,
        });
    if (previous.rootPasswordGeneration !== undefined && next.rootPasswordGeneration !== previous.rootPasswordGeneration) {
        problems.push({
            key: "milvus.auth.rootPasswordGeneration",
            given: next.rootPasswordGeneration,
            allowed: `${allowed}: ${previous.rootPasswordGeneration} (deployed) — the new password is set through the Milvus API; ${resume}`,
        });
    }
    return problems;
}

/** Every unsafe transition from the deployed record to the next one; none without a record. */
export function transitionProblems(previous: DeploymentRecord | undefined, next: DeploymentRecord, context: TransitionContext = {}): ConfigProblem[] {
    if (previous === undefined) {
        // The root-credential Job of a first install waits for a running Milvus.
        return next.paused && !context.noEngine
            ? [
                  {
                      key: "milvus.paused",
                      given: true,
                      allowed: "allowed on a deployed stack only: deploy it with milvus.paused: false first, then pause it",
                  },
              ]
            : [];
    }
    return [
        ...versionProblems(previous, next),
        ...layoutProblems(previous, next),
        ...statefulProblems(previous, next, context),
        ...pausedProblems(previous, next),
    ];
}

/**
 * A volume the workload sized never shrinks below what is deployed: when the
 * sizing now gives less (a smaller workload, or a formula that rounds less, as
 * the Pulsar journal's half Gi), the deployed size stays, since Kubernetes
 * refuses a smaller claim. A size the config sets itself is left as given (a
 * smaller one is refused by transitionProblems, with the way to do it).
 */
export function holdSizedVolumes(m: MilvusSettings, previous: DeploymentRecord | undefined): MilvusSettings {
    const s = m.sizing;
    if (!previous || !s) return m;
    const gi = (n: number | undefined) => (n === undefined ? undefined : `${n}Gi`);
    /** The deployed size where `value` is the sized one and smaller than it, else `value`. */
    const hold = (value: string, sized: string | undefined, deployed: string | undefined): string =>
        value === sized && deployed !== undefined && parseGiB(deployed) > parseGiB(value) ? deployed : value;
    const p = s.pulsar;
    return {
        ...m,
        standalone: { ...m.standalone, storageSize: hold(m.standalone.storageSize, gi(s.standaloneStorageGiB), previous.standaloneStorageSize) },
        etcd: { ...m.etcd, storageSize: hold(m.etcd.storageSize, gi(s.etcd.volumeGiB), previous.etcd.storageSize) },
        minio: { ...m.minio, storageSize: hold(m.minio.storageSize, gi(s.minio.volumeGiB), previous.minio?.storageSize) },
        pulsar: {
            ...m.pulsar,
            journalSize: hold(m.pulsar.journalSize, gi(p?.bookkeeper.journalGiB), previous.pulsar?.journalSize),
            ledgersSize: hold(m.pulsar.ledgersSize, gi(p?.bookkeeper.ledgersGiB), previous.pulsar?.ledgersSize),
            ...(m.pulsar.zookeeperDataSize !== undefined
                ? { zookeeperDataSize: hold(m.pulsar.zookeeperDataSize, gi(p?.zookeeper.volumeGiB), previous.pulsar?.zookeeperDataSize) }
                : {}),
        },
    };
}
