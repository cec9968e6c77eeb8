// Where the tests get the charts (test/support/cluster/chart-source.ts): a pull from an
// HTTP Helm repository on loopback, checked against the index's digest and kept
// in the cache; the offline copy; and the one reason given when neither is there.
// The chart here is a small one made by the test, so nothing depends on ../shared.
import * as assert from "assert";
import { createHash } from "crypto";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { serveCharts } from "./support/cluster/chart-repo";
import { chartArchives, localChartArchives, type ChartPin } from "./support/cluster/chart-source";

const PIN: ChartPin = { name: "demo", version: "1.2.3", repository: "https://charts.example.invalid/" };

/** Directories the tests made, removed when they end. */
const made: string[] = [];

function tmp(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** A packaged chart demo-1.2.3.tgz in `dir`, with the SHA256SUMS serveCharts checks; returns its sha256. */
function packageDemo(dir: string): string {
    const src = tmp("demo-chart-");
    fs.mkdirSync(path.join(src, "demo"));
    fs.writeFileSync(path.join(src, "demo", "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.2.3\n");
    fs.writeFileSync(path.join(src, "demo", "values.yaml"), "replicas: 1\n");
    execFileSync("tar", ["-czf", path.join(dir, "demo-1.2.3.tgz"), "-C", src, "demo"]);
    const digest = createHash("sha256")
        .update(fs.readFileSync(path.join(dir, "demo-1.2.3.tgz")))
        .digest("hex");
    fs.writeFileSync(path.join(dir, "SHA256SUMS"), `${digest}  demo-1.2.3.tgz\n`);
    return digest;
}

/** A repository whose index.yaml is given as is, with the archive at charts/demo-1.2.3.tgz. */
async function rawRepository(index: string, archive: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
        if (req.url === "/index.yaml") res.writeHead(200).end(index);
        else if (req.url === "/charts/demo-1.2.3.tgz") res.writeHead(200).end(archive);
        else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

describe("chart source: the charts the tests install, as a user's machine gets them", () => {
    after(() => {
        for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });

    const nowhere = path.join(os.tmpdir(), "milvus-no-such-shared-charts");

    it("pulls a chart from an HTTP Helm repository into the cache, checked against the index's digest, and finds it there offline after", async () => {
        const repoDir = tmp("demo-repo-");
        const digest = packageDemo(repoDir);
        const repo = await serveCharts(repoDir);
        const cache = path.join(tmp("demo-cache-"), "charts");
        let found;
        try {
            found = await chartArchives({ pins: [PIN], cache, shared: nowhere, repositoryOf: () => repo.url });
        } finally {
            await repo.close();
        }
        assert.ok(!("unavailable" in found), JSON.stringify(found));
        assert.strictEqual(found.dir, cache);
        assert.ok(fs.readFileSync(path.join(cache, "demo-1.2.3.tgz")).equals(fs.readFileSync(path.join(repoDir, "demo-1.2.3.tgz"))));
        assert.strictEqual(fs.readFileSync(path.join(cache, "SHA256SUMS"), "utf8"), `${digest}  demo-1.2.3.tgz\n`);
        // The repository is gone; the cache answers, and what it holds is what serveCharts serves.
        assert.deepStrictEqual(localChartArchives([PIN], cache, nowhere)?.dir, cache);
        const again = await serveCharts(cache);
        try {
            assert.deepStrictEqual(again.charts, { demo: ["1.2.3"] });
        } finally {
            await again.close();
        }
    });

    it("resolves a relative chart URL against the repository, as Helm does", async () => {
        const archiveDir = tmp("demo-archive-");
        const digest = packageDemo(archiveDir);
        const archive = fs.readFileSync(path.join(archiveDir, "demo-1.2.3.tgz"));
        const repo = await rawRepository(
            `apiVersion: v1\nentries:\n  demo:\n    - name: demo\n      version: 1.2.3\n      digest: ${digest}\n      urls: [charts/demo-1.2.3.tgz]\n`,
            archive,
        );
        const cache = tmp("demo-cache-");
        try {
            const found = await chartArchives({ pins: [PIN], cache, shared: nowhere, repositoryOf: () => repo.url });
            assert.ok(!("unavailable" in found), JSON.stringify(found));
        } finally {
            await repo.close();
        }
    });

    it("keeps nothing when the archive is not the one the index's digest names", async () => {
        const archiveDir = tmp("demo-archive-");
        packageDemo(archiveDir);
        const archive = fs.readFileSync(path.join(archiveDir, "demo-1.2.3.tgz"));
        const wrong = "0".repeat(64);
        const repo = await rawRepository(
            `apiVersion: v1\nentries:\n  demo:\n    - name: demo\n      version: 1.2.3\n      digest: ${wrong}\n      urls: [charts/demo-1.2.3.tgz]\n`,
            archive,
        );
        const cache = tmp("demo-cache-");
        let found;
        try {
            found = await chartArchives({ pins: [PIN], cache, shared: nowhere, repositoryOf: () => repo.url });
        } finally {
            await repo.close();
        }
        assert.ok("unavailable" in found);
        assert.match(
            found.unavailable,
            new RegExp(`demo 1\\.2\\.3 from ${repo.url.replace(/[.]/g, "\\.")}: sha256 [0-9a-f]{64}, the repository's index says ${wrong}`),
        );
        assert.deepStrictEqual(fs.readdirSync(cache), []);
    });

    it("uses the offline copy when its SHA256SUMS holds, and not when an archive differs from it", () => {
        const shared = tmp("demo-shared-");
        packageDemo(shared);
        const cache = tmp("demo-cache-");
        assert.strictEqual(localChartArchives([PIN], cache, shared)?.dir, shared);
        fs.appendFileSync(path.join(shared, "demo-1.2.3.tgz"), "tampered");
        assert.strictEqual(localChartArchives([PIN], cache, shared), undefined);
    });

    it("says once, naming the cache, the offline copy and the repository, why there is no chart when none answers", async () => {
        const closed = await new Promise<string>((resolve) => {
            const probe = http.createServer().listen(0, "127.0.0.1", () => {
                const { port } = probe.address() as AddressInfo;
                probe.close(() => resolve(`http://127.0.0.1:${port}/`));
            });
        });
        const cache = tmp("demo-cache-");
        const found = await chartArchives({ pins: [{ ...PIN, repository: closed }], cache, shared: nowhere });
        assert.ok("unavailable" in found);
        assert.ok(
            found.unavailable.startsWith(
                `the charts demo 1.2.3 are neither in ${cache} nor in ${nowhere}, and their repositories (${closed}) did not answer: run npm run charts where they are reachable`,
            ),
            found.unavailable,
        );
        assert.deepStrictEqual(fs.readdirSync(cache), []);
    });
});
