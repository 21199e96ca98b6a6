import { describe, expect, it } from 'vitest';
import { dropAt, dropCode, flow, net, path } from '../helpers';

const BASE = (sgA: string, sgB: string, acl = '') => `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }
securityGroups:
  - ${sgA}
  - ${sgB}
${acl}
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }]
  - id: i-a2
    interfaces: [{ id: eni-a2, subnet: subnet-a, privateIp: 10.0.1.11, securityGroups: [sg-a] }]
  - id: i-b
    interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-b] }]
    os: { listen: [tcp/443, tcp/5432] }
`;

describe('security groups (R66–R74)', () => {
  it('let a reply back in although no inbound rule admits it: they are stateful (R66)', () => {
    const n = net(
      BASE(
        '{ id: sg-a, vpc: vpc-a, inbound: [] }',
        '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 443, source: 10.0.1.0/24 }] }',
      ),
    );
    const t = flow(n, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 });
    expect(t.result).toBe('roundtrip');
    expect(t.reply!.hops.find((h) => h.resource === 'eni-a')!.detail).toContain('tracked connection (R66)');
  });

  it('say SG_HAS_NO_RULES for a group with no rule in that direction, ENI_SG_RULES_MISMATCH when rules exist but none matches (R128)', () => {
    const noRules = net(BASE('{ id: sg-a, vpc: vpc-a, inbound: [] }', '{ id: sg-b, vpc: vpc-a, inbound: [] }'));
    expect(dropCode(flow(noRules, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 }))).toBe('SG_HAS_NO_RULES');
    const other = net(
      BASE(
        '{ id: sg-a, vpc: vpc-a, inbound: [] }',
        '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 5432, source: 10.0.1.0/24 }] }',
      ),
    );
    const t = flow(other, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('ENI_SG_RULES_MISMATCH');
    expect(t.request.ending.kind === 'dropped' && t.request.ending.drop.within).toEqual(['sg-b', 'eni-b', 'i-b']);
  });

  it('stop a new outbound flow when the group has no outbound rule (R67)', () => {
    const n = net(
      BASE(
        '{ id: sg-a, vpc: vpc-a, inbound: [], outbound: [] }',
        '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }',
      ),
    );
    const t = flow(n, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('SG_HAS_NO_RULES');
    expect(dropAt(t)).toBe('sg-a');
  });

  it("match a group reference against its members' private IPs (R58, R69)", () => {
    const n = net(
      BASE(
        '{ id: sg-a, vpc: vpc-a, inbound: [] }',
        '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 5432, source: sg-a }] }',
      ),
    );
    expect(flow(n, { from: 'i-a2', to: 'i-b', protocol: 'tcp', port: 5432 }).result).toBe('roundtrip');
    expect(dropCode(flow(n, { from: 'subnet-a', fromIp: '10.0.1.99', to: 'i-b', protocol: 'tcp', port: 5432 }))).toBe(
      'ENI_SG_RULES_MISMATCH',
    );
  });

  it('stop matching a group reference once a middlebox forwarded the traffic (R73)', () => {
    const n = net(
      `${BASE('{ id: sg-a, vpc: vpc-a, inbound: [] }', '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 5432, source: sg-a }] }')}
  - id: i-fw
    interfaces: [{ id: eni-fw, subnet: subnet-fw, privateIp: 10.0.9.5, securityGroups: [sg-fw], sourceDestCheck: false }]
    os: { ipForward: true }
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 10.0.2.0/24, target: eni-fw }] }`
        .replace('subnets:\n', 'subnets:\n  - { id: subnet-fw, vpc: vpc-a, cidr: 10.0.9.0/24 }\n')
        .replace(
          'securityGroups:\n',
          'securityGroups:\n  - { id: sg-fw, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }\n',
        ),
    );
    const direct = flow(n, { from: 'i-a2', to: 'i-b', protocol: 'tcp', port: 5432 });
    expect(path(direct)).toContain('i-fw');
    expect(dropCode(direct)).toBe('SG_REFERENCES_NOT_PRESERVED');
    expect(dropAt(direct)).toBe('sg-b');
  });

  it('match only the ports of a rule', () => {
    const n = net(
      BASE(
        '{ id: sg-a, vpc: vpc-a, inbound: [] }',
        '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: "400-450", source: 0.0.0.0/0 }] }',
      ),
    );
    expect(flow(n, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 }).result).toBe('roundtrip');
    expect(dropCode(flow(n, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 5432 }))).toBe('ENI_SG_RULES_MISMATCH');
    expect(dropCode(flow(n, { from: 'i-a', to: 'i-b', protocol: 'udp', port: 443 }))).toBe('ENI_SG_RULES_MISMATCH');
  });

  it('merge every group on an ENI into one set of allow rules (R68)', () => {
    const n = net(
      `${BASE('{ id: sg-a, vpc: vpc-a, inbound: [] }', '{ id: sg-b, vpc: vpc-a, inbound: [] }')}
  - id: i-c
    interfaces: [{ id: eni-c, subnet: subnet-b, privateIp: 10.0.2.30, securityGroups: [sg-b, sg-icmp] }]`.replace(
        'securityGroups:\n',
        'securityGroups:\n  - { id: sg-icmp, vpc: vpc-a, inbound: [{ protocol: icmp, source: 0.0.0.0/0 }] }\n',
      ),
    );
    expect(flow(n, { from: 'i-a', to: '10.0.2.30' }).result).toBe('roundtrip');
  });

  it('let members of the default group talk to each other (R70)', () => {
    const n = net(`
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }]
instances:
  - { id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }] }
  - { id: i-2, interfaces: [{ id: eni-2, subnet: subnet-a, privateIp: 10.0.1.11 }] }`);
    expect(flow(n, { from: 'i-1', to: 'i-2' }).result).toBe('roundtrip');
  });
});

describe('network ACLs (R75–R82)', () => {
  const OPEN = [
    '{ id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }',
    '{ id: sg-b, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }',
  ] as const;

  it('apply the lowest-numbered matching rule first (R76)', () => {
    const acl = `networkAcls:
  - id: acl-b
    vpc: vpc-a
    subnets: [subnet-b]
    inbound: [{ rule: 200, protocol: all, cidr: 0.0.0.0/0, action: allow }, { rule: 100, protocol: tcp, ports: 443, cidr: 10.0.1.10/32, action: deny }]
    outbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }]`;
    const n = net(BASE(...OPEN, acl));
    const t = flow(n, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('SUBNET_ACL_RESTRICTION');
    expect(t.request.ending.kind === 'dropped' && t.request.ending.drop.detail).toContain('rule 100 denies');
    expect(flow(n, { from: 'i-a2', to: 'i-b', protocol: 'tcp', port: 443 }).result).toBe('roundtrip');
  });

  it("are stateless: a reply needs its own rule for the client's ephemeral port (R77, R78)", () => {
    const acl = `networkAcls:
  - id: acl-a
    vpc: vpc-a
    subnets: [subnet-a]
    inbound: [{ rule: 100, protocol: tcp, ports: 443, cidr: 0.0.0.0/0, action: allow }]
    outbound: [{ rule: 100, protocol: tcp, ports: 443, cidr: 0.0.0.0/0, action: allow }]`;
    const n = net(BASE(...OPEN, acl));
    const t = flow(n, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 443 });
    expect(t.result).toBe('request-only');
    expect(dropAt(t)).toBe('acl-a');
    expect(path(t, 'reply')).toContain('subnet-a');
  });

  it('deny everything in a custom ACL with no rules (R75)', () => {
    const acl = `networkAcls: [{ id: acl-b, vpc: vpc-a, subnets: [subnet-b] }]`;
    expect(dropCode(flow(net(BASE(...OPEN, acl)), { from: 'i-a', to: 'i-b' }))).toBe('SUBNET_ACL_RESTRICTION');
  });

  it('never act on traffic inside one subnet (R26)', () => {
    const acl = `networkAcls: [{ id: acl-a, vpc: vpc-a, subnets: [subnet-a] }]`;
    const n = net(BASE(...OPEN, acl));
    expect(flow(n, { from: 'i-a', to: 'i-a2' }).result).toBe('roundtrip');
    expect(dropCode(flow(n, { from: 'i-a', to: 'i-b' }))).toBe('SUBNET_ACL_RESTRICTION');
  });

  it('cannot block the Amazon resolver, nor can a group (R10, R80)', () => {
    const acl = `networkAcls: [{ id: acl-a, vpc: vpc-a, subnets: [subnet-a] }]`;
    const n = net(BASE('{ id: sg-a, vpc: vpc-a, inbound: [], outbound: [] }', OPEN[1], acl));
    expect(flow(n, { from: 'i-a', to: '10.0.0.2', protocol: 'udp', port: 53 }).result).toBe('roundtrip');
    expect(flow(n, { from: 'i-a', to: '169.254.169.253', protocol: 'tcp', port: 53 }).result).toBe('roundtrip');
  });
});
