// MilvusRelease: installs the official Milvus Helm chart on whatever platform
// handed it a MilvusPlatform. Cloud-neutral by construction: it imports no
// cloud SDK, only the platform contract and its feature modules, each of which
// registers its own resources from one context (context.ts).
import * as pulumi from "@pulumi/pulumi";
import { registerBackupPod, registerBackupSchedule, registerPreUpgradeBackup, registerRestore } from "./backup";
import { chartRelease, chartValues, chartWiring } from "./chart-release";
import { releaseContext, type MilvusReleaseArgs } from "./context";
import { credentials } from "./credentials";
import { registerDisruptionBudgets } from "./disruption-budgets";
import { externalService, registerExposure } from "./exposure";
import { registerMonitoring } from "./monitoring";
import { MILVUS_GRPC_PORT } from "../shared/chart-names";
import { registerNetworkPolicies } from "./network-policies";
import { registerRootCredentialJob } from "./root-credential";
import { caCertificate, registerCertificate } from "./tls";
import { registerVolumeGrowths } from "./volumes";

export type { MilvusReleaseArgs } from "./context";

/** What the stack outputs are made of (components/outputs.ts). */
export class MilvusRelease extends pulumi.ComponentResource {
    readonly releaseName: string;
    readonly namespace: pulumi.Output<string>;
    /** The Service in front of the proxy (or the standalone pod), and its DNS name inside the cluster. */
    readonly serviceName: pulumi.Output<string>;
    readonly host: pulumi.Output<string>;
    /** The proxy port; Milvus serves gRPC and its RESTful API on it. */
    readonly port = MILVUS_GRPC_PORT;
    /** gRPC/HTTP URI of Milvus inside the cluster: `https://` when clients must use TLS. */
    readonly uri: pulumi.Output<string>;
    readonly tls: boolean;
    readonly tlsMode: "server" | "mutual" | undefined;
    /** The CA that signed the proxy's certificate (PEM, not secret), when TLS is on and the Secret holds `ca.crt`. */
    readonly caCertificate: pulumi.Output<string | undefined> | undefined;
    /** `root:<password>` and the password, secrets. */
    readonly rootToken: pulumi.Output<string>;
    readonly rootPassword: pulumi.Output<string>;
    /** Load balancer address when the Service is exposed; undefined (no output at all) for clusterIP. */
    readonly externalEndpoint: pulumi.Output<string | undefined> | undefined;
    /** Attu URL when Attu has an ingress. */
    readonly attuUrl: pulumi.Output<string | undefined> | undefined;
    /** Where milvus-backup keeps the backups; undefined when the stack does not run it. */
    readonly backupLocation: pulumi.Output<string> | undefined;

    constructor(name: string, args: MilvusReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:milvus:MilvusRelease", name, {}, opts);
        const ctx = releaseContext(name, this, args);
        const secrets = credentials(ctx);
        const wiring = chartWiring(ctx);
        const values = chartValues(ctx, wiring);
        const loadBalancer = wiring.apply((w) => externalService(w, ctx.milvus, ctx.serviceName));
        const networkPolicies = registerNetworkPolicies(
            ctx,
            pulumi.all([wiring, loadBalancer]).apply(([w, lb]) => ({
                loadBalancerSources: lb?.spec.loadBalancerSourceRanges ?? [],
                networkRanges: w.networkRanges,
            })),
        );
        const certificate = registerCertificate(ctx);
        const backupPod = registerBackupPod(ctx, { credentials: secrets.secret, networkPolicies });
        const preUpgradeBackup = registerPreUpgradeBackup(ctx, backupPod);
        const release = chartRelease(ctx, values, { credentials: secrets.secret, networkPolicies, certificate, preUpgradeBackup });
        registerDisruptionBudgets(ctx, release);
        registerVolumeGrowths(ctx, release);
        registerMonitoring(ctx);
        const rootCredentialJob = registerRootCredentialJob(ctx, values, { release, credentials: secrets.secret });
        registerBackupSchedule(ctx, backupPod, release);
        registerRestore(ctx, backupPod, { release, rootCredentialJob });
        const exposure = registerExposure(ctx, loadBalancer, release);

        this.releaseName = ctx.releaseName;
        this.namespace = ctx.namespace;
        this.serviceName = pulumi.output(ctx.serviceName);
        this.host = ctx.host;
        this.tls = ctx.milvus.tls.mode !== "off";
        this.tlsMode = ctx.milvus.tls.mode === "off" ? undefined : ctx.milvus.tls.mode;
        this.uri = pulumi.interpolate`${this.tls ? "https" : "http"}://${this.host}:${this.port}`;
        this.caCertificate = caCertificate(ctx, certificate, release);
        this.rootToken = secrets.rootToken;
        this.rootPassword = secrets.rootPassword;
        this.externalEndpoint = exposure.endpoint;
        this.attuUrl = exposure.attuUrl;
        this.backupLocation = backupPod?.location;
        this.registerOutputs({
            uri: this.uri,
            serviceName: this.serviceName,
            rootToken: this.rootToken,
            externalEndpoint: this.externalEndpoint,
            attuUrl: this.attuUrl,
            caCertificate: this.caCertificate,
            backupLocation: this.backupLocation,
        });
    }
}
