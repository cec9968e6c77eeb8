// The recorded resources as a tree: each component resource with what it
// registered inside it, in registration order.
import type { RecordedResource } from "../offline/mocks";

export interface TreeNode {
    type: string;
    name: string;
    urn: string;
    component: boolean;
    read: boolean;
    protect: boolean;
    customTimeouts?: { create?: string; update?: string; delete?: string };
    children: TreeNode[];
}

export function resourceTree(resources: RecordedResource[]): TreeNode[] {
    const nodes = new Map<string, TreeNode>(
        resources.map((r) => [
            r.urn,
            {
                type: r.type,
                name: r.name,
                urn: r.urn,
                component: r.custom === false,
                read: r.read,
                protect: r.protect,
                ...(r.customTimeouts && Object.values(r.customTimeouts).some(Boolean) ? { customTimeouts: r.customTimeouts } : {}),
                children: [],
            },
        ]),
    );
    const roots: TreeNode[] = [];
    for (const r of resources) {
        const node = nodes.get(r.urn) as TreeNode;
        const parent = r.parent ? nodes.get(r.parent) : undefined;
        (parent ? parent.children : roots).push(node);
    }
    return roots;
}

/** Text lines with box-drawing branches. */
export function renderTree(roots: TreeNode[]): string[] {
    const lines: string[] = [];
    const flags = (n: TreeNode) =>
        [n.read ? "read" : "", n.protect ? "protected" : "", n.customTimeouts?.create ? `create timeout ${n.customTimeouts.create}` : ""].filter(
            Boolean,
        );
    const label = (n: TreeNode) => {
        const f = flags(n);
        return `${n.type}  ${n.name}${f.length ? `  [${f.join(", ")}]` : ""}`;
    };
    const walk = (n: TreeNode, prefix: string, last: boolean, root: boolean) => {
        lines.push(root ? label(n) : `${prefix}${last ? "└─ " : "├─ "}${label(n)}`);
        const childPrefix = root ? "" : `${prefix}${last ? "   " : "│  "}`;
        n.children.forEach((c, i) => walk(c, childPrefix, i === n.children.length - 1, false));
    };
    roots.forEach((r) => walk(r, "", true, true));
    return lines;
}
