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
    /** Created resources (absent when an existing subnet is used). */
    readonly vnet?: network.VirtualNetwork;
    readonly subnet?: network.Subnet;

    constructor(name: string, args: AksNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:AksNetwork", name, {}, opts);
        const { azure } = args;
        if (azure.network.subnetId) {
            this.subnetId = pulumi.output(azure.network.subnetId);
        } else {
            this.vnet = new network.VirtualNetwork(`${name}-vnet`, {
                resourceGroupName: args.resourceGroupName,
                virtualNetworkName: `${args.baseName}-vnet`,
                location: azure.location,
                addressSpace: { addressPrefixes: [azure.network.vnetCidr] },
                tags: args.tags,
            }, { parent: this });
            this.subnet = new network.Subnet(`${name}-nodes`, {
                resourceGroupName: args.resourceGroupName,
                virtualNetworkName: this.vnet.name,
                subnetName: "aks-nodes",
                addressPrefix: azure.network.nodeSubnetCidr,
                // Lets the storage account firewall admit the nodes (storage.networkAccess: vnet).
                serviceEndpoints: azure.storage.networkAccess === "vnet" ? [{ service: "Microsoft.Storage" }] : [],
            }, { parent: this });
            this.subnetId = this.subnet.id;
        }
        this.registerOutputs({ subnetId: this.subnetId });
    }
}
