// A certificate authority made by the real openssl, and an https server with a
// certificate it signed (optionally requiring client certificates of the same
// CA): what the TLS tests run real sh and curl against.
import { execFileSync } from "child_process";
import * as fs from "fs";
import type * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

export interface TestCa {
    dir: string;
    /** Paths of the CA's certificate, and of a server and a client pair it signed. */
    ca: string;
    server: { cert: string; key: string };
    client: { cert: string; key: string };
    dispose(): void;
}

export function makeTestCa(): TestCa {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-"));
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=test-ca");
    const sign = (name: string, ext: string) => {
        run("req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name === "tls" ? "localhost" : name}`);
        fs.writeFileSync(path.join(dir, `${name}.cnf`), ext);
        run(
            "x509",
            "-req",
            "-in",
            `${name}.csr`,
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            `${name}.crt`,
            "-days",
            "1",
            "-extfile",
            `${name}.cnf`,
        );
    };
    sign("tls", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    sign("client", "extendedKeyUsage=clientAuth\n");
    const at = (f: string) => path.join(dir, f);
    return {
        dir,
        ca: at("ca.crt"),
        server: { cert: at("tls.crt"), key: at("tls.key") },
        client: { cert: at("client.crt"), key: at("client.key") },
        dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}

/** An https server on 127.0.0.1 (URL host `localhost`, which the certificate names); `mutual` demands a client certificate of the CA. */
export async function httpsServer(ca: TestCa, handler: http.RequestListener, mutual = false): Promise<{ server: https.Server; url: string }> {
    const server = https.createServer(
        {
            key: fs.readFileSync(ca.server.key),
            cert: fs.readFileSync(ca.server.cert),
            ...(mutual ? { ca: fs.readFileSync(ca.ca), requestCert: true, rejectUnauthorized: true } : {}),
        },
        handler,
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, url: `https://localhost:${(server.address() as AddressInfo).port}` };
}
