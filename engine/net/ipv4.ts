import { IPv4, IPv4CidrRange, Validator } from 'ip-num';

/**
 * IPv4 addresses enter the engine as text and are parsed and validated by ip-num, once.
 * Past the edge the engine works on unsigned 32-bit integers derived from ip-num's values:
 * ip-num's object API is far too slow for the data plane's hot path (measured: ~4 µs per
 * parse, while an integer comparison costs nanoseconds).
 */
export type Ip = number;

/** A canonical IPv4 block: `base` has no host bits set. */
export interface Cidr {
  readonly base: Ip;
  readonly prefix: number;
  /** the last address of the block */
  readonly last: Ip;
  readonly text: string;
}

const ipCache = new Map<string, Ip | null>();
const cidrCache = new Map<string, { cidr: Cidr; canonical: boolean } | null>();

/** Parses a dotted-quad IPv4 address with ip-num; undefined when it is not one. */
export function parseIp(text: string): Ip | undefined {
  const cached = ipCache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  let value: Ip | null = null;
  if (typeof text === 'string' && Validator.isValidIPv4String(text)[0]) {
    value = Number(IPv4.fromString(text).getValue());
  }
  remember(ipCache, text, value);
  return value ?? undefined;
}

/**
 * Parses `a.b.c.d/n` with ip-num. AWS silently clears host bits (R2, R39), so the result is
 * canonical; `canonical` says whether the text already was.
 */
export function parseCidr(text: string): { cidr: Cidr; canonical: boolean } | undefined {
  const cached = cidrCache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  let value: { cidr: Cidr; canonical: boolean } | null = null;
  if (typeof text === 'string' && /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) {
    const [addr, len] = text.split('/') as [string, string];
    const prefix = Number(len);
    if (prefix <= 32 && Validator.isValidIPv4String(addr)[0]) {
      const range = IPv4CidrRange.fromCidr(`${addr}/${prefix}`);
      const base = Number(range.getFirst().getValue());
      const cidr = makeCidr(base, prefix);
      value = { cidr, canonical: Number(IPv4.fromString(addr).getValue()) === base };
    }
  }
  remember(cidrCache, text, value);
  return value ?? undefined;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size > 200_000) cache.clear();
  cache.set(key, value);
}

/** Builds a canonical block from an integer base (host bits are cleared). */
export function makeCidr(base: Ip, prefix: number): Cidr {
  const mask = maskOf(prefix);
  const b = (base & mask) >>> 0;
  const last = (b | (~mask >>> 0)) >>> 0;
  return { base: b, prefix, last, text: `${ipToString(b)}/${prefix}` };
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Formats an integer address as a dotted quad. */
export function ipToString(ip: Ip): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function cidrContains(outer: Cidr, ip: Ip): boolean {
  return ip >= outer.base && ip <= outer.last;
}

export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && inner.last <= outer.last;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= b.last && b.base <= a.last;
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.base === b.base && a.prefix === b.prefix;
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!.cidr);
const RFC6598 = parseCidr('100.64.0.0/10')!.cidr;
const MULTICAST = parseCidr('224.0.0.0/4')!.cidr;
const LINK_LOCAL_RESERVED = parseCidr('169.254.168.0/22')!.cidr;

/** RFC 1918 private space (the IGW refuses it both ways, R55, R56). */
export function isRfc1918(ip: Ip): boolean {
  return RFC1918.some((c) => cidrContains(c, ip));
}

/** RFC 6598 shared address space (carrier-grade NAT), also refused by the IGW. */
export function isRfc6598(ip: Ip): boolean {
  return cidrContains(RFC6598, ip);
}

export function isMulticast(ip: Ip): boolean {
  return cidrContains(MULTICAST, ip);
}

/** 169.254.168.0/22 holds AWS's own services; routes may not point into it (R9). */
export function inReservedLinkLocal(c: Cidr): boolean {
  return cidrOverlaps(c, LINK_LOCAL_RESERVED) && c.prefix >= LINK_LOCAL_RESERVED.prefix;
}

export function isInReservedLinkLocal(ip: Ip): boolean {
  return cidrContains(LINK_LOCAL_RESERVED, ip);
}

/** 169.254.169.253, the Amazon resolver's link-local address (R10). */
export const AMAZON_DNS_LINK_LOCAL: Ip = parseIp('169.254.169.253')!;
/** 169.254.169.254, the instance metadata service. */
export const IMDS_IP: Ip = parseIp('169.254.169.254')!;
export const LIMITED_BROADCAST: Ip = 0xffffffff;
/** 0.0.0.0/0: every IPv4 address (a default route, a rule for anywhere). */
export const ANY_IPV4: Cidr = parseCidr('0.0.0.0/0')!.cidr;
