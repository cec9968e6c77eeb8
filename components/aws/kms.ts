// Customer-managed KMS keys: one per purpose (EKS secrets, MSK data at rest,
// the MSK SCRAM secret), rotated yearly. The default key policy applies:
// the account's IAM policies decide who may use them.
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface EncryptionKeyArgs {
    description: string;
    /** prod: protected and kept on stack deletion, since losing the key loses the data it encrypts. */
    protectData: boolean;
}

export function encryptionKey(name: string, args: EncryptionKeyArgs, opts: pulumi.CustomResourceOptions): aws.kms.Key {
    return new aws.kms.Key(
        name,
        {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: args.protectData ? 30 : 7,
        },
        { ...opts, protect: args.protectData, retainOnDelete: args.protectData },
    );
}
