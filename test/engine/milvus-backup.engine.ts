// The real milvus-backup (v0.5.16, built from the Go module proxy by
// tools/milvus-backup/build.sh) reads the config the program writes, and the
// CronJob's script runs the real `list` and `delete` against an S3 API (moto's
// server: the fake stands where the object store would answer). Only `create`
// is stood in for, because it needs a running Milvus: the stand-in writes a
// backup's metadata where milvus-backup writes it (internal/storage/mpath:
// <root>/<name>/meta/*.json), and every other command is the real binary.
import * as assert from "assert";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { SCHEDULED_BACKUP_SCRIPT, backupConfigYaml, restoreArguments, type BackupConfigInputs } from "../../components/milvus/backup";
import { REPO } from "../support/engine/workspace";

interface Entry {
    value: string;
    source: string;
    key: string;
}

/** `milvus-backup check config`: PARAMETER VALUE SOURCE SOURCE_KEY, one per line (cmd/check/config.go). */
function checkConfig(tool: string, configFile: string, env: Record<string, string>): Map<string, Entry> {
    const out = execFileSync(tool, ["--config", configFile, "check", "config"], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env },
    });
    const table = new Map<string, Entry>();
    for (const line of out.split("\n")) {
        const m = /^(\S+)\s+(.*?)\s*(Source(?:Override|Env|ConfigFile|Default))\s*(\S*)$/.exec(line);
        if (m) table.set(m[1] as string, { value: m[2] as string, source: m[3] as string, key: m[4] as string });
    }
    return table;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
        server.on("error", reject);
    });
}

const HOST = "milvus.milvus.svc.cluster.local";

/** Where the config the program writes sends the tool's log (components/milvus/backup.ts). */
const TOOL_LOG = "/tmp/milvus-backup.log";

describe("engine suite: milvus-backup itself", function () {
    this.timeout(15 * 60 * 1000);
    let tools: string;
    let tool: string;
    let dir: string;
    let hadLog = false;
    before(() => {
        const out = execFileSync(path.join(REPO, "tools", "milvus-backup", "build.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        tools = out.trim().split("\n").pop() as string;
        tool = path.join(tools, "milvus-backup");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-backup-"));
        hadLog = fs.existsSync(TOOL_LOG);
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        // The tool writes the log the config names (a pod's emptyDir, here the machine's /tmp): gone when the tests made it.
        if (!hadLog) fs.rmSync(TOOL_LOG, { force: true });
    });

    const write = (name: string, inputs: BackupConfigInputs) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, backupConfigYaml(inputs));
        return file;
    };

    it("AWS: the tool reads the bucket, its own prefix and IAM access from the file, the root password from the environment", () => {
        const file = write("aws.yaml", {
            milvusHost: HOST,
            auth: true,
            store: {
                kind: "bucket",
                cloudProvider: "aws",
                host: "s3.us-west-2.amazonaws.com",
                port: 443,
                useSSL: true,
                bucketName: "stack-bucket",
                rootPath: "milvus",
                region: "us-west-2",
            },
            backup: { rootPath: "backup" },
        });
        const c = checkConfig(tool, file, { MILVUS_PASSWORD: "pw-from-the-secret" });
        const v = (k: string) => c.get(k)?.value;
        assert.deepStrictEqual(c.get("Milvus.Password"), { value: "pw****et", source: "SourceEnv", key: "milvus_password" });
        assert.deepStrictEqual([v("Milvus.Address"), v("Milvus.Port"), v("Milvus.User"), v("Milvus.TLSMode")], [HOST, "19530", "root", "0"]);
        assert.deepStrictEqual(
            [v("Minio.StorageType"), v("Minio.Address"), v("Minio.Port"), v("Minio.UseSSL"), v("Minio.Region")],
            ["aws", "s3.us-west-2.amazonaws.com", "443", "true", "us-west-2"],
        );
        assert.deepStrictEqual([v("Minio.UseIAM"), v("Minio.BucketName"), v("Minio.RootPath")], ["true", "stack-bucket", "milvus"]);
        // The backup side inherits the storage and keyless access (cfg.go MinioConfig.Resolve), with a prefix of its own.
        assert.deepStrictEqual(
            [v("Minio.BackupStorageType"), v("Minio.BackupUseIAM"), v("Minio.BackupBucketName"), v("Minio.BackupRootPath")],
            ["aws", "true", "stack-bucket", "backup"],
        );
        assert.strictEqual(c.get("Backup.GCPause.Address")?.value, `http://${HOST}:9091`);
        assert.strictEqual(c.get("Log.File.Filename")?.value, "/tmp/milvus-backup.log", "the log goes to the writable emptyDir");
        assert.ok(!fs.readFileSync(file, "utf8").includes("pw-from-the-secret"));
    });

    it("Azure: the account name (not a secret) is the access key id, and workload identity is IAM", () => {
        const file = write("azure.yaml", {
            milvusHost: HOST,
            auth: true,
            store: {
                kind: "bucket",
                cloudProvider: "azure",
                host: "core.windows.net",
                port: 443,
                useSSL: true,
                bucketName: "milvus",
                rootPath: "milvus",
                accountName: "stackaccount",
            },
            backup: { rootPath: "backup" },
        });
        const c = checkConfig(tool, file, { MILVUS_PASSWORD: "pw-from-the-secret" });
        const v = (k: string) => c.get(k)?.value;
        assert.deepStrictEqual(
            [v("Minio.StorageType"), v("Minio.AccessKeyID"), v("Minio.UseIAM"), v("Minio.BackupAccessKeyID"), v("Minio.BackupUseIAM")],
            ["azure", "stackaccount", "true", "stackaccount", "true"],
        );
    });

    it("in-cluster MinIO with mutual TLS: keys from the environment, the proxy verified with the Secret's CA", () => {
        const file = write("minio.yaml", {
            milvusHost: HOST,
            auth: true,
            tls: { mutual: true },
            store: { kind: "minio", address: "milvus-minio", port: 9000, bucketName: "milvus-bucket", rootPath: "file" },
            backup: { rootPath: "backup", bucket: "milvus-backups" },
        });
        const c = checkConfig(tool, file, { MILVUS_PASSWORD: "pw", MINIO_ACCESS_KEY: "generated-access", MINIO_SECRET_KEY: "generated-secret" });
        const v = (k: string) => c.get(k)?.value;
        assert.deepStrictEqual(c.get("Minio.AccessKeyID"), { value: "generated-access", source: "SourceEnv", key: "minio_access_key" });
        assert.strictEqual(c.get("Minio.SecretAccessKey")?.source, "SourceEnv");
        assert.deepStrictEqual(
            [v("Minio.UseIAM"), v("Minio.BackupBucketName"), v("Minio.BackupAccessKeyID")],
            ["false", "milvus-backups", "generated-access"],
        );
        assert.deepStrictEqual(
            [v("Milvus.TLSMode"), v("Milvus.CACertPath"), v("Milvus.ServerName"), v("Milvus.MTLSCertPath"), v("Milvus.MTLSKeyPath")],
            ["2", "/etc/milvus/certs/ca.crt", HOST, "/etc/milvus/certs/tls.crt", "/etc/milvus/certs/tls.key"],
        );
    });

    describe("against an S3 API", () => {
        let s3: ChildProcess;
        let port: number;
        let configFile: string;
        const python = () => path.join(tools, "s3-api", "bin", "python");
        const s3env = () => ({ MINIO_ACCESS_KEY: "test-access", MINIO_SECRET_KEY: "test-secret" });
        /** Runs boto3 against the S3 API; `code` sees `s3` (a client) and `bucket`. */
        const boto = (code: string): string =>
            execFileSync(
                python(),
                [
                    "-c",
                    [
                        "import boto3, json, sys",
                        `s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:${port}", aws_access_key_id="test-access", aws_secret_access_key="test-secret", region_name="us-east-1")`,
                        "bucket = 'milvus-bucket'",
                        code,
                    ].join("\n"),
                ],
                { encoding: "utf8" },
            );
        /** A backup's metadata, at the keys and in the layout milvus-backup writes (internal/meta: level files). */
        const seed = (name: string) =>
            boto(
                [
                    `name = ${JSON.stringify(name)}`,
                    "meta = {'backup_meta.json': {'id': name, 'name': name}, 'collection_meta.json': {'infos': []}, 'partition_meta.json': {'infos': []}, 'segment_meta.json': {'infos': []}}",
                    "for key, body in meta.items(): s3.put_object(Bucket=bucket, Key=f'backup/{name}/meta/{key}', Body=json.dumps(body).encode())",
                    "s3.put_object(Bucket=bucket, Key=f'backup/{name}/binlogs/insert_log/1/2/3/0', Body=b'segment data')",
                ].join("\n"),
            );
        const listed = () => {
            const out = execFileSync(tool, ["--config", configFile, "list"], {
                encoding: "utf8",
                env: { PATH: process.env.PATH ?? "", ...s3env() },
                stdio: ["ignore", "pipe", "pipe"],
            });
            return out
                .split("\n")
                .slice(out.split("\n").indexOf(">> Backups:") + 1)
                .filter((l) => l.trim() !== "");
        };

        before(async () => {
            port = await freePort();
            s3 = spawn(path.join(tools, "s3-api", "bin", "moto_server"), ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
            for (let i = 0; i < 100; i++) {
                const up = await new Promise<boolean>((resolve) => {
                    const socket = net.connect(port, "127.0.0.1", () => {
                        socket.end();
                        resolve(true);
                    });
                    socket.on("error", () => resolve(false));
                });
                if (up) break;
                await new Promise((r) => setTimeout(r, 200));
            }
            boto("s3.create_bucket(Bucket=bucket)");
            configFile = write("s3.yaml", {
                milvusHost: "127.0.0.1",
                auth: false,
                store: { kind: "minio", address: "127.0.0.1", port, bucketName: "milvus-bucket", rootPath: "file" },
                backup: { rootPath: "backup" },
            });
        });
        after(() => {
            s3?.kill();
        });

        it("the CronJob's script keeps the newest `retention` scheduled backups and never touches the others", () => {
            const old = Array.from({ length: 9 }, (_, i) => `scheduled_2026_11_${String(20 + i).padStart(2, "0")}_02_00_00`);
            for (const name of [...old, "preupgrade_2026_11_01_10_00_00", "by_hand"]) seed(name);
            assert.strictEqual(listed().length, 11, "the real `list` reads the seeded backups");
            // Stands in for `create` only (it needs a running Milvus); every other command is the real binary.
            const wrapper = path.join(dir, "milvus-backup-wrapper");
            fs.writeFileSync(
                wrapper,
                [
                    "#!/bin/sh",
                    `if [ "$3" = create ]; then ${JSON.stringify(python())} - "$5" <<'PY'`,
                    "import boto3, json, sys",
                    `s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:${port}", aws_access_key_id="test-access", aws_secret_access_key="test-secret", region_name="us-east-1")`,
                    "name = sys.argv[1]",
                    "for key, body in {'backup_meta.json': {'id': name, 'name': name}, 'collection_meta.json': {'infos': []}, 'partition_meta.json': {'infos': []}, 'segment_meta.json': {'infos': []}}.items():",
                    "    s3.put_object(Bucket='milvus-bucket', Key=f'backup/{name}/meta/{key}', Body=json.dumps(body).encode())",
                    "PY",
                    "exit $?",
                    "fi",
                    `exec ${JSON.stringify(tool)} "$@"`,
                    "",
                ].join("\n"),
                { mode: 0o755 },
            );
            const r = spawnSync("/bin/sh", ["-c", SCHEDULED_BACKUP_SCRIPT], {
                encoding: "utf8",
                env: {
                    PATH: process.env.PATH ?? "",
                    ...s3env(),
                    MILVUS_BACKUP: wrapper,
                    BACKUP_CONFIG: configFile,
                    BACKUP_PREFIX: "scheduled",
                    BACKUP_KEEP: "7",
                    BACKUP_FILTER: "",
                },
            });
            assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
            const after = listed();
            const scheduled = after.filter((n) => n.startsWith("scheduled_")).sort();
            assert.strictEqual(scheduled.length, 7, after.join("\n"));
            assert.deepStrictEqual(scheduled.slice(0, 6), old.slice(3), "the three oldest are gone");
            assert.match(scheduled[6] as string, /^scheduled_\d{4}(_\d{2}){5}$/, "the new backup is kept");
            assert.ok(after.includes("preupgrade_2026_11_01_10_00_00") && after.includes("by_hand"), "other backups stay");
            // The real `delete` removed the data, not only the listing.
            const keys = boto("print(json.dumps([o['Key'] for o in s3.list_objects_v2(Bucket=bucket, Prefix='backup/')['Contents']]))");
            for (const gone of old.slice(0, 3)) assert.ok(!keys.includes(`backup/${gone}/`), `${gone} still has objects`);
            assert.ok(keys.includes(`backup/${old[3]}/binlogs/`), "kept backups keep their data");
        });

        it("a restore's arguments are ones the tool takes: it finds the backup and goes on to Milvus", () => {
            seed("scheduled_2026_12_01_02_00_00");
            const args = restoreArguments({
                backup: "scheduled_2026_12_01_02_00_00",
                collections: ["docs", "db1.*"],
                suffix: "_restored",
                dropExisting: true,
            });
            const r = spawnSync(tool, ["--config", configFile, ...args], {
                encoding: "utf8",
                env: { PATH: process.env.PATH ?? "", ...s3env() },
                timeout: 120_000,
            });
            const text = `${r.stdout}\n${r.stderr}`;
            assert.doesNotMatch(text, /unknown (flag|shorthand)|invalid filter|not found/i, text);
            // No Milvus runs here, so the restore stops where it would start to work on Milvus.
            assert.notStrictEqual(r.status, 0, text);
            assert.match(text, /milvus|grpc|connect/i, text);
            const missing = spawnSync(tool, ["--config", configFile, "restore", "-n", "scheduled_1999_01_01_00_00_00"], {
                encoding: "utf8",
                env: { PATH: process.env.PATH ?? "", ...s3env() },
            });
            assert.match(
                `${missing.stdout}${missing.stderr}`,
                /backup scheduled_1999_01_01_00_00_00 not found/,
                "the same call without the backup fails on the backup",
            );
        });
    });
});
