import { ipToString } from '../../net/ipv4';
import { privateDnsName } from '../ec2-names';
import type { EniNode, InstanceNode } from '../../network/network';

/** The instance metadata service's 404 page. */
export const IMDS_NOT_FOUND = `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
         "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>404 - Not Found</title>
 </head>
 <body>
  <h1>404 - Not Found</h1>
 </body>
</html>`;

const hostname = privateDnsName;

function perEni(eni: EniNode, index: number, region: string, account: string): Record<string, string> {
  const publics = eni.ips.map((ip) => eni.publicByPrivate.get(ip)).filter((p): p is number => p !== undefined);
  return {
    'device-number': String(index),
    'interface-id': eni.id,
    'local-hostname': hostname(eni.primaryIp, region),
    'local-ipv4s': eni.ips.map(ipToString).join('\n'),
    mac: eni.mac,
    'owner-id': account,
    ...(publics.length > 0 ? { 'public-ipv4s': publics.map(ipToString).join('\n') } : {}),
    'security-group-ids': eni.securityGroups.map((g) => g.id).join('\n'),
    'subnet-id': eni.subnet.id,
    'subnet-ipv4-cidr-block': eni.subnet.cidr.text,
    'vpc-id': eni.vpc.id,
    'vpc-ipv4-cidr-block': eni.vpc.cidrs[0]!.text,
    'vpc-ipv4-cidr-blocks': eni.vpc.cidrs.map((c) => c.text).join('\n'),
  };
}

/**
 * Answers `/latest/meta-data/<path>` from AWS's records, not the guest's: it knows the
 * public address no interface inside the VM shows (R19). Undefined means 404.
 */
export function metadata(
  inst: InstanceNode,
  region: string,
  path: string,
  imageId: string | undefined,
  /** the lab's account (lab-account.ts), the owner of every interface */
  account: string,
): string | undefined {
  const eth0 = inst.enis[0];
  if (!eth0) return undefined;
  const pub = eth0.publicByPrivate.get(eth0.primaryIp);
  const top: Record<string, string> = {
    'ami-id': imageId ?? 'ami-0abcdef1234567890',
    hostname: hostname(eth0.primaryIp, region),
    'instance-id': inst.id,
    'instance-type': 't3.micro',
    'local-hostname': hostname(eth0.primaryIp, region),
    'local-ipv4': ipToString(eth0.primaryIp),
    mac: eth0.mac,
    ...(pub !== undefined ? { 'public-ipv4': ipToString(pub) } : {}),
    'placement/availability-zone': eth0.subnet.az,
    'placement/region': region,
    'security-groups': eth0.securityGroups.map((g) => g.id).join('\n'),
  };
  const macs = new Map(inst.enis.map((e, i) => [e.mac, perEni(e, i, region, account)]));
  const clean = path.replace(/^\/+/, '');
  if (clean === '')
    return [...new Set(Object.keys(top).map((k) => (k.includes('/') ? `${k.split('/')[0]}/` : k))), 'network/']
      .sort()
      .join('\n');
  if (clean in top) return top[clean];
  if (clean === 'placement' || clean === 'placement/') return 'availability-zone\nregion';
  if (clean === 'network' || clean === 'network/') return 'interfaces/';
  if (clean === 'network/interfaces' || clean === 'network/interfaces/') return 'macs/';
  const m = /^network\/interfaces\/macs\/?(.*)$/.exec(clean);
  if (!m) return undefined;
  const [mac, key] = m[1]!.split('/').filter((x, i) => x !== '' || i === 0) as [string, string?];
  if (!mac) return [...macs.keys()].map((k) => `${k}/`).join('\n');
  const info = macs.get(mac);
  if (!info) return undefined;
  if (key === undefined || key === '') return Object.keys(info).join('\n');
  return info[key];
}
