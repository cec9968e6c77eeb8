// A platform's wiring and resolved Milvus settings for tests of the pure chart
// modules (values, exposure): the local platform's, with what a test overrides.
import { resolveMilvus } from "../../../components/config/resolve";
import type { MilvusInput } from "../../../components/config/schema";
import { localPlatform } from "../../../components/local/module";
import type { ChartWiring } from "../../../components/milvus/values";

export const SECRET = "milvus-milvus-credentials";

const localCapabilities = localPlatform.capabilities(undefined);

export function wiring(overrides: Partial<ChartWiring> = {}): ChartWiring {
    return {
        releaseName: "milvus",
        credentialsSecretName: SECRET,
        objectStore: { kind: "minio" },
        messageQueue: { kind: "woodpecker" },
        serviceAccount: { name: "milvus", annotations: {}, podLabels: {} },
        exposure: { loadBalancerAnnotations: { public: {} } },
        networkRanges: ["10.0.0.0/16"],
        zoneSpread: "ScheduleAnyway",
        placement: {},
        ...overrides,
    };
}

export const settings = (m: MilvusInput = {}, environment: "dev" | "prod" = "dev") => resolveMilvus(localCapabilities, environment, m);
