import { ipToString, type Ip } from '../net/ipv4';

/** The domain of EC2's private DNS names: `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere. */
export function privateDomain(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
}

/** The IP-based name EC2 gives an address: `ip-10-0-1-20`. */
export function ipName(ip: Ip): string {
  return `ip-${ipToString(ip).replace(/\./g, '-')}`;
}

/** The private DNS name of an address: `ip-10-0-1-20.ec2.internal`. */
export function privateDnsName(ip: Ip, region: string): string {
  return `${ipName(ip)}.${privateDomain(region)}`;
}

/**
 * The domain of EC2's public DNS names: `compute-1.amazonaws.com` in us-east-1,
 * `<region>.compute.amazonaws.com` elsewhere (EC2 User Guide, "Amazon EC2 instance hostname types").
 */
export function publicDomain(region: string): string {
  return region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
}

/** The public DNS name EC2 gives a public address in a VPC with DNS hostnames on: `ec2-198-51-100-10.compute-1.amazonaws.com`. */
export function publicDnsName(ip: Ip, region: string): string {
  return `ec2-${ipToString(ip).replace(/\./g, '-')}.${publicDomain(region)}`;
}
