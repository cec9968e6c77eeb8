// The controllers that cannot run on this machine, played by the suite: each
// watches the real API server and writes exactly what the real controller
// writes, no more. Everything else (Deployments, StatefulSets, Jobs, claims,
// garbage collection, scheduling) is the real kube-controller-manager and
// kube-scheduler, with kwok as the kubelet.
//
// - A cloud's load balancer controller (the AWS Load Balancer Controller on
//   EKS, cloud-provider-azure on AKS): the address of a LoadBalancer Service
//   and of an Ingress of its class, in `status.loadBalancer.ingress`
//   (core/v1 ServiceStatus, networking/v1 IngressStatus). AWS gives a DNS
//   name, Azure an IP address. On a local cluster nothing plays it: kind and
//   friends have no load balancer controller either.
// - cert-manager: for a Certificate, the Secret `spec.secretName` of type
//   kubernetes.io/tls with `tls.crt`, `tls.key` and `ca.crt`, then the
//   Certificate's Ready condition (cert-manager.io docs, "Certificate
//   resources": the Secret holds the key pair and, for a CA issuer, the CA in
//   `ca.crt`; the Ready condition is set once the Secret is up to date).
//   Issued by a CA of the cluster's own, with openssl.
// - The cloud's CSI driver (EBS on EKS, Azure Disk on AKS), its provisioner
//   and resizer sidecars (kubernetes-csi external-provisioner and
//   external-resizer): for a claim the scheduler placed (annotation
//   `volume.kubernetes.io/selected-node`) whose class names the driver, a
//   PersistentVolume with the claim's size, bound to it through `claimRef`
//   and pinned to the node's zone; a Released volume of reclaim policy Delete
//   is deleted; a claim asking for more than its volume has gets the volume's
//   capacity and then the claim's `status.capacity` raised (what a completed
//   online expansion leaves). The PersistentVolume controller (real) binds.
// - The AWS Load Balancer Controller's admission webhooks (chart 3.5.0
//   templates/webhook.yaml; `vingress` fails closed): served on loopback with
//   the certificate the chart generated (Secret `aws-load-balancer-tls`) and
//   reached by the API server through the cluster's egress proxy
//   (Cluster.routeService). It admits every request unchanged: the test does
//   not re-implement the controller's checks of its own annotations.
import { createHash } from "crypto";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";
import { parseGiB } from "../../../components/sizing/quantities";
import type { Cluster, KubeObject } from "../cluster/cluster";

export type Cloud = "aws" | "azure" | "local";

interface Service extends KubeObject {
    spec: { type?: string; loadBalancerClass?: string };
    status?: { loadBalancer?: { ingress?: unknown[] } };
}
interface Ingress extends KubeObject {
    spec: { ingressClassName?: string };
    status?: { loadBalancer?: { ingress?: unknown[] } };
}
interface Claim extends KubeObject {
    spec: { storageClassName?: string; volumeName?: string; accessModes?: string[]; resources?: { requests?: { storage?: string } } };
    status?: { phase?: string; capacity?: { storage?: string } };
}
interface Volume extends KubeObject {
    spec: {
        capacity?: { storage?: string };
        persistentVolumeReclaimPolicy?: string;
        csi?: { driver?: string };
        claimRef?: { namespace?: string; name?: string };
    };
    status?: { phase?: string };
}
interface Certificate extends KubeObject {
    spec: { secretName?: string; dnsNames?: string[]; commonName?: string };
    status?: { conditions?: Array<{ type: string; status: string }> };
}

const short = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 10);

/** The address a cloud's controller writes for a load balancer it made, or undefined where no controller would act. */
function address(cloud: Cloud, region: string, namespace: string, name: string, kind: "nlb" | "alb"): Record<string, string> | undefined {
    if (cloud === "aws")
        return {
            hostname: `k8s-${namespace}-${name}-${short(`${namespace}/${name}`)}.${kind === "nlb" ? "elb" : "alb"}.${region}.amazonaws.com`.slice(
                0,
                253,
            ),
        };
    if (cloud === "azure") {
        const h = createHash("sha256").update(`${namespace}/${name}`).digest();
        return { ip: `10.224.${h[0]}.${1 + (h[1] % 250)}` };
    }
    return undefined;
}

function issue(dir: string, cert: Certificate): Record<string, string> {
    const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    if (!fs.existsSync(path.join(dir, "issuer-ca.crt"))) {
        run([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "issuer-ca.key",
            "-out",
            "issuer-ca.crt",
            "-days",
            "2",
            "-subj",
            "/CN=engine-suite-issuer",
        ]);
    }
    const base = `cert-${short(`${cert.metadata.namespace}/${cert.metadata.name}`)}`;
    const names = cert.spec.dnsNames ?? [];
    fs.writeFileSync(
        path.join(dir, `${base}.ext`),
        `subjectAltName=${names.map((n) => `DNS:${n}`).join(",") || "DNS:localhost"}\nextendedKeyUsage=serverAuth,clientAuth\n`,
    );
    run([
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        `${base}.key`,
        "-out",
        `${base}.csr`,
        "-subj",
        `/CN=${cert.spec.commonName ?? names[0] ?? cert.metadata.name}`,
    ]);
    run([
        "x509",
        "-req",
        "-in",
        `${base}.csr`,
        "-CA",
        "issuer-ca.crt",
        "-CAkey",
        "issuer-ca.key",
        "-CAcreateserial",
        "-out",
        `${base}.crt`,
        "-days",
        "2",
        "-extfile",
        `${base}.ext`,
    ]);
    const b64 = (f: string) => fs.readFileSync(path.join(dir, f)).toString("base64");
    return { "tls.crt": b64(`${base}.crt`), "tls.key": b64(`${base}.key`), "ca.crt": b64("issuer-ca.crt") };
}

/** Starts playing the controllers for one cluster; the returned function stops it. */
export function playControllers(cluster: Cluster, cloud: Cloud, region: string): () => void {
    const failures = (what: string) => (e: unknown) => process.stderr.write(`      controller stand-in (${what}): ${String(e)}\n`);
    const stops: Array<() => void> = [];

    if (cloud !== "local") {
        stops.push(
            cluster.watch("/api/v1/services", (type, o) => {
                const svc = o as Service;
                if (type === "DELETED" || svc.spec.type !== "LoadBalancer" || (svc.status?.loadBalancer?.ingress ?? []).length > 0) return;
                const ingress = address(cloud, region, svc.metadata.namespace ?? "default", svc.metadata.name, "nlb");
                if (ingress)
                    cluster
                        .patchStatus(`/api/v1/namespaces/${svc.metadata.namespace}/services/${svc.metadata.name}`, {
                            loadBalancer: { ingress: [ingress] },
                        })
                        .catch(failures("load balancer"));
            }),
        );
        stops.push(
            cluster.watch("/apis/networking.k8s.io/v1/ingresses", (type, o) => {
                const ing = o as Ingress;
                if (type === "DELETED" || (ing.status?.loadBalancer?.ingress ?? []).length > 0) return;
                // The AWS Load Balancer Controller takes Ingresses of its class `alb`; on AKS the application routing add-on takes its own class.
                if (cloud === "aws" && ing.spec.ingressClassName !== "alb") return;
                const ingress = address(cloud, region, ing.metadata.namespace ?? "default", ing.metadata.name, "alb");
                if (ingress)
                    cluster
                        .patchStatus(`/apis/networking.k8s.io/v1/namespaces/${ing.metadata.namespace}/ingresses/${ing.metadata.name}`, {
                            loadBalancer: { ingress: [ingress] },
                        })
                        .catch(failures("ingress"));
            }),
        );
    }

    stops.push(
        cluster.watch("/apis/cert-manager.io/v1/certificates", (type, o) => {
            const cert = o as Certificate;
            if (type === "DELETED" || !cert.spec.secretName || cert.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
                return;
            const namespace = cert.metadata.namespace ?? "default";
            (async () => {
                await cluster.apply(
                    {
                        apiVersion: "v1",
                        kind: "Secret",
                        type: "kubernetes.io/tls",
                        metadata: {
                            name: cert.spec.secretName as string,
                            namespace,
                            annotations: { "cert-manager.io/certificate-name": cert.metadata.name },
                        },
                        data: issue(cluster.dir, cert),
                    },
                    "cert-manager",
                );
                await cluster.patchStatus(`/apis/cert-manager.io/v1/namespaces/${namespace}/certificates/${cert.metadata.name}`, {
                    conditions: [
                        {
                            type: "Ready",
                            status: "True",
                            reason: "Ready",
                            message: "Certificate is up to date and has not expired",
                            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
                        },
                    ],
                });
            })().catch(failures("cert-manager"));
        }),
    );

    if (cloud === "aws") stops.push(playLoadBalancerControllerWebhooks(cluster, failures));
    if (cloud !== "local") stops.push(playCsiDriver(cluster, cloud === "aws" ? "ebs.csi.aws.com" : "disk.csi.azure.com", failures));

    return () => {
        for (const stop of stops) stop();
    };
}

/**
 * An ingress controller of a local cluster (ingress-nginx and the like):
 * writes the address it serves on into each Ingress of its class, as it does
 * once it has taken the Ingress. A test of a local stack with an ingress class
 * plays it with this, and says so.
 */
export function playIngressController(cluster: Cluster, className: string, served: { ip: string } | { hostname: string }): () => void {
    return cluster.watch("/apis/networking.k8s.io/v1/ingresses", (type, o) => {
        const ing = o as Ingress;
        if (type === "DELETED" || ing.spec.ingressClassName !== className || (ing.status?.loadBalancer?.ingress ?? []).length > 0) return;
        cluster
            .patchStatus(`/apis/networking.k8s.io/v1/namespaces/${ing.metadata.namespace}/ingresses/${ing.metadata.name}`, {
                loadBalancer: { ingress: [served] },
            })
            .catch((e: unknown) => process.stderr.write(`      controller stand-in (ingress ${className}): ${String(e)}\n`));
    });
}

/**
 * The resizer of a volume driver (kubernetes-csi external-resizer plus the
 * node's filesystem growth): a Bound claim of the driver's classes that asks
 * for more than it has gets, `delayMs` later (a disk takes time to grow), the
 * new capacity on its volume and then in its `status.capacity`. A local
 * cluster's hostPath provisioner has none; a test of a local stack that says
 * its class expands plays it with this, and says so.
 */
export function playResizer(
    cluster: Cluster,
    provisioner: string,
    delayMs: number,
    onResized: (claim: string) => void = () => undefined,
): () => void {
    const classes = new Map<string, string>();
    const resizing = new Set<string>();
    const failed = (e: unknown) => process.stderr.write(`      controller stand-in (resizer): ${String(e)}\n`);
    const stopClasses = cluster.watch("/apis/storage.k8s.io/v1/storageclasses", (type, o) => {
        const p = (o as KubeObject & { provisioner?: string }).provisioner;
        if (type === "DELETED") classes.delete(o.metadata.name);
        else if (p) classes.set(o.metadata.name, p);
    });
    const stopClaims = cluster.watch("/api/v1/persistentvolumeclaims", (type, o) => {
        const claim = o as Claim;
        const namespace = claim.metadata.namespace ?? "default";
        const id = `${namespace}/${claim.metadata.name}`;
        const wanted = claim.spec.resources?.requests?.storage;
        const has = claim.status?.capacity?.storage;
        if (type === "DELETED" || resizing.has(id) || classes.get(claim.spec.storageClassName ?? "") !== provisioner) return;
        if (claim.status?.phase !== "Bound" || !wanted || !has || !(parseGiB(wanted) > parseGiB(has))) return;
        resizing.add(id);
        (async () => {
            await new Promise((r) => setTimeout(r, delayMs));
            await cluster.request(
                "PATCH",
                `/api/v1/persistentvolumes/${claim.spec.volumeName}`,
                { spec: { capacity: { storage: wanted } } },
                "application/merge-patch+json",
            );
            await cluster.patchStatus(`/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim.metadata.name}`, {
                capacity: { storage: wanted },
            });
            onResized(id);
        })()
            .catch(failed)
            .finally(() => resizing.delete(id));
    });
    return () => {
        stopClasses();
        stopClaims();
    };
}

function playCsiDriver(cluster: Cluster, driver: string, failures: (what: string) => (e: unknown) => void): () => void {
    const classes = new Map<string, string>();
    const stops: Array<() => void> = [];
    stops.push(
        cluster.watch("/apis/storage.k8s.io/v1/storageclasses", (type, o) => {
            const provisioner = (o as KubeObject & { provisioner?: string }).provisioner;
            if (type === "DELETED") classes.delete(o.metadata.name);
            else if (provisioner) classes.set(o.metadata.name, provisioner);
        }),
    );
    const provisioning = new Set<string>();
    stops.push(
        cluster.watch("/api/v1/persistentvolumeclaims", (type, o) => {
            const claim = o as Claim;
            const namespace = claim.metadata.namespace ?? "default";
            const annotations = (claim.metadata.annotations ?? {}) as Record<string, string>;
            const wanted = claim.spec.resources?.requests?.storage;
            if (type === "DELETED" || !wanted || classes.get(claim.spec.storageClassName ?? "") !== driver) return;
            const id = `${namespace}/${claim.metadata.name}`;
            const node = annotations["volume.kubernetes.io/selected-node"];
            if (claim.spec.volumeName || !node || provisioning.has(id)) return;
            provisioning.add(id);
            (async () => {
                const placed = (await cluster.get(`/api/v1/nodes/${node}`)) as { metadata: { labels?: Record<string, string> } };
                const zone = placed.metadata.labels?.["topology.kubernetes.io/zone"];
                await cluster.apply(
                    {
                        apiVersion: "v1",
                        kind: "PersistentVolume",
                        metadata: { name: `pvc-${claim.metadata.uid as string}`, annotations: { "pv.kubernetes.io/provisioned-by": driver } },
                        spec: {
                            capacity: { storage: wanted },
                            accessModes: claim.spec.accessModes ?? ["ReadWriteOnce"],
                            persistentVolumeReclaimPolicy: "Delete",
                            storageClassName: claim.spec.storageClassName,
                            claimRef: {
                                apiVersion: "v1",
                                kind: "PersistentVolumeClaim",
                                namespace,
                                name: claim.metadata.name,
                                uid: claim.metadata.uid,
                            },
                            csi: {
                                driver,
                                volumeHandle: `vol-${createHash("sha256").update(String(claim.metadata.uid)).digest("hex").slice(0, 17)}`,
                                fsType: "ext4",
                            },
                            ...(zone
                                ? {
                                      nodeAffinity: {
                                          required: {
                                              nodeSelectorTerms: [
                                                  { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [zone] }] },
                                              ],
                                          },
                                      },
                                  }
                                : {}),
                        },
                    },
                    "external-provisioner",
                );
            })()
                .catch(failures("CSI provisioner"))
                .finally(() => provisioning.delete(id));
        }),
    );
    stops.push(playResizer(cluster, driver, 0));
    stops.push(
        cluster.watch("/api/v1/persistentvolumes", (type, o) => {
            const volume = o as Volume;
            if (type === "DELETED" || volume.spec.csi?.driver !== driver) return;
            if (volume.status?.phase === "Released" && volume.spec.persistentVolumeReclaimPolicy === "Delete") {
                cluster.request("DELETE", `/api/v1/persistentvolumes/${volume.metadata.name}`).catch(failures("CSI provisioner (delete)"));
            }
        }),
    );
    return () => {
        for (const stop of stops) stop();
    };
}

const LB_CONTROLLER_NAMESPACE = "kube-system";
const LB_WEBHOOK_SERVICE = "aws-load-balancer-webhook-service";
const LB_WEBHOOK_SECRET = "aws-load-balancer-tls";

function playLoadBalancerControllerWebhooks(cluster: Cluster, failures: (what: string) => (e: unknown) => void): () => void {
    let server: https.Server | undefined;
    const stopWatch = cluster.watch(
        `/api/v1/namespaces/${LB_CONTROLLER_NAMESPACE}/secrets?fieldSelector=metadata.name%3D${LB_WEBHOOK_SECRET}`,
        (type, o) => {
            if (type === "DELETED") return;
            const data = (o as KubeObject & { data?: Record<string, string> }).data ?? {};
            const pem = (k: string) => Buffer.from(data[k] ?? "", "base64");
            server?.close();
            const s = https.createServer({ cert: pem("tls.crt"), key: pem("tls.key") }, (req, res) => {
                let body = "";
                req.on("data", (d: Buffer) => {
                    body += d.toString();
                });
                req.on("end", () => {
                    const review = JSON.parse(body || "{}") as { apiVersion?: string; request?: { uid?: string } };
                    res.writeHead(200, { "Content-Type": "application/json" });
                    res.end(
                        JSON.stringify({
                            apiVersion: review.apiVersion ?? "admission.k8s.io/v1",
                            kind: "AdmissionReview",
                            response: { uid: review.request?.uid, allowed: true },
                        }),
                    );
                });
            });
            server = s;
            s.listen(0, "127.0.0.1", () => {
                const port = (s.address() as AddressInfo).port;
                // The Service comes with the Secret in the same Helm release; wait for it.
                cluster
                    .waitFor(
                        `Service ${LB_WEBHOOK_SERVICE}`,
                        async () => {
                            await cluster.routeService(LB_CONTROLLER_NAMESPACE, LB_WEBHOOK_SERVICE, 443, port);
                            return true;
                        },
                        120_000,
                        500,
                    )
                    .catch(failures("load balancer controller webhooks"));
            });
        },
    );
    return () => {
        stopWatch();
        server?.close();
    };
}
