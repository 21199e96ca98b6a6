import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers';
import { aws, json, state } from '../control/aws-fixture';

/** One VPC: a subnet that follows the main table, one with its own table, a spare table. */
const topology = `topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets:
    - { id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }
    - { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }
  internetGateways: [{ id: igw-a, vpc: vpc-a }]
  routeTables:
    - { id: rtb-main, vpc: vpc-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    - { id: rtb-b, vpc: vpc-a, subnets: [subnet-b], routes: [] }
    - { id: rtb-private, vpc: vpc-a, routes: [] }
  securityGroups: [{ id: sg-a, vpc: vpc-a, inbound: [] }]
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [sg-a] }] }
  externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
`;

const MAIN_ASSOCIATION =
  'ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-a Name=association.main,Values=true --query "RouteTables[].Associations[?Main].RouteTableAssociationId" --output text';

describe('the main association, looked up as a script looks it up (level 10)', () => {
  it('a captured id is what a later step writes as ${name}, whatever the main association is called now', () => {
    const r = runYaml(`title: t
${topology}steps:
  - aws: ec2 replace-route-table-association --association-id rtbassoc-main-vpc-a --route-table-id rtb-b
  - aws: ${MAIN_ASSOCIATION}
    capture: main
  - aws: ec2 replace-route-table-association --association-id \${main} --route-table-id rtb-private
  - expect: { from: i-a, to: web, protocol: tcp, port: 443, result: dropped, droppedAt: rtb-private, reason: NO_ROUTE_TO_DESTINATION }`);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, true]);
    // the summary shows the id the call was made with, not the placeholder
    expect(r.steps[2]!.summary).toMatch(/--association-id rtbassoc-main-vpc-a-\d+ --route-table-id rtb-private/);
  });

  it('a name nothing captured fails the step and says which', () => {
    const r = runYaml(`title: t
${topology}steps:
  - aws: ec2 replace-route-table-association --association-id \${main} --route-table-id rtb-private`);
    expect(r.steps[0]).toMatchObject({ ok: false });
    expect(r.steps[0]!.error).toContain('${main} names nothing an earlier step captured');
  });
});

describe('association ids a lab names, and what a main table may be (R29)', () => {
  it("a step's id: names the association its call makes", () => {
    const r = runYaml(`title: t
${topology}steps:
  - aws: ec2 replace-route-table-association --association-id rtbassoc-main-vpc-a --route-table-id rtb-private
    id: rtbassoc-main-private
    expectJson: { NewAssociationId: rtbassoc-main-private }
  - aws: ec2 disassociate-route-table --association-id rtbassoc-main-private
    expectError: InvalidParameterValue
  - aws: ec2 replace-route-table-association --association-id rtbassoc-main-vpc-a --route-table-id rtb-main
    expectError: InvalidAssociationID.NotFound`);
    expect(r.steps.map((s) => [s.ok, s.error ?? ''])).toEqual([
      [true, ''],
      [true, ''],
      [true, ''],
    ]);
  });

  it('a table associated with a gateway cannot become the main table', () => {
    const s = state();
    expect(aws(s, 'aws ec2 create-route-table --vpc-id vpc-1', 'rtb-edge').ok).toBe(true);
    expect(aws(s, 'aws ec2 associate-route-table --route-table-id rtb-edge --gateway-id igw-1').ok).toBe(true);
    const r = aws(
      s,
      'aws ec2 replace-route-table-association --association-id rtbassoc-main-vpc-1 --route-table-id rtb-edge',
    );
    expect(r).toMatchObject({ ok: false, code: 'InvalidParameterValue' });
    expect(r.output).toContain('cannot be the main route table');
    const main = json(s, 'aws ec2 describe-route-tables --filters Name=association.main,Values=true') as {
      RouteTables: { RouteTableId: string }[];
    };
    expect(main.RouteTables.map((t) => t.RouteTableId)).not.toContain('rtb-edge');
  });

  it('a deleted NAT gateway still lists the Elastic IP it held, and the address is free', () => {
    const s = state();
    expect(aws(s, 'aws ec2 create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-1', 'nat-9').ok).toBe(
      true,
    );
    expect(aws(s, 'aws ec2 delete-nat-gateway --nat-gateway-id nat-9').ok).toBe(true);
    const nat = json(s, 'aws ec2 describe-nat-gateways --nat-gateway-ids nat-9') as {
      NatGateways: { State: string; NatGatewayAddresses: { AllocationId?: string; PublicIp?: string }[] }[];
    };
    expect(nat.NatGateways[0]).toMatchObject({
      State: 'deleted',
      NatGatewayAddresses: [expect.objectContaining({ AllocationId: 'eipalloc-1' })],
    });
    const eip = json(s, 'aws ec2 describe-addresses --allocation-ids eipalloc-1') as {
      Addresses: { AssociationId?: string }[];
    };
    expect(eip.Addresses[0]!.AssociationId).toBeUndefined();
  });
});

describe('a route left behind by a deleted target is a row on the timeline (R40, R65)', () => {
  it('delete-nat-gateway answers only its id; the timeline says which routes went blackhole, and when one is repaired', () => {
    const s = state();
    expect(aws(s, 'aws ec2 delete-nat-gateway --nat-gateway-id nat-1').output).not.toContain('blackhole');
    expect(s.world.events.rows.map((r) => [r.instance, r.text, r.outcome])).toEqual([
      ['rtb-app', '0.0.0.0/0 -> nat-1 is now a blackhole: nat-1 is deleted (R40)', 'failed'],
    ]);
    expect(
      aws(s, 'aws ec2 replace-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1').ok,
    ).toBe(true);
    expect(s.world.events.rows.at(-1)).toMatchObject({
      instance: 'rtb-app',
      text: '0.0.0.0/0 -> igw-1 is active again',
    });
  });
});
