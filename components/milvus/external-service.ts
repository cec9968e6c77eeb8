// The load balancer in front of Milvus, when `milvus.exposure.type` is
// internal or public: a Service of the program's own, with the gRPC/REST port
// only. The chart's Service stays ClusterIP because templates/service.yaml
// adds `metrics: 9091` to it whenever metrics.enabled (which the per-component
// metrics Services and the ServiceMonitor also need), and 9091 serves
// /metrics, /healthz, the /management API, pprof and config views that Milvus
// does not uniformly authenticate: it must not ride on a load balancer.
// Pure: MilvusRelease creates the Service from what this returns.
import type { MilvusSettings } from "../config/resolve";
import type { ExposureHints, ExposureScope } from "../platform/contract";
import { MILVUS_GRPC_PORT, releaseSelector } from "./names";

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
