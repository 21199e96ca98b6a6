import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers';
import { aws, json, refused, state } from '../control/aws-fixture';

/** Two subnets; subnet-b's network ACL is acl-b, open in both directions until a step says otherwise. */
const TWO_SUBNETS = `
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }]
  securityGroups: [{ id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
  networkAcls:
    - id: acl-b
      vpc: vpc-a
      subnets: [subnet-b]
      inbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }]
      outbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }]
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-open] }], os: { listen: [tcp/443] } }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-open] }], os: { listen: [tcp/443] } }
`;

describe('network ACL entries as the API takes them', () => {
  it('refuses a TCP or UDP entry without --port-range (CreateNetworkAclEntry: PortRange is required for 6 and 17)', () => {
    const s = state();
    const entry = '--network-acl-id acl-1 --ingress --rule-number 50 --cidr-block 0.0.0.0/0 --rule-action deny';
    refused(s, `aws ec2 create-network-acl-entry ${entry} --protocol tcp`, 'MissingParameter');
    refused(s, `aws ec2 create-network-acl-entry ${entry} --protocol 17`, 'MissingParameter');
    refused(s, `aws ec2 replace-network-acl-entry ${entry.replace('50', '100')} --protocol tcp`, 'MissingParameter');
    expect(aws(s, `aws ec2 create-network-acl-entry ${entry} --protocol tcp`).output).toContain(
      'The request must contain the parameter portRange',
    );
    // with the range, or for a protocol without ports, the same entry is taken
    expect(aws(s, `aws ec2 create-network-acl-entry ${entry} --protocol tcp --port-range From=22,To=22`).ok).toBe(true);
    expect(aws(s, `aws ec2 create-network-acl-entry ${entry.replace('50', '60')} --protocol -1`).ok).toBe(true);
  });

  it('refuses an ICMP entry without --icmp-type-code, and prints the type and code it keeps', () => {
    const s = state();
    const entry =
      '--network-acl-id acl-1 --ingress --rule-number 50 --protocol icmp --cidr-block 0.0.0.0/0 --rule-action deny';
    refused(s, `aws ec2 create-network-acl-entry ${entry}`, 'MissingParameter');
    expect(aws(s, `aws ec2 create-network-acl-entry ${entry}`).output).toContain('icmpTypeCode.type');
    refused(s, `aws ec2 create-network-acl-entry ${entry} --icmp-type-code Type=300,Code=0`, 'InvalidParameterValue');
    expect(aws(s, `aws ec2 create-network-acl-entry ${entry} --icmp-type-code Type=8,Code=-1`).ok).toBe(true);
    const acls = json(s, 'aws ec2 describe-network-acls --network-acl-ids acl-1').NetworkAcls as {
      Entries: { RuleNumber: number; IcmpTypeCode?: unknown; Protocol: string }[];
    }[];
    expect(acls[0]!.Entries.find((e) => e.RuleNumber === 50)).toMatchObject({
      Protocol: '1',
      IcmpTypeCode: { Type: 8, Code: -1 },
    });
  });
});

describe('network ACL entries in the data plane', () => {
  it('an ICMP entry for type 8 judges echo requests only: echo replies (type 0) pass', () => {
    const r = runYaml(`title: t${TWO_SUBNETS}
steps:
  - aws: ec2 create-network-acl-entry --network-acl-id acl-b --ingress --rule-number 90 --protocol 1 --icmp-type-code Type=8,Code=-1 --cidr-block 0.0.0.0/0 --rule-action deny
  - expect: { from: i-a, to: i-b, protocol: icmp, result: dropped, droppedAt: acl-b }
  - expect: { from: i-b, to: i-a, protocol: icmp, result: roundtrip }`);
    expect(r.steps.map((s) => [s.summary, s.ok])).toEqual([
      [expect.stringContaining('create-network-acl-entry'), true],
      ['i-a -> i-b icmp: dropped', true],
      ['i-b -> i-a icmp: roundtrip', true],
    ]);
  });

  it("an entry for one ICMP code leaves the type's other codes alone", () => {
    const r = runYaml(`title: t${TWO_SUBNETS}
steps:
  - aws: ec2 create-network-acl-entry --network-acl-id acl-b --ingress --rule-number 90 --protocol icmp --icmp-type-code Type=8,Code=5 --cidr-block 0.0.0.0/0 --rule-action deny
  - expect: { from: i-a, to: i-b, protocol: icmp, result: roundtrip }`);
    expect(r.failed).toBe(0);
  });

  it('names the protocol and both ports of the packet a NACL hop judged, so a denied reply shows its port', () => {
    const r = runYaml(`title: t${TWO_SUBNETS}
steps:
  - aws: ec2 replace-network-acl-entry --network-acl-id acl-b --egress --rule-number 100 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: request-only, droppedAt: acl-b }`);
    const step = r.steps[1]!;
    expect(step.ok).toBe(true);
    const drop = step.replyTrace!.at(-1)!;
    expect(drop.detail).toContain('acl-b outbound: no rule matches, * denies (tcp 10.0.2.20:443 -> 10.0.1.10:49152)');
    const entered = step.trace!.find((h) => h.resource === 'subnet-b')!;
    expect(entered.detail).toBe('acl-b inbound rule 100 allows (tcp 10.0.1.10:49152 -> 10.0.2.20:443)');
  });

  it('names the packet a security group judged, ICMP by its type', () => {
    const r = runYaml(`title: t${TWO_SUBNETS}
steps:
  - expect: { from: i-a, to: i-b, protocol: icmp, result: roundtrip }`);
    const hops = r.steps[0]!.trace!;
    expect(hops.find((h) => h.resource === 'eni-b')!.detail).toBe(
      'sg-open inbound allows all from 0.0.0.0/0 (icmp echo request 10.0.1.10 -> 10.0.2.20)',
    );
    const reply = r.steps[0]!.replyTrace!;
    expect(reply.find((h) => h.resource === 'subnet-a')!.detail).toContain('(icmp echo reply 10.0.2.20 -> 10.0.1.10)');
  });
});
