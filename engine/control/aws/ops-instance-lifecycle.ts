import { spec } from './operation-specs';
import { parseIp } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { nextPublicIp } from '../public-ips';
import { rebootInstance } from '../reboot';
import { eniIn, instanceIn, isFailure, notFound, securityGroupIn } from '../topology-edit';
import { OWNER } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Creating and deleting what instances use: security groups, network interfaces, Elastic IPs,
 * and the instances' own end (terminate) and reboot, with the EC2 API reference's refusals.
 */

/** The VPC's default security group: declared, or the implicit `sg-default-<vpc>` (topology-edit.ts). */
function defaultGroup(t: Topology, vpc: string): string {
  return t.securityGroups.find((g) => g.vpc === vpc && g.default)?.id ?? `sg-default-${vpc}`;
}

/** A group name is unique within its VPC, and `default` is taken by the VPC's own group. */
function createGroup(call: OpCall): OpResult {
  const name = call.args.get('group-name')!;
  const description = call.args.get('description')!;
  const id = call.state.newId('sg-', call.stepId);
  const r = applied(call, (t) => {
    const vpc = call.args.get('vpc-id') ?? t.vpcs[0]?.id;
    if (!vpc || !t.vpcs.some((v) => v.id === vpc))
      return vpc
        ? notFound('InvalidVpcID.NotFound', 'vpc ID', vpc)
        : { code: 'VPCIdNotSpecified', message: 'No default VPC for this user' };
    if (name.toLowerCase() === 'default' || name.toLowerCase().startsWith('sg-'))
      return { code: 'InvalidParameterValue', message: `Group names may not be in the format sg-* or be 'default'` };
    if (t.securityGroups.some((g) => g.vpc === vpc && g.name === name))
      return {
        code: 'InvalidGroup.Duplicate',
        message: `The security group '${name}' already exists for VPC '${vpc}'`,
      };
    // a new group allows nothing in and everything out (R67)
    t.securityGroups.push({
      id,
      vpc,
      name,
      description,
      default: false,
      inbound: [],
      outbound: [{ protocol: -1, destination: '0.0.0.0/0' }],
    });
    return undefined;
  });
  return r.ok
    ? ok({ GroupId: id, SecurityGroupArn: `arn:aws:ec2:${call.state.topology.region}:${OWNER}:security-group/${id}` })
    : r;
}

/** A group in use by an interface, or named by another group's rule, cannot go; nor the default one. */
function deleteGroup(call: OpCall): OpResult {
  const byId = call.args.get('group-id');
  const byName = call.args.get('group-name');
  return applied(call, (t) => {
    const id = byId ?? t.securityGroups.find((g) => g.name === byName)?.id;
    if (!id)
      return { code: 'InvalidGroup.NotFound', message: `The security group '${byName}' does not exist in default VPC` };
    const group = securityGroupIn(t, id);
    if (isFailure(group)) return group;
    if (group.default)
      return {
        code: 'CannotDelete',
        message: `the specified group: "${id}" name: "default" cannot be deleted by a user`,
      };
    const enis = [...t.instances.flatMap((i) => i.interfaces), ...t.networkInterfaces];
    const referenced = t.securityGroups.some(
      (g) =>
        g !== group &&
        [...(g.inbound ?? []).map((r) => r.source), ...(g.outbound ?? []).map((r) => r.destination)].includes(id),
    );
    if (enis.some((n) => n.securityGroups.includes(id)) || referenced)
      return { code: 'DependencyViolation', message: `resource ${id} has a dependent object` };
    t.securityGroups = t.securityGroups.filter((g) => g !== group);
    delete t.tags[id];
    return undefined;
  });
}

/** A new, unattached interface in a subnet, with the VPC's default group unless told otherwise. */
function createEni(call: OpCall): OpResult {
  const subnet = call.args.get('subnet-id')!;
  const privateIp = call.args.get('private-ip-address');
  if (privateIp !== undefined && parseIp(privateIp) === undefined)
    return fail(
      'InvalidParameterValue',
      `Value (${privateIp}) for parameter privateIpAddress is invalid. Invalid format.`,
    );
  const id = call.state.newId('eni-', call.stepId);
  const r = applied(call, (t) => {
    const s = t.subnets.find((x) => x.id === subnet);
    if (!s) return notFound('InvalidSubnetID.NotFound', 'subnet ID', subnet);
    const groups = call.args.list('groups');
    const description = call.args.get('description');
    t.networkInterfaces.push({
      id,
      subnet,
      secondaryIps: [],
      securityGroups: groups.length > 0 ? groups : [defaultGroup(t, s.vpc)],
      sourceDestCheck: true,
      ...(privateIp ? { privateIp } : {}),
      ...(description ? { description } : {}),
    });
    return undefined;
  });
  if (!r.ok) return r;
  const eni = call.state.topology.networkInterfaces.find((n) => n.id === id)!;
  const s = call.state.topology.subnets.find((x) => x.id === subnet)!;
  return ok({
    NetworkInterface: {
      AvailabilityZone: s.az ?? `${call.state.topology.region}a`,
      Description: eni.description ?? '',
      Groups: eni.securityGroups.map((g) => ({ GroupId: g })),
      InterfaceType: 'interface',
      MacAddress: eni.mac,
      NetworkInterfaceId: id,
      OwnerId: OWNER,
      PrivateIpAddress: eni.privateIp,
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: eni.privateIp }],
      SourceDestCheck: true,
      Status: 'pending',
      SubnetId: subnet,
      TagSet: [],
      VpcId: s.vpc,
    },
  });
}

/** An attached interface cannot be deleted; routes to a deleted one stay, as blackholes (R40). */
function deleteEni(call: OpCall): OpResult {
  const id = call.args.get('network-interface-id')!;
  return applied(call, (t) => {
    const found = eniIn(t, id);
    if (isFailure(found)) return found;
    if (found.instance)
      return { code: 'InvalidNetworkInterface.InUse', message: `The network interface '${id}' is currently in use.` };
    t.networkInterfaces = t.networkInterfaces.filter((n) => n.id !== id);
    for (const e of t.elasticIps) if (e.networkInterface === id) unassociate(e);
    t.deleted.push(id);
    delete t.tags[id];
    return undefined;
  });
}

function unassociate(e: { networkInterface?: string | undefined; privateIp?: string | undefined }) {
  delete e.networkInterface;
  delete e.privateIp;
}

/** A new Elastic IP from Amazon's pool (public-ips.ts). */
function allocate(call: OpCall): OpResult {
  const domain = call.args.get('domain') ?? 'vpc';
  if (domain !== 'vpc')
    return fail('InvalidParameterValue', `Invalid value '${domain}' for domain: EC2-Classic is retired; use vpc`);
  const id = call.state.newId('eipalloc-', call.stepId);
  let publicIp = '';
  const r = applied(call, (t) => {
    const ip = nextPublicIp(t);
    if (!ip) return { code: 'AddressLimitExceeded', message: 'The maximum number of addresses has been reached.' };
    publicIp = ip;
    t.elasticIps.push({ id, publicIp: ip });
    return undefined;
  });
  const region = call.state.topology.region;
  return r.ok
    ? ok({ AllocationId: id, PublicIpv4Pool: 'amazon', NetworkBorderGroup: region, Domain: 'vpc', PublicIp: publicIp })
    : r;
}

/** An address in use (by an interface or a NAT gateway) must be disassociated first. */
function release(call: OpCall): OpResult {
  const id = call.args.get('allocation-id');
  const ip = call.args.get('public-ip');
  if (!id && !ip) return fail('MissingParameter', 'Either --allocation-id or --public-ip is required');
  return applied(call, (t) => {
    const eip = t.elasticIps.find((e) => (id ? e.id === id : e.publicIp === ip));
    if (!eip)
      return id
        ? notFound('InvalidAllocationID.NotFound', 'allocation ID', id)
        : { code: 'InvalidAddress.NotFound', message: `Address ${ip} not found.` };
    const byNat = t.natGateways.some((n) => n.allocationId === eip.id && n.state !== 'deleted');
    if (eip.networkInterface || byNat)
      return { code: 'InvalidIPAddress.InUse', message: `Address ${eip.publicIp} is in use.` };
    t.elasticIps = t.elasticIps.filter((e) => e !== eip);
    delete t.tags[eip.id];
    return undefined;
  });
}

/**
 * An instance ends: its primary interface goes with it (DeleteOnTermination), interfaces
 * attached later are detached and stay, Elastic IPs on its interfaces are disassociated, and
 * describe-instances lists it as `terminated`. Routes that named it or its interface are blackholes (R40).
 */
function terminate(call: OpCall): OpResult {
  const ids = call.args.list('instance-ids');
  const changes: unknown[] = [];
  const r = applied(call, (t) => {
    for (const id of ids) {
      if (t.terminatedInstances.some((x) => x.id === id)) {
        changes.push({
          InstanceId: id,
          PreviousState: { Code: 48, Name: 'terminated' },
          CurrentState: { Code: 48, Name: 'terminated' },
        });
        continue;
      }
      const inst = instanceIn(t, id);
      if (isFailure(inst)) return inst;
      const [primary, ...others] = inst.interfaces;
      for (const n of others) {
        delete n.deviceIndex;
        t.networkInterfaces.push(n);
      }
      for (const e of t.elasticIps) if (e.networkInterface === primary?.id) unassociate(e);
      t.instances = t.instances.filter((i) => i !== inst);
      t.terminatedInstances.push({
        id,
        ...(inst.imageId ? { imageId: inst.imageId } : {}),
        ...(primary ? { subnet: primary.subnet } : {}),
      });
      t.deleted.push(id, ...(primary ? [primary.id] : []));
      changes.push({
        InstanceId: id,
        PreviousState: { Code: inst.state === 'running' ? 16 : 80, Name: inst.state },
        CurrentState: { Code: 32, Name: 'shutting-down' },
      });
    }
    return undefined;
  });
  if (!r.ok) return r;
  for (const id of ids) call.state.world.failed.delete(id);
  return ok({ TerminatingInstances: changes });
}

/** A reboot: the guest starts again, its addresses (an auto-assigned public IP too) stay. */
function reboot(call: OpCall): OpResult {
  const ids = call.args.list('instance-ids');
  for (const id of ids) {
    const inst = call.state.topology.instances.find((i) => i.id === id);
    if (!inst) return { ok: false, failure: notFound('InvalidInstanceID.NotFound', 'instance ID', id) as AwsFailure };
    if (inst.state !== 'running')
      return fail('IncorrectState', `The instance '${id}' is not in a state from which it can be rebooted.`);
  }
  for (const id of ids)
    rebootInstance(call.state, id, 'reboots (reboot-instances): its daemons start again from their configuration');
  return ok({});
}

export const INSTANCE_LIFECYCLE_OPERATIONS: Operation[] = [
  {
    ...spec('create-security-group'),
    run: createGroup,
  },
  {
    ...spec('delete-security-group'),
    run: deleteGroup,
  },
  {
    ...spec('create-network-interface'),
    run: createEni,
  },
  {
    ...spec('delete-network-interface'),
    run: deleteEni,
  },
  { ...spec('allocate-address'), run: allocate },
  {
    ...spec('release-address'),
    run: release,
  },
  {
    ...spec('terminate-instances'),
    run: terminate,
  },
  {
    ...spec('reboot-instances'),
    run: reboot,
  },
];
