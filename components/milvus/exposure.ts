// The load balancer in front of Milvus, when `milvus.exposure.type` is
// internal or public: a Service of the program's own, with the gRPC/REST port
// only. The chart's Service stays ClusterIP because templates/service.yaml
// adds `metrics: 9091` to it whenever metrics.enabled (which the per-component
// metrics Services and the ServiceMonitor also need), and 9091 serves
// /metrics, /healthz, the /management API, pprof and config views that Milvus
// does not uniformly authenticate: it must not ride on a load balancer.
// Also the address clients and Attu are reached at, as stack outputs.
// `externalService` is pure; `registerExposure` creates the Service.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusSettings } from "../config/resolve";
import type { ExposureHints, ExposureScope } from "../platform/contract";
import type { ReleaseContext } from "./context";
import { MILVUS_GRPC_PORT, releaseSelector } from "../shared/chart-names";

/** What this needs of the platform (a part of the chart wiring). */
export interface ExposureWiring {
    exposure: ExposureHints;
    /** The cluster's own network (MilvusPlatform.networkRanges). */
    networkRanges: string[];
}

export interface ExternalService {
    name: string;
    annotations: Record<string, string>;
    spec: {
        type: "LoadBalancer";
        loadBalancerSourceRanges: string[];
        ports: Array<{ name: string; port: number; targetPort: string; protocol: "TCP" }>;
        selector: Record<string, string>;
    };
}

function scopeOf(m: Pick<MilvusSettings, "exposure">): ExposureScope | undefined {
    return m.exposure.type === "clusterIP" ? undefined : m.exposure.type;
}

/**
 * The client ranges a load balancer admits: the configured ones; for an
 * internal one with none configured, the cluster's own network, never the
 * controllers' defaults (0.0.0.0/0 for an ALB's inbound-cidrs, the whole
 * VNet and everything peered to it on Azure). A public one always has ranges
 * (validation requires them).
 */
export function allowedSources(w: Pick<ExposureWiring, "networkRanges">, scope: ExposureScope, configured: string[]): string[] {
    return configured.length > 0 || scope === "public" ? configured : w.networkRanges;
}

/** `<fullname>-lb`, within the 63 characters of a Service name. */
export function externalServiceName(fullname: string): string {
    return `${fullname.slice(0, 60).replace(/-+$/, "")}-lb`;
}

/** The load balancer Service for this exposure; undefined for clusterIP. */
export function externalService(w: ExposureWiring, m: MilvusSettings, fullname: string): ExternalService | undefined {
    const scope = scopeOf(m);
    if (!scope) return undefined;
    return {
        name: externalServiceName(fullname),
        annotations: { ...(w.exposure.loadBalancerAnnotations[scope] ?? {}), ...m.exposure.annotations },
        spec: {
            type: "LoadBalancer",
            loadBalancerSourceRanges: allowedSources(w, scope, m.exposure.sourceRanges),
            // The chart's container port is named `milvus` (templates/standalone-deployment.yaml, proxy-deployment.yaml).
            ports: [{ name: "milvus", port: MILVUS_GRPC_PORT, targetPort: "milvus", protocol: "TCP" }],
            // The pods behind the chart's own Service (templates/service.yaml selector).
            selector: { ...releaseSelector(m.releaseName, m.values.nameOverride), component: m.mode === "standalone" ? "standalone" : "proxy" },
        },
    };
}

export interface Exposure {
    /** The load balancer in front of Milvus; undefined for clusterIP exposure. */
    service: k8s.core.v1.Service | undefined;
    /** `<address>:<port>` of the load balancer once it has one; undefined (no output at all) for clusterIP. */
    endpoint: pulumi.Output<string | undefined> | undefined;
    /** Attu's URL when Attu has an ingress. */
    attuUrl: pulumi.Output<string | undefined> | undefined;
}

/** The load balancer Service, created once the chart's pods it selects exist. */
export function registerExposure(ctx: ReleaseContext, lb: pulumi.Output<ExternalService | undefined>, release: k8s.helm.v3.Release): Exposure {
    const { milvus, name } = ctx;
    const service =
        milvus.exposure.type === "clusterIP"
            ? undefined
            : new k8s.core.v1.Service(
                  `${name}-external`,
                  {
                      metadata: {
                          name: lb.apply((l) => l?.name ?? ""),
                          namespace: ctx.namespace,
                          labels: ctx.labels,
                          annotations: lb.apply((l) => l?.annotations ?? {}),
                      },
                      spec: lb.apply((l) => l?.spec ?? {}),
                  },
                  ctx.options({ dependsOn: [release] }),
              );
    const endpoint = service && loadBalancerAddress(service.status).apply((address) => address && `${address}:${MILVUS_GRPC_PORT}`);

    const attu = milvus.attu;
    const scheme = attu.ingress.tlsSecretName ? "https" : "http";
    const attuUrl = !(attu.enabled && attu.ingress.enabled)
        ? undefined
        : attu.ingress.host
          ? pulumi.output(`${scheme}://${attu.ingress.host}`)
          : loadBalancerAddress(
                k8s.networking.v1.Ingress.get(
                    `${name}-attu-ingress`,
                    chartObjectId(release, `${ctx.serviceName}-attu`),
                    ctx.options({ dependsOn: [release] }),
                ).status,
            ).apply((address) => address && `${scheme}://${address}`);
    return { service, endpoint, attuUrl };
}

/**
 * The `namespace/name` id of an object the chart creates, taken from the
 * release's own status: unknown while the release is still to be installed or
 * upgraded, so the read waits for Helm. The engine runs reads during previews
 * whenever the id is known (pulumi/pulumi pkg/resource/deploy/step.go,
 * ReadStep.Apply), and an object the chart has not created yet does not exist.
 */
function chartObjectId(release: k8s.helm.v3.Release, name: string): pulumi.Output<string> {
    return pulumi.interpolate`${release.status.namespace}/${name}`;
}

type LoadBalancerStatus = { loadBalancer?: { ingress?: Array<{ hostname?: string; ip?: string }> } } | undefined;

function loadBalancerAddress(status: pulumi.Output<LoadBalancerStatus>): pulumi.Output<string | undefined> {
    return status.apply((s) => {
        const first = s?.loadBalancer?.ingress?.[0];
        return first?.hostname || first?.ip || undefined;
    });
}
