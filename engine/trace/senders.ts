import type {
  ExternalHostNode,
  InstanceNode,
  InternetGatewayNode,
  NatGatewayNode,
  Network,
  SubnetNode,
  VpcNode,
  VpnGatewayNode,
  EniNode,
  VpcEndpointNode,
} from '../network/network';

/** Where a packet starts: a host, the internet, or a resource it is injected at. */
export type Sender =
  | { kind: 'instance'; instance: InstanceNode; eni?: EniNode }
  | { kind: 'external'; host: ExternalHostNode }
  | { kind: 'internet' }
  | { kind: 'subnet'; subnet: SubnetNode }
  | { kind: 'vpc'; vpc: VpcNode }
  | { kind: 'igw'; igw: InternetGatewayNode }
  | { kind: 'vgw'; vgw: VpnGatewayNode }
  | { kind: 'nat'; nat: NatGatewayNode }
  /** an AWS service answering through a VPC endpoint (an interface endpoint's ENI, or a gateway endpoint) */
  | { kind: 'endpoint'; endpoint: VpcEndpointNode; eni?: EniNode };

/** A sender by id: what state kept across rebuilds (named flows, snapshots) holds. */
export type SenderRef =
  | { kind: 'instance'; id: string; eni?: string }
  | { kind: 'internet' }
  | { kind: 'external' | 'subnet' | 'vpc' | 'igw' | 'vgw' | 'nat'; id: string }
  | { kind: 'endpoint'; id: string; eni?: string };

export function senderRef(sender: Sender): SenderRef {
  if (sender.kind === 'internet') return { kind: 'internet' };
  if (sender.kind === 'endpoint')
    return sender.eni
      ? { kind: 'endpoint', id: sender.endpoint.id, eni: sender.eni.id }
      : { kind: 'endpoint', id: sender.endpoint.id };
  if (sender.kind === 'instance')
    return sender.eni
      ? { kind: 'instance', id: sender.instance.id, eni: sender.eni.id }
      : { kind: 'instance', id: sender.instance.id };
  return { kind: sender.kind, id: senderId(sender) };
}

/**
 * The sender a reference names in a network: an API call rebuilds the network, so a named
 * flow finds its endpoints again by id. Undefined when the sender no longer exists.
 */
export function bindSender(ref: SenderRef, network: Network): Sender | undefined {
  if (ref.kind === 'internet') return { kind: 'internet' };
  if (ref.kind === 'instance') {
    const instance = network.instances.get(ref.id);
    if (!instance) return undefined;
    const eni = ref.eni ? network.enis.get(ref.eni) : undefined;
    return eni ? { kind: 'instance', instance, eni } : { kind: 'instance', instance };
  }
  if (ref.kind === 'endpoint') {
    const endpoint = network.vpcEndpoints.get(ref.id);
    const eni = ref.eni ? network.enis.get(ref.eni) : undefined;
    if (!endpoint || (ref.eni && !eni)) return undefined;
    return eni ? { kind: 'endpoint', endpoint, eni } : { kind: 'endpoint', endpoint };
  }
  const [index, field] = SENDER_NODES[ref.kind];
  const node = network[index].get(ref.id);
  return node && ({ kind: ref.kind, [field]: node } as Sender);
}

/** Where each kind of injected sender is found in a network, and the field that holds it. */
const SENDER_NODES = {
  external: ['externalHosts', 'host'],
  subnet: ['subnets', 'subnet'],
  vpc: ['vpcs', 'vpc'],
  igw: ['internetGateways', 'igw'],
  vgw: ['vpnGateways', 'vgw'],
  nat: ['natGateways', 'nat'],
} as const satisfies Record<
  Exclude<SenderRef['kind'], 'instance' | 'internet' | 'endpoint'>,
  readonly [keyof Network, string]
>;

/** The id a sender is known by in traces. */
export function senderId(sender: Sender): string {
  switch (sender.kind) {
    case 'instance':
      return sender.instance.id;
    case 'external':
      return sender.host.id;
    case 'internet':
      return 'internet';
    case 'subnet':
      return sender.subnet.id;
    case 'vpc':
      return sender.vpc.id;
    case 'igw':
      return sender.igw.id;
    case 'vgw':
      return sender.vgw.id;
    case 'nat':
      return sender.nat.id;
    case 'endpoint':
      return sender.endpoint.id;
  }
}
