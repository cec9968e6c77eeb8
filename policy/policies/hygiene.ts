// Hygiene: advisory. Tags for cost and ownership, and a bounded set of machine sizes.
import type { Policies } from "@pulumi/policy";
import { DEFAULT_AWS_INSTANCE_TYPES, allowedBy, awsInstanceTypes } from "./aws";
import { DEFAULT_AZURE_VM_SIZES, azureVmSizes } from "./azure";
import { tagsOf } from "./environment";
import { resourcePolicy, stringListSetting } from "./framework";
import { at } from "./known";
import { normalizeType } from "./reliability";
import { TAGGABLE_TYPES, isCloudType } from "./types";

export const requiredTags = resourcePolicy({
    name: "required-tags",
    group: "hygiene",
    description: "Taggable AWS and Azure resources carry the required tags (project, environment, owner by default); AWS provider defaultTags count.",
    remediationSteps: "Set the tags on the resource, or on AWS through the provider's defaultTags.",
    enforcementLevel: "advisory",
    config: {
        requiredTags: stringListSetting("Tag keys every taggable resource must carry.", ["project", "environment", "owner"]),
        extraTaggableTypes: stringListSetting("More resource types to treat as taggable.", []),
    },
    appliesTo: isCloudType,
    check(subject, { config }, report) {
        const type = normalizeType(subject.type);
        const taggable = TAGGABLE_TYPES.includes(type) || config.extraTaggableTypes.includes(type) || at(subject.props, "tags") !== undefined;
        if (!taggable) return;
        const tags = tagsOf(subject);
        if (tags === "unknown") return;
        const missing = config.requiredTags.filter((key) => (tags[key] ?? "").trim() === "");
        if (missing.length > 0) report(`missing tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`);
    },
});

export const allowedInstanceSizes = resourcePolicy({
    name: "allowed-instance-sizes",
    group: "hygiene",
    description:
        "Node groups, launch templates, instances, MSK brokers and AKS pools use an allowed instance/VM size (glob patterns, * matches anything).",
    remediationSteps: "Pick a size from the allowed list, or add the size to the policy config.",
    enforcementLevel: "advisory",
    config: {
        awsInstanceTypes: stringListSetting("Allowed EC2/MSK instance types (globs).", DEFAULT_AWS_INSTANCE_TYPES),
        azureVmSizes: stringListSetting("Allowed Azure VM sizes (globs, case-insensitive).", DEFAULT_AZURE_VM_SIZES),
    },
    appliesTo: isCloudType,
    check(subject, { config }, report) {
        for (const size of awsInstanceTypes(subject)) {
            if (!allowedBy(config.awsInstanceTypes, size)) report(`instance type ${size} is not in the allowed list`);
        }
        for (const size of azureVmSizes(subject)) {
            if (!allowedBy(config.azureVmSizes, size)) report(`VM size ${size} is not in the allowed list`);
        }
    },
});

export const HYGIENE_POLICIES: Policies = [requiredTags, allowedInstanceSizes];
