import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers';

/** A private host behind a NAT gateway; its group admits every TCP port from anywhere. */
const BEHIND_NAT = `
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-pub, vpc: vpc-a, cidr: 10.0.0.0/24 }, { id: subnet-priv, vpc: vpc-a, cidr: 10.0.1.0/24 }]
  internetGateways: [{ id: igw-a, vpc: vpc-a }]
  natGateways: [{ id: nat-1, subnet: subnet-pub, publicIp: 198.51.100.100 }]
  routeTables:
    - { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    - { id: rtb-priv, vpc: vpc-a, subnets: [subnet-priv], routes: [{ destination: 0.0.0.0/0, target: nat-1 }] }
  securityGroups:
    - { id: sg-p, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 0-65535, source: 0.0.0.0/0 }] }
  instances: [{ id: i-p, interfaces: [{ id: eni-p, subnet: subnet-priv, privateIp: 10.0.1.10, securityGroups: [sg-p] }] }]
  externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
`;

describe('security group connection tracking (R66, R71, R72)', () => {
  it('tracks a flow through a NAT gateway even when its rules are 0.0.0.0/0 both ways (R72)', () => {
    // 0.0.0.0/0 out (the default rule) and every TCP port in from 0.0.0.0/0 would leave the
    // flow untracked (R71); through a NAT gateway it is tracked, so revoking the rule that let
    // it out keeps the session and refuses only new connections.
    const r = runYaml(`title: t${BEHIND_NAT}
steps:
  - expect: { from: i-p, to: web, protocol: tcp, port: 443, result: roundtrip, flow: s }
  - aws: ec2 revoke-security-group-egress --group-id sg-p --protocol all --cidr 0.0.0.0/0
  - expect: { flow: s, result: roundtrip }
  - expect: { from: i-p, to: web, protocol: tcp, port: 443, result: dropped, reason: SG_HAS_NO_RULES }`);
    expect(r.steps.map((s) => [s.summary, s.ok])).toEqual([
      ['i-p -> web tcp/443: roundtrip', true],
      [expect.stringContaining('revoke-security-group-egress'), true],
      ['i-p -> web tcp/443: roundtrip', true],
      ['i-p -> web tcp/443: dropped', true],
    ]);
  });

  it('cuts an untracked flow when the rule that let its replies out is removed (R71)', () => {
    const r = runYaml(`title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }]
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [] }
    - { id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 22, source: 0.0.0.0/0 }] }
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-b] }], os: { listen: [tcp/22] } }
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 22, result: roundtrip, flow: ssh }
  - aws: ec2 revoke-security-group-egress --group-id sg-b --protocol all --cidr 0.0.0.0/0
  - expect: { flow: ssh, result: request-only, droppedAt: sg-b, reason: SG_HAS_NO_RULES }
  - aws: ec2 authorize-security-group-egress --group-id sg-b --protocol tcp --port 1024-65535 --cidr 10.0.1.0/24
  - expect: { flow: ssh, result: roundtrip }`);
    expect(r.steps.map((s) => [s.summary, s.ok])).toEqual([
      ['i-a -> i-b tcp/22: roundtrip', true],
      [expect.stringContaining('revoke-security-group-egress'), true],
      ['i-a -> i-b tcp/22: request-only', true],
      [expect.stringContaining('authorize-security-group-egress'), true],
      ['i-a -> i-b tcp/22: roundtrip', true],
    ]);
  });
});
