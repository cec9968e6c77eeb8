// The stack's credentials for Milvus: the root password, generated and secret
// end to end, and the one Kubernetes Secret every credential of the release
// lives in (the chart's pods and the program's Jobs read it by name; no value
// is ever a chart value or in a ConfigMap).
//
// Milvus takes defaultRootPassword only when no root credential exists yet
// (rootcoord initCredentials), so a new password reaches Milvus through its API:
// the root-credential Job (root-credential.ts). An edit of the generator
// settings never replaces a password (ignoreChanges);
// `milvus.auth.rootPasswordGeneration` is the one deliberate way.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ReleaseContext } from "./context";
import { SECRET_KEYS } from "../shared/chart-names";

export interface Credentials {
    rootPassword: pulumi.Output<string>;
    /** `root:<password>`. */
    rootToken: pulumi.Output<string>;
    secret: k8s.core.v1.Secret;
}

export function credentials(ctx: ReleaseContext): Credentials {
    const { milvus, platform, name } = ctx;
    const generation = milvus.auth.rootPasswordGeneration;
    const password = rootPasswordOf(ctx, generation, ctx.protectData);
    // The previous generation stays while it is the one Milvus may still hold; unprotected, so the next rotation can delete it.
    const previous = generation > 1 ? rootPasswordOf(ctx, generation - 1, false) : undefined;
    const rootPassword = pulumi.secret(password.result);

    const data: Record<string, pulumi.Input<string>> = {};
    if (milvus.auth.enabled) data[SECRET_KEYS.rootPassword] = rootPassword;
    if (milvus.auth.enabled && previous) data[SECRET_KEYS.previousRootPassword] = pulumi.secret(previous.result);
    if (platform.objectStore.kind === "minio") {
        data[SECRET_KEYS.minioAccessKey] = pulumi.secret(platform.objectStore.accessKey);
        data[SECRET_KEYS.minioSecretKey] = pulumi.secret(platform.objectStore.secretKey);
    }
    const queue = platform.messageQueue;
    if (queue.kind === "kafka" && queue.sasl?.credentials.kind === "values") {
        data[SECRET_KEYS.kafkaUsername] = pulumi.secret(queue.sasl.credentials.username);
        data[SECRET_KEYS.kafkaPassword] = pulumi.secret(queue.sasl.credentials.password);
    }
    const secret = new k8s.core.v1.Secret(
        `${name}-credentials`,
        {
            // The labels carry `environment`, the marker the policy pack (policy/) reads to know a stack is prod.
            metadata: { name: ctx.credentialsSecretName, namespace: ctx.namespace, labels: ctx.labels },
            type: "Opaque",
            stringData: data,
        },
        ctx.options({ protect: ctx.protectData }),
    );
    return { rootPassword, rootToken: pulumi.secret(pulumi.interpolate`root:${password.result}`), secret };
}

/**
 * The root password of one generation. Generation 1 keeps the name it always had (a URN is a contract:
 * test/engine/protected-urns.json); each later one is a resource of its own, so the previous one is still
 * there to change Milvus from.
 */
function rootPasswordOf(ctx: ReleaseContext, generation: number, protect: boolean): random.RandomPassword {
    const suffix = generation === 1 ? "" : `-${generation}`;
    return new random.RandomPassword(
        `${ctx.name}-root-password${suffix}`,
        {
            // No special characters: the password travels in a token `root:<password>` and in JSON bodies.
            length: 32,
            special: false,
            minLower: 2,
            minUpper: 2,
            minNumeric: 2,
        },
        {
            // Under the component, with random's own provider.
            parent: ctx.parent,
            protect,
            ignoreChanges: [
                "length",
                "special",
                "upper",
                "lower",
                "numeric",
                "minLower",
                "minUpper",
                "minNumeric",
                "minSpecial",
                "overrideSpecial",
                "keepers",
            ],
        },
    );
}
