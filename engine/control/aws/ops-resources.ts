import { spec } from './operation-specs';
import { rebootGuest } from '../../guest/boot-state';
import { cloneData } from '../../model/clone';
import { parseCidr } from '../../net/ipv4';
import { DEFAULT_GUEST_OS } from '../../model/guest-os';
import { nextPublicIp } from '../public-ips';
import { instanceIn, isFailure } from '../topology-edit';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

function canonical(text: string | undefined, what: string): string | OpResult {
  const parsed = text === undefined ? undefined : parseCidr(text);
  return parsed
    ? parsed.cidr.text
    : fail(
        'InvalidParameterValue',
        `Value (${text}) for parameter ${what} is invalid. This is not a valid CIDR block.`,
      );
}

function createVpc(call: OpCall): OpResult {
  const cidr = canonical(call.args.get('cidr-block'), 'cidrBlock');
  if (typeof cidr !== 'string') return cidr;
  const id = call.state.newId('vpc-', call.stepId);
  const r = applied(call, (t) => void t.vpcs.push({ id, cidr: [cidr], dnsSupport: true, dnsHostnames: false }));
  return r.ok ? ok({ Vpc: { VpcId: id, CidrBlock: cidr, State: 'available', IsDefault: false } }) : r;
}

function createSubnet(call: OpCall): OpResult {
  const cidr = canonical(call.args.get('cidr-block'), 'cidrBlock');
  if (typeof cidr !== 'string') return cidr;
  const vpc = call.args.get('vpc-id')!;
  const az = call.args.get('availability-zone') ?? `${call.state.topology.region}a`;
  const id = call.state.newId('subnet-', call.stepId);
  const r = applied(call, (t) => {
    if (!t.vpcs.some((v) => v.id === vpc))
      return { code: 'InvalidVpcID.NotFound', message: `The vpc ID '${vpc}' does not exist` };
    t.subnets.push({ id, vpc, az, cidr, mapPublicIpOnLaunch: false });
    return undefined;
  });
  return r.ok
    ? ok({ Subnet: { SubnetId: id, VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az, State: 'available' } })
    : r;
}

function deleteSubnet(call: OpCall): OpResult {
  const id = call.args.get('subnet-id')!;
  return applied(call, (t) => {
    if (!t.subnets.some((s) => s.id === id))
      return { code: 'InvalidSubnetID.NotFound', message: `The subnet ID '${id}' does not exist` };
    const used =
      [...t.instances.flatMap((i) => i.interfaces), ...t.networkInterfaces].some((n) => n.subnet === id) ||
      t.natGateways.some((n) => n.subnet === id && n.state !== 'deleted');
    if (used)
      return { code: 'DependencyViolation', message: `The subnet '${id}' has dependencies and cannot be deleted.` };
    t.subnets = t.subnets.filter((s) => s.id !== id);
    for (const r of t.routeTables) r.subnets = r.subnets.filter((s) => s !== id);
    for (const a of t.networkAcls) a.subnets = a.subnets.filter((s) => s !== id);
    return undefined;
  });
}

/** A NAT gateway in a subnet; a public one takes an Elastic IP allocation (R60). */
function createNat(call: OpCall): OpResult {
  const subnet = call.args.get('subnet-id')!;
  const allocation = call.args.get('allocation-id');
  const privateIp = call.args.get('private-ip-address');
  const connectivity = call.args.get('connectivity-type') ?? 'public';
  if (connectivity !== 'public' && connectivity !== 'private')
    return fail('InvalidParameterValue', `connectivity-type must be public or private`);
  const id = call.state.newId('nat-', call.stepId);
  const r = applied(call, (t) => {
    if (!t.subnets.some((s) => s.id === subnet))
      return { code: 'InvalidSubnetID.NotFound', message: `The subnet ID '${subnet}' does not exist` };
    if (connectivity === 'public' && !allocation)
      return { code: 'MissingParameter', message: 'A public NAT gateway needs --allocation-id' };
    if (allocation && !t.elasticIps.some((e) => e.id === allocation))
      return { code: 'InvalidAllocationID.NotFound', message: `The allocation ID '${allocation}' does not exist` };
    if (allocation && t.natGateways.some((n) => n.allocationId === allocation && n.state !== 'deleted'))
      return {
        code: 'Resource.AlreadyAssociated',
        message: `Elastic IP address [${allocation}] is already associated`,
      };
    t.natGateways.push({
      id,
      subnet,
      connectivity,
      state: 'available',
      createdAt: call.state.world.time,
      ...(allocation ? { allocationId: allocation } : {}),
      ...(privateIp ? { privateIp } : {}),
    });
    return undefined;
  });
  return r.ok ? ok({ NatGateway: natSummary(call, id, subnet) }) : r;
}

/** What create-nat-gateway answers: the new gateway, still pending as AWS reports it. */
function natSummary(call: OpCall, id: string, subnet: string) {
  const nat = call.state.topology.natGateways.find((n) => n.id === id)!;
  const eip = call.state.topology.elasticIps.find((e) => e.id === nat.allocationId);
  return {
    NatGatewayId: id,
    SubnetId: subnet,
    VpcId: call.state.topology.subnets.find((s) => s.id === subnet)?.vpc,
    State: 'pending',
    ConnectivityType: nat.connectivity,
    NatGatewayAddresses: [
      { ...(eip ? { AllocationId: eip.id, PublicIp: eip.publicIp } : {}), PrivateIp: nat.privateIp },
    ],
  };
}

/** Deleting a NAT gateway leaves the routes to it in blackhole (R65). */
function deleteNat(call: OpCall): OpResult {
  const id = call.args.get('nat-gateway-id')!;
  const r = applied(call, (t) => {
    const nat = t.natGateways.find((n) => n.id === id && n.state !== 'deleted');
    if (!nat) return { code: 'NatGatewayNotFound', message: `The Nat Gateway ${id} was not found` };
    nat.state = 'deleted';
    return undefined;
  });
  return r.ok ? ok({ NatGatewayId: id }) : r;
}

/** An internet gateway attaches to one VPC, a VPC has one (R52). */
function attachIgw(call: OpCall, attach: boolean): OpResult {
  const id = call.args.get('internet-gateway-id')!;
  const vpc = call.args.get('vpc-id')!;
  return applied(call, (t) => {
    const igw = t.internetGateways.find((g) => g.id === id);
    if (!igw)
      return { code: 'InvalidInternetGatewayID.NotFound', message: `The internetGateway ID '${id}' does not exist` };
    if (!t.vpcs.some((v) => v.id === vpc))
      return { code: 'InvalidVpcID.NotFound', message: `The vpc ID '${vpc}' does not exist` };
    if (attach) {
      if (igw.vpc)
        return {
          code: 'Resource.AlreadyAssociated',
          message: `resource ${id} is already attached to network ${igw.vpc}`,
        };
      igw.vpc = vpc;
      return undefined;
    }
    if (igw.vpc !== vpc)
      return { code: 'Gateway.NotAttached', message: `resource ${id} is not attached to network ${vpc}` };
    const subnets = new Set(t.subnets.filter((s) => s.vpc === vpc).map((s) => s.id));
    const enis = [...t.instances.flatMap((i) => i.interfaces), ...t.networkInterfaces].filter((n) =>
      subnets.has(n.subnet),
    );
    const eniIds = new Set(enis.map((n) => n.id));
    const mapped =
      enis.some((n) => n.publicIp) ||
      t.elasticIps.some((e) => e.networkInterface && eniIds.has(e.networkInterface)) ||
      t.natGateways.some((n) => subnets.has(n.subnet) && n.state !== 'deleted' && n.connectivity === 'public');
    if (mapped)
      return {
        code: 'DependencyViolation',
        message: `Network ${vpc} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      };
    delete igw.vpc;
    return undefined;
  });
}

/** Stops and starts, with what they do to an auto-assigned public IP (R17). */
function setState(call: OpCall, state: 'running' | 'stopped'): OpResult {
  const ids = call.args.list('instance-ids');
  const changes: unknown[] = [];
  const r = applied(call, (t) => {
    for (const id of ids) {
      const inst = instanceIn(t, id);
      if (isFailure(inst)) return inst;
      changes.push({
        InstanceId: id,
        PreviousState: { Name: inst.state },
        CurrentState: { Name: state === 'running' ? 'pending' : 'stopping' },
      });
      const was = inst.state;
      inst.state = state;
      // a stop gives the auto-assigned public IP up for good; a start asks for a new one, unless
      // an Elastic IP is there or the instance has more than one interface (R17)
      // a stopped guest starts from its configuration: run-time changes are gone
      if (state === 'stopped') rebootGuest(inst.os);
      if (state === 'stopped')
        for (const n of inst.interfaces) {
          if (n.publicIp) n.autoPublicIp ??= true;
          delete n.publicIp;
        }
      const eth0 = inst.interfaces[0]!;
      if (state === 'running' && was === 'stopped' && eth0.autoPublicIp && inst.interfaces.length === 1)
        if (!t.elasticIps.some((e) => e.networkInterface === eth0.id)) {
          const ip = nextPublicIp(t);
          if (ip) eth0.publicIp = ip;
        }
    }
    return undefined;
  });
  return r.ok ? ok({ [state === 'running' ? 'StartingInstances' : 'StoppingInstances']: changes }) : r;
}

/** Launches one instance with one ENI; any image id is accepted (lab-format.md). */
function runInstances(call: OpCall): OpResult {
  const subnet = call.args.get('subnet-id')!;
  const id = call.state.newId('i-', call.stepId);
  const eniId = call.state.newId('eni-', `eni-${id.replace(/^i-/, '')}`);
  const privateIp = call.args.get('private-ip-address');
  const groups = call.args.list('security-group-ids');
  const count = Number(call.args.get('count') ?? 1);
  if (count !== 1) return fail('InvalidParameterValue', 'launch one instance per call, so the lab can name it');
  const r = applied(call, (t) => {
    const s = t.subnets.find((x) => x.id === subnet);
    if (!s) return { code: 'InvalidSubnetID.NotFound', message: `The subnet ID '${subnet}' does not exist` };
    // a public IPv4 address at launch: asked for, or the subnet's default (R17)
    const publicIp =
      (call.args.bool('associate-public-ip-address') ?? s.mapPublicIpOnLaunch) ? nextPublicIp(t) : undefined;
    t.instances.push({
      id,
      state: 'running',
      imageId: call.args.get('image-id')!,
      interfaces: [
        {
          id: eniId,
          subnet,
          secondaryIps: [],
          securityGroups: groups,
          sourceDestCheck: true,
          deviceIndex: 0,
          ...(privateIp ? { privateIp } : {}),
          ...(publicIp ? { publicIp, autoPublicIp: true } : {}),
        },
      ],
      os: cloneData(DEFAULT_GUEST_OS),
    });
    return undefined;
  });
  if (!r.ok) return r;
  const eni = call.state.topology.instances.find((i) => i.id === id)!.interfaces[0]!;
  return ok({
    Instances: [
      {
        InstanceId: id,
        ImageId: call.args.get('image-id'),
        State: { Name: 'pending' },
        SubnetId: subnet,
        PrivateIpAddress: eni.privateIp,
        ...(eni.publicIp ? { PublicIpAddress: eni.publicIp } : {}),
        NetworkInterfaces: [{ NetworkInterfaceId: eniId, PrivateIpAddress: eni.privateIp, MacAddress: eni.mac }],
      },
    ],
  });
}

export const RESOURCE_OPERATIONS: Operation[] = [
  {
    ...spec('create-vpc'),
    run: createVpc,
  },
  {
    ...spec('create-subnet'),
    run: createSubnet,
  },
  { ...spec('delete-subnet'), run: deleteSubnet },
  {
    ...spec('create-nat-gateway'),
    run: createNat,
  },
  { ...spec('delete-nat-gateway'), run: deleteNat },
  {
    ...spec('attach-internet-gateway'),
    run: (c) => attachIgw(c, true),
  },
  {
    ...spec('detach-internet-gateway'),
    run: (c) => attachIgw(c, false),
  },
  {
    ...spec('start-instances'),
    run: (c) => setState(c, 'running'),
  },
  {
    ...spec('stop-instances'),
    run: (c) => setState(c, 'stopped'),
  },
  {
    ...spec('run-instances'),
    run: runInstances,
  },
];
