// Network ranges are read by meaning (components/network/cidr.ts, ipaddr.js),
// on every key that admits clients: the Milvus load balancer, the Attu
// ingress, the EKS public endpoint and the AKS API server.
import * as assert from "assert";
import { admitsEveryone, parseRange, wholeSpaceCovered } from "../components/network/cidr";
import { configProblems } from "./support/unit/config";

const GROUP = "5b0e7f0c-3a6d-4c1e-9a4b-2f8d6e1c7a90";

/** For each key that admits clients: a stack config that sets its ranges. */
const RANGE_KEYS: Array<{ key: string; family: "any" | "IPv4"; config: (ranges: string[]) => Record<string, unknown> }> = [
    {
        key: "milvus.exposure.sourceRanges",
        family: "any",
        config: (r) => ({ cloud: "local", milvus: { exposure: { type: "public", sourceRanges: r } } }),
    },
    {
        key: "milvus.attu.ingress.sourceRanges",
        family: "any",
        config: (r) => ({
            cloud: "local",
            local: { ingressClassName: "nginx" },
            milvus: { attu: { enabled: true, ingress: { enabled: true, scope: "public", sourceRanges: r } } },
        }),
    },
    {
        key: "aws.cluster.publicAccessCidrs",
        family: "IPv4",
        config: (r) => ({ cloud: "aws", aws: { region: "us-west-2", cluster: { publicAccessCidrs: r } } }),
    },
    {
        key: "azure.apiServer.authorizedIpRanges",
        family: "IPv4",
        config: (r) => ({ cloud: "azure", azure: { location: "westeurope", adminGroupObjectIds: [GROUP], apiServer: { authorizedIpRanges: r } } }),
    },
];

function problemsAt(raw: Record<string, unknown>, key: string): string[] {
    return configProblems(raw)
        .filter((p) => p.key === key || p.key.startsWith(`${key}.`))
        .map((p) => `${p.key}: ${JSON.stringify(p.given)} ${p.allowed}`);
}

describe("network ranges: parsing by meaning", () => {
    it("reads IPv4 and IPv6 blocks into first and last address", () => {
        const v4 = parseRange("10.1.0.0/16");
        assert.ok(typeof v4 !== "string");
        assert.deepStrictEqual([v4.family, v4.first, v4.last], ["IPv4", 0x0a010000n, 0x0a01ffffn]);
        const v6 = parseRange("2001:db8::/32");
        assert.ok(typeof v6 !== "string");
        assert.deepStrictEqual([v6.family, v6.last - v6.first + 1n], ["IPv6", 1n << 96n]);
    });

    for (const [text, reason] of [
        ["999.1.1.1/24", /not a valid IPv4 or IPv6 address/],
        ["300.0.0.0/16", /not a valid IPv4 or IPv6 address/],
        ["abc/64", /not a valid IPv4 or IPv6 address/],
        ["10.1/16", /not a valid IPv4 or IPv6 address/],
        ["010.0.0.0/8", /not a valid IPv4 or IPv6 address/],
        ["10.0.0.0/33", /prefix longer than 32 bits/],
        ["2001:db8::/129", /prefix longer than 128 bits/],
        ["10.0.0.0", /not a CIDR block/],
        ["10.0.0.0/x", /no valid prefix/],
        ["1.2.3.4/0", /host bits set: the block is 0\.0\.0\.0\/0/],
    ] as const) {
        it(`refuses ${text}`, () => {
            const r = parseRange(text);
            assert.strictEqual(typeof r, "string");
            assert.match(r as string, reason);
        });
    }

    it("the whole address space, however it is spelled or split", () => {
        for (const whole of [
            ["0.0.0.0/0"],
            ["::/0"],
            ["0::/0"],
            ["0:0:0:0:0:0:0:0/0"],
            ["0.0.0.0/1", "128.0.0.0/1"],
            ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"],
            ["::ffff:0:0/96"],
            ["::/1", "8000::/1"],
        ]) {
            assert.ok(admitsEveryone(whole), whole.join(" + "));
        }
        assert.deepStrictEqual(wholeSpaceCovered(["0.0.0.0/1", "128.0.0.0/1", "::/0"]), ["IPv4", "IPv6"]);
    });

    it("ranges that leave something out are not the whole space", () => {
        for (const partial of [
            ["0.0.0.0/1"],
            ["0.0.0.0/1", "128.0.0.0/2"],
            ["10.0.0.0/8", "2001:db8::/32"],
            ["0.0.0.0/1", "128.0.0.1/32"],
            ["::ffff:0:0/97"],
        ]) {
            assert.ok(!admitsEveryone(partial), partial.join(" + "));
        }
    });
});

describe("network ranges: every key that admits clients refuses the whole internet and malformed ranges", () => {
    for (const { key, family, config } of RANGE_KEYS) {
        describe(key, () => {
            it("accepts a client network", () => {
                assert.deepStrictEqual(problemsAt(config(["81.2.69.0/24"]), key), []);
            });

            for (const whole of [["0.0.0.0/1", "128.0.0.0/1"], ["0.0.0.0/0"], ...(family === "any" ? [["0::/0"], ["0:0:0:0:0:0:0:0/0"]] : [])]) {
                it(`refuses ${whole.join(" + ")}, naming the key`, () => {
                    const found = problemsAt(config(whole), key);
                    assert.strictEqual(found.length, 1, found.join("\n"));
                    assert.match(found[0], /must not admit the whole internet/);
                    assert.ok(found[0].startsWith(`${key}: `), found[0]);
                });
            }

            for (const bad of ["999.1.1.1/24", "300.0.0.0/16", "abc/64", "1.2.3.4/0"]) {
                it(`refuses ${bad} with the reason, before any resource`, () => {
                    const found = problemsAt(config([bad]), key);
                    assert.strictEqual(found.length, 1, found.join("\n"));
                    assert.match(found[0], new RegExp(`^${key.replace(/\./g, "\\.")}\\.0: "${bad.replace(/\./g, "\\.")}"`));
                });
            }

            if (family === "IPv4") {
                it("refuses IPv6 where the cloud takes IPv4 only", () => {
                    const found = problemsAt(config(["2001:db8::/32"]), key);
                    assert.strictEqual(found.length, 1, found.join("\n"));
                    assert.match(found[0], /is an IPv6 block; allowed: an IPv4 CIDR block/);
                });
            }
        });
    }
});
