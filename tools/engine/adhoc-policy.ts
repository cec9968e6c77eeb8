import * as path from "path";
import { EngineWorkspace, REPO, resolveCli } from "./workspace";
async function main() {
    const ws = new EngineWorkspace(resolveCli());
    for (const stack of process.argv.slice(2)) {
        await ws.pulumi(["stack", "init", stack]);
        const r = await ws.pulumi(["preview", "--policy-pack", path.join(REPO, "policy"), "--stack", stack]);
        const lines = r.stdout.split("\n");
        const req = lines.filter((l) => /required-tags/.test(l));
        console.log(stack, r.code, "required-tags lines:", req.length);
        const i = lines.findIndex((l) => /Policies:|Policy Packs run/.test(l));
        console.log(lines.slice(i, i + 60).join("\n"));
    }
    ws.dispose();
}
void main();
