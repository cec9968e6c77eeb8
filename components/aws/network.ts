// The network Milvus runs in: an existing VPC and its private subnets (the
// common enterprise case), or a new VPC across up to three zones with private
// subnets for nodes and brokers, public subnets for NAT and internet-facing
// load balancers, and the subnet tags the load balancer controller discovers.
// Also the security group every node carries, so that other services (MSK)
// can admit the nodes without waiting for the EKS cluster.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { zoneSubnets } from "../network/zone-subnets";
import type { NetworkSettings } from "./config";

/** Subnet tags the AWS Load Balancer Controller uses to pick load balancer subnets. */
export const PUBLIC_ELB_SUBNET_TAG = "kubernetes.io/role/elb";
export const INTERNAL_ELB_SUBNET_TAG = "kubernetes.io/role/internal-elb";

export interface AwsNetworkArgs {
    settings: NetworkSettings;
    region: string;
}

export class AwsNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    /** The VPC's IPv4 CIDR blocks: the default sources of internal load balancers. */
    readonly vpcCidrs: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string>[];
    /** Zones the private subnets span (existing VPC: one zone per listed subnet is assumed). */
    readonly zoneCount: number;
    /** Routes nodes need before they can join (NAT, S3 endpoint); empty for an existing VPC. */
    readonly egressReady: pulumi.Resource[];
    /** Attached to every node; sources of rules that admit the nodes elsewhere (MSK). */
    readonly nodeSecurityGroup: aws.ec2.SecurityGroup;

    constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:Network", name, {}, opts);
        const settings = args.settings;
        if (settings.kind === "existing") {
            this.vpcId = pulumi.output(settings.vpcId);
            this.vpcCidrs = aws.ec2
                .getVpcOutput({ id: settings.vpcId }, { parent: this })
                .apply((vpc) => [...new Set([vpc.cidrBlock, ...vpc.cidrBlockAssociations.map((a) => a.cidrBlock)])]);
            this.privateSubnetIds = settings.privateSubnetIds.map((id) => pulumi.output(id));
            this.zoneCount = settings.privateSubnetIds.length;
            this.egressReady = [];
        } else {
            const created = this.createVpc(name, settings, args.region);
            this.vpcId = created.vpc.id;
            this.vpcCidrs = pulumi.output([settings.cidr]);
            this.privateSubnetIds = created.privateSubnets.map((s) => s.id);
            this.zoneCount = created.privateSubnets.length;
            this.egressReady = created.egressReady;
        }

        this.nodeSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-nodes`,
            {
                description: "Milvus EKS nodes (and their pods): the source other services admit",
                vpcId: this.vpcId,
                egress: [
                    { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "Nodes reach AWS APIs, registries and MSK" },
                ],
            },
            { parent: this },
        );

        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
    }

    private createVpc(name: string, settings: Extract<NetworkSettings, { kind: "create" }>, region: string) {
        const zoneCount = settings.availabilityZones?.length ?? 3;
        const zones = this.availabilityZones(settings, zoneCount);
        const layout = zoneSubnets(settings.cidr, zoneCount);

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: settings.cidr,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Name: name },
            },
            { parent: this },
        );
        const internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: name } }, { parent: this });

        const publicRoutes = new aws.ec2.RouteTable(
            `${name}-public`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
                tags: { Name: `${name}-public` },
            },
            { parent: this },
        );

        const publicSubnets = layout.map(({ publicCidr }, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: publicCidr,
                    availabilityZone: zones.apply((z) => z[i]),
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${name}-public-${i}`, [PUBLIC_ELB_SUBNET_TAG]: "1" },
                },
                { parent: this },
            );
            new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, { parent: this });
            return subnet;
        });

        // One NAT gateway per zone keeps a zone's nodes online when another zone fails; dev shares one.
        const natCount = settings.natGateways === "perZone" ? zoneCount : 1;
        const natGateways = Array.from({ length: natCount }, (_, i) => {
            const address = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } }, { parent: this });
            return new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                {
                    allocationId: address.id,
                    subnetId: publicSubnets[i].id,
                    tags: { Name: `${name}-nat-${i}` },
                },
                { parent: this, dependsOn: [internetGateway] },
            );
        });

        const { privateSubnets, privateRouteTables, egressReady } = this.privateSubnets(name, vpc, layout, zones, natGateways);

        // Milvus moves most of its bytes to and from S3: keep that traffic off the NAT gateways.
        egressReady.push(
            new aws.ec2.VpcEndpoint(
                `${name}-s3`,
                {
                    vpcId: vpc.id,
                    serviceName: `com.amazonaws.${region}.s3`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: privateRouteTables.map((t) => t.id),
                    tags: { Name: `${name}-s3` },
                },
                { parent: this },
            ),
        );

        return { vpc, privateSubnets, egressReady };
    }

    /** The zones named in the config, or the region's first ones that need no opt-in, in name order. */
    private availabilityZones(settings: Extract<NetworkSettings, { kind: "create" }>, zoneCount: number): pulumi.Output<string[]> {
        return settings.availabilityZones
            ? pulumi.output(settings.availabilityZones)
            : aws
                  .getAvailabilityZonesOutput(
                      { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
                      { parent: this },
                  )
                  .names.apply((names) => {
                      const sorted = [...names].sort();
                      if (sorted.length < zoneCount) {
                          throw new Error(
                              `the region has ${sorted.length} available zones; set aws.network.availabilityZones to two or three of them`,
                          );
                      }
                      return sorted.slice(0, zoneCount);
                  });
    }

    /** One private subnet per zone for nodes, pods and brokers, each routed out through its zone's NAT gateway (or the one shared). */
    private privateSubnets(
        name: string,
        vpc: aws.ec2.Vpc,
        layout: ReturnType<typeof zoneSubnets>,
        zones: pulumi.Output<string[]>,
        natGateways: aws.ec2.NatGateway[],
    ): { privateSubnets: aws.ec2.Subnet[]; privateRouteTables: aws.ec2.RouteTable[]; egressReady: pulumi.Resource[] } {
        const natCount = natGateways.length;
        const privateRouteTables: aws.ec2.RouteTable[] = [];
        const egressReady: pulumi.Resource[] = [];
        const privateSubnets = layout.map(({ privateCidr }, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: privateCidr,
                    availabilityZone: zones.apply((z) => z[i]),
                    tags: { Name: `${name}-private-${i}`, [INTERNAL_ELB_SUBNET_TAG]: "1" },
                },
                { parent: this },
            );
            const routes = new aws.ec2.RouteTable(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[Math.min(i, natCount - 1)].id }],
                    tags: { Name: `${name}-private-${i}` },
                },
                { parent: this },
            );
            egressReady.push(
                new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: routes.id }, { parent: this }),
            );
            privateRouteTables.push(routes);
            return subnet;
        });
        return { privateSubnets, privateRouteTables, egressReady };
    }
}
