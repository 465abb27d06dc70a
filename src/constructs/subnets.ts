import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/**
 * The subnets a cache is placed in. Without a selection, the VPC's own default applies, as in
 * aws-rds: private subnets with egress, else isolated subnets, else public subnets; the last case
 * gets a warning, since a cache rarely belongs in a public subnet.
 */
export function selectCacheSubnets(scope: Construct, vpc: ec2.IVpc, selection?: ec2.SubnetSelection): ec2.SelectedSubnets {
  const selected = vpc.selectSubnets(selection);
  if (!selection && isPublicSelection(vpc, selected)) {
    Annotations.of(scope).addWarningV2('cdk-elasticache:publicSubnets',
      'The VPC has no private or isolated subnets, so the cache uses public subnets. Pass vpcSubnets to choose them explicitly.');
  }
  return selected;
}

function isPublicSelection(vpc: ec2.IVpc, selected: ec2.SelectedSubnets): boolean {
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  return selected.subnets.length > 0 && selected.subnets.every((s) => publicIds.has(s.subnetId));
}
