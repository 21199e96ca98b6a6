/**
 * Public conformance labs this version of the engine does not run yet, with the feature each
 * one waits for. Every other lab under ../shared/conformance must pass in full. A deferred
 * lab must still be a well-formed lab file.
 */
const VPN = 'needs Site-to-Site VPN routing between connections and delete-vpn-connection-route (R105–R110)';
const TGW = 'needs transit gateway forwarding (R93–R104)';

export const DEFERRED: Record<string, string> = {
  'S84-vgw-path-preference.yaml': VPN,
  'S75-tgw-segmentation-vpn.yaml': `${TGW}, with a VPN attachment`,
  'S78-tgw-identical-cidr.yaml': TGW,
  'S81-tgw-sg-referencing.yaml': `${TGW}, with security group referencing (R103)`,
  'bf-tgw-01.yaml': TGW,
  'bf-tgw-02.yaml': TGW,
  'bf-tgwacct-02.yaml': TGW,
  'bf-tgwasym-01.yaml': TGW,
  'bf-tgwmt-01.yaml': TGW,
  'bf-tgwpeer-01.yaml': TGW,
  'bf-tgwpeer-02.yaml': TGW,
  'bf-nlb-01.yaml': 'needs network load balancers',
  'bf-nlb-06.yaml': 'needs network load balancers',
  'bf-vpceg-02.yaml': 'needs gateway VPC endpoints (prefix-list routes to vpce-)',
  'bf-vpcei-02.yaml': 'needs interface VPC endpoints',
};
