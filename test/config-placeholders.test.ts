// The example stacks' placeholders are refused for a deployment, naming each
// key and what to set, and accepted only by an offline evaluation that says so.
import * as assert from "assert";
import { documentationRangeOf, placeholderProblems } from "../components/config/placeholders";
import { ConfigValidationError } from "../components/config/problems";
import { validateStackConfig } from "../components/platforms";
import { rawProjectConfig, stackFileConfig } from "../tools/offline/stacks";

describe("placeholders in stack files", () => {
    it("finds the documentation ranges of RFC 5737, and only addresses inside them", () => {
        assert.strictEqual(documentationRangeOf("203.0.113.0/24"), "203.0.113.0/24");
        assert.strictEqual(documentationRangeOf("198.51.100.7"), "198.51.100.0/24");
        assert.strictEqual(documentationRangeOf("192.0.2.128/25"), "192.0.2.0/24");
        assert.strictEqual(documentationRangeOf("203.0.112.0/23"), undefined, "a wider block is a real range");
        assert.strictEqual(documentationRangeOf("10.20.0.0/16"), undefined);
        assert.strictEqual(documentationRangeOf("not-an-address"), undefined);
    });

    it("names every placeholder of the shipped azure-dev stack with what to set", () => {
        const problems = placeholderProblems(rawProjectConfig(stackFileConfig("azure-dev")));
        assert.deepStrictEqual(problems.map((p) => p.key).sort(), ["azure.adminGroupObjectIds.0", "azure.apiServer.authorizedIpRanges.0"]);
        assert.match(problems.find((p) => p.key.startsWith("azure.adminGroupObjectIds"))?.allowed ?? "", /object id of a real Entra ID group/);
        assert.match(problems.find((p) => p.key.startsWith("azure.apiServer"))?.allowed ?? "", /documentation range \(RFC 5737\)/);
    });

    it("refuses them for a deployment, in the one validation error, and not for an offline evaluation", () => {
        const raw = rawProjectConfig(stackFileConfig("aws-dev"));
        assert.throws(
            () => validateStackConfig(raw, [], { refusePlaceholders: true }),
            (err: unknown) => {
                assert.ok(err instanceof ConfigValidationError);
                assert.match(
                    err.message,
                    /milvus-on-clouds:aws\.cluster\.publicAccessCidrs\.0: got "203\.0\.113\.0\/24"; 203\.0\.113\.0\/24 is a documentation range/,
                );
                return true;
            },
        );
        assert.strictEqual(validateStackConfig(raw).cloud, "aws");
    });

    it("accepts real values", () => {
        assert.deepStrictEqual(
            placeholderProblems({
                azure: { adminGroupObjectIds: ["6f1c2b9e-3d4a-4c8b-9e2f-1a2b3c4d5e6f"], apiServer: { authorizedIpRanges: ["81.2.69.0/24"] } },
            }),
            [],
        );
    });
});
