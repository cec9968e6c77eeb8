// Where a Helm chart comes from, as pulumi-kubernetes' helm.v3.Release takes it.
//
// Read in pulumi-kubernetes v4.25.0 (the version this project pins),
// provider/pkg/provider/helm_release.go:
// - chartPathOptionsFromRelease calls resolveChartName(repositoryOpts.repo, chart):
//   when the chart is an OCI reference (registry.IsOCI: the prefix "oci://") the
//   repository is dropped (RepoURL ""); otherwise a repository that parses as a
//   URL becomes cpo.RepoURL and the chart stays a bare name.
// - locateChart: with a RepoURL, repo.FindChartInAuthAndTLSAndPassRepoURL reads
//   the repository's index.yaml (an http(s) repository); with an OCI name, the
//   downloader gets the registry client, which getActionConfig builds from
//   Helm's registry config file (registry.ClientOptCredentialsFile), so
//   `helm registry login` on the deploying machine is how a registry's
//   credentials reach it.
// So an http(s) repository is { chart: "<name>", repositoryOpts: { repo } }, and
// an OCI registry is { chart: "oci://<host>/<path>/<name>" } without
// repositoryOpts (an oci:// value in repositoryOpts.repo would be read as an
// index.yaml URL). Diff replaces a release only on a new name or namespace
// (forceNewFields ".name", ".namespace"), so moving a deployed release to a
// mirror is a Helm upgrade, not a reinstall.

export interface ChartSource {
    chart: string;
    repositoryOpts?: { repo: string };
}

export function chartSource(repository: string, chart: string): ChartSource {
    return repository.startsWith("oci://")
        ? { chart: `${repository.replace(/\/+$/, "")}/${chart}` }
        : { chart, repositoryOpts: { repo: repository } };
}
