import { z } from 'zod';
import { parseCidr, parseIp } from '../net/ipv4';
import { PROTOCOL_NUMBERS } from '../net/protocols';

/** A resource id: a non-empty string without spaces. */
export const IdSchema = z.string().min(1, 'must not be empty').regex(/^\S+$/, 'must not contain spaces');

/** A dotted-quad IPv4 address, checked by ip-num. */
export const IpTextSchema = z.string().refine((s) => parseIp(s) !== undefined, {
  message: 'is not an IPv4 address',
});

/** `a.b.c.d/n`, checked by ip-num. Host bits are allowed here and cleared later (R2). */
export const CidrTextSchema = z.string().refine((s) => parseCidr(s) !== undefined, {
  message: 'is not an IPv4 CIDR block (a.b.c.d/n)',
});

/** tcp | udp | icmp | all | an IP protocol number (112 for VRRP) | "-1". */
export const ProtocolSchema = z.union([z.number().int(), z.string()]).transform((value, ctx) => {
  const text = String(value).toLowerCase();
  if (text in PROTOCOL_NUMBERS) return PROTOCOL_NUMBERS[text as keyof typeof PROTOCOL_NUMBERS];
  const n = Number(text);
  if (text !== '' && Number.isInteger(n) && n >= -1 && n <= 255) return n;
  ctx.addIssue({ code: 'custom', message: `unknown protocol "${String(value)}" (tcp, udp, icmp, all or 0-255)` });
  return z.NEVER;
});

export interface PortRange {
  from: number;
  to: number;
}

/** A port or a range: `80`, `"1024-65535"`. */
export const PortsSchema = z.union([z.number().int(), z.string()]).transform((value, ctx): PortRange => {
  const text = String(value).trim();
  const m = /^(-?\d+)(?:\s*-\s*(\d+))?$/.exec(text);
  if (m) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from === -1 && m[2] === undefined) return { from: 0, to: 65535 };
    if (from >= 0 && to <= 65535 && from <= to) return { from, to };
  }
  ctx.addIssue({ code: 'custom', message: `"${text}" is not a port or a port range (0-65535)` });
  return z.NEVER;
});

/** A list that may be absent (every list in a lab may be empty or absent). */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).default([]);
}
