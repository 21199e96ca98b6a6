import { ipToString } from '../../net/ipv4';
import { elbId, type LoadBalancer, type TargetGroup } from '../../model/load-balancer';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { isFailure } from '../topology-edit';
import { structures } from './cli-args';
import { OWNER } from './describe-items';
import { applied, fail, ok, type OpCall, type OperationSpec, type Operation, type OpResult } from './operation';

/**
 * `aws elbv2`: internal Network Load Balancers, their listeners, target groups, targets and the
 * two attributes the data plane reads (cross-zone load balancing, client IP preservation).
 * Balancers and groups are named by ARN or by the lab's id (`net/<name>/<hex>`).
 */
export const ELBV2_SPECS = {
  'describe-load-balancers': { lists: ['load-balancer-arns', 'names'] },
  'describe-listeners': { optional: ['load-balancer-arn'], lists: ['listener-arns'] },
  'describe-target-groups': { optional: ['load-balancer-arn'], lists: ['target-group-arns', 'names'] },
  'describe-target-health': { required: ['target-group-arn'] },
  'describe-load-balancer-attributes': { required: ['load-balancer-arn'] },
  'describe-target-group-attributes': { required: ['target-group-arn'] },
  'modify-load-balancer-attributes': {
    required: ['load-balancer-arn'],
    lists: ['attributes'],
    subjects: ['load-balancer-arn'],
  },
  'modify-target-group-attributes': {
    required: ['target-group-arn'],
    lists: ['attributes'],
    subjects: ['target-group-arn'],
  },
  'register-targets': { required: ['target-group-arn'], lists: ['targets'], subjects: ['target-group-arn'] },
  'deregister-targets': { required: ['target-group-arn'], lists: ['targets'], subjects: ['target-group-arn'] },
} satisfies Record<string, OperationSpec>;

/** A balancer's or target group's ARN, from the lab's id (its resource part). */
export const arnOf = (t: Pick<Topology, 'region'>, id: string) =>
  `arn:aws:elasticloadbalancing:${t.region}:${OWNER}:${id.startsWith('targetgroup/') ? id : `loadbalancer/${id}`}`;
const nameOf = (id: string) => id.split('/')[1] ?? id;

function balancer(t: Topology, arn: string | undefined): LoadBalancer | AwsFailure {
  const lb = arn === undefined ? undefined : t.loadBalancers.find((l) => l.id === elbId(arn));
  return lb ?? { code: 'LoadBalancerNotFound', message: `Load balancer '${arn}' not found` };
}

function targetGroup(t: Topology, arn: string | undefined): TargetGroup | AwsFailure {
  const tg = arn === undefined ? undefined : t.targetGroups.find((g) => g.id === elbId(arn));
  return tg ?? { code: 'TargetGroupNotFound', message: `Target groups '${arn}' not found` };
}

const failed = (x: AwsFailure): OpResult => fail(x.code, x.message);

function describeBalancers(c: OpCall): OpResult {
  const t = c.state.topology;
  const arns = c.args.list('load-balancer-arns');
  const names = c.args.list('names');
  for (const a of arns)
    if (!t.loadBalancers.some((l) => l.id === elbId(a))) return failed(balancer(t, a) as AwsFailure);
  for (const n of names)
    if (!t.loadBalancers.some((l) => nameOf(l.id) === n))
      return fail('LoadBalancerNotFound', `Load balancers '[${n}]' not found`);
  const picked = t.loadBalancers.filter(
    (l) =>
      (arns.length === 0 || arns.some((a) => elbId(a) === l.id)) &&
      (names.length === 0 || names.includes(nameOf(l.id))),
  );
  return ok({
    LoadBalancers: picked.map((l) => ({
      LoadBalancerArn: arnOf(t, l.id),
      DNSName: `${nameOf(l.id)}-${l.id.split('/')[2] ?? ''}.elb.${t.region}.amazonaws.com`,
      LoadBalancerName: nameOf(l.id),
      Scheme: l.scheme,
      VpcId: l.vpc,
      State: { Code: 'active' },
      Type: 'network',
      AvailabilityZones: l.nodes.map((n) => {
        const node = c.state.network.enis.get(n.id);
        return {
          ZoneName: node?.subnet.az ?? '',
          SubnetId: n.subnet,
          LoadBalancerAddresses: node ? [{ PrivateIPv4Address: ipToString(node.primaryIp) }] : [],
        };
      }),
      ...(l.securityGroups.length > 0 ? { SecurityGroups: l.securityGroups } : {}),
      IpAddressType: 'ipv4',
    })),
  });
}

function listenerArn(t: Topology, lb: LoadBalancer, port: number): string {
  return `arn:aws:elasticloadbalancing:${t.region}:${OWNER}:listener/${lb.id}/${port.toString(16).padStart(16, '0')}`;
}

function describeListeners(c: OpCall): OpResult {
  const t = c.state.topology;
  const arn = c.args.get('load-balancer-arn');
  const wanted = c.args.list('listener-arns');
  if (arn === undefined && wanted.length === 0)
    return fail('ValidationError', 'You must specify either listener ARNs or a load balancer ARN');
  let lbs = t.loadBalancers;
  if (arn !== undefined) {
    const lb = balancer(t, arn);
    if (isFailure(lb)) return failed(lb);
    lbs = [lb];
  }
  const all = lbs.flatMap((lb) =>
    lb.listeners.map((l) => ({
      ListenerArn: listenerArn(t, lb, l.port),
      LoadBalancerArn: arnOf(t, lb.id),
      Port: l.port,
      Protocol: l.protocol.toUpperCase(),
      DefaultActions: [{ Type: 'forward', TargetGroupArn: arnOf(t, l.targetGroup) }],
    })),
  );
  for (const w of wanted)
    if (!all.some((l) => l.ListenerArn === w)) return fail('ListenerNotFound', `One or more listeners not found`);
  return ok({ Listeners: wanted.length > 0 ? all.filter((l) => wanted.includes(l.ListenerArn)) : all });
}

function describeGroups(c: OpCall): OpResult {
  const t = c.state.topology;
  const arn = c.args.get('load-balancer-arn');
  const arns = c.args.list('target-group-arns');
  const names = c.args.list('names');
  for (const a of arns)
    if (!t.targetGroups.some((g) => g.id === elbId(a))) return failed(targetGroup(t, a) as AwsFailure);
  let lbGroups: Set<string> | undefined;
  if (arn !== undefined) {
    const lb = balancer(t, arn);
    if (isFailure(lb)) return failed(lb);
    lbGroups = new Set(lb.listeners.map((l) => l.targetGroup));
  }
  const picked = t.targetGroups.filter(
    (g) =>
      (arns.length === 0 || arns.some((a) => elbId(a) === g.id)) &&
      (names.length === 0 || names.includes(nameOf(g.id))) &&
      (!lbGroups || lbGroups.has(g.id)),
  );
  return ok({
    TargetGroups: picked.map((g) => ({
      TargetGroupArn: arnOf(t, g.id),
      TargetGroupName: nameOf(g.id),
      Protocol: g.protocol.toUpperCase(),
      Port: g.port,
      VpcId: g.vpc,
      TargetType: g.type,
      LoadBalancerArns: t.loadBalancers
        .filter((l) => l.listeners.some((x) => x.targetGroup === g.id))
        .map((l) => arnOf(t, l.id)),
    })),
  });
}

function describeHealth(c: OpCall): OpResult {
  const t = c.state.topology;
  const g = targetGroup(t, c.args.get('target-group-arn'));
  if (isFailure(g)) return failed(g);
  const used = t.loadBalancers.some((l) => l.listeners.some((x) => x.targetGroup === g.id));
  const net = c.state.network;
  return ok({
    TargetHealthDescriptions: g.targets.map((x) => {
      const inst = net.instances.get(x.id);
      const down = inst !== undefined && (inst.state !== 'running' || c.state.world.failed.has(inst.id));
      const state = !used ? 'unused' : down ? 'unhealthy' : x.health;
      return {
        Target: { Id: x.id, Port: x.port ?? g.port },
        HealthCheckPort: String(x.port ?? g.port),
        TargetHealth: {
          State: state,
          ...(state === 'unused' ? { Reason: 'Target.NotInUse' } : {}),
          ...(state === 'unhealthy' ? { Reason: 'Target.FailedHealthChecks' } : {}),
        },
      };
    }),
  });
}

function attributesOf(c: OpCall, kind: 'lb' | 'tg'): OpResult {
  const t = c.state.topology;
  if (kind === 'lb') {
    const lb = balancer(t, c.args.get('load-balancer-arn'));
    if (isFailure(lb)) return failed(lb);
    return ok({ Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: String(lb.crossZone) }] });
  }
  const g = targetGroup(t, c.args.get('target-group-arn'));
  if (isFailure(g)) return failed(g);
  const preserve = g.preserveClientIp ?? (g.type === 'instance' || g.protocol === 'udp');
  return ok({ Attributes: [{ Key: 'preserve_client_ip.enabled', Value: String(preserve) }] });
}

/** `--attributes Key=…,Value=…`: only the attribute the data plane reads may change. */
function modifyAttributes(c: OpCall, kind: 'lb' | 'tg'): OpResult {
  const given = structures(c.args.list('attributes'), 'attributes');
  if ('error' in given) return fail('ValidationError', given.error);
  const key = kind === 'lb' ? 'load_balancing.cross_zone.enabled' : 'preserve_client_ip.enabled';
  let value: boolean | undefined;
  for (const a of given) {
    if (a.Key !== key)
      return fail('ValidationError', `Attribute '${String(a.Key)}' is not modelled here: only '${key}'`);
    if (a.Value !== 'true' && a.Value !== 'false')
      return fail('ValidationError', `Attribute '${key}' takes true or false, not '${String(a.Value)}'`);
    value = a.Value === 'true';
  }
  if (value === undefined) return fail('ValidationError', 'No attributes given');
  const v = value;
  const edit = (t: Topology): AwsFailure | void => {
    if (kind === 'lb') {
      const lb = balancer(t, c.args.get('load-balancer-arn'));
      if (isFailure(lb)) return lb;
      lb.crossZone = v;
    } else {
      const g = targetGroup(t, c.args.get('target-group-arn'));
      if (isFailure(g)) return g;
      g.preserveClientIp = v;
    }
  };
  return applied(c, edit, { Attributes: [{ Key: key, Value: String(v) }] });
}

/** `register-targets` / `deregister-targets --targets Id=i-…[,Port=22]`. */
function registerTargets(c: OpCall, register: boolean): OpResult {
  const given = structures(c.args.list('targets'), 'targets');
  if ('error' in given) return fail('ValidationError', given.error);
  if (given.length === 0) return fail('ValidationError', 'No targets given');
  return applied(c, (t) => {
    const g = targetGroup(t, c.args.get('target-group-arn'));
    if (isFailure(g)) return g;
    for (const x of given) {
      const id = typeof x.Id === 'string' ? x.Id : undefined;
      const port = x.Port === undefined ? undefined : Number(x.Port);
      if (!id) return { code: 'ValidationError', message: 'Each target needs an Id' };
      if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
        return { code: 'ValidationError', message: `Port ${String(x.Port)} is not a port (1-65535)` };
      if (g.type === 'instance' && !t.instances.some((i) => i.id === id))
        return { code: 'InvalidTarget', message: `The following targets are not valid instances: '${id}'` };
      const same = (y: TargetGroup['targets'][number]) =>
        y.id === id && (port === undefined || (y.port ?? g.port) === port);
      if (register) {
        if (!g.targets.some(same)) g.targets.push({ id, ...(port !== undefined ? { port } : {}), health: 'healthy' });
      } else g.targets = g.targets.filter((y) => !same(y));
    }
  });
}

export const ELBV2_OPERATION_LIST: Operation[] = [
  { name: 'describe-load-balancers', ...ELBV2_SPECS['describe-load-balancers'], run: describeBalancers },
  { name: 'describe-listeners', ...ELBV2_SPECS['describe-listeners'], run: describeListeners },
  { name: 'describe-target-groups', ...ELBV2_SPECS['describe-target-groups'], run: describeGroups },
  { name: 'describe-target-health', ...ELBV2_SPECS['describe-target-health'], run: describeHealth },
  {
    name: 'describe-load-balancer-attributes',
    ...ELBV2_SPECS['describe-load-balancer-attributes'],
    run: (c) => attributesOf(c, 'lb'),
  },
  {
    name: 'describe-target-group-attributes',
    ...ELBV2_SPECS['describe-target-group-attributes'],
    run: (c) => attributesOf(c, 'tg'),
  },
  {
    name: 'modify-load-balancer-attributes',
    ...ELBV2_SPECS['modify-load-balancer-attributes'],
    run: (c) => modifyAttributes(c, 'lb'),
  },
  {
    name: 'modify-target-group-attributes',
    ...ELBV2_SPECS['modify-target-group-attributes'],
    run: (c) => modifyAttributes(c, 'tg'),
  },
  { name: 'register-targets', ...ELBV2_SPECS['register-targets'], run: (c) => registerTargets(c, true) },
  { name: 'deregister-targets', ...ELBV2_SPECS['deregister-targets'], run: (c) => registerTargets(c, false) },
];

export const ELBV2_OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  ELBV2_OPERATION_LIST.map((op) => [op.name, op]),
);
