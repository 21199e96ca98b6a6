import { expect } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { runAwsCommand } from '../../engine/control/aws/run-aws';
import { net } from '../helpers';

/** A VPC with a public and an app subnet, a firewall with two ENIs, a NAT gateway and spare ENIs. */
export const TOPO = `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-pub, vpc: vpc-1, az: us-east-1a, cidr: 10.0.0.0/24 }
  - { id: subnet-app, vpc: vpc-1, az: us-east-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-1, az: us-east-1b, cidr: 10.0.2.0/24 }
internetGateways: [{ id: igw-1, vpc: vpc-1 }, { id: igw-spare }]
natGateways: [{ id: nat-1, subnet: subnet-pub, privateIp: 10.0.0.100, publicIp: 198.51.100.100 }]
elasticIps: [{ id: eipalloc-1, publicIp: 198.51.100.50 }]
routeTables:
  - { id: rtb-pub, vpc: vpc-1, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }
  - { id: rtb-app, vpc: vpc-1, subnets: [subnet-app], routes: [{ destination: 0.0.0.0/0, target: nat-1 }] }
securityGroups:
  - { id: sg-web, vpc: vpc-1, inbound: [{ protocol: tcp, ports: 443, source: 0.0.0.0/0 }] }
  - { id: sg-fw, vpc: vpc-1, inbound: [{ protocol: all, source: 10.0.0.0/16 }] }
networkAcls:
  - { id: acl-1, vpc: vpc-1, inbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }], outbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }] }
instances:
  - id: i-web
    interfaces: [{ id: eni-web, subnet: subnet-pub, privateIp: 10.0.0.10, publicIp: 198.51.100.10, securityGroups: [sg-web] }]
    os: { listen: [tcp/443] }
  - id: i-fw
    interfaces:
      - { id: eni-fw-out, subnet: subnet-pub, privateIp: 10.0.0.20, sourceDestCheck: false, securityGroups: [sg-fw] }
      - { id: eni-fw-in, subnet: subnet-app, privateIp: 10.0.1.20, securityGroups: [sg-fw] }
    os: { ipForward: true }
  - id: i-app
    interfaces: [{ id: eni-app, subnet: subnet-app, privateIp: 10.0.1.30 }]
networkInterfaces:
  - { id: eni-spare, subnet: subnet-app, privateIp: 10.0.1.40 }
  - { id: eni-far, subnet: subnet-b, privateIp: 10.0.2.40 }
externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
`;

export function state() {
  return new ControlState(net(TOPO));
}

export function aws(s: ControlState, line: string, id?: string) {
  return runAwsCommand(s, line, id);
}

export function json(s: ControlState, line: string): Record<string, unknown> {
  const r = aws(s, line);
  expect(r.ok, r.output).toBe(true);
  return JSON.parse(r.output);
}

/** The call is refused with this code, and the topology is exactly what it was. */
export function refused(s: ControlState, line: string, code: string) {
  const before = JSON.stringify(s.topology);
  const r = aws(s, line);
  expect(r, r.output).toMatchObject({ ok: false, code });
  expect(r.output).toContain(`An error occurred (${code})`);
  expect(JSON.stringify(s.topology)).toBe(before);
}
