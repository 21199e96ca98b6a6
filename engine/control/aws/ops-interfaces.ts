import { spec } from './operation-specs';
import { associationId, endAssociation, newAssociation, replaceAssociation } from '../associations';
import type { NetworkInterface } from '../../model/network-interface';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { nextPublicIp } from '../public-ips';
import { eniIn, instanceIn, isFailure } from '../topology-edit';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/** Source/dest check and groups live on each ENI (R83, R16): set them on the one `pick` finds. */
function modifyAttributes(call: OpCall, pick: (t: Topology) => NetworkInterface | AwsFailure): OpResult {
  const check = call.args.bool('source-dest-check');
  const groups = call.args.list('groups');
  const publicIp = call.args.bool('associate-public-ip-address');
  if (check === undefined && groups.length === 0 && publicIp === undefined)
    return fail(
      'MissingParameter',
      'Specify one attribute to modify (--source-dest-check, --no-source-dest-check, --groups or --[no-]associate-public-ip-address)',
    );
  return applied(call, (t) => {
    const eni = pick(t);
    if (isFailure(eni)) return eni;
    if (check !== undefined) eni.sourceDestCheck = check;
    if (groups.length > 0) eni.securityGroups = groups;
    if (publicIp !== undefined) return setPublicIp(t, eni, publicIp);
    return undefined;
  });
}

/**
 * `--[no-]associate-public-ip-address`: gives the primary interface an address from Amazon's
 * pool, or takes the auto-assigned one away; an Elastic IP stays (EC2 API reference,
 * ModifyNetworkInterfaceAttribute: "only apply to the primary network interface (eth0)").
 */
function setPublicIp(t: Topology, eni: NetworkInterface, on: boolean): AwsFailure | undefined {
  const owner = t.instances.find((i) => i.interfaces.includes(eni));
  const primary = owner ? (owner.interfaces.find((n) => n.deviceIndex === 0) ?? owner.interfaces[0]) === eni : false;
  if (!primary)
    return {
      code: 'InvalidParameterValue',
      message: `A public IPv4 address can only be associated with the primary network interface (device index 0) of an instance; ${eni.id} is not one`,
    };
  eni.autoPublicIp = on;
  if (!on) delete eni.publicIp;
  else if (!eni.publicIp && !t.elasticIps.some((e) => e.networkInterface === eni.id)) {
    const ip = nextPublicIp(t);
    if (!ip) return { code: 'AddressLimitExceeded', message: 'The maximum number of addresses has been reached.' };
    eni.publicIp = ip;
  }
  return undefined;
}

function modifyEni(call: OpCall): OpResult {
  const id = call.args.get('network-interface-id')!;
  return modifyAttributes(call, (t) => {
    const found = eniIn(t, id);
    return isFailure(found) ? found : found.eni;
  });
}

/** The instance-level shortcut works only for a single-ENI instance (R20, R84). */
function modifyInstance(call: OpCall): OpResult {
  const id = call.args.get('instance-id')!;
  return modifyAttributes(call, (t) => {
    const inst = instanceIn(t, id);
    if (isFailure(inst)) return inst;
    if (inst.interfaces.length > 1) {
      return {
        code: 'InvalidInstanceID',
        message: `There are multiple interfaces attached to instance '${id}'. Please specify an interface ID for the operation instead.`,
      };
    }
    return inst.interfaces[0]!;
  });
}

function allEnis(t: Topology) {
  return [...t.instances.flatMap((i) => i.interfaces), ...t.networkInterfaces];
}

/**
 * Secondary private IPs: an address in use elsewhere moves only with --allow-reassignment,
 * and its Elastic IP moves with it (R114, A8); a primary address never moves.
 */
function assignIps(call: OpCall): OpResult {
  const id = call.args.get('network-interface-id')!;
  const ips = call.args.list('private-ip-addresses');
  const count = Number(call.args.get('secondary-private-ip-address-count') ?? 0);
  const reassign = call.args.has('allow-reassignment');
  if (ips.length === 0 && !count)
    return fail('MissingParameter', 'Specify --private-ip-addresses or --secondary-private-ip-address-count');
  const assigned: string[] = [];
  const r = applied(call, (t) => {
    const target = eniIn(t, id);
    if (isFailure(target)) return target;
    for (const ip of ips) {
      const holder = allEnis(t).find((n) => n.privateIp === ip || n.secondaryIps.includes(ip));
      if (holder === target.eni) continue;
      if (holder) {
        if (holder.privateIp === ip)
          return {
            code: 'InvalidParameterValue',
            message: `${ip} is the primary private IP of ${holder.id} and cannot be reassigned`,
          };
        if (!reassign)
          return {
            code: 'Resource.AlreadyAssigned',
            message: `Address ${ip} is already assigned to ${holder.id}; use --allow-reassignment to move it (R114)`,
          };
        holder.secondaryIps = holder.secondaryIps.filter((x) => x !== ip);
        for (const eip of t.elasticIps)
          if (eip.networkInterface === holder.id && eip.privateIp === ip) eip.networkInterface = id;
      }
      target.eni.secondaryIps.push(ip);
      assigned.push(ip);
    }
    if (count > 0)
      return {
        code: 'InvalidParameterValue',
        message: 'name the addresses with --private-ip-addresses (automatic assignment is not modelled)',
      };
    return undefined;
  });
  return r.ok
    ? ok({ NetworkInterfaceId: id, AssignedPrivateIpAddresses: assigned.map((a) => ({ PrivateIpAddress: a })) })
    : r;
}

function unassignIps(call: OpCall): OpResult {
  const id = call.args.get('network-interface-id')!;
  const ips = call.args.list('private-ip-addresses');
  return applied(call, (t) => {
    const target = eniIn(t, id);
    if (isFailure(target)) return target;
    for (const ip of ips) {
      if (!target.eni.secondaryIps.includes(ip))
        return {
          code: 'InvalidParameterValue',
          message: `Some of the specified addresses are not assigned to interface ${id}`,
        };
      target.eni.secondaryIps = target.eni.secondaryIps.filter((x) => x !== ip);
      for (const eip of t.elasticIps)
        if (eip.networkInterface === id && eip.privateIp === ip) (delete eip.networkInterface, delete eip.privateIp);
    }
    return undefined;
  });
}

/** An ENI attaches to one instance at a time, in its AZ (R14, R15). */
function attach(call: OpCall): OpResult {
  const eniId = call.args.get('network-interface-id')!;
  const instId = call.args.get('instance-id')!;
  const index = Number(call.args.get('device-index'));
  const r = applied(call, (t) => {
    const found = eniIn(t, eniId);
    if (isFailure(found)) return found;
    if (found.instance) return { code: 'InvalidNetworkInterface.InUse', message: `Interface: [${eniId}] in use.` };
    const inst = instanceIn(t, instId);
    if (isFailure(inst)) return inst;
    if (inst.interfaces.some((n, k) => (n.deviceIndex ?? k) === index))
      return {
        code: 'InvalidParameterValue',
        message: `Instance '${instId}' already has an interface attached at device index '${index}'.`,
      };
    const azOf = (subnet: string) => t.subnets.find((s) => s.id === subnet)?.az;
    const first = inst.interfaces[0];
    if (first && azOf(first.subnet) !== azOf(found.eni.subnet)) {
      return {
        code: 'InvalidParameterCombination',
        message: `You may not attach a network interface to an instance if they are not in the same availability zone (R14)`,
      };
    }
    t.networkInterfaces = t.networkInterfaces.filter((n) => n.id !== eniId);
    inst.interfaces.push({ ...found.eni, deviceIndex: index });
    return undefined;
  });
  return r.ok ? ok({ AttachmentId: `eni-attach-${eniId}` }) : r;
}

/** The primary ENI (device index 0) cannot be detached (R13). */
function detach(call: OpCall): OpResult {
  const attachment = call.args.get('attachment-id')!;
  const eniId = attachment.replace(/^eni-attach-/, '');
  return applied(call, (t) => {
    const found = eniIn(t, eniId);
    if (isFailure(found) || !found.instance)
      return { code: 'InvalidAttachmentID.NotFound', message: `The attachment ID '${attachment}' does not exist` };
    const inst = found.instance;
    const k = inst.interfaces.indexOf(found.eni);
    if ((found.eni.deviceIndex ?? k) === 0)
      return { code: 'OperationNotPermitted', message: `The network interface at device index 0 cannot be detached.` };
    inst.interfaces.splice(k, 1);
    const { deviceIndex: _unused, ...rest } = found.eni;
    t.networkInterfaces.push(rest);
    return undefined;
  });
}

/**
 * An Elastic IP pairs with one private IP; moving one already in use needs
 * --allow-reassociation (R18, R115); on the primary ENI it replaces the auto-assigned
 * public IP, which is released (R17).
 */
function associateAddress(call: OpCall): OpResult {
  const alloc = call.args.get('allocation-id');
  const publicIp = call.args.get('public-ip');
  const eniArg = call.args.get('network-interface-id');
  const instArg = call.args.get('instance-id');
  const privateArg = call.args.get('private-ip-address');
  let issued = '';
  const r = applied(call, (t): AwsFailure | undefined => {
    const eip = t.elasticIps.find((e) => e.id === alloc || (publicIp !== undefined && e.publicIp === publicIp));
    if (!eip)
      return {
        code: 'InvalidAllocationID.NotFound',
        message: `The allocation ID '${alloc ?? publicIp}' does not exist`,
      };
    // a deleted NAT gateway let its address go: it is allocated and free (DeleteNatGateway)
    if (t.natGateways.some((n) => n.allocationId === eip.id && n.state !== 'deleted'))
      return { code: 'Resource.AlreadyAssociated', message: `${eip.id} is used by a NAT gateway` };
    let eniId = eniArg;
    if (!eniId && instArg) {
      const inst = instanceIn(t, instArg);
      if (isFailure(inst)) return inst;
      // by instance only when it has exactly one interface (AssociateAddress API reference)
      if (inst.interfaces.length > 1)
        return {
          code: 'InvalidInstanceID',
          message: `There are multiple interfaces attached to instance '${instArg}'. Please specify an interface ID for the operation instead.`,
        };
      eniId = inst.interfaces[0]?.id;
    }
    if (!eniId) return { code: 'MissingParameter', message: 'Specify --instance-id or --network-interface-id' };
    const found = eniIn(t, eniId);
    if (isFailure(found)) return found;
    const privateIp = privateArg ?? found.eni.privateIp;
    if (
      eip.networkInterface &&
      !call.args.has('allow-reassociation') &&
      !(eip.networkInterface === eniId && eip.privateIp === privateIp)
    ) {
      return {
        code: 'Resource.AlreadyAssociated',
        message: `resource ${eip.id} is already associated with associate-id ${associationId(t, `eip:${eip.id}`)}`,
      };
    }
    const key = `eip:${eip.id}` as const;
    // each association has its own id: the same one again keeps it, a move issues a new one
    const issue =
      eip.networkInterface === eniId && (eip.privateIp ?? found.eni.privateIp) === privateIp
        ? associationId
        : eip.networkInterface !== undefined
          ? replaceAssociation
          : newAssociation;
    // Another Elastic IP on the same private IP is displaced; an auto-assigned one is released (R17).
    for (const other of t.elasticIps)
      if (other !== eip && other.networkInterface === eniId && (other.privateIp ?? found.eni.privateIp) === privateIp)
        (delete other.networkInterface, delete other.privateIp, endAssociation(t, `eip:${other.id}`));
    if (privateIp === found.eni.privateIp) {
      // the auto-assigned address is released for good; the instance asks for a new one when
      // the Elastic IP leaves (R17)
      if (found.eni.publicIp) found.eni.autoPublicIp ??= true;
      delete found.eni.publicIp;
    }
    eip.networkInterface = eniId;
    if (privateIp !== undefined) eip.privateIp = privateIp;
    issued = issue(t, key, call.stepId);
    return undefined;
  });
  return r.ok ? ok({ AssociationId: issued }) : r;
}

function disassociateAddress(call: OpCall): OpResult {
  const assoc = call.args.get('association-id');
  const publicIp = call.args.get('public-ip');
  return applied(call, (t) => {
    const eip = t.elasticIps.find(
      (e) =>
        (assoc !== undefined && e.networkInterface !== undefined && associationId(t, `eip:${e.id}`) === assoc) ||
        (publicIp !== undefined && e.publicIp === publicIp),
    );
    if (!eip || !eip.networkInterface)
      return {
        code: 'InvalidAssociationID.NotFound',
        message: `The association ID '${assoc ?? publicIp}' does not exist`,
      };
    const eniId = eip.networkInterface;
    const held = eniIn(t, eniId);
    const onPrimaryAddress = eip.privateIp === undefined || (!isFailure(held) && eip.privateIp === held.eni.privateIp);
    delete eip.networkInterface;
    delete eip.privateIp;
    endAssociation(t, `eip:${eip.id}`);
    // the primary address of a one-interface instance that had an auto-assigned public IPv4
    // gets a new one (R17: not replaced when the instance has more than one interface)
    const owner = t.instances.find((i) => i.interfaces.some((n) => n.id === eniId));
    const eni = owner?.interfaces[0];
    if (owner && eni?.id === eniId && owner.interfaces.length === 1 && onPrimaryAddress && eni.autoPublicIp) {
      const ip = nextPublicIp(t);
      if (ip) eni.publicIp = ip;
    }
    return undefined;
  });
}

export const INTERFACE_OPERATIONS: Operation[] = [
  {
    ...spec('modify-network-interface-attribute'),
    run: modifyEni,
  },
  {
    ...spec('modify-instance-attribute'),
    run: modifyInstance,
  },
  {
    ...spec('assign-private-ip-addresses'),
    run: assignIps,
  },
  {
    ...spec('unassign-private-ip-addresses'),
    run: unassignIps,
  },
  {
    ...spec('attach-network-interface'),
    run: attach,
  },
  {
    ...spec('detach-network-interface'),
    run: detach,
  },
  {
    ...spec('associate-address'),
    run: associateAddress,
  },
  {
    ...spec('disassociate-address'),
    run: disassociateAddress,
  },
];
