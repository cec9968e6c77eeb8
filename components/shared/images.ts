// Where images come from when the stack names one registry for all of them
// (the top-level `imageRegistry`, for air-gapped installs that mirror every
// image). One rule for every image the program or a chart pulls:
//
//   <imageRegistry>/<the image's repository path without its registry host>[:tag | @digest]
//
// The registry host of a reference is read as container runtimes read it
// (distribution/reference, splitDockerDomain): the first component when it has
// a '.' or a ':' or is `localhost`; otherwise the image is on Docker Hub
// (docker.io), whose one-component names live under `library/`. So
//   milvusdb/milvus:v2.6.15                                 -> <registry>/milvusdb/milvus:v2.6.15
//   docker.io/milvusdb/milvus:v2.6.15                       -> <registry>/milvusdb/milvus:v2.6.15
//   public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0  -> <registry>/eks/aws-load-balancer-controller:v3.5.0
//   busybox:1.36                                            -> <registry>/library/busybox:1.36
// Tags and digests are kept. Pure, so the tests and the mirror list of docs/air-gapped.md
// follow the same rule.

/** The repository path of an image reference (tag or digest kept) without its registry host. */
export function repositoryPath(reference: string): string {
    const slash = reference.indexOf("/");
    const first = slash < 0 ? "" : reference.slice(0, slash);
    const hasHost = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    const path = hasHost ? reference.slice(slash + 1) : reference;
    const onDockerHub = !hasHost || first === "docker.io" || first === "index.docker.io" || first === "registry-1.docker.io";
    return onDockerHub && !path.includes("/") ? `library/${path}` : path;
}

/** The image (or repository) as pulled from `registry`; unchanged without one. */
export function mirroredImage(registry: string | undefined, reference: string): string {
    return registry === undefined ? reference : `${registry}/${repositoryPath(reference)}`;
}
