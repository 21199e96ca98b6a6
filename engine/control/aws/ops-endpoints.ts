import { spec } from './operation-specs';
import { ipToString } from '../../net/ipv4';
import type { Network } from '../../network/network';
import { describe, OWNER, type Item } from './describe-items';
import type { Operation } from './operation';

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

export const ENDPOINT_OPERATIONS: Operation[] = [
  {
    ...spec('describe-vpc-endpoints'),
    run: (c) =>
      describe(c, 'VpcEndpoints', 'vpc-endpoint-ids', 'InvalidVpcEndpointId.NotFound', endpoints(c.state.network)),
  },
];
