import { describe, expect, it } from 'vitest';
import { problems } from '../helpers';

const VPC = `vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]`;
const SUBNET = `subnets: [{ id: subnet-a, vpc: vpc-1, az: us-east-1a, cidr: 10.0.1.0/24 }]`;

function one(yaml: string) {
  const found = problems(yaml);
  expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
  return found;
}

describe('a topology AWS could not hold is refused with its path and AWS error code', () => {
  it('names an unknown route target by its path (lab-format.md)', () => {
    const found = one(
      `${VPC}\n${SUBNET}\nrouteTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 0.0.0.0/0, target: igw-9 }] }]`,
    );
    expect(found).toContainEqual({
      path: 'topology.routeTables[0].routes[0].target',
      message: 'unknown resource "igw-9"',
    });
  });

  it('refuses a reference to a resource of the wrong kind', () => {
    const found = one(`${VPC}\n${SUBNET}\ninternetGateways: [{ id: igw-1, vpc: subnet-a }]`);
    expect(found[0]).toMatchObject({
      path: 'topology.internetGateways[0].vpc',
      message: '"subnet-a" is a subnet, expected vpc',
    });
  });

  it('refuses a VPC block outside /16–/28 with InvalidVpcRange (R2)', () => {
    expect(one(`vpcs: [{ id: vpc-1, cidr: 10.0.0.0/15 }]`)[0]).toMatchObject({
      path: 'topology.vpcs[0].cidr',
      code: 'InvalidVpcRange',
    });
  });

  it('refuses a /29 subnet with InvalidSubnet.Range (R4)', () => {
    expect(one(`${VPC}\nsubnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/29 }]`)[0]).toMatchObject({
      path: 'topology.subnets[0].cidr',
      code: 'InvalidSubnet.Range',
    });
  });

  it('refuses a subnet outside its VPC with InvalidSubnet.Range (R4)', () => {
    expect(one(`${VPC}\nsubnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.1.1.0/24 }]`)[0]).toMatchObject({
      code: 'InvalidSubnet.Range',
    });
  });

  it('refuses overlapping subnets with InvalidSubnet.Conflict (R4)', () => {
    const found = one(
      `${VPC}\nsubnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-1, cidr: 10.0.1.128/25 }]`,
    );
    expect(found[0]).toMatchObject({ path: 'topology.subnets[1].cidr', code: 'InvalidSubnet.Conflict' });
  });

  it.each(['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.255'])(
    'refuses the reserved address %s on an ENI (R5, A9)',
    (ip) => {
      const found = one(
        `${VPC}\n${SUBNET}\ninstances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: ${ip} }] }]`,
      );
      expect(found[0]).toMatchObject({
        path: 'topology.instances[0].interfaces[0].privateIp',
        code: 'InvalidParameterValue',
      });
      expect(found[0]!.message).toContain('reserves');
    },
  );

  it('refuses two ENIs with the same private address', () => {
    const found = one(`${VPC}\n${SUBNET}\ninstances:
  - { id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }] }
  - { id: i-2, interfaces: [{ id: eni-2, subnet: subnet-a, privateIp: 10.0.1.10 }] }`);
    expect(found[0]).toMatchObject({
      path: 'topology.instances[1].interfaces[0].privateIp',
      code: 'InvalidIPAddress.InUse',
    });
  });

  it('refuses two public addresses on one private IP (R18)', () => {
    const found = one(`${VPC}\n${SUBNET}\ninternetGateways: [{ id: igw-1, vpc: vpc-1 }]
instances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10, publicIp: 198.51.100.1 }] }]
elasticIps: [{ id: eipalloc-1, publicIp: 198.51.100.2, networkInterface: eni-1 }]`);
    expect(found[0]).toMatchObject({ path: 'topology.elasticIps[0].publicIp', code: 'InvalidParameterCombination' });
  });

  it('refuses an Elastic IP in a VPC without an internet gateway with Gateway.NotAttached (R18)', () => {
    const found =
      one(`${VPC}\n${SUBNET}\ninstances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }] }]
elasticIps: [{ id: eipalloc-1, publicIp: 198.51.100.2, networkInterface: eni-1 }]`);
    expect(found[0]).toMatchObject({ code: 'Gateway.NotAttached' });
  });

  it('refuses a /32 route inside the VPC, which R36 forbids', () => {
    const found =
      one(`${VPC}\n${SUBNET}\ninstances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }] }]
routeTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 10.0.1.20/32, target: eni-1 }] }]`);
    expect(found[0]).toMatchObject({
      path: 'topology.routeTables[0].routes[0].destination',
      code: 'InvalidParameterValue',
    });
    expect(found[0]!.message).toContain('more specific than one of this VPC');
  });

  it('accepts a whole-subnet route to an ENI but refuses the same route to an internet gateway (R36)', () => {
    const base = `${VPC}\nsubnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-1, cidr: 10.0.2.0/24 }]
internetGateways: [{ id: igw-1, vpc: vpc-1 }]
instances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }] }]`;
    expect(
      problems(
        `${base}\nrouteTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 10.0.2.0/24, target: eni-1 }] }]`,
      ),
    ).toEqual([]);
    expect(
      one(
        `${base}\nrouteTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 10.0.2.0/24, target: igw-1 }] }]`,
      )[0],
    ).toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('refuses a route into 169.254.168.0/22 (R9)', () => {
    const found = one(`${VPC}\n${SUBNET}\ninternetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 169.254.169.0/24, target: igw-1 }] }]`);
    expect(found[0]).toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('refuses a duplicate route destination with RouteAlreadyExists (R39)', () => {
    const found = one(`${VPC}\n${SUBNET}\ninternetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 0.0.0.0/0, target: igw-1 }, { destination: 0.0.0.0/0, target: blackhole }] }]`);
    expect(found[0]).toMatchObject({
      path: 'topology.routeTables[0].routes[1].destination',
      code: 'RouteAlreadyExists',
    });
  });

  it('refuses a route naming a multi-ENI instance with InvalidInstanceID (R20)', () => {
    const found = one(`${VPC}\n${SUBNET}
instances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }, { id: eni-2, subnet: subnet-a, privateIp: 10.0.1.11 }] }]
routeTables: [{ id: rtb-1, vpc: vpc-1, routes: [{ destination: 0.0.0.0/0, target: i-1 }] }]`);
    expect(found[0]).toMatchObject({ path: 'topology.routeTables[0].routes[0].target', code: 'InvalidInstanceID' });
  });

  it('refuses an ENI in another AZ than its instance (R14)', () => {
    const found =
      one(`${VPC}\nsubnets: [{ id: subnet-a, vpc: vpc-1, az: us-east-1a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-1, az: us-east-1b, cidr: 10.0.2.0/24 }]
instances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }, { id: eni-2, subnet: subnet-b, privateIp: 10.0.2.10 }] }]`);
    expect(found[0]).toMatchObject({
      path: 'topology.instances[0].interfaces[1].subnet',
      code: 'InvalidParameterCombination',
    });
  });

  it('refuses a second internet gateway on a VPC (R52)', () => {
    const found = one(`${VPC}\ninternetGateways: [{ id: igw-1, vpc: vpc-1 }, { id: igw-2, vpc: vpc-1 }]`);
    expect(found[0]).toMatchObject({ path: 'topology.internetGateways[1].vpc', code: 'Resource.AlreadyAssociated' });
  });

  it('refuses a gateway route table that sends traffic to the internet gateway (R46)', () => {
    const found = one(`${VPC}\n${SUBNET}\ninternetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-edge, vpc: vpc-1, gateways: [igw-1], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }]`);
    expect(found[0]).toMatchObject({ path: 'topology.routeTables[0].routes[0]', code: 'InvalidParameterValue' });
  });

  it('refuses a reused NACL rule number with NetworkAclEntryAlreadyExists (R76)', () => {
    const found = one(`${VPC}\n${SUBNET}
networkAcls: [{ id: acl-1, vpc: vpc-1, inbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }, { rule: 100, protocol: tcp, ports: 22, cidr: 0.0.0.0/0, action: deny }] }]`);
    expect(found[0]).toMatchObject({
      path: 'topology.networkAcls[0].inbound[1].rule',
      code: 'NetworkAclEntryAlreadyExists',
    });
  });

  it('refuses a duplicate security group rule with InvalidPermission.Duplicate (R74)', () => {
    const found = one(
      `${VPC}\nsecurityGroups: [{ id: sg-1, vpc: vpc-1, inbound: [{ protocol: tcp, ports: 22, source: 0.0.0.0/0 }, { protocol: tcp, ports: 22, source: 0.0.0.0/0 }] }]`,
    );
    expect(found[0]).toMatchObject({
      path: 'topology.securityGroups[0].inbound[1]',
      code: 'InvalidPermission.Duplicate',
    });
  });

  it('refuses a secondary block from another RFC 1918 family, and 198.19.0.0/16 (R3)', () => {
    expect(one(`vpcs: [{ id: vpc-1, cidr: [10.0.0.0/16, 192.168.0.0/16] }]`)[0]).toMatchObject({
      path: 'topology.vpcs[0].cidr[1]',
      code: 'InvalidParameterValue',
    });
    expect(one(`vpcs: [{ id: vpc-1, cidr: [10.0.0.0/16, 198.19.0.0/16] }]`)[0]).toMatchObject({
      path: 'topology.vpcs[0].cidr[1]',
    });
    expect(problems(`vpcs: [{ id: vpc-1, cidr: [10.0.0.0/16, 10.1.0.0/16, 100.64.0.0/16] }]`)).toEqual([]);
  });

  it('refuses an auto-assigned public IP on a secondary interface (R17)', () => {
    const found = one(`${VPC}
${SUBNET}
instances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }, { id: eni-2, subnet: subnet-a, privateIp: 10.0.1.11, publicIp: 198.51.100.2 }] }]`);
    expect(found[0]).toMatchObject({
      path: 'topology.instances[0].interfaces[1].publicIp',
      code: 'InvalidParameterCombination',
    });
  });

  it('refuses more routes than a table holds (R42)', () => {
    const routes = Array.from({ length: 51 }, (_, i) => `{ destination: 172.16.${i}.0/24, target: blackhole }`).join(
      ', ',
    );
    expect(
      one(`${VPC}
routeTables: [{ id: rtb-1, vpc: vpc-1, routes: [${routes}] }]`)[0],
    ).toMatchObject({ path: 'topology.routeTables[0].routes', code: 'RouteLimitExceeded' });
  });

  it('refuses an id whose prefix does not fit its kind', () => {
    expect(one(`vpcs: [{ id: net-1, cidr: 10.0.0.0/16 }]`)[0]).toMatchObject({
      path: 'topology.vpcs[0].id',
      message: '"net-1" is not a vpc id (they start with "vpc-")',
    });
  });

  it('reports unknown fields and bad values from the schema with their paths', () => {
    const found = one(
      `${VPC}\nsubnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24, colour: red }]\nsecurityGroups: [{ id: sg-1, vpc: vpc-1, inbound: [{ protocol: icmpp, source: 0.0.0.0/0 }] }]`,
    );
    expect(found).toContainEqual({ path: 'topology.subnets[0]', message: 'unknown field "colour"' });
    expect(found.some((p) => p.path === 'topology.securityGroups[0].inbound[0].protocol')).toBe(true);
  });

  it('collects every problem instead of stopping at the first', () => {
    const found = one(`vpcs: [{ id: vpc-1, cidr: 10.0.0.0/15 }, { id: vpc-2, cidr: 10.1.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-2, cidr: 10.1.1.0/29 }, { id: subnet-b, vpc: vpc-2, cidr: 10.9.0.0/24 }]`);
    expect(found.map((p) => p.code)).toEqual(['InvalidVpcRange', 'InvalidSubnet.Range', 'InvalidSubnet.Range']);
  });
});

describe('AWS defaults are filled in', () => {
  it('accepts a topology with only a VPC and a subnet', () => {
    expect(problems(`${VPC}\n${SUBNET}`)).toEqual([]);
  });
});
