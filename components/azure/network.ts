// The node network: an existing subnet when `azure.network.subnetId` is set,
// otherwise a VNet and node subnet sized for Azure CNI Overlay (pods get
// addresses from the overlay pod range, so only nodes use subnet addresses).
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { AzureSettings } from "./config";

export interface AksNetworkArgs {
    azure: AzureSettings;
    baseName: string;
    resourceGroupName: pulumi.Input<string>;
    tags: Record<string, string>;
}

export class AksNetwork extends pulumi.ComponentResource {
    /** The subnet the node pools join. */
    readonly subnetId: pulumi.Output<string>;
    /** The VNet's address space: the default sources of the internal load balancer. */
    readonly vnetRanges: pulumi.Output<string[]>;
    /** Created resources (absent when an existing subnet is used). */
    readonly vnet?: network.VirtualNetwork;
    readonly subnet?: network.Subnet;

    constructor(name: string, args: AksNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:AksNetwork", name, {}, opts);
        const { azure } = args;
        if (azure.network.subnetId) {
            const id = parseSubnetId(azure.network.subnetId);
            this.subnetId = pulumi.output(azure.network.subnetId);
            this.vnetRanges = network
                .getVirtualNetworkOutput({ resourceGroupName: id.resourceGroupName, virtualNetworkName: id.virtualNetworkName }, { parent: this })
                .apply((vnet) => vnet.addressSpace?.addressPrefixes ?? []);
        } else {
            this.vnet = new network.VirtualNetwork(
                `${name}-vnet`,
                {
                    resourceGroupName: args.resourceGroupName,
                    virtualNetworkName: `${args.baseName}-vnet`,
                    location: azure.location,
                    addressSpace: { addressPrefixes: [azure.network.vnetCidr] },
                    tags: args.tags,
                },
                { parent: this },
            );
            this.subnet = new network.Subnet(
                `${name}-nodes`,
                {
                    resourceGroupName: args.resourceGroupName,
                    virtualNetworkName: this.vnet.name,
                    subnetName: "aks-nodes",
                    addressPrefix: azure.network.nodeSubnetCidr,
                    // Lets the storage account firewall admit the nodes (storage.networkAccess: vnet).
                    serviceEndpoints: azure.storage.networkAccess === "vnet" ? [{ service: "Microsoft.Storage" }] : [],
                },
                { parent: this },
            );
            this.subnetId = this.subnet.id;
            this.vnetRanges = pulumi.output([azure.network.vnetCidr]);
        }
        this.registerOutputs({ subnetId: this.subnetId });
    }
}

/** The parts of a subnet resource id (the schema checked its shape). */
export function parseSubnetId(subnetId: string): { resourceGroupName: string; virtualNetworkName: string; subnetName: string } {
    const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(subnetId);
    if (!match) throw new Error(`not a subnet resource id: ${subnetId}`);
    return { resourceGroupName: match[1], virtualNetworkName: match[2], subnetName: match[3] };
}

/**
 * Settles when the existing node subnet (if any) suits the platform; rejects
 * with what to change. Invokes run in previews too, so a subnet the storage
 * firewall cannot admit stops the first preview.
 */
export async function checkExistingSubnet(azure: AzureSettings, opts: pulumi.InvokeOptions): Promise<void> {
    const subnetId = azure.network.subnetId;
    if (subnetId === undefined || azure.storage.networkAccess !== "vnet") return;
    const found = await network.getSubnet(parseSubnetId(subnetId), opts);
    if (!(found.serviceEndpoints ?? []).some((e) => e.service === "Microsoft.Storage")) {
        throw new pulumi.RunError(
            `azure.network.subnetId: the subnet ${subnetId} has no Microsoft.Storage service endpoint, so the storage account ` +
                "firewall (azure.storage.networkAccess: vnet) would refuse the nodes; add the endpoint to the subnet " +
                "(az network vnet subnet update --service-endpoints Microsoft.Storage), or set azure.storage.networkAccess: public",
        );
    }
}
