// How Services and Ingresses are exposed on EKS: through the AWS Load
// Balancer Controller, NLBs for the Milvus Service and an ALB for Attu, with
// IP targets (pods are VPC addresses) and an explicit scheme.
import type { ExposureHints } from "../platform/contract";

/** The annotation the controller reads an ALB's allowed client CIDRs from. */
export const ALB_SOURCE_RANGES_ANNOTATION = "alb.ingress.kubernetes.io/inbound-cidrs";

function networkLoadBalancer(scheme: "internal" | "internet-facing"): Record<string, string> {
    return {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": scheme,
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
