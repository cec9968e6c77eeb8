// Backup and restore with milvus-backup (issue 14): validated config, what the
// program registers on each platform (mocks), and the Job scripts run by a
// real sh and curl. The tool itself (its config parsing, list and delete
// against an S3 API) runs in the engine suite: test/engine/milvus-backup.engine.ts.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { cronProblem } from "../components/config/cron";
import { validateStackConfig } from "../components/platforms";
import { PRE_UPGRADE_SCRIPT, backupConfig, preUpgradeJobName, restoreArguments, restoreJobName } from "../components/milvus/backup";
import { configProblems } from "./support/unit/config";
import { at, generatedSecrets, milvusRelease, ofType, one, plaintextPaths } from "./support/unit/inspect";
import type { RecordedResource } from "./support/unit/mocks";
import { evaluate, evaluateStack, rawProjectConfig, stackFileConfig } from "./support/unit/stacks";

const local = (milvus: Record<string, unknown>, environment = "dev") => ({ cloud: "local", environment, milvus });
/** The same stack as the program reads it, under the project's namespace. */
const localStack = (milvus: Record<string, unknown>) => ({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:milvus": milvus });
const backupYaml = (configMap: RecordedResource) => String((configMap.inputs.data as Record<string, string>)["backup.yaml"]);
const problems = (raw: Record<string, unknown>) =>
    configProblems(raw)
        .map((p) => `${p.key}: ${p.allowed}`)
        .join("\n");
const named = (resources: RecordedResource[], type: string, name: string) => ofType(resources, type).find((r) => r.name === name);
const JOB = "kubernetes:batch/v1:Job";
const CRON = "kubernetes:batch/v1:CronJob";

describe("backup: configuration", () => {
    it("off in dev and on in prod by default, daily at 02:00 UTC with a week kept, before upgrades only in prod", () => {
        const backupOf = (environment: string, backup?: Record<string, unknown>) =>
            validateStackConfig({ cloud: "local", environment, milvus: backup ? { backup } : {} }).milvus.backup;
        assert.deepStrictEqual(backupOf("dev"), {
            enabled: false,
            schedule: "0 2 * * *",
            retention: 7,
            collections: [],
            rootPath: "backup",
            bucket: undefined,
            beforeUpgrade: false,
            restore: undefined,
        });
        assert.deepStrictEqual([backupOf("prod").enabled, backupOf("prod").beforeUpgrade], [true, true]);
        assert.strictEqual(backupOf("dev", { enabled: true }).beforeUpgrade, false, "dev with backups: no pre-upgrade backup");
        assert.strictEqual(backupOf("prod", { enabled: false }).beforeUpgrade, false);
    });

    it("cron schedules are read by meaning: five fields in range, or a macro", () => {
        for (const ok of ["0 2 * * *", "*/15 * * * *", "0 3 * * SUN", "30 1 1-7 JAN,JUL MON-FRI", "@daily", "0 0 */2 * *"]) {
            assert.strictEqual(cronProblem(ok), undefined, ok);
        }
        assert.match(String(cronProblem("0 25 * * *")), /hour "25" is outside 0-23/);
        assert.match(String(cronProblem("0 2 * *")), /has 4 fields, not 5/);
        assert.match(String(cronProblem("0 2 * * 7")), /day of week "7" is outside 0-6/);
        assert.match(String(cronProblem("0 2 10-3 * *")), /runs backwards/);
        assert.match(String(cronProblem("TZ=Europe/Berlin 0 2 * * *")), /time zone in the schedule is refused/);
        assert.match(String(cronProblem("@fortnightly")), /is not one of/);
        assert.match(
            problems(local({ backup: { enabled: true, schedule: "0 24 * * *" } })),
            /milvus\.backup\.schedule: .*hour "24" is outside 0-23; allowed: a cron schedule such as "0 2 \* \* \*"/,
        );
    });

    it("collections and backup names follow milvus-backup's own rules", () => {
        assert.strictEqual(problems(local({ backup: { enabled: true, collections: ["docs", "db1.docs", "db2.*"] } })), "");
        assert.match(
            problems(local({ backup: { enabled: true, collections: ["db1.docs.x"] } })),
            /milvus\.backup\.collections\.0: .*must be a collection such as "docs"/,
        );
        assert.match(
            problems(local({ backup: { restore: { backup: "2026-backup" } } })),
            /milvus\.backup\.restore\.backup: .*must be a backup name as milvus-backup lists it/,
        );
    });

    it("schedule settings without scheduled backups are refused, not ignored", () => {
        assert.match(problems(local({ backup: { retention: 3 } })), /milvus\.backup\.retention: is read only when milvus\.backup\.enabled is true/);
        assert.match(
            problems(local({ backup: { enabled: false, schedule: "@daily" } }, "prod")),
            /milvus\.backup\.schedule: .*is read only when milvus\.backup\.enabled is true/,
        );
    });

    it("a bucket of its own only with in-cluster MinIO; the prefix never overlaps Milvus's own", () => {
        const aws = rawProjectConfig(stackFileConfig("aws-prod"));
        const awsWith = (backup: Record<string, unknown>) => ({ ...aws, milvus: { ...(aws.milvus as Record<string, unknown>), backup } });
        assert.match(problems(awsWith({ bucket: "other-bucket" })), /milvus\.backup\.bucket: .*is read only with in-cluster MinIO; on aws/);
        assert.match(
            problems(awsWith({ rootPath: "milvus/backup" })),
            /milvus\.backup\.rootPath: .*must not be or contain Milvus's own prefix "milvus" \(aws\.bucket\.rootPath\)/,
        );
        assert.match(
            problems(local({ backup: { enabled: true, rootPath: "file" } })),
            /milvus\.backup\.rootPath: .*prefix "file" \(the chart's minio\.rootPath\)/,
        );
        // Another bucket of the in-cluster MinIO may use any prefix.
        assert.strictEqual(problems(local({ backup: { enabled: true, bucket: "milvus-backups", rootPath: "file" } })), "");
    });
});

describe("backup: what the program registers", function () {
    this.timeout(120_000);

    it("dev stacks run no milvus-backup at all", async () => {
        const { resources, outputs } = await evaluateStack("local");
        assert.deepStrictEqual(ofType(resources, CRON), []);
        assert.deepStrictEqual(
            ofType(resources, JOB).map((r) => r.name),
            ["milvus-root-credential"],
        );
        assert.strictEqual(named(resources, "kubernetes:core/v1:ServiceAccount", "milvus-backup-account"), undefined);
        assert.ok(!("backupLocation" in outputs) && !("backupSchedule" in outputs));
    });

    for (const stack of ["aws-prod", "azure-prod"]) {
        describe(stack, () => {
            let resources: RecordedResource[];
            let outputs: Record<string, unknown>;
            before(async () => ({ resources, outputs } = await evaluateStack(stack)));

            it("a CronJob backs up on schedule under milvus-backup's own account, in UTC, one run at a time, keeping 7", () => {
                const cron = one(resources, CRON);
                assert.strictEqual(at(cron.inputs, "spec.schedule"), "0 2 * * *");
                assert.strictEqual(at(cron.inputs, "spec.timeZone"), "Etc/UTC");
                assert.strictEqual(at(cron.inputs, "spec.concurrencyPolicy"), "Forbid");
                const pod = at(cron.inputs, "spec.jobTemplate.spec.template.spec") as Record<string, unknown>;
                const container = (pod.containers as Array<Record<string, unknown>>)[0];
                assert.strictEqual(container.image, "milvusdb/milvus-backup:v0.5.16");
                const env = Object.fromEntries((container.env as Array<{ name: string; value?: string }>).map((e) => [e.name, e]));
                assert.strictEqual(env.BACKUP_KEEP?.value, "7");
                assert.strictEqual(env.BACKUP_PREFIX?.value, "scheduled");
                assert.deepStrictEqual(env.MILVUS_PASSWORD, {
                    name: "MILVUS_PASSWORD",
                    valueFrom: { secretKeyRef: { name: "milvus-milvus-credentials", key: "rootPassword" } },
                });
                assert.ok(!("MINIO_ACCESS_KEY" in env), "a cloud bucket is reached without keys");
                const account = one(resources, "kubernetes:core/v1:ServiceAccount");
                assert.strictEqual(pod.serviceAccountName, at(account.inputs, "metadata.name"));
                assert.notStrictEqual(
                    pod.serviceAccountName,
                    at(milvusRelease(resources).values, "serviceAccount.name"),
                    "not the chart's account: that one exists only after Helm ran",
                );
                assert.ok(cron.dependencies.includes(milvusRelease(resources).urn), "scheduled after Milvus is installed");
                assert.strictEqual(at(container, "securityContext.readOnlyRootFilesystem"), true);
            });

            it("the tool's config names the bucket, a prefix of its own and keyless access, and holds no credential", () => {
                const configMap = one(resources, "kubernetes:core/v1:ConfigMap");
                const text = backupYaml(configMap);
                const config = parse(text) as Record<string, Record<string, unknown>>;
                assert.strictEqual(config.minio?.useIAM, true);
                assert.strictEqual(config.minio?.storageType, stack.startsWith("aws") ? "aws" : "azure");
                assert.strictEqual(config.minio?.backupRootPath, "backup");
                assert.strictEqual(config.minio?.backupBucketName, config.minio?.bucketName);
                assert.ok(!/password|secretAccessKey/i.test(text), text);
                for (const secret of generatedSecrets(resources)) assert.deepStrictEqual(plaintextPaths(configMap.rawInputs, secret), []);
            });

            it("prod backs up before Helm upgrades: the release waits for a Job named after the target versions", () => {
                const job = named(resources, JOB, "milvus-pre-upgrade-backup");
                assert.ok(job, "a pre-upgrade Job");
                assert.ok(milvusRelease(resources).dependencies.includes(job.urn), "the release waits for it");
                assert.strictEqual(at(job.inputs, "metadata.name"), preUpgradeJobName("milvus", "5.0.19", "v2.6.15"));
                assert.notStrictEqual(preUpgradeJobName("milvus", "5.0.19", "v2.6.15"), preUpgradeJobName("milvus", "5.0.19", "v2.6.14"));
                assert.strictEqual(job.customTimeouts?.create, "3h");
            });

            it("the outputs say where the backups are and when they run", async () => {
                const value = async (name: string) =>
                    new Promise<unknown>((resolve) =>
                        (outputs[name] as { apply(f: (v: unknown) => unknown): unknown }).apply((v) => {
                            resolve(v);
                            return v;
                        }),
                    );
                assert.match(
                    String(await value("backupLocation")),
                    stack.startsWith("aws") ? /^s3:\/\/[^/]+\/backup\/$/ : /^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/milvus\/backup\/$/,
                );
                assert.strictEqual(outputs.backupSchedule, "0 2 * * *");
            });
        });
    }

    it("azure: milvus-backup's account is federated with Milvus's identity, after the first credential", async () => {
        const { resources } = await evaluateStack("azure-prod");
        const federations = ofType(resources, "azure-native:managedidentity:FederatedIdentityCredential");
        const backup = federations.find((f) => f.name.endsWith("-backup-federation"));
        const milvus = federations.find((f) => f.name.endsWith("-milvus-federation"));
        assert.ok(backup && milvus);
        assert.strictEqual(backup.inputs.resourceName, milvus.inputs.resourceName, "the same identity");
        assert.strictEqual(backup.inputs.subject, "system:serviceaccount:milvus:milvus-milvus-backup");
        assert.ok(backup.dependencies.includes(milvus.urn), "never written concurrently with the first");
        const account = one(resources, "kubernetes:core/v1:ServiceAccount");
        assert.deepStrictEqual(Object.keys(at(account.inputs, "metadata.annotations") as object), ["azure.workload.identity/client-id"]);
        const labels = at(one(resources, CRON).inputs, "spec.jobTemplate.spec.template.metadata.labels") as Record<string, string>;
        assert.strictEqual(labels["azure.workload.identity/use"], "true");
    });

    it("local with backups: in-cluster MinIO keys come from the Secret, and MinIO admits the backup pods", async () => {
        const { resources } = await evaluate(localStack({ backup: { enabled: true, bucket: "milvus-backups", retention: 3 } }));
        const config = parse(backupYaml(one(resources, "kubernetes:core/v1:ConfigMap"))) as Record<string, Record<string, unknown>>;
        assert.deepStrictEqual(
            {
                type: config.minio?.storageType,
                address: config.minio?.address,
                bucket: config.minio?.bucketName,
                root: config.minio?.rootPath,
                backupBucket: config.minio?.backupBucketName,
            },
            { type: "minio", address: "milvus-minio", bucket: "milvus-bucket", root: "file", backupBucket: "milvus-backups" },
        );
        const env = at(one(resources, CRON).inputs, "spec.jobTemplate.spec.template.spec.containers.0.env") as Array<{
            name: string;
            valueFrom?: unknown;
        }>;
        assert.deepStrictEqual(
            env.filter((e) => e.name.startsWith("MINIO_")).map((e) => [e.name, at(e, "valueFrom.secretKeyRef.key")]),
            [
                ["MINIO_ACCESS_KEY", "accesskey"],
                ["MINIO_SECRET_KEY", "secretkey"],
            ],
        );
        const minioPolicy = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((p) => p.name === "milvus-minio-network-policy");
        const from = at(minioPolicy?.inputs, "spec.ingress.0.from") as Array<{ podSelector?: { matchLabels?: Record<string, string> } }>;
        assert.ok(
            from.some((f) => f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "milvus-backup"),
            JSON.stringify(from),
        );
        assert.strictEqual(named(resources, JOB, "milvus-pre-upgrade-backup"), undefined, "pre-upgrade backups are a prod default");
    });

    it("a restore is a Job of its own, after Milvus and its root credential, with the arguments milvus-backup takes", async () => {
        const restore = { backup: "scheduled_2026_12_01_02_00_00", collections: ["docs"], suffix: "_restored" };
        const { resources } = await evaluate(localStack({ backup: { restore } }));
        const job = named(resources, JOB, "milvus-restore");
        assert.ok(job);
        const container = at(job.inputs, "spec.template.spec.containers.0") as { command: string[] };
        assert.deepStrictEqual(container.command, [
            "/app/milvus-backup",
            "--config",
            "/etc/milvus-backup/backup.yaml",
            "restore",
            "-n",
            "scheduled_2026_12_01_02_00_00",
            "--filter",
            "docs",
            "--suffix",
            "_restored",
            "--rebuild_index",
        ]);
        assert.strictEqual(at(job.inputs, "spec.backoffLimit"), 0);
        assert.ok(job.dependencies.includes(milvusRelease(resources).urn));
        assert.ok(job.dependencies.includes(one(resources, JOB, "milvus-root-credential").urn));
        assert.deepStrictEqual(ofType(resources, CRON), [], "a restore alone schedules nothing");
        const full = { backup: "b1", collections: [], dropExisting: false };
        assert.notStrictEqual(restoreJobName("milvus", full), restoreJobName("milvus", { ...full, backup: "b2" }), "a new request is a new Job");
        assert.deepStrictEqual(restoreArguments({ ...full, dropExisting: true }), [
            "restore",
            "-n",
            "b1",
            "--rebuild_index",
            "--drop_exist_collection",
        ]);
    });

    it("with client TLS the tool verifies the proxy with the Secret's CA (and presents its pair in mutual mode)", () => {
        const config = backupConfig({
            milvusHost: "milvus.milvus.svc.cluster.local",
            auth: true,
            tls: { mutual: true },
            store: { kind: "minio", address: "milvus-minio", port: 9000, bucketName: "milvus-bucket", rootPath: "file" },
            backup: { rootPath: "backup" },
        }) as { milvus: Record<string, unknown> };
        assert.deepStrictEqual(
            [config.milvus.tlsMode, config.milvus.caCertPath, config.milvus.serverName, config.milvus.mtlsCertPath],
            [2, "/etc/milvus/certs/ca.crt", "milvus.milvus.svc.cluster.local", "/etc/milvus/certs/tls.crt"],
        );
    });
});

describe("backup: the pre-upgrade script, under a real sh and curl", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pre-upgrade-"));
        // Stands in for the milvus-backup binary only: it records what the script asks of it.
        fs.writeFileSync(path.join(dir, "milvus-backup"), `#!/bin/sh\necho "$@" >> ${dir}/calls\n`, { mode: 0o755 });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (host: string) =>
        spawnSync("/bin/sh", ["-c", PRE_UPGRADE_SCRIPT], {
            encoding: "utf8",
            env: {
                PATH: process.env.PATH,
                MILVUS_BACKUP: path.join(dir, "milvus-backup"),
                BACKUP_CONFIG: "/cfg.yaml",
                BACKUP_PREFIX: "preupgrade",
                BACKUP_FILTER: "",
                MILVUS_HOST: host,
                UPGRADE_TO: "chart 5.0.19, Milvus v2.6.15",
            },
        });
    const calls = () => (fs.existsSync(path.join(dir, "calls")) ? fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n") : []);

    it("before the first install (no Milvus Service to resolve) it succeeds without a backup", () => {
        const r = run("milvus.does-not-exist.invalid");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /no Milvus at milvus\.does-not-exist\.invalid yet \(first install\)/);
        assert.deepStrictEqual(calls(), []);
    });

    it("when Milvus exists it creates a backup named preupgrade_<UTC time>", () => {
        // 127.0.0.1 resolves; nothing listens on 9091, so curl fails another way (not 6) and the backup goes ahead.
        const r = run("127.0.0.1");
        assert.strictEqual(r.status, 0, r.stderr);
        const [call] = calls();
        assert.match(String(call), /^--config \/cfg\.yaml create -n preupgrade_\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}$/);
    });
});
