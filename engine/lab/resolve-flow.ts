import { parseIp, type Ip } from '../net/ipv4';
import type { Network } from '../network/network';
import type { FlowExpect } from '../model/expect';
import type { Sender } from '../trace/flow';
import { ICMP, TCP, UDP, type Packet } from '../trace/types';
import { DEFAULT_TTL } from '../trace/flow';

/** An injected packet's default source (lab-format.md): TEST-NET-1. */
const INJECTED_SOURCE = parseIp('192.0.2.1')!;
/** The client port when a test names none (lab-format.md). */
export const DEFAULT_SOURCE_PORT = 49152;
/** The echo identifier of the engine's ping. */
const ICMP_ID = 1;

export type Resolved = { ok: true; sender: Sender; packet: Packet } | { ok: false; error: string };

/** Turns an expectation's `from`, `to` and protocol into a sender and a first packet. */
export function resolveFlow(network: Network, e: FlowExpect): Resolved {
  const sender = resolveSender(network, e.from!);
  if (typeof sender === 'string') return { ok: false, error: sender };
  const dst = resolveAddress(network, e.to!);
  if (dst === undefined)
    return { ok: false, error: `to: "${e.to}" is not an address, an instance or an external host` };
  const src = e.fromIp !== undefined ? parseIp(e.fromIp)! : defaultSource(sender);
  const protocol = e.protocol!;
  if ((protocol === TCP || protocol === UDP) && e.port === undefined)
    return { ok: false, error: 'port: required for tcp and udp' };
  const isPorts = protocol === TCP || protocol === UDP;
  const packet: Packet = {
    src,
    dst,
    protocol,
    srcPort: isPorts ? (e.sourcePort ?? DEFAULT_SOURCE_PORT) : protocol === ICMP ? ICMP_ID : 0,
    dstPort: isPorts ? e.port! : protocol === ICMP ? ICMP_ID : 0,
    ttl: DEFAULT_TTL,
  };
  return { ok: true, sender, packet };
}

function defaultSource(sender: Sender): Ip {
  if (sender.kind === 'instance') return (sender.eni ?? sender.instance.enis[0]!).primaryIp;
  if (sender.kind === 'external') return sender.host.ip;
  return INJECTED_SOURCE;
}

/** Where a packet can start: a host, `internet`, or any resource it can be injected at. */
export function resolveSender(network: Network, id: string): Sender | string {
  if (id === 'internet') return { kind: 'internet' };
  const instance = network.instances.get(id);
  if (instance) {
    if (instance.enis.length === 0) return `from: ${id} has no network interface`;
    return { kind: 'instance', instance };
  }
  const eni = network.enis.get(id);
  if (eni)
    return eni.instance
      ? { kind: 'instance', instance: eni.instance, eni }
      : `from: ${id} is not attached to an instance`;
  const host = network.externalHosts.get(id);
  if (host) return { kind: 'external', host };
  const subnet = network.subnets.get(id);
  if (subnet) return { kind: 'subnet', subnet };
  const vpc = network.vpcs.get(id);
  if (vpc) return { kind: 'vpc', vpc };
  const igw = network.internetGateways.get(id);
  if (igw) return { kind: 'igw', igw };
  const vgw = network.vpnGateways.get(id);
  if (vgw) return { kind: 'vgw', vgw };
  const nat = network.natGateways.get(id);
  if (nat) return { kind: 'nat', nat };
  return `from: unknown resource "${id}"`;
}

/** An address, or the primary private IP of an instance / ENI / NAT gateway, or an external host's. */
export function resolveAddress(network: Network, to: string): Ip | undefined {
  const ip = parseIp(to);
  if (ip !== undefined) return ip;
  const instance = network.instances.get(to);
  if (instance?.enis[0]) return instance.enis[0].primaryIp;
  const eni = network.enis.get(to);
  if (eni) return eni.primaryIp;
  const host = network.externalHosts.get(to);
  if (host) return host.ip;
  const nat = network.natGateways.get(to);
  if (nat) return nat.privateIp;
  return undefined;
}
