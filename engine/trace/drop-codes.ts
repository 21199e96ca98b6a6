/**
 * Why a packet died. AWS-caused drops use Reachability Analyzer's explanation codes (R127);
 * what happens inside a guest or the hypervisor, which Reachability Analyzer cannot see,
 * uses `ENGINE_*` codes (R128). Each has one line a learner can read.
 */
export const DROP_CODES = {
  NO_ROUTE_TO_DESTINATION: 'The route table has no route that matches the destination address.',
  BAD_STATE_ROUTE: 'The matching route is a blackhole: its target is deleted, detached or unavailable (R40).',
  VPC_LOCAL_ROUTE_CIDR_RESTRICTION: "The local route covers only the VPC's own blocks, not public addresses (R30).",
  ENI_SG_RULES_MISMATCH:
    "The security group has rules in this direction, but none matches this packet's protocol, port and address.",
  SG_HAS_NO_RULES: 'The security group has no rule at all in this direction, so it lets nothing new through (R67).',
  SG_REFERENCES_NOT_PRESERVED:
    'The traffic was routed through a middlebox, so security group references no longer match: allow the address or subnet instead (R73).',
  SUBNET_ACL_RESTRICTION:
    "The subnet's network ACL denies this packet: the lowest-numbered matching rule, or the final * rule, says deny (R76).",
  ENI_SOURCE_DEST_CHECK_RESTRICTION:
    'Source/destination check is on: the interface accepts and sends only packets for its own private addresses (R83).',
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS:
    'The internet gateway can only translate a private address that has a public partner; this source has none (R55).',
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS:
    'The internet gateway has no private address paired with this destination, so it cannot deliver it (R56).',
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS:
    'The internet gateway never sends packets to private (RFC 1918 or RFC 6598) addresses (R55).',
  IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS:
    'The internet gateway refuses packets from the internet whose source is a private address (R56).',
  TGW_ROUTE_AZ_RESTRICTION:
    'The transit gateway attachment enables no subnet in this Availability Zone, so traffic from it is not forwarded (R94).',
  TGW_RTB_CANNOT_ROUTE:
    'The transit gateway route table associated with the attachment the packet came from has no route for it (R99).',
  BAD_STATE_ATTACHMENT:
    'The attachment is not available: a transit gateway peering carries traffic only once the other side accepted it.',
  BAD_STATE_VPN: 'Both tunnels of the VPN connection are down, so it carries nothing until one comes back.',
  TGW_RTB_BAD_STATE_ROUTE: 'The matching transit gateway route is a blackhole (R98).',
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION:
    'The attachment the packet came from is associated with no transit gateway route table, so nothing routes it (R95).',
  SG_REFERENCING_SUPPORT:
    'A security group rule names a group in another VPC, which matches traffic over a transit gateway only with security group referencing enabled on the gateway and both attachments (R103).',
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR:
    'A peering connection carries only traffic for addresses inside the VPC on its other side: peering is not transitive (R89).',
  INGRESS_RTB_NO_PUBLIC_IP:
    'The gateway route table sends this traffic to an appliance whose interface has no public IP (R49).',
  INGRESS_RTB_TRAFFIC_REDIRECTION:
    'Inbound traffic was redirected to an appliance, so the reply must go back through it, not straight to the gateway (R50).',
  NGW_REQUIRES_SOURCE_IN_VPC: "A NAT gateway only translates traffic from its own VPC's interfaces (R63).",
  GATEWAY_REJECTS_SPOOFED_TRAFFIC:
    'The gateway refuses a packet whose addresses do not belong where it came from (R85).',
  VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS:
    'The virtual private gateway only delivers to private addresses of interfaces in its VPC (R109).',
  VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS:
    'The virtual private gateway only forwards traffic from private addresses of interfaces in its VPC (R109).',
  ELB_LISTENERS_MISMATCH: 'The load balancer has no listener for this protocol and port, so it takes nothing there.',
  ELB_NOT_CROSSZONE:
    'Cross-zone load balancing is off, so a load balancer node sends only to targets in its own Availability Zone, and there are none.',
  ENGINE_LB_NO_TARGETS:
    "The listener's target group has no registered targets, so the load balancer has nowhere to send.",
  ENGINE_GUEST_NO_ROUTE: "The VM's own routing table has no route for this destination (Network is unreachable).",
  ENGINE_GUEST_NOT_FORWARDING:
    'The packet reached a VM that does not own the address and has ip_forward off, so the VM drops it (A3).',
  ENGINE_NO_ARP_RESOLUTION:
    'Nobody answers ARP for the next hop: AWS only resolves addresses assigned to interfaces through the API (R23, A5).',
  ENGINE_BROADCAST_UNSUPPORTED: 'A VPC does not deliver broadcast frames (R121).',
  ENGINE_MULTICAST_UNSUPPORTED:
    'A VPC does not forward multicast; only a transit gateway multicast domain does (R122).',
  ENGINE_MULTICAST_NO_MEMBERS:
    'The multicast group has no member in the transit gateway multicast domain to copy it to (R104).',
  ENGINE_MULTICAST_NOT_SOURCE:
    'The multicast domain takes only registered static sources, and this interface is not one for the group (R104).',
  ENGINE_TARGET_NOT_RUNNING:
    'The interface belongs to an instance that is stopped, crashed or missing, so nothing takes the packet (A7).',
  ENGINE_APPLIANCE_NO_STATE:
    'A stateful appliance saw a reply for a connection whose first packet never passed through it.',
  ENGINE_NATGW_NO_MAPPING:
    'The NAT gateway has no translation for this packet: it never accepts connections from outside (R62).',
  ENGINE_NATGW_IDLE_TIMEOUT:
    'The connection sat idle for more than 350 s, so the NAT gateway forgot it and answers with a TCP RST (R64).',
  ENGINE_NATGW_UNSUPPORTED_PROTOCOL: 'A NAT gateway translates only TCP, UDP and ICMP (R61).',
  ENGINE_VGW_UNKNOWN_PREFIX: 'The virtual private gateway knows no VPN route for this destination (R107).',
  ENGINE_VPN_TUNNEL_DOWN:
    'The tunnel this packet was sent on is down, and its BGP session has not yet timed out: nobody has noticed (R105, R108).',
  ENGINE_VPN_NO_BGP_ROUTE:
    'The on-premises router has no route to this address over the VPN: no BGP session is up on any tunnel (R105).',
  ENGINE_BAD_SOURCE_MAC: "The frame's source MAC is not the interface's assigned MAC, so the VPC drops it (R21).",
  ENGINE_GUEST_MAC_MISMATCH:
    'The guest changed its MAC, so frames sent to the AWS-assigned MAC no longer reach its stack (R21).',
  ENGINE_GUEST_LINK_DOWN:
    'The guest set this interface down (ip link set … down): it neither sends nor receives until it is set up again.',
  ENGINE_NO_HOST_AT_ADDRESS:
    'No interface owns this address: it is inside the VPC but nothing was assigned it through the API.',
  ENGINE_PRIVATE_ADDRESS_ON_INTERNET: 'The internet does not route private (RFC 1918) addresses to anyone.',
  ENGINE_TTL_EXCEEDED: 'The packet went round in a loop until its TTL ran out.',
  ENGINE_NOT_MODELLED: 'The path crosses a resource this version of the engine does not forward through yet.',
  ENGINE_PORT_CLOSED: 'Nothing listens on this port, so the host sends no reply.',
} as const;

export type DropCode = keyof typeof DROP_CODES;

/** The one-line explanation of a drop code, for learners. */
export function explainDrop(code: string): string {
  return (DROP_CODES as Record<string, string>)[code] ?? 'Unknown drop code.';
}
