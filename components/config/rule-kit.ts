// Building blocks shared by the cross-key rules of the core (rules.ts) and of
// each platform (components/<cloud>/rules.ts).
import * as ipaddr from "ipaddr.js";
import { wholeSpaceCovered } from "../network/cidr";
import type { ConfigProblem } from "./problems";
import type { CommonConfig } from "./resolve";
import type { CommonInput, Environment } from "./schema";

/** A cross-key rule of the config core: the parsed input as written, and the resolved common config. */
export type Rule = (input: CommonInput, config: CommonConfig) => ConfigProblem[];

/** [major, minor, patch] of a tag such as "v2.6.15". */
export function semverOf(tag: string): [number, number, number] {
    const [major, minor, patch] = tag
        .replace(/^v/, "")
        .split(/[.-]/)
        .map((n) => Number.parseInt(n, 10));
    return [major ?? 0, minor ?? 0, patch ?? 0];
}

/**
 * A problem when the ranges admit the whole internet: one range such as
 * 0.0.0.0/0 or ::/0, or several whose union is a whole address space
 * (0.0.0.0/1 + 128.0.0.0/1). Read by meaning (components/network/cidr.ts), the
 * same code the policy pack runs.
 */
export function openToAnywhere(key: string, ranges: string[]): ConfigProblem[] {
    const families = wholeSpaceCovered(ranges);
    if (families.length === 0) return [];
    const alone = ranges.filter((r) => wholeSpaceCovered([r]).length > 0);
    const what =
        alone.length > 0
            ? `${alone.join(", ")} is the whole ${families.join(" and ")} address space`
            : `together these ranges cover the whole ${families.join(" and ")} address space`;
    return [
        {
            key,
            given: alone.length === 1 ? alone[0] : ranges,
            allowed: `must not admit the whole internet (${what}); list the client networks (CIDRs) that need access`,
        },
    ];
}

/** localhost, or an IPv4 or IPv6 loopback address (127.0.0.0/8, ::1): a URL to this machine only. */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (host === "localhost") return true;
    return ipaddr.isValid(host) && ipaddr.parse(host).range() === "loopback";
}

/**
 * A chart source (milvus.chartRepository, aws.loadBalancerController.chartRepository)
 * over plain http:// to another machine, in prod: the chart, which decides
 * what runs in the cluster, could be changed on the way. Allowed in dev (a
 * test mirror) and to this machine (a repository served on loopback).
 */
export function plainHttpProblem(key: string, repository: string, environment: Environment): ConfigProblem[] {
    if (environment !== "prod" || !repository.startsWith("http://")) return [];
    let hostname: string;
    try {
        hostname = new URL(repository).hostname;
    } catch {
        return [];
    }
    return isLoopbackHost(hostname)
        ? []
        : [
              {
                  key,
                  given: repository,
                  allowed:
                      "allowed in prod: https:// or oci:// — over plain http:// anyone on the way could change the chart, and with it what runs in the cluster (http:// only to this machine: localhost, 127.0.0.1, [::1])",
              },
          ];
}
