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

/** Linux's routing tables by name: `local` (255), `main` (254), `default` (253). */
export const MAIN_TABLE = 254;

/** A static route in the guest's own routing table (A3, A5). */
export const GuestRouteSchema = z.strictObject({
  destination: z.union([CidrTextSchema, z.literal('default')]).transform((d) => (d === 'default' ? '0.0.0.0/0' : d)),
  via: IpTextSchema.optional(),
  dev: z.string().optional(),
  onlink: z.boolean().default(false),
  metric: z.number().int().min(0).optional(),
  /** the routing table it is in: 254 is `main` (`ip route … table N`) */
  table: z.number().int().min(1).max(4294967295).default(MAIN_TABLE),
});
export type GuestRoute = z.infer<typeof GuestRouteSchema>;

/**
 * A policy routing rule (`ip rule add from 10.0.2.10 table 100 priority 100`): packets it
 * matches are looked up in its table first; the kernel's own rules (0 local, 32766 main,
 * 32767 default) are implicit.
 */
export const GuestRuleSchema = z.strictObject({
  priority: z.number().int().min(1).max(32765),
  from: CidrTextSchema.optional(),
  to: CidrTextSchema.optional(),
  table: z.number().int().min(1).max(4294967295),
});
export type GuestRule = z.infer<typeof GuestRuleSchema>;

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
    .array(
      z.strictObject({
        ip: IpTextSchema,
        remoteAsn: z.number().int().min(1).max(4294967295),
        /** FRR's `neighbor X default-originate`: announce 0.0.0.0/0 to this neighbour, whatever the table holds */
        defaultOriginate: z.boolean().optional(),
        /** an outbound route-map prepending the speaker's own AS this many times to every path sent to this neighbour */
        prependOut: z.number().int().min(1).max(32).optional(),
        /** FRR's `neighbor X bfd`: BFD watches the session (up only if the other side runs it too; A-RS3) */
        bfd: z.boolean().optional(),
      }),
    )
    .default([]),
  networks: z.array(BgpNetworkSchema).default([]),
});
export type BgpConfig = z.infer<typeof BgpConfigSchema>;

/**
 * Where a notify command's program lives on a Debian guest. keepalived runs what it is given;
 * the model keeps the bare name (`arping …`), and the configuration file prints the full path,
 * as keepalived recommends ("Please specify full path").
 */
export const PROGRAM_PATHS: Readonly<Record<string, string>> = {
  arping: '/usr/sbin/arping',
  aws: '/usr/local/bin/aws',
  ip: '/usr/sbin/ip',
  ping: '/usr/bin/ping',
  logger: '/usr/bin/logger',
  echo: '/usr/bin/echo',
  true: '/usr/bin/true',
  false: '/usr/bin/false',
  sysctl: '/usr/sbin/sysctl',
  iptables: '/usr/sbin/iptables',
  systemctl: '/usr/bin/systemctl',
};

/** A command with its program's well-known path taken off (`/usr/sbin/arping -U …` → `arping -U …`). */
export function bareCommand(cmd: string): string {
  const trimmed = cmd.trim();
  const m = /^(\S+)(.*)$/s.exec(trimmed);
  if (!m) return trimmed;
  const [, program, rest] = m as unknown as [string, string, string];
  const name = program.slice(program.lastIndexOf('/') + 1);
  return PROGRAM_PATHS[name] === program ? `${name}${rest}` : trimmed;
}

const NotifySchema = z.array(z.string().min(1).transform(bareCommand)).default([]);

/**
 * A keepalived VRRP instance (R117); multicast when it has no peers. Every field has the value
 * keepalived would use, so the model and `/etc/keepalived/keepalived.conf` say the same thing.
 */
export const VrrpConfigSchema = z
  .strictObject({
    /** the `vrrp_instance` name keepalived logs with (`(EDGE) Entering MASTER STATE`) */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'is not a vrrp_instance name (letters, digits, _ . -)')
      .optional(),
    mode: z.enum(['unicast', 'multicast']).optional(),
    /** the state keepalived starts in: BACKUP waits for the master-down timer, MASTER takes over at once */
    state: z.enum(['BACKUP', 'MASTER']).default('BACKUP'),
    group: z.number().int().min(1).max(255),
    priority: z.number().int().min(1).max(255).default(100),
    /** keepalived's advert_int: VRRPv3 counts centiseconds, so 0.01 s to 40.95 s */
    advertInterval: z
      .number()
      .min(0.01, "keepalived's shortest advert_int is 0.01 s (VRRPv3 counts centiseconds)")
      .max(40.95, "keepalived's longest advert_int is 40.95 s")
      .default(1),
    /** false: `nopreempt`, a backup never takes over from a lower-priority master */
    preempt: z.boolean().default(true),
    peers: z.array(IpTextSchema).default([]),
    vip: IpTextSchema,
    /** the interface keepalived runs on; by default the one whose subnet holds the VIP */
    dev: z.string().optional(),
    /** what `notify_master` runs: commands, or the path of a script in `os.files` */
    onMaster: NotifySchema,
    onBackup: NotifySchema,
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'multicast' && v.peers.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['peers'],
        message: 'peers are unicast peers: use mode: unicast, or remove them for multicast',
      });
  })
  .transform((v) => ({
    ...v,
    name: v.name ?? `VI_${v.group}`,
    mode: v.mode ?? (v.peers.length > 0 ? ('unicast' as const) : ('multicast' as const)),
  }));
export type VrrpConfig = z.infer<typeof VrrpConfigSchema>;

/** Files the learner wrote that no daemon owns (a notify script): a few, small, absolute paths. */
export const GuestFilesSchema = z
  .record(
    z
      .string()
      .regex(/^\/(?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+$/, 'is not an absolute file path')
      .refine((p) => !p.split('/').includes('..'), 'may not contain ..'),
    z.string().max(8192, 'a file here holds at most 8 kB'),
  )
  .refine((files) => Object.keys(files).length <= 16, 'a guest holds at most 16 files of its own')
  .default({});

/**
 * What the running guest holds but a reboot forgets unless its configuration says it: changes
 * made with `ip`, `sysctl -w` and `iptables` (boot-state.ts). Files and `configure` persist.
 */
const RuntimeShape = {
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
  /** policy routing rules beyond the kernel's own (`ip rule add`) */
  rules: z.array(GuestRuleSchema).default([]),
  /** devices set down (`ip link set dev eth1 down`): they neither send nor receive */
  linksDown: z.array(z.string()).default([]),
  /** addresses DHCP gave the ENIs that `ip addr del` removed from the guest (the ENI keeps them) */
  removedAddresses: z.array(IpTextSchema).default([]),
  /** net.ipv4.ip_local_port_range: where a client's source ports come from */
  localPortRange: z
    .tuple([z.number().int().min(1).max(65535), z.number().int().min(1).max(65535)])
    .refine(([a, b]) => a <= b, 'the first port must not be above the second')
    .default([32768, 60999]),
  nat: z.strictObject({ masquerade: z.string() }).optional(),
  firewall: z.enum(['stateful', 'none']).default('none'),
};

/** The fields a reboot puts back: RuntimeShape's keys. */
export const RUNTIME_FIELDS = Object.keys(RuntimeShape) as (keyof typeof RuntimeShape)[];

/** What is configured INSIDE the VM (A3). AWS knows none of it. */
export const GuestOsSchema = z.strictObject({
  ...RuntimeShape,
  listen: z.array(ListenSchema).optional(),
  /**
   * The runtime fields as the guest's configuration had them, kept from the first change made
   * at run time until the next reboot, which puts them back (boot-state.ts).
   */
  boot: z.strictObject(RuntimeShape).partial().optional(),
  policyRouting: z.enum(['per-eni', 'none']).default('none'),
  bgp: BgpConfigSchema.optional(),
  vrrp: VrrpConfigSchema.optional(),
  /** scripts and other files the learner wrote, by path (keepalived's notify scripts) */
  files: GuestFilesSchema,
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
