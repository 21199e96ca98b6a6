import type { SubnetNode } from '../network/network';

/** The MAC the VPC router answers ARP with in a subnet (deterministic, R23). */
export function routerMac(subnet: SubnetNode): string {
  const ip = subnet.routerIp;
  return `0e:fe:${[24, 16, 8, 0].map((s) => ((ip >>> s) & 255).toString(16).padStart(2, '0')).join(':')}`;
}
