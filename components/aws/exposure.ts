// How Services and Ingresses are exposed on EKS: through the AWS Load
// Balancer Controller, NLBs for the Milvus Service and an ALB for Attu, with
// IP targets (pods are VPC addresses) and an explicit scheme.
import type { ExposureHints } from "../platform/contract";

/** The annotation the controller reads an ALB's allowed client CIDRs from. */
export const ALB_SOURCE_RANGES_ANNOTATION = "alb.ingress.kubernetes.io/inbound-cidrs";

/**
 * The controller's docs (guide/service/annotations.md, Access control): the
 * allowed source ranges "will be ignored in case preserve client IP is not
 * enabled", and "preserve client IP is disabled by default for IP targets".
 * Without this attribute an NLB with IP targets would admit every source,
 * whatever `loadBalancerSourceRanges` says.
 */
export const PRESERVE_CLIENT_IP = { "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true" };

function networkLoadBalancer(scheme: "internal" | "internet-facing"): Record<string, string> {
    return {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": scheme,
        ...PRESERVE_CLIENT_IP,
    };
}

function applicationLoadBalancer(scheme: "internal" | "internet-facing"): Record<string, string> {
    return {
        "alb.ingress.kubernetes.io/scheme": scheme,
        "alb.ingress.kubernetes.io/target-type": "ip",
    };
}

export const AWS_EXPOSURE: ExposureHints = {
    loadBalancerAnnotations: {
        internal: networkLoadBalancer("internal"),
        public: networkLoadBalancer("internet-facing"),
    },
    ingress: {
        className: "alb",
        annotations: {
            internal: applicationLoadBalancer("internal"),
            public: applicationLoadBalancer("internet-facing"),
        },
        sourceRangesAnnotation: ALB_SOURCE_RANGES_ANNOTATION,
    },
};
