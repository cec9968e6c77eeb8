// The IAM permissions the AWS Load Balancer Controller needs, as published
// by the controller project (docs/install/iam_policy.json, unchanged from
// v2.12 through v3.5.0, the chart version DEFAULT_LB_CONTROLLER_CHART_VERSION
// installs). Review it when changing that version. Everything that creates,
// changes or deletes load balancers, target groups and security groups is
// limited to resources tagged with `elbv2.k8s.aws/cluster`, the tag the
// controller puts on what it owns.

type Condition = Record<string, Record<string, string | string[]>>;

interface Statement {
    Effect: "Allow";
    Action: string[];
    Resource: string | string[];
    Condition?: Condition;
}

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
/** The request carries the controller's cluster tag (creating something it will own). */
const TAGGED_REQUEST: Condition = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" } };
/** The resource carries the controller's cluster tag (something it owns). */
const OWNED_RESOURCE: Condition = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };
/** Changing tags on an owned resource without touching the ownership tag itself. */
const OWNED_TAGS_ONLY: Condition = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };

function allow(actions: string[], resource: string | string[] = "*", condition?: Condition): Statement {
    return { Effect: "Allow", Action: actions, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

/** What the controller reads: subnets, security groups, load balancers and their parts. */
const DESCRIBE_ACTIONS = [
    "ec2:DescribeAccountAttributes",
    "ec2:DescribeAddresses",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeVpcs",
    "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeInstances",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeTags",
    "ec2:GetCoipPoolUsage",
    "ec2:DescribeCoipPools",
    "ec2:GetSecurityGroupsForVpc",
    "ec2:DescribeIpamPools",
    "ec2:DescribeRouteTables",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeListenerCertificates",
    "elasticloadbalancing:DescribeSSLPolicies",
    "elasticloadbalancing:DescribeRules",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTrustStores",
    "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeCapacityReservation",
];

/** Certificates, Cognito user pools, WAF and Shield, which an Ingress's annotations may name. */
const INTEGRATION_ACTIONS = [
    "cognito-idp:DescribeUserPoolClient",
    "acm:ListCertificates",
    "acm:DescribeCertificate",
    "iam:ListServerCertificates",
    "iam:GetServerCertificate",
    "waf-regional:GetWebACL",
    "waf-regional:GetWebACLForResource",
    "waf-regional:AssociateWebACL",
    "waf-regional:DisassociateWebACL",
    "wafv2:GetWebACL",
    "wafv2:GetWebACLForResource",
    "wafv2:AssociateWebACL",
    "wafv2:DisassociateWebACL",
    "shield:GetSubscriptionState",
    "shield:DescribeProtection",
    "shield:CreateProtection",
    "shield:DeleteProtection",
];

export function lbControllerPolicy(partition: string): { Version: "2012-10-17"; Statement: Statement[] } {
    const arn = (service: string, resource: string) => `arn:${partition}:${service}:*:*:${resource}`;
    const securityGroups = arn("ec2", "security-group/*");
    const loadBalancersAndTargetGroups = [
        arn("elasticloadbalancing", "targetgroup/*/*"),
        arn("elasticloadbalancing", "loadbalancer/net/*/*"),
        arn("elasticloadbalancing", "loadbalancer/app/*/*"),
    ];
    return {
        Version: "2012-10-17",
        Statement: [
            allow(["iam:CreateServiceLinkedRole"], "*", { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } }),
            allow(DESCRIBE_ACTIONS),
            allow(INTEGRATION_ACTIONS),
            allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]),
            allow(["ec2:CreateSecurityGroup"]),
            allow(["ec2:CreateTags"], securityGroups, { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...TAGGED_REQUEST }),
            allow(["ec2:CreateTags", "ec2:DeleteTags"], securityGroups, OWNED_TAGS_ONLY),
            allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], "*", OWNED_RESOURCE),
            allow(["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], "*", TAGGED_REQUEST),
            allow([
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:DeleteListener",
                "elasticloadbalancing:CreateRule",
                "elasticloadbalancing:DeleteRule",
            ]),
            allow(["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], loadBalancersAndTargetGroups, OWNED_TAGS_ONLY),
            allow(
                ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                [
                    arn("elasticloadbalancing", "listener/net/*/*/*"),
                    arn("elasticloadbalancing", "listener/app/*/*/*"),
                    arn("elasticloadbalancing", "listener-rule/net/*/*/*"),
                    arn("elasticloadbalancing", "listener-rule/app/*/*/*"),
                ],
            ),
            allow(
                [
                    "elasticloadbalancing:ModifyLoadBalancerAttributes",
                    "elasticloadbalancing:SetIpAddressType",
                    "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets",
                    "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:ModifyListenerAttributes",
                    "elasticloadbalancing:ModifyCapacityReservation",
                    "elasticloadbalancing:ModifyIpPools",
                ],
                "*",
                OWNED_RESOURCE,
            ),
            allow(["elasticloadbalancing:AddTags"], loadBalancersAndTargetGroups, {
                StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                ...TAGGED_REQUEST,
            }),
            allow(["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], arn("elasticloadbalancing", "targetgroup/*/*")),
            allow([
                "elasticloadbalancing:SetWebAcl",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:SetRulePriorities",
            ]),
        ],
    };
}
