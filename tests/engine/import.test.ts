import { describe, expect, it } from 'vitest';
import { importSnapshot, loadLab, parseLabObject, runLab, type SnapshotFile } from '../../engine/index';
import { flow } from '../helpers';

/** A small account written by hand in the shape `aws ec2 describe-*` prints. */
function snapshot(prefix = 'us-east-2/'): SnapshotFile[] {
  return [
    {
      path: `${prefix}Vpcs.json`,
      json: {
        Vpcs: [
          {
            VpcId: 'vpc-01',
            CidrBlock: '10.0.0.0/16',
            State: 'available',
            OwnerId: '111122223333',
            Tags: [
              { Key: 'Name', Value: 'shop' },
              { Key: 'team', Value: 'payments' },
              { Key: 'aws:cloudformation:stack-name', Value: 'shop-stack' },
            ],
            CidrBlockAssociationSet: [{ CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } }],
          },
        ],
      },
    },
    {
      path: `${prefix}Subnets.json`,
      json: {
        Subnets: [
          {
            SubnetId: 'subnet-pub',
            VpcId: 'vpc-01',
            CidrBlock: '10.0.0.0/24',
            AvailabilityZone: 'us-east-2a',
            State: 'available',
            MapPublicIpOnLaunch: true,
          },
          {
            SubnetId: 'subnet-priv',
            VpcId: 'vpc-01',
            CidrBlock: '10.0.1.0/24',
            AvailabilityZone: 'us-east-2a',
            State: 'available',
          },
        ],
      },
    },
    {
      path: `${prefix}InternetGateways.json`,
      json: {
        InternetGateways: [{ InternetGatewayId: 'igw-01', Attachments: [{ VpcId: 'vpc-01', State: 'available' }] }],
      },
    },
    {
      path: `${prefix}NatGateways.json`,
      json: {
        NatGateways: [
          {
            NatGatewayId: 'nat-01',
            SubnetId: 'subnet-pub',
            State: 'available',
            NatGatewayAddresses: [
              { PrivateIp: '10.0.0.100', PublicIp: '198.51.100.100', NetworkInterfaceId: 'eni-natsvc' },
            ],
          },
        ],
      },
    },
    {
      path: `${prefix}RouteTables.json`,
      json: {
        RouteTables: [
          {
            RouteTableId: 'rtb-main',
            VpcId: 'vpc-01',
            Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-0a1b2c3d' }],
            Routes: [
              { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
              { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-01', Origin: 'CreateRoute', State: 'active' },
              {
                DestinationCidrBlock: '192.0.2.0/24',
                GatewayId: 'igw-gone',
                Origin: 'CreateRoute',
                State: 'blackhole',
              },
              { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-01', Origin: 'CreateRoute', State: 'active' },
              { DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-01', Origin: 'CreateRoute', State: 'active' },
            ],
          },
          {
            RouteTableId: 'rtb-pub',
            VpcId: 'vpc-01',
            Associations: [{ Main: false, SubnetId: 'subnet-pub', RouteTableAssociationId: 'rtbassoc-0e6a8c1d' }],
            Routes: [
              { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-01', Origin: 'CreateRoute', State: 'active' },
            ],
          },
        ],
      },
    },
    {
      path: `${prefix}NetworkInterfaces.json`,
      json: {
        NetworkInterfaces: [
          {
            NetworkInterfaceId: 'eni-web',
            SubnetId: 'subnet-pub',
            VpcId: 'vpc-01',
            InterfaceType: 'interface',
            PrivateIpAddress: '10.0.0.10',
            MacAddress: '06:00:00:00:00:10',
            SourceDestCheck: true,
            Groups: [{ GroupId: 'sg-web' }],
            Attachment: { InstanceId: 'i-web', DeviceIndex: 0, Status: 'attached' },
            PrivateIpAddresses: [
              {
                PrivateIpAddress: '10.0.0.10',
                Primary: true,
                Association: { PublicIp: '198.51.100.10', IpOwnerId: 'amazon' },
              },
              { PrivateIpAddress: '10.0.0.11', Primary: false, Association: { PublicIp: '198.51.100.11' } },
            ],
          },
          {
            NetworkInterfaceId: 'eni-app',
            SubnetId: 'subnet-priv',
            VpcId: 'vpc-01',
            InterfaceType: 'interface',
            PrivateIpAddress: '10.0.1.10',
            Groups: [{ GroupId: 'sg-default' }],
            Attachment: { InstanceId: 'i-app', DeviceIndex: 0 },
            PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10', Primary: true }],
          },
          {
            NetworkInterfaceId: 'eni-off',
            SubnetId: 'subnet-priv',
            VpcId: 'vpc-01',
            InterfaceType: 'interface',
            PrivateIpAddress: '10.0.1.20',
            Groups: [{ GroupId: 'sg-default' }],
            Attachment: { InstanceId: 'i-off', DeviceIndex: 0 },
            PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.20', Primary: true }],
          },
          {
            NetworkInterfaceId: 'eni-natsvc',
            SubnetId: 'subnet-pub',
            VpcId: 'vpc-01',
            InterfaceType: 'nat_gateway',
            PrivateIpAddress: '10.0.0.100',
          },
          {
            NetworkInterfaceId: 'eni-nlb',
            SubnetId: 'subnet-priv',
            VpcId: 'vpc-01',
            InterfaceType: 'network_load_balancer',
            PrivateIpAddress: '10.0.1.50',
          },
        ],
      },
    },
    {
      path: `${prefix}Reservations.json`,
      json: {
        Reservations: [
          {
            Instances: [
              { InstanceId: 'i-web', InstanceType: 'm5.large', State: { Name: 'running' } },
              { InstanceId: 'i-app', State: { Name: 'running' } },
              { InstanceId: 'i-off', State: { Name: 'stopped' } },
            ],
          },
        ],
      },
    },
    {
      path: `${prefix}Addresses.json`,
      json: {
        Addresses: [
          {
            AllocationId: 'eipalloc-web',
            AssociationId: 'eipassoc-07f3e2d1',
            PublicIp: '198.51.100.11',
            NetworkInterfaceId: 'eni-web',
            PrivateIpAddress: '10.0.0.11',
          },
          {
            AllocationId: 'eipalloc-nat',
            PublicIp: '198.51.100.100',
            NetworkInterfaceId: 'eni-natsvc',
            PrivateIpAddress: '10.0.0.100',
          },
        ],
      },
    },
    {
      path: `${prefix}SecurityGroups.json`,
      json: {
        SecurityGroups: [
          {
            GroupId: 'sg-default',
            GroupName: 'default',
            VpcId: 'vpc-01',
            IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-default' }] }],
            IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          },
          {
            GroupId: 'sg-web',
            GroupName: 'web',
            Description: 'the shop front',
            VpcId: 'vpc-01',
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: 443,
                ToPort: 443,
                IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'customers' }],
              },
              {
                IpProtocol: 'icmp',
                FromPort: -1,
                ToPort: -1,
                IpRanges: [{ CidrIp: '10.0.0.0/16' }],
                UserIdGroupPairs: [{ GroupId: 'sg-elsewhere' }],
              },
            ],
            IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          },
        ],
      },
    },
    {
      path: `${prefix}NetworkAcls.json`,
      json: {
        NetworkAcls: [
          {
            NetworkAclId: 'acl-01',
            VpcId: 'vpc-01',
            IsDefault: true,
            Associations: [{ SubnetId: 'subnet-pub' }, { SubnetId: 'subnet-priv' }],
            Entries: [
              { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
              { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
              {
                RuleNumber: 100,
                Egress: true,
                Protocol: '6',
                RuleAction: 'allow',
                CidrBlock: '0.0.0.0/0',
                PortRange: { From: 0, To: 65535 },
              },
              { RuleNumber: 110, Egress: true, Protocol: '1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
              {
                RuleNumber: 120,
                Egress: true,
                Protocol: '17',
                RuleAction: 'allow',
                CidrBlock: '0.0.0.0/0',
                PortRange: { From: 0, To: 65535 },
              },
              { RuleNumber: 101, Egress: true, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
            ],
          },
        ],
      },
    },
    {
      path: `${prefix}LoadBalancers.json`,
      json: {
        LoadBalancers: [
          {
            LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-2:1:loadbalancer/net/x/1',
            Type: 'network',
            Scheme: 'internal',
            VpcId: 'vpc-01',
            AvailabilityZones: [{ SubnetId: 'subnet-priv', ZoneName: 'us-east-2a' }],
          },
          { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-2:1:loadbalancer/app/web/2', Type: 'application' },
        ],
      },
    },
    {
      path: `${prefix}elbv2/Listeners.json`,
      json: {
        Listeners: [
          {
            LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-2:1:loadbalancer/net/x/1',
            Port: 443,
            Protocol: 'TCP',
            DefaultActions: [
              { Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/tg/3' },
            ],
          },
        ],
      },
    },
    {
      path: `${prefix}elbv2/TargetGroups.json`,
      json: {
        TargetGroups: [
          {
            TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/tg/3',
            Protocol: 'TCP',
            Port: 443,
            TargetType: 'ip',
            VpcId: 'vpc-01',
          },
        ],
        TargetGroupAttributes: [
          {
            TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/tg/3',
            Attributes: [{ Key: 'preserve_client_ip.enabled', Value: 'true' }],
          },
        ],
        LoadBalancerTargetHealth: [
          {
            TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:1:targetgroup/tg/3',
            TargetHealthDescriptions: [{ Target: { Id: '10.0.1.20', Port: 8443 }, TargetHealth: { State: 'healthy' } }],
          },
        ],
      },
    },
    { path: `${prefix}Weird.json`, json: { Gadgets: [1, 2] } },
    { path: 'configs/router.cfg.json', json: { Anything: true } },
  ];
}

describe('importing aws ec2 describe-* output (lab-format.md, import:)', () => {
  const { topology, warnings } = importSnapshot(snapshot());

  it("keeps the account's association ids, so a call copied from its describe output names the same association", () => {
    const topology = importSnapshot(snapshot()).topology;
    expect(topology.associationIds).toEqual({
      'rtb-main:vpc-01': 'rtbassoc-0a1b2c3d',
      'rtb:subnet-pub': 'rtbassoc-0e6a8c1d',
      'eip:eipalloc-web': 'eipassoc-07f3e2d1',
    });
    const lab = parseLabObject({
      title: 't',
      topology,
      steps: [
        { aws: 'ec2 replace-route-table-association --association-id rtbassoc-0e6a8c1d --route-table-id rtb-main' },
        { aws: 'ec2 disassociate-address --association-id eipassoc-07f3e2d1' },
      ],
    });
    if (!lab.ok) throw new Error(JSON.stringify(lab.problems));
    const loaded = loadLab(lab.lab);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const report = runLab(loaded.loaded, 'imported.yaml');
    expect(report.steps.map((st) => st.ok)).toEqual([true, true]);
  });

  it('keeps the tags the snapshot shows, but not those AWS reserves, so describe-tags answers as the account did', () => {
    expect(topology.tags).toEqual({ 'vpc-01': { Name: 'shop', team: 'payments' } });
  });

  it('keeps what describe prints: instance types, group and rule descriptions', () => {
    const web = (topology.instances as { id: string; instanceType?: string }[]).find((i) => i.id === 'i-web')!;
    expect(web.instanceType).toBe('m5.large');
    const sg = (
      topology.securityGroups as { id: string; description?: string; inbound: { description?: string }[] }[]
    ).find((g) => g.id === 'sg-web')!;
    expect(sg.description).toBe('the shop front');
    expect(sg.inbound[0]!.description).toBe('customers');
  });

  it("keeps the account and a subnet's auto-assign setting: the CLI and the instance metadata speak of them", () => {
    expect(topology.vpcs).toMatchObject([{ id: 'vpc-01', account: '111122223333' }]);
    const subnets = topology.subnets as { id: string; mapPublicIpOnLaunch?: boolean }[];
    expect(subnets.find((x) => x.id === 'subnet-pub')!.mapPublicIpOnLaunch).toBe(true);
    expect(subnets.find((x) => x.id === 'subnet-priv')!.mapPublicIpOnLaunch).toBeUndefined();
    const lab = parseLabObject({
      title: 't',
      topology,
      steps: [
        { aws: 'ec2 describe-vpcs', expectOutput: '"OwnerId": "111122223333"', expectNoOutput: '123456789012' },
        { aws: 'ec2 describe-subnets --subnet-ids subnet-pub', expectOutput: '"MapPublicIpOnLaunch": true' },
        { aws: 'ec2 describe-security-groups --group-ids sg-web', expectOutput: '"OwnerId": "111122223333"' },
        // an instance launched there gets a public address, as the setting says (R17)
        { aws: 'ec2 run-instances --image-id ami-12345678 --subnet-id subnet-pub', expectOutput: 'PublicIpAddress' },
        {
          run: { on: 'i-web', cmd: 'curl -s http://169.254.169.254/latest/meta-data/network/interfaces/macs/' },
        },
      ],
    });
    if (!lab.ok) throw new Error(JSON.stringify(lab.problems));
    const loaded = loadLab(lab.lab);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const report = runLab(loaded.loaded, 'imported.yaml');
    expect(report.steps.slice(0, 4).map((st) => [st.ok, st.summary])).toEqual(
      report.steps.slice(0, 4).map((st) => [true, st.summary]),
    );
  });

  it('takes the region from the folder path', () => {
    expect(topology.region).toBe('us-east-2');
    expect(importSnapshot(snapshot('accounts/123456789012/eu-west-1/')).topology.region).toBe('eu-west-1');
  });

  it('keeps running and stopped instances (a stopped one can be started again), with their interfaces', () => {
    const instances = topology.instances as { id: string; state?: string; interfaces: { id: string }[]; os: unknown }[];
    expect(instances.map((i) => [i.id, i.state ?? 'running'])).toEqual([
      ['i-web', 'running'],
      ['i-app', 'running'],
      ['i-off', 'stopped'],
    ]);
    expect(instances[2]!.interfaces.map((n) => n.id)).toEqual(['eni-off']);
    expect(topology.networkInterfaces).toEqual([]);
    expect(instances[0]!.os).toEqual({ listen: ['*'] });
  });

  it('pairs an auto-assigned public IP with the primary address and an Elastic IP with its own', () => {
    const web = (topology.instances as { interfaces: Record<string, unknown>[] }[])[0]!.interfaces[0]!;
    expect(web).toMatchObject({
      id: 'eni-web',
      privateIp: '10.0.0.10',
      secondaryIps: ['10.0.0.11'],
      publicIp: '198.51.100.10',
      mac: '06:00:00:00:00:10',
    });
    expect(topology.elasticIps).toEqual([
      { id: 'eipalloc-web', publicIp: '198.51.100.11', networkInterface: 'eni-web', privateIp: '10.0.0.11' },
      // the NAT gateway's address stays an Elastic IP, which the NAT gateway names
      { id: 'eipalloc-nat', publicIp: '198.51.100.100' },
    ]);
    expect(topology.natGateways).toMatchObject([{ id: 'nat-01', allocationId: 'eipalloc-nat' }]);
  });

  it('leaves the implicit local route, IPv6 and endpoint routes out, and keeps blackholes with the target they name', () => {
    const main = (topology.routeTables as { id: string; main: boolean; routes: unknown[] }[])[0]!;
    expect(main.main).toBe(true);
    expect(main.routes).toEqual([
      { destination: '0.0.0.0/0', target: 'nat-01' },
      { destination: '192.0.2.0/24', target: 'igw-gone' },
    ]);
    // the gateway it names is gone: the lab remembers it as deleted, so the route stays a blackhole (R40)
    expect(topology.deleted).toEqual(['igw-gone']);
  });

  it('converts security group permissions and NACL entries, skipping the implicit * rule', () => {
    const web = (topology.securityGroups as { id: string; inbound: unknown[]; default?: boolean }[]).find(
      (g) => g.id === 'sg-web',
    )!;
    expect(web.inbound).toEqual([
      { protocol: 'tcp', ports: '443-443', source: '0.0.0.0/0', description: 'customers' },
      { protocol: 'icmp', source: '10.0.0.0/16' },
    ]);
    expect((topology.securityGroups as { id: string; default?: boolean }[])[0]).toMatchObject({
      id: 'sg-default',
      default: true,
    });
    const acl = (topology.networkAcls as { inbound: unknown[]; outbound: unknown[] }[])[0]!;
    expect(acl.inbound).toEqual([{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }]);
    expect(acl.outbound).toHaveLength(3);
  });

  it('warns about unknown keys and about AWS objects not modelled yet, never silently', () => {
    const text = warnings.map((w) => `${w.path}: ${w.message}`);
    expect(text).toContain(
      'us-east-2/LoadBalancers.json: app/web/2: an internal application load balancer is not modelled (only internal Network Load Balancers)',
    );
    expect(text).toContain('us-east-2/Weird.json: Gadgets: unknown key "Gadgets" ignored');
    expect(text.some((t) => t.includes('eni-nlb'))).toBe(false);
    expect(text.some((t) => t.includes('rule referencing sg-elsewhere'))).toBe(true);
    expect(text.some((t) => t.includes('IPv6 route'))).toBe(true);
    expect(text.some((t) => t.includes('configs/'))).toBe(false);
  });

  it('imports an internal Network Load Balancer from elbv2 outputs: its node interface, listener and target group', () => {
    expect(topology.loadBalancers).toEqual([
      {
        id: 'net/x/1',
        vpc: 'vpc-01',
        nodes: [{ id: 'eni-nlb', subnet: 'subnet-priv', privateIp: '10.0.1.50' }],
        crossZone: false,
        securityGroups: [],
        listeners: [{ protocol: 'tcp', port: 443, targetGroup: 'targetgroup/tg/3' }],
      },
    ]);
    expect(topology.targetGroups).toEqual([
      {
        id: 'targetgroup/tg/3',
        vpc: 'vpc-01',
        type: 'ip',
        protocol: 'tcp',
        port: 443,
        preserveClientIp: true,
        targets: [{ id: '10.0.1.20', port: 8443, health: 'healthy' }],
      },
    ]);
  });

  it('builds a network the data plane can trace', () => {
    const lab = parseLabObject({
      title: 'imported',
      import: 'snap',
      externalHosts: [{ id: 'site', ip: '203.0.113.5' }],
      steps: [],
    });
    expect(lab.ok).toBe(true);
    if (!lab.ok) return;
    const loaded = loadLab(lab.lab, snapshot());
    expect(loaded.ok && loaded.loaded.warnings.length).toBeGreaterThan(0);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const n = loaded.loaded.network;
    const out = flow(n, { from: 'i-app', to: 'site', protocol: 'tcp', port: 443 });
    expect(out.request.ending.kind).toBe('delivered');
    expect(out.request.hops.map((h) => h.resource)).toContain('nat-01');
    expect(flow(n, { from: 'site', to: '198.51.100.10', protocol: 'tcp', port: 443 }).result).toBe('roundtrip');
    expect(flow(n, { from: 'site', to: '198.51.100.10', protocol: 'tcp', port: 22 }).result).toBe('dropped');
  });

  it('says which folder it could not read', () => {
    const lab = parseLabObject({ title: 'x', import: 'missing', steps: [] });
    if (!lab.ok) throw new Error('lab should parse');
    expect(loadLab(lab.lab, undefined)).toMatchObject({
      ok: false,
      problems: [{ path: 'import', message: 'cannot read the snapshot folder "missing"' }],
    });
  });
});
