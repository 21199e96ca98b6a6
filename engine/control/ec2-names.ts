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
