// Air-gapped installs: where the charts come from (milvus.chartRepository,
// aws.loadBalancerController.chartRepository) and where every image comes from
// (imageRegistry, milvus.imagePullSecrets), evaluated under the offline mocks
// and read from the registered resources. The expected image names are written
// out by hand from the charts' values.yaml (milvus 5.0.19 and its subcharts,
// aws-load-balancer-controller 3.5.0), not computed with the program's rule.
import * as assert from "assert";
import { DEFAULT_CHART_VERSION } from "../components/config/resolve";
import { deepMerge } from "../components/milvus/values";
import { validateStackConfig } from "../components/platforms";
import { awsCalls, awsState } from "./support/unit/aws";
import { chartDirectory, loadChartDefaults, unknownKeyPaths } from "./support/unit/chart-contract";
import { configProblems } from "./support/unit/config";
import { HELM_RELEASE, at, milvusRelease, ofType, one } from "./support/unit/inspect";
import type { RecordedResource } from "./support/unit/mocks";
import { attempt, evaluate, stackFileConfig } from "./support/unit/stacks";

const UPSTREAM_MILVUS_CHARTS = "https://zilliztech.github.io/milvus-helm/";
const R = "registry.example.com/mirror";
const JOB = "kubernetes:batch/v1:Job";
const CRON = "kubernetes:batch/v1:CronJob";

const localStack = (milvus: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "milvus-on-clouds:cloud": "local",
    "milvus-on-clouds:milvus": milvus,
    ...extra,
});

/** A local cluster-mode stack that runs every image the chart can pull for this program: Pulsar, MinIO, Attu, backups. */
const EVERYTHING = { mode: "cluster", messageQueue: "pulsar", attu: { enabled: true }, backup: { enabled: true } };

describe("air-gapped installs: where the Milvus chart comes from", () => {
    it("(a) by default: the chart `milvus` from the upstream Helm repository", async () => {
        assert.strictEqual(validateStackConfig({ cloud: "local" }).milvus.chartRepository, UPSTREAM_MILVUS_CHARTS);
        const { resources } = await evaluate(localStack({ mode: "standalone" }));
        const release = milvusRelease(resources);
        assert.strictEqual(release.inputs.chart, "milvus");
        assert.deepStrictEqual(release.inputs.repositoryOpts, { repo: UPSTREAM_MILVUS_CHARTS });
        assert.strictEqual(release.inputs.version, "5.0.19");
    });

    it("(b) an https mirror: the chart `milvus` from that repository", async () => {
        const { resources } = await evaluate(localStack({ mode: "standalone", chartRepository: "https://charts.example.com/helm" }));
        const release = milvusRelease(resources);
        assert.strictEqual(release.inputs.chart, "milvus");
        assert.deepStrictEqual(release.inputs.repositoryOpts, { repo: "https://charts.example.com/helm" });
    });

    it("(c) an oci:// mirror: the chart is oci://<registry>/<path>/milvus, with no repositoryOpts (pulumi-kubernetes v4.25.0 resolveChartName)", async () => {
        for (const [given, chart] of [
            ["oci://registry.example.com/charts", "oci://registry.example.com/charts/milvus"],
            ["oci://registry.example.com:5000/charts/", "oci://registry.example.com:5000/charts/milvus"],
            ["oci://registry.example.com", "oci://registry.example.com/milvus"],
        ]) {
            const { resources } = await evaluate(localStack({ mode: "standalone", chartRepository: given }));
            const releases = ofType(resources, HELM_RELEASE);
            assert.strictEqual(releases.length, 1);
            assert.strictEqual(releases[0].inputs.chart, chart, given);
            assert.strictEqual(releases[0].inputs.repositoryOpts, undefined, `${given}: no repositoryOpts`);
            assert.strictEqual(releases[0].inputs.version, "5.0.19");
        }
    });
});

/** The first container's image and the pod's pull secrets of a Job or CronJob. */
function podOf(resource: RecordedResource): { image: unknown; imagePullSecrets: unknown } {
    const spec = resource.type === CRON ? at(resource.inputs, "spec.jobTemplate.spec.template.spec") : at(resource.inputs, "spec.template.spec");
    return { image: at(spec, "containers.0.image"), imagePullSecrets: at(spec, "imagePullSecrets") };
}

describe("air-gapped installs: every image from imageRegistry", () => {
    const dir = chartDirectory(DEFAULT_CHART_VERSION);
    let values: Record<string, unknown>;
    let resources: RecordedResource[];

    before(async () => {
        ({ resources } = await evaluate(localStack({ ...EVERYTHING, imagePullSecrets: ["mirror-pull"] }, { "milvus-on-clouds:imageRegistry": R })));
        values = milvusRelease(resources).values;
    });

    it("(d) the chart values name every image's repository in the mirror (tags stay the chart's)", () => {
        // Milvus itself (values.yaml image.all: milvusdb/milvus), with the tag milvus.imageTag.
        assert.strictEqual(at(values, "image.all.repository"), "registry.example.com/mirror/milvusdb/milvus");
        assert.strictEqual(at(values, "image.all.tag"), "v2.6.15");
        assert.strictEqual(at(values, "heaptrack.image.repository"), "registry.example.com/mirror/milvusdb/heaptrack");
        assert.strictEqual(at(values, "attu.image.repository"), "registry.example.com/mirror/zilliz/attu");
        // Bitnami etcd: <registry>/<repository>:<tag>, registry docker.io and repository milvusdb/etcd by default.
        assert.strictEqual(at(values, "etcd.image.registry"), "registry.example.com/mirror");
        assert.strictEqual(at(values, "etcd.image.repository"), "milvusdb/etcd");
        assert.strictEqual(at(values, "etcd.volumePermissions.image.registry"), "registry.example.com/mirror");
        assert.strictEqual(at(values, "etcd.volumePermissions.image.repository"), "bitnami/bitnami-shell");
        assert.strictEqual(at(values, "minio.image.repository"), "registry.example.com/mirror/minio/minio");
        assert.strictEqual(at(values, "minio.mcImage.repository"), "registry.example.com/mirror/minio/mc");
        assert.strictEqual(at(values, "minio.helmKubectlJqImage.repository"), "registry.example.com/mirror/bskim45/helm-kubectl-jq");
        for (const component of ["zookeeper", "bookie", "autorecovery", "broker", "proxy"]) {
            assert.strictEqual(at(values, `pulsarv3.images.${component}.repository`), "registry.example.com/mirror/apachepulsar/pulsar", component);
        }
        assert.strictEqual(at(values, "pulsarv3.pulsar_metadata.image.repository"), "registry.example.com/mirror/apachepulsar/pulsar");
        // Woodpecker stays embedded in the Milvus pods: no image of its own.
        assert.strictEqual(at(values, "woodpecker.image"), undefined);
    });

    it("(d) the images the chart templates render from those values and the chart's defaults", function () {
        if (!dir) this.skip();
        const merged = deepMerge(loadChartDefaults(dir as string), values);
        const plain = (path: string) => `${String(at(merged, `${path}.repository`))}:${String(at(merged, `${path}.tag`))}`;
        const bitnami = (path: string) =>
            `${String(at(merged, `${path}.registry`))}/${String(at(merged, `${path}.repository`))}:${String(at(merged, `${path}.tag`))}`;
        assert.deepStrictEqual(
            {
                milvus: plain("image.all"),
                heaptrack: plain("heaptrack.image"),
                attu: plain("attu.image"),
                etcd: bitnami("etcd.image"),
                etcdVolumePermissions: bitnami("etcd.volumePermissions.image"),
                minio: plain("minio.image"),
                minioClient: plain("minio.mcImage"),
                minioJq: plain("minio.helmKubectlJqImage"),
                zookeeper: plain("pulsarv3.images.zookeeper"),
                bookie: plain("pulsarv3.images.bookie"),
                autorecovery: plain("pulsarv3.images.autorecovery"),
                broker: plain("pulsarv3.images.broker"),
                pulsarProxy: plain("pulsarv3.images.proxy"),
                pulsarInit: plain("pulsarv3.pulsar_metadata.image"),
            },
            {
                milvus: "registry.example.com/mirror/milvusdb/milvus:v2.6.15",
                heaptrack: "registry.example.com/mirror/milvusdb/heaptrack:v0.1.0",
                attu: "registry.example.com/mirror/zilliz/attu:v2.5.3",
                etcd: "registry.example.com/mirror/milvusdb/etcd:3.5.25-r1",
                etcdVolumePermissions: "registry.example.com/mirror/bitnami/bitnami-shell:11-debian-11-r118",
                minio: "registry.example.com/mirror/minio/minio:RELEASE.2024-12-18T13-15-44Z",
                minioClient: "registry.example.com/mirror/minio/mc:RELEASE.2021-02-14T04-28-06Z",
                minioJq: "registry.example.com/mirror/bskim45/helm-kubectl-jq:3.1.0",
                zookeeper: "registry.example.com/mirror/apachepulsar/pulsar:3.0.7",
                bookie: "registry.example.com/mirror/apachepulsar/pulsar:3.0.7",
                autorecovery: "registry.example.com/mirror/apachepulsar/pulsar:3.0.7",
                broker: "registry.example.com/mirror/apachepulsar/pulsar:3.0.7",
                pulsarProxy: "registry.example.com/mirror/apachepulsar/pulsar:3.0.7",
                pulsarInit: "registry.example.com/mirror/apachepulsar/pulsar:3.0.7",
            },
        );
        assert.deepStrictEqual(
            unknownKeyPaths(values, loadChartDefaults(dir as string)),
            [],
            "every image and pull-secret key is one the chart reads",
        );
    });

    it("(d) the program's own Jobs: the root-credential Job runs the mirrored Milvus image, the backups the mirrored milvus-backup", () => {
        assert.deepStrictEqual(podOf(one(resources, JOB, "milvus-root-credential")), {
            image: "registry.example.com/mirror/milvusdb/milvus:v2.6.15",
            imagePullSecrets: [{ name: "mirror-pull" }],
        });
        assert.deepStrictEqual(podOf(one(resources, CRON, "milvus-backup")), {
            image: "registry.example.com/mirror/milvusdb/milvus-backup:v0.5.16",
            imagePullSecrets: [{ name: "mirror-pull" }],
        });
        // Nothing the program registers names an image outside the mirror.
        for (const r of [...ofType(resources, JOB), ...ofType(resources, CRON)]) {
            assert.match(String(podOf(r).image), /^registry\.example\.com\/mirror\//, r.name);
        }
    });

    it("milvus.imagePullSecrets reach every chart that pulls an image, each in the form it reads", () => {
        assert.deepStrictEqual(at(values, "image.all.pullSecrets"), ["mirror-pull"]);
        assert.deepStrictEqual(at(values, "attu.image.pullSecrets"), ["mirror-pull"]);
        assert.deepStrictEqual(at(values, "etcd.image.pullSecrets"), ["mirror-pull"]);
        assert.deepStrictEqual(at(values, "minio.imagePullSecrets"), [{ name: "mirror-pull" }]);
        assert.deepStrictEqual(at(values, "pulsarv3.images.imagePullSecrets"), ["mirror-pull"]);
    });

    it("without imageRegistry and pull secrets the values and Jobs are what they were: no image key is added", async () => {
        const { resources: plainResources } = await evaluate(localStack(EVERYTHING, { "milvus-on-clouds:imageRegistry": "" }));
        const plain = milvusRelease(plainResources).values;
        assert.deepStrictEqual(at(plain, "image"), { all: { tag: "v2.6.15" } });
        for (const path of [
            "heaptrack",
            "attu.image",
            "etcd.image",
            "etcd.volumePermissions",
            "minio.image",
            "minio.mcImage",
            "minio.imagePullSecrets",
            "pulsarv3.images",
            "pulsarv3.pulsar_metadata",
        ]) {
            assert.strictEqual(at(plain, path), undefined, path);
        }
        assert.deepStrictEqual(podOf(one(plainResources, JOB, "milvus-root-credential")), { image: "milvusdb/milvus:v2.6.15", imagePullSecrets: [] });
        assert.deepStrictEqual(podOf(one(plainResources, CRON, "milvus-backup")), {
            image: "milvusdb/milvus-backup:v0.5.16",
            imagePullSecrets: undefined,
        });
    });
});

describe("air-gapped installs: the AWS Load Balancer Controller", () => {
    const controllerOf = (resources: RecordedResource[]): RecordedResource => {
        const found = ofType(resources, HELM_RELEASE).filter((r) => /(^|\/)aws-load-balancer-controller$/.test(String(r.inputs.chart)));
        assert.strictEqual(found.length, 1);
        return found[0];
    };
    const awsDev = (patch: (config: Record<string, unknown>) => void) => {
        const config = stackFileConfig("aws-dev");
        patch(config);
        return evaluate(config, { stack: "aws-dev", state: awsState, call: awsCalls });
    };

    it("(e) by default: the chart from eks-charts and the chart's own image (public ECR)", async () => {
        const { resources } = await awsDev(() => undefined);
        const controller = controllerOf(resources);
        assert.strictEqual(controller.inputs.chart, "aws-load-balancer-controller");
        assert.deepStrictEqual(controller.inputs.repositoryOpts, { repo: "https://aws.github.io/eks-charts" });
        assert.strictEqual(at(controller.inputs, "values.image"), undefined, "the chart's public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0");
    });

    it("(e) an oci:// chart mirror and imageRegistry: chart oci://.../aws-load-balancer-controller, image <registry>/eks/aws-load-balancer-controller", async () => {
        const { resources } = await awsDev((config) => {
            config["milvus-on-clouds:imageRegistry"] = R;
            const block = config["milvus-on-clouds:aws"] as Record<string, unknown>;
            config["milvus-on-clouds:aws"] = { ...block, loadBalancerController: { chartRepository: "oci://registry.example.com/charts" } };
        });
        const controller = controllerOf(resources);
        assert.strictEqual(controller.inputs.chart, "oci://registry.example.com/charts/aws-load-balancer-controller");
        assert.strictEqual(controller.inputs.repositoryOpts, undefined);
        assert.strictEqual(controller.inputs.version, "3.5.0");
        // values.yaml of chart 3.5.0: image.repository public.ecr.aws/eks/aws-load-balancer-controller, tag v3.5.0 (kept).
        assert.deepStrictEqual(at(controller.inputs, "values.image"), { repository: "registry.example.com/mirror/eks/aws-load-balancer-controller" });
        assert.strictEqual(at(milvusRelease(resources).values, "image.all.repository"), "registry.example.com/mirror/milvusdb/milvus");
    });

    it("(e) an https chart mirror: the chart name with repositoryOpts", async () => {
        const { resources } = await awsDev((config) => {
            const block = config["milvus-on-clouds:aws"] as Record<string, unknown>;
            config["milvus-on-clouds:aws"] = { ...block, loadBalancerController: { chartRepository: "https://charts.example.com/eks" } };
        });
        const controller = controllerOf(resources);
        assert.strictEqual(controller.inputs.chart, "aws-load-balancer-controller");
        assert.deepStrictEqual(controller.inputs.repositoryOpts, { repo: "https://charts.example.com/eks" });
    });
});

describe("air-gapped installs: refused values, one message each naming the key and the value", () => {
    const local = (milvus: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ cloud: "local", milvus, ...extra });
    const aws = (lbc: Record<string, unknown>, environment = "dev") => ({
        cloud: "aws",
        environment,
        aws: { region: "us-west-2", loadBalancerController: lbc },
    });
    const CASES: Array<{ what: string; raw: Record<string, unknown>; key: string; given: unknown; mentions: RegExp }> = [
        {
            what: "a chart repository with another scheme",
            raw: local({ chartRepository: "ftp://charts.example.com/helm" }),
            key: "milvus.chartRepository",
            given: "ftp://charts.example.com/helm",
            mentions: /scheme ftp:\/\/; allowed: an https:\/\/ Helm repository URL .*"oci:\/\//,
        },
        {
            what: "a chart repository that is no URL",
            raw: local({ chartRepository: "charts.example.com/helm" }),
            key: "milvus.chartRepository",
            given: "charts.example.com/helm",
            mentions: /is not a URL/,
        },
        {
            what: "credentials in a chart repository URL",
            raw: local({ chartRepository: "https://ci:s3cret@charts.example.com/helm" }),
            key: "milvus.chartRepository",
            given: "https://***@charts.example.com/helm",
            mentions: /must not carry credentials.*helm registry login.*Kubernetes Secret/,
        },
        {
            what: "a token as the user of an oci:// reference",
            raw: local({ chartRepository: "oci://token@registry.example.com/charts" }),
            key: "milvus.chartRepository",
            given: "oci://***@registry.example.com/charts",
            mentions: /must not carry credentials/,
        },
        {
            what: "a query in a chart repository URL",
            raw: local({ chartRepository: "https://charts.example.com/helm?token=x" }),
            key: "milvus.chartRepository",
            given: "https://charts.example.com/helm?token=x",
            mentions: /must not have a query/,
        },
        {
            what: "a fragment in a chart repository URL",
            raw: local({ chartRepository: "https://charts.example.com/helm#milvus" }),
            key: "milvus.chartRepository",
            given: "https://charts.example.com/helm#milvus",
            mentions: /or a fragment/,
        },
        {
            what: "an oci:// path in upper case",
            raw: local({ chartRepository: "oci://registry.example.com/Charts" }),
            key: "milvus.chartRepository",
            given: "oci://registry.example.com/Charts",
            mentions: /path component "Charts"/,
        },
        {
            what: "an oci:// reference without a host",
            raw: local({ chartRepository: "oci:charts" }),
            key: "milvus.chartRepository",
            given: "oci:charts",
            mentions: /names no host/,
        },
        {
            what: "plain http to another machine in prod",
            raw: { ...local({ chartRepository: "http://charts.example.com/helm" }), environment: "prod" },
            key: "milvus.chartRepository",
            given: "http://charts.example.com/helm",
            mentions: /allowed in prod: https:\/\/ or oci:\/\/.*localhost, 127\.0\.0\.1, \[::1\]/,
        },
        {
            what: "credentials in the controller's chart repository",
            raw: aws({ chartRepository: "https://ci:s3cret@charts.example.com/eks" }),
            key: "aws.loadBalancerController.chartRepository",
            given: "https://***@charts.example.com/eks",
            mentions: /must not carry credentials/,
        },
        {
            what: "the controller's chart over plain http in prod",
            raw: aws({ chartRepository: "http://charts.example.com/eks" }, "prod"),
            key: "aws.loadBalancerController.chartRepository",
            given: "http://charts.example.com/eks",
            mentions: /allowed in prod: https:\/\/ or oci:\/\//,
        },
        {
            what: "an image registry with a scheme",
            raw: { cloud: "local", imageRegistry: "https://registry.example.com/mirror" },
            key: "imageRegistry",
            given: "https://registry.example.com/mirror",
            mentions: /must not start with a scheme \(https:\/\/\)/,
        },
        {
            what: "an image registry with a tag",
            raw: { cloud: "local", imageRegistry: "registry.example.com/mirror:v1" },
            key: "imageRegistry",
            given: "registry.example.com/mirror:v1",
            mentions: /must not name a tag \(":v1"\)/,
        },
        {
            what: "an image registry that reads as a Docker Hub account",
            raw: { cloud: "local", imageRegistry: "mirror/images" },
            key: "imageRegistry",
            given: "mirror/images",
            mentions: /reads as a Docker Hub account/,
        },
        {
            what: "an image registry path in upper case",
            raw: { cloud: "local", imageRegistry: "registry.example.com/Mirror" },
            key: "imageRegistry",
            given: "registry.example.com/Mirror",
            mentions: /path component "Mirror"/,
        },
        {
            what: "an image registry with a trailing slash",
            raw: { cloud: "local", imageRegistry: "registry.example.com/mirror/" },
            key: "imageRegistry",
            given: "registry.example.com/mirror/",
            mentions: /must not end with '\/'/,
        },
        {
            what: "credentials in an image registry",
            raw: { cloud: "local", imageRegistry: "ci:s3cret@registry.example.com" },
            key: "imageRegistry",
            given: "***@registry.example.com",
            mentions: /must not carry credentials or a digest/,
        },
        {
            what: "an image registry port out of range",
            raw: { cloud: "local", imageRegistry: "registry.example.com:70000/mirror" },
            key: "imageRegistry",
            given: "registry.example.com:70000/mirror",
            mentions: /has the port 70000/,
        },
        {
            what: "a pull secret that is no Secret name",
            raw: local({ imagePullSecrets: ["Mirror_Pull"] }),
            key: "milvus.imagePullSecrets.0",
            given: "Mirror_Pull",
            mentions: /DNS-1123 label/,
        },
        {
            what: "an image repository in milvus.values while imageRegistry is set",
            raw: local({ values: { image: { all: { repository: "other.example.com/milvus" } } } }, { imageRegistry: R }),
            key: "milvus.values.image.all.repository",
            given: "other.example.com/milvus",
            mentions: /is set from imageRegistry: the image is pulled as "registry\.example\.com\/mirror\/milvusdb\/milvus:<tag>"/,
        },
        {
            what: "the etcd registry in milvus.values while imageRegistry is set",
            raw: local({ values: { etcd: { image: { registry: "quay.io" } } } }, { imageRegistry: R }),
            key: "milvus.values.etcd.image.registry",
            given: "quay.io",
            mentions: /pulled as "registry\.example\.com\/mirror\/milvusdb\/etcd:<tag>"/,
        },
        {
            what: "a Pulsar repository in milvus.values while imageRegistry is set",
            raw: local(
                { mode: "cluster", messageQueue: "pulsar", values: { pulsarv3: { images: { broker: { repository: "apachepulsar/pulsar-all" } } } } },
                { imageRegistry: R },
            ),
            key: "milvus.values.pulsarv3.images.broker.repository",
            given: "apachepulsar/pulsar-all",
            mentions: /apachepulsar\/pulsar:<tag>/,
        },
        {
            what: "a global image registry in milvus.values while imageRegistry is set",
            raw: local({ values: { global: { imageRegistry: "quay.io" } } }, { imageRegistry: R }),
            key: "milvus.values.global.imageRegistry",
            given: "quay.io",
            mentions: /use imageRegistry/,
        },
        {
            what: "Milvus pull secrets in milvus.values while milvus.imagePullSecrets is set",
            raw: local({ imagePullSecrets: ["mirror-pull"], values: { image: { all: { pullSecrets: ["other"] } } } }),
            key: "milvus.values.image.all.pullSecrets",
            given: ["other"],
            mentions: /is set from milvus\.imagePullSecrets \(\["mirror-pull"\]\)/,
        },
    ];
    for (const c of CASES) {
        it(`refuses ${c.what}`, () => {
            const problems = configProblems(c.raw);
            assert.strictEqual(problems.length, 1, JSON.stringify(problems));
            assert.strictEqual(problems[0].key, c.key);
            assert.deepStrictEqual(problems[0].given, c.given);
            assert.match(problems[0].allowed, c.mentions);
        });
    }

    it("accepts what those rules allow: http in dev or to this machine in prod, the same values without a mirror", () => {
        const accepted: Array<Record<string, unknown>> = [
            local({ chartRepository: "http://charts.example.com/helm" }),
            { ...local({ chartRepository: "http://127.0.0.1:8879/charts" }), environment: "prod" },
            { ...local({ chartRepository: "http://localhost:8879" }), environment: "prod" },
            { ...local({ chartRepository: "http://[::1]:8879/" }), environment: "prod" },
            aws({ chartRepository: "http://charts.example.com/eks" }),
            { cloud: "local", imageRegistry: "" },
            { cloud: "local", imageRegistry: "localhost:5000" },
            { cloud: "local", imageRegistry: "10.0.0.5:5000/mirror/milvus" },
            { cloud: "local", imageRegistry: "123456789012.dkr.ecr.us-west-2.amazonaws.com/mirror" },
            // Without imageRegistry / imagePullSecrets these keys stay the user's.
            local({ values: { image: { all: { repository: "other.example.com/milvus", pullSecrets: ["other"] } } } }),
        ];
        for (const raw of accepted) assert.deepStrictEqual(configProblems(raw), [], JSON.stringify(raw));
    });

    it("a refused value stops the program before any resource is registered", async () => {
        const { error, resources } = await attempt(localStack({ mode: "standalone", chartRepository: "https://ci:s3cret@charts.example.com/helm" }));
        // The message names the value without the credentials it carries.
        assert.match(
            String(error),
            /milvus-on-clouds:milvus\.chartRepository: got "https:\/\/\*\*\*@charts\.example\.com\/helm"; must not carry credentials/,
        );
        assert.doesNotMatch(String(error), /s3cret/);
        assert.deepStrictEqual(
            resources.map((r) => r.type),
            [],
        );
    });
});
