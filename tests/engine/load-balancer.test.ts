import { describe, expect, it } from 'vitest';
import { failedSteps, problems } from '../helpers';

/**
 * An internal NLB with a node in each of two zones, a TCP/80 listener forwarding to port 8080
 * of an instance in zone b only, and a client in a third subnet. `extra` adds to the topology.
 */
const lab = (steps: string, opts: { crossZone?: boolean; preserve?: boolean; acl?: string } = {}) => `title: nlb
topology:
  vpcs: [{ id: vpc-a, cidr: 10.1.0.0/16 }]
  subnets:
    - { id: subnet-lb-a, vpc: vpc-a, az: us-east-1a, cidr: 10.1.1.0/24 }
    - { id: subnet-lb-b, vpc: vpc-a, az: us-east-1b, cidr: 10.1.2.0/24 }
    - { id: subnet-app, vpc: vpc-a, az: us-east-1b, cidr: 10.1.3.0/24 }
    - { id: subnet-client, vpc: vpc-a, az: us-east-1a, cidr: 10.1.4.0/24 }
  securityGroups:
    - { id: sg-client, vpc: vpc-a, inbound: [] }
    - { id: sg-app, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 8080, source: ${opts.preserve === false ? '10.1.0.0/22' : '10.1.4.0/24'} }] }
${opts.acl ?? ''}
  instances:
    - { id: i-client, interfaces: [{ id: eni-client, subnet: subnet-client, privateIp: 10.1.4.10, securityGroups: [sg-client] }] }
    - { id: i-app, os: { listen: [tcp/8080] }, interfaces: [{ id: eni-app, subnet: subnet-app, privateIp: 10.1.3.10, securityGroups: [sg-app] }] }
  targetGroups:
    - { id: targetgroup/web/1, vpc: vpc-a, port: 8080, targets: [{ id: i-app }]${opts.preserve === false ? ', preserveClientIp: false' : ''} }
  loadBalancers:
    - id: net/web/1
      vpc: vpc-a
      crossZone: ${opts.crossZone ?? true}
      nodes: [{ id: eni-lb-a, subnet: subnet-lb-a, privateIp: 10.1.1.50 }, { id: eni-lb-b, subnet: subnet-lb-b, privateIp: 10.1.2.50 }]
      listeners: [{ protocol: tcp, port: 80, targetGroup: targetgroup/web/1 }]
steps:
${steps}`;

describe('Network Load Balancers', () => {
  it('forwards a listener port to a target in another zone with cross-zone on, and the answer comes back through the node', () => {
    expect(
      failedSteps(
        lab(`  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 80, result: roundtrip, via: [i-client, subnet-client, vpc-a, subnet-lb-a, eni-lb-a, net/web/1, subnet-app, i-app], seenSource: 10.1.4.10, seenDestination: 10.1.3.10, replyVia: [i-app, subnet-lb-a, net/web/1, i-client], replySeenSource: 10.1.1.50 }
  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 81, result: dropped, droppedAt: net/web/1, reason: ELB_LISTENERS_MISMATCH }
  - expect: { from: i-client, to: 10.1.1.50, protocol: icmp, result: dropped, reason: ELB_LISTENERS_MISMATCH }`),
      ),
    ).toEqual([]);
  });

  it('with cross-zone off, the node in a zone without targets has nowhere to send; turning it on over elbv2 fixes it', () => {
    expect(
      failedSteps(
        lab(
          `  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 80, result: dropped, droppedAt: eni-lb-a, reason: ELB_NOT_CROSSZONE }
  - expect: { from: i-client, to: 10.1.2.50, protocol: tcp, port: 80, result: roundtrip }
  - aws: elbv2 describe-load-balancer-attributes --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web/1
    expectJson: { Attributes.0.Value: "false" }
  - aws: elbv2 modify-load-balancer-attributes --load-balancer-arn net/web/1 --attributes Key=load_balancing.cross_zone.enabled,Value=true
  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 80, result: roundtrip }`,
          { crossZone: false },
        ),
      ),
    ).toEqual([]);
  });

  it("without client IP preservation the target sees the node's address, and its group must allow that", () => {
    expect(
      failedSteps(
        lab(
          `  - expect: { from: i-client, to: 10.1.2.50, protocol: tcp, port: 80, result: roundtrip, seenSource: 10.1.2.50, seenSourcePort: "1024-65535" }
  - aws: elbv2 modify-target-group-attributes --target-group-arn targetgroup/web/1 --attributes Key=preserve_client_ip.enabled,Value=true
  - expect: { from: i-client, to: 10.1.2.50, protocol: tcp, port: 80, result: dropped, droppedAt: sg-app, reason: ENI_SG_RULES_MISMATCH }`,
          { preserve: false },
        ),
      ),
    ).toEqual([]);
  });

  it('a target that is stopped fails its health checks; with no healthy target the balancer fails open, and an empty group drops', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 stop-instances --instance-ids i-app
  - aws: elbv2 describe-target-health --target-group-arn targetgroup/web/1
    expectJson: { TargetHealthDescriptions.0.TargetHealth.State: unhealthy }
  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 80, result: dropped, droppedAt: i-app, reason: ENGINE_TARGET_NOT_RUNNING }
  - aws: elbv2 deregister-targets --target-group-arn targetgroup/web/1 --targets Id=i-app
  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 80, result: dropped, droppedAt: net/web/1, reason: ENGINE_LB_NO_TARGETS }
  - aws: elbv2 register-targets --target-group-arn targetgroup/web/1 --targets Id=i-nope
    expectError: InvalidTarget`),
      ),
    ).toEqual([]);
  });

  it("the client's subnet ACL and the node's subnet ACL both act on the answer", () => {
    const acl = `  networkAcls:
    - id: acl-lb
      vpc: vpc-a
      subnets: [subnet-lb-a]
      inbound: [{ rule: 100, protocol: tcp, ports: 80, cidr: 10.1.4.0/24, action: allow }]
      outbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }]`;
    expect(
      failedSteps(
        lab(
          `  - expect: { from: i-client, to: 10.1.1.50, protocol: tcp, port: 80, result: request-only, droppedAt: acl-lb, reason: SUBNET_ACL_RESTRICTION }`,
          { acl },
        ),
      ),
    ).toEqual([]);
  });

  it('refuses what AWS refuses: a listener to a group of another protocol, two nodes in one zone', () => {
    const topology = lab('')
      .split('topology:\n')[1]!
      .split('steps:')[0]!
      .replace(/^  /gm, '')
      .replace('listeners: [{ protocol: tcp, port: 80', 'listeners: [{ protocol: udp, port: 80')
      .replace('subnet: subnet-lb-b, privateIp: 10.1.2.50', 'subnet: subnet-client, privateIp: 10.1.4.50');
    expect(problems(topology).map((p) => `${p.path}: ${p.code}`)).toEqual([
      'topology.loadBalancers[0].nodes[1].subnet: InvalidConfigurationRequest',
      'topology.loadBalancers[0].listeners[0].targetGroup: IncompatibleProtocols',
    ]);
  });
});
