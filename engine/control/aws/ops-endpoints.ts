import { spec } from './operation-specs';
import { ipToString } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import type { VpcEndpoint } from '../../model/vpc-endpoint';
import type { Network } from '../../network/network';
import type { AwsFailure } from '../control-state';
import { notFound } from '../topology-edit';
import { describe, OWNER, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/** The policy an endpoint has when it is given none: full access (the EC2 API's default). */
const FULL_ACCESS = JSON.stringify({
  Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }],
});

/** Services a gateway endpoint exists for: S3 and DynamoDB (all others are interface endpoints). */
const GATEWAY_SERVICES = /^com\.amazonaws\.[a-z0-9-]+\.(s3|dynamodb)$/;

/** `describe-vpc-endpoints`: gateway endpoints with their route tables, interface ones with their interfaces. */
function endpoints(n: Network): Item[] {
  return n.topology.vpcEndpoints.map((e) => {
    const node = n.vpcEndpoints.get(e.id);
    return {
      id: e.id,
      filters: {
        'vpc-endpoint-id': [e.id],
        'vpc-id': [e.vpc],
        'service-name': [e.service],
        'vpc-endpoint-type': [e.type === 'gateway' ? 'Gateway' : 'Interface'],
        'vpc-endpoint-state': ['available'],
      },
      json: {
        VpcEndpointId: e.id,
        VpcEndpointType: e.type === 'gateway' ? 'Gateway' : 'Interface',
        VpcId: e.vpc,
        ServiceName: e.service,
        State: 'available',
        PolicyDocument: e.policy ?? FULL_ACCESS,
        RouteTableIds: e.type === 'gateway' ? e.routeTables : [],
        SubnetIds: e.interfaces.map((i) => i.subnet),
        Groups: e.securityGroups.map((GroupId) => ({ GroupId, GroupName: GroupId })),
        NetworkInterfaceIds: e.interfaces.map((i) => i.id),
        DnsEntries: (node?.enis ?? []).map((eni) => ({
          DnsName: `${e.id}-${ipToString(eni.primaryIp).replace(/\./g, '-')}.${e.service.split('.').slice(-1)[0]}.${n.region}.vpce.amazonaws.com`,
        })),
        PrivateDnsEnabled: false,
        RequesterManaged: false,
        OwnerId: OWNER,
        Tags: [],
      },
    };
  });
}

/** A policy document must be JSON (the API's `MalformedPolicyDocument` otherwise). */
function policyOf(text: string | undefined): string | AwsFailure | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as unknown;
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not an object');
    return JSON.stringify(doc);
  } catch {
    return { code: 'MalformedPolicyDocument', message: 'The policy document is not a JSON policy' };
  }
}

/**
 * A gateway endpoint's route in a table: the service's prefix list to the endpoint (AWS writes it
 * when the table is given, and removes it with the table or the endpoint).
 */
function routeTo(t: Topology, e: VpcEndpoint, tableId: string, add: boolean): AwsFailure | undefined {
  const table = t.routeTables.find((r) => r.id === tableId);
  if (!table) return notFound('InvalidRouteTableID.NotFound', 'route table ID', tableId);
  if (table.vpc !== e.vpc)
    return { code: 'InvalidParameter', message: `The route table ${tableId} is not in the endpoint's VPC ${e.vpc}` };
  const list = t.prefixLists.find((p) => p.name === e.service);
  if (!list)
    return {
      code: 'InvalidServiceName',
      message: `This lab has no prefix list for ${e.service}: declare it in prefixLists (name: ${e.service}) to route to the service`,
    };
  table.routes = table.routes.filter((r) => !(r.destination === list.id && r.target === e.id));
  if (add) table.routes.push({ destination: list.id, target: e.id });
  return undefined;
}

function create(call: OpCall): OpResult {
  const a = call.args;
  const service = a.get('service-name')!;
  const type = (a.get('vpc-endpoint-type') ?? 'Gateway').toLowerCase();
  if (type !== 'gateway' && type !== 'interface')
    return fail('InvalidParameter', `VpcEndpointType ${a.get('vpc-endpoint-type')} is not Gateway or Interface`);
  if (type === 'gateway' && !GATEWAY_SERVICES.test(service))
    return fail(
      'InvalidServiceName',
      `The Vpc Endpoint Service '${service}' does not exist (gateway endpoints serve S3 and DynamoDB)`,
    );
  if (!/^com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+$/.test(service))
    return fail('InvalidServiceName', `The Vpc Endpoint Service '${service}' does not exist`);
  if (type === 'interface' && a.list('route-table-ids').length > 0)
    return fail('InvalidParameter', 'Route table IDs are only supported for Gateway type VPC Endpoint');
  if (type === 'gateway' && a.list('subnet-ids').length > 0)
    return fail('InvalidParameter', 'Subnet IDs are only supported for Interface type VPC Endpoint');
  const policy = policyOf(a.get('policy-document'));
  if (typeof policy === 'object') return fail(policy.code, policy.message);
  const id = call.state.newId('vpce-', call.stepId);
  const r = applied(call, (t) => {
    const vpc = t.vpcs.find((v) => v.id === a.get('vpc-id'));
    if (!vpc) return notFound('InvalidVpcID.NotFound', 'vpc ID', a.get('vpc-id')!);
    const e: VpcEndpoint = {
      id,
      vpc: vpc.id,
      type,
      service,
      routeTables: type === 'gateway' ? [...new Set(a.list('route-table-ids'))] : [],
      interfaces: [],
      securityGroups: a.list('security-group-ids'),
      ...(policy !== undefined ? { policy } : {}),
    };
    for (const subnet of new Set(a.list('subnet-ids'))) {
      const s = t.subnets.find((x) => x.id === subnet);
      if (!s) return notFound('InvalidSubnetID.NotFound', 'subnet ID', subnet);
      if (s.vpc !== vpc.id) return { code: 'InvalidParameter', message: `The subnet ${subnet} is not in ${vpc.id}` };
      // each interface's id: the endpoint's, numbered (a lab's later interfaces take other ids)
      e.interfaces.push({ id: `eni-${id.replace(/^vpce-/, '')}-${e.interfaces.length + 1}`, subnet });
    }
    // an interface endpoint without groups gets the VPC's default group
    if (type === 'interface' && e.securityGroups.length === 0) {
      const def = t.securityGroups.find((g) => g.vpc === vpc.id && g.default)?.id ?? `sg-default-${vpc.id}`;
      e.securityGroups = [def];
    }
    t.vpcEndpoints.push(e);
    for (const table of e.routeTables) {
      const refused = routeTo(t, e, table, true);
      if (refused) return refused;
    }
    return undefined;
  });
  if (!r.ok) return r;
  const made = endpoints(call.state.network).find((i) => i.id === id)!;
  return ok({ VpcEndpoint: made.json });
}

function modify(call: OpCall): OpResult {
  const a = call.args;
  const policy = policyOf(a.get('policy-document'));
  if (typeof policy === 'object') return fail(policy.code, policy.message);
  const r = applied(
    call,
    (t) => {
      const e = t.vpcEndpoints.find((x) => x.id === a.get('vpc-endpoint-id'));
      if (!e) return notFound('InvalidVpcEndpointId.NotFound', 'endpoint ID', a.get('vpc-endpoint-id')!);
      const add = a.list('add-route-table-ids');
      const remove = a.list('remove-route-table-ids');
      if (e.type === 'interface' && add.length + remove.length > 0)
        return {
          code: 'InvalidParameter',
          message: 'Route table IDs are only supported for Gateway type VPC Endpoint',
        };
      for (const id of add) {
        const refused = routeTo(t, e, id, true);
        if (refused) return refused;
        if (!e.routeTables.includes(id)) e.routeTables.push(id);
      }
      for (const id of remove) {
        if (!e.routeTables.includes(id))
          return { code: 'InvalidParameter', message: `The endpoint ${e.id} does not serve ${id}` };
        const refused = routeTo(t, e, id, false);
        if (refused) return refused;
        e.routeTables = e.routeTables.filter((x) => x !== id);
      }
      if (a.bool('reset-policy')) delete e.policy;
      else if (policy !== undefined) e.policy = policy;
      return undefined;
    },
    { Return: true },
  );
  return r;
}

function remove(call: OpCall): OpResult {
  const ids = call.args.list('vpc-endpoint-ids');
  if (ids.length === 0) return fail('MissingParameter', 'The request must contain the parameter VpcEndpointId');
  const unknown = ids.filter((id) => !call.state.topology.vpcEndpoints.some((e) => e.id === id));
  const r = applied(call, (t) => {
    for (const e of t.vpcEndpoints.filter((x) => ids.includes(x.id)))
      for (const table of e.routeTables) routeTo(t, e, table, false);
    t.vpcEndpoints = t.vpcEndpoints.filter((e) => !ids.includes(e.id));
    return undefined;
  });
  if (!r.ok) return r;
  // AWS answers per endpoint: the unknown ones come back as unsuccessful, the others are gone
  return ok({
    Unsuccessful: unknown.map((ResourceId) => ({
      Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VPC endpoint ${ResourceId} does not exist` },
      ResourceId,
    })),
  });
}

export const ENDPOINT_OPERATIONS: Operation[] = [
  {
    ...spec('describe-vpc-endpoints'),
    run: (c) =>
      describe(c, 'VpcEndpoints', 'vpc-endpoint-ids', 'InvalidVpcEndpointId.NotFound', endpoints(c.state.network)),
  },
  { ...spec('create-vpc-endpoint'), run: create },
  { ...spec('modify-vpc-endpoint'), run: modify },
  { ...spec('delete-vpc-endpoints'), run: remove },
];
