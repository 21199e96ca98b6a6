/**
 * Public conformance labs this version of the engine does not run yet, with the feature each
 * one waits for. Every other lab under ../shared/conformance must pass in full. A deferred
 * lab must still be a well-formed lab file.
 */
const VPN = 'needs Site-to-Site VPN routing between connections and delete-vpn-connection-route (R105–R110)';

export const DEFERRED: Record<string, string> = {
  'S84-vgw-path-preference.yaml': VPN,
  'bf-nlb-01.yaml': 'needs network load balancers',
  'bf-nlb-06.yaml': 'needs network load balancers',
  'bf-vpceg-02.yaml': 'needs gateway VPC endpoints (prefix-list routes to vpce-)',
  'bf-vpcei-02.yaml': 'needs interface VPC endpoints',
};
