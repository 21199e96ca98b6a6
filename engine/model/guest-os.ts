import { z } from 'zod';
import { CidrTextSchema, IpTextSchema, PortsSchema, type PortRange } from './common';
import { parseIp } from '../net/ipv4';

export interface Listener {
  /** 6 (tcp), 17 (udp), or -1 for both */
  protocol: number;
  ports: PortRange;
}

/** `tcp/443`, `udp/53`, `tcp/8000-8080`, or `*` (every port of every protocol). */
export const ListenSchema = z.string().transform((text, ctx): Listener => {
  if (text === '*' || text === 'all') return { protocol: -1, ports: { from: 0, to: 65535 } };
  const m = /^(tcp|udp)\/(\*|\d+(?:-\d+)?)$/.exec(text.trim().toLowerCase());
  if (m) {
    const protocol = m[1] === 'tcp' ? 6 : 17;
    if (m[2] === '*') return { protocol, ports: { from: 0, to: 65535 } };
    const parsed = PortsSchema.safeParse(m[2]);
    if (parsed.success) return { protocol, ports: parsed.data };
  }
  ctx.addIssue({ code: 'custom', message: `"${text}" is not a listener (tcp/443, udp/53, tcp/8000-8080)` });
  return z.NEVER;
});

/** An address configured inside the guest only: `10.0.1.50` or `{ ip: 192.168.50.1/32, dev: lo }`. */
export const GuestAddressSchema = z
  .union([z.string(), z.strictObject({ ip: z.string(), dev: z.string().default('eth0') })])
  .transform((value, ctx) => {
    const raw = typeof value === 'string' ? { ip: value, dev: 'eth0' } : value;
    const [addr, len] = raw.ip.split('/');
    const ip = addr === undefined ? undefined : parseIp(addr);
    const prefix = len === undefined ? 32 : Number(len);
    if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
      ctx.addIssue({ code: 'custom', message: `"${raw.ip}" is not an address (10.0.1.50 or 192.168.50.1/32)` });
      return z.NEVER;
    }
    return { ip: addr as string, prefix, dev: raw.dev };
  });
export type GuestAddress = z.infer<typeof GuestAddressSchema>;

/** A static route in the guest's own routing table (A3, A5). */
export const GuestRouteSchema = z.strictObject({
  destination: z.union([CidrTextSchema, z.literal('default')]).transform((d) => (d === 'default' ? '0.0.0.0/0' : d)),
  via: IpTextSchema.optional(),
  dev: z.string().optional(),
  onlink: z.boolean().default(false),
  metric: z.number().int().min(0).optional(),
});
export type GuestRoute = z.infer<typeof GuestRouteSchema>;

const BgpNetworkSchema = z.union([
  CidrTextSchema.transform((prefix) => ({ prefix, asPathPrepend: 0 })),
  z.strictObject({ prefix: CidrTextSchema, asPathPrepend: z.number().int().min(0).max(32).default(0) }),
]);

/** A BGP speaker in the guest (R28, R120); its behaviour lives in the control plane. */
export const BgpConfigSchema = z.strictObject({
  asn: z.number().int().min(1).max(4294967295),
  routerId: IpTextSchema.optional(),
  holdTime: z.number().positive().default(9),
  keepalive: z.number().positive().default(3),
  neighbors: z
    .array(z.strictObject({ ip: IpTextSchema, remoteAsn: z.number().int().min(1).max(4294967295) }))
    .default([]),
  networks: z.array(BgpNetworkSchema).default([]),
});
export type BgpConfig = z.infer<typeof BgpConfigSchema>;

/** A keepalived-like VRRP instance (R117); multicast when it has no peers. */
export const VrrpConfigSchema = z.strictObject({
  mode: z.enum(['unicast', 'multicast']).optional(),
  group: z.number().int().min(1).max(255),
  priority: z.number().int().min(1).max(255).default(100),
  /** keepalived's advert_int: VRRPv3 counts centiseconds, so 0.01 s to 40.95 s */
  advertInterval: z
    .number()
    .min(0.01, "keepalived's shortest advert_int is 0.01 s (VRRPv3 counts centiseconds)")
    .max(40.95, "keepalived's longest advert_int is 40.95 s")
    .default(1),
  peers: z.array(IpTextSchema).default([]),
  vip: IpTextSchema,
  /** the interface keepalived runs on; by default the one whose subnet holds the VIP */
  dev: z.string().optional(),
  onMaster: z.array(z.string()).default([]),
  onBackup: z.array(z.string()).default([]),
});
export type VrrpConfig = z.infer<typeof VrrpConfigSchema>;

/** What is configured INSIDE the VM (A3). AWS knows none of it. */
export const GuestOsSchema = z.strictObject({
  ipForward: z.boolean().default(false),
  /** false once `ip route del default` removed the route DHCP installs (A3) */
  defaultRoute: z.boolean().default(true),
  /** MACs set inside the guest (`ip link set dev eth1 address ...`), by device (R21) */
  macs: z
    .record(
      z.string(),
      z
        .string()
        .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, 'is not a MAC address')
        .transform((m) => m.toLowerCase()),
    )
    .default({}),
  addresses: z.array(GuestAddressSchema).default([]),
  routes: z.array(GuestRouteSchema).default([]),
  listen: z.array(ListenSchema).optional(),
  nat: z.strictObject({ masquerade: z.string() }).optional(),
  firewall: z.enum(['stateful', 'none']).default('none'),
  policyRouting: z.enum(['per-eni', 'none']).default('none'),
  bgp: BgpConfigSchema.optional(),
  vrrp: VrrpConfigSchema.optional(),
  /** addresses a daemon configured at run time (a VRRP master's VIP), not configuration */
  daemonAddresses: z.array(GuestAddressSchema).default([]),
  /** routes a daemon installed at run time (`proto bgp`), not configuration */
  daemonRoutes: z.array(GuestRouteSchema).default([]),
});
export type GuestOs = z.infer<typeof GuestOsSchema>;

export const DEFAULT_GUEST_OS: GuestOs = GuestOsSchema.parse({});

/**
 * A change to a guest's configuration (`configure` steps): only the fields given, with no
 * defaults filled in, so an omitted field keeps its current value.
 */
export const GuestOsPatchSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(GuestOsSchema.shape).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional(),
    ]),
  ),
) as unknown as z.ZodType<Partial<GuestOs>>;
