import { describe, expect, it } from 'vitest';
import { parseShorthand } from '../../engine/control/aws/cli-args';
import { aws, json, state } from './aws-fixture';

describe("describe calls answer JSON shaped like AWS's", () => {
  it('describe-route-tables: associations, routes, states, filters', () => {
    const out = json(state(), 'ec2 describe-route-tables --filters Name=association.subnet-id,Values=subnet-app') as {
      RouteTables: Record<string, unknown>[];
    };
    expect(out.RouteTables).toHaveLength(1);
    expect(out.RouteTables[0]).toMatchObject({
      RouteTableId: 'rtb-app',
      VpcId: 'vpc-1',
      Associations: [
        {
          Main: false,
          RouteTableAssociationId: 'rtbassoc-subnet-app',
          RouteTableId: 'rtb-app',
          SubnetId: 'subnet-app',
          AssociationState: { State: 'associated' },
        },
      ],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', Origin: 'CreateRoute', State: 'active' },
      ],
    });
  });

  it('describe-network-interfaces: public addresses as associations, never on the guest (R19)', () => {
    const out = json(state(), 'ec2 describe-network-interfaces --network-interface-ids eni-web eni-app') as {
      NetworkInterfaces: Record<string, unknown>[];
    };
    expect(out.NetworkInterfaces[0]).toMatchObject({
      NetworkInterfaceId: 'eni-web',
      Association: { IpOwnerId: 'amazon', PublicIp: '198.51.100.10' },
      PrivateIpAddresses: [
        { Primary: true, PrivateIpAddress: '10.0.0.10', Association: { PublicIp: '198.51.100.10' } },
      ],
      SourceDestCheck: true,
      Attachment: { DeviceIndex: 0, InstanceId: 'i-web', Status: 'attached' },
    });
    expect(JSON.stringify(out.NetworkInterfaces[1])).not.toContain('PublicIp');
    expect(aws(state(), 'ec2 describe-network-interfaces --network-interface-ids eni-nope').code).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
  });

  it('describe-instances, -subnets, -security-groups and -addresses', () => {
    const s = state();
    const inst = json(s, 'ec2 describe-instances --instance-ids i-web') as {
      Reservations: { Instances: Record<string, unknown>[] }[];
    };
    expect(inst.Reservations[0]!.Instances[0]).toMatchObject({
      InstanceId: 'i-web',
      State: { Name: 'running' },
      PrivateIpAddress: '10.0.0.10',
      PublicIpAddress: '198.51.100.10',
    });
    expect(json(s, 'ec2 describe-subnets --subnet-ids subnet-app')).toMatchObject({
      Subnets: [{ SubnetId: 'subnet-app', CidrBlock: '10.0.1.0/24', AvailableIpAddressCount: 251 - 3 }],
    });
    expect(json(s, 'ec2 describe-security-groups --group-ids sg-web')).toMatchObject({
      SecurityGroups: [
        {
          GroupId: 'sg-web',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
      ],
    });
    expect(json(s, 'ec2 describe-addresses')).toEqual({
      Addresses: [
        {
          AllocationId: 'eipalloc-1',
          PublicIp: '198.51.100.50',
          Domain: 'vpc',
          PublicIpv4Pool: 'amazon',
          NetworkBorderGroup: 'us-east-1',
        },
      ],
    });
  });
});

describe('describe calls for every kind a learner looks at (issue 14)', () => {
  it('describe-vpcs: the CIDR blocks and their associations; an unknown id is InvalidVpcID.NotFound', () => {
    const s = state();
    expect(json(s, 'aws ec2 describe-vpcs')).toMatchObject({
      Vpcs: [
        {
          VpcId: 'vpc-1',
          CidrBlock: '10.0.0.0/16',
          State: 'available',
          CidrBlockAssociationSet: [{ CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } }],
        },
      ],
    });
    expect(aws(s, 'ec2 describe-vpcs --vpc-ids vpc-9')).toMatchObject({ ok: false, code: 'InvalidVpcID.NotFound' });
  });

  it('describe-internet-gateways: attachments, and the attachment filter', () => {
    const s = state();
    const all = json(s, 'aws ec2 describe-internet-gateways') as { InternetGateways: { InternetGatewayId: string }[] };
    expect(all.InternetGateways.map((g) => g.InternetGatewayId).sort()).toEqual(['igw-1', 'igw-spare']);
    expect(json(s, 'aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=vpc-1')).toEqual({
      InternetGateways: [
        {
          Attachments: [{ State: 'available', VpcId: 'vpc-1' }],
          InternetGatewayId: 'igw-1',
          OwnerId: '123456789012',
          Tags: [],
        },
      ],
    });
  });

  it('describe-nat-gateways (with its --filter spelling): addresses, state, subnet and VPC', () => {
    const s = state();
    expect(json(s, 'aws ec2 describe-nat-gateways --filter Name=subnet-id,Values=subnet-pub')).toMatchObject({
      NatGateways: [
        {
          NatGatewayId: 'nat-1',
          State: 'available',
          SubnetId: 'subnet-pub',
          VpcId: 'vpc-1',
          ConnectivityType: 'public',
          NatGatewayAddresses: [{ PrivateIp: '10.0.0.100', PublicIp: '198.51.100.100', IsPrimary: true }],
        },
      ],
    });
    expect(json(s, 'aws ec2 describe-nat-gateways --filter Name=state,Values=pending')).toEqual({ NatGateways: [] });
  });

  it('describe-network-acls: entries with the final deny-all, associations, the default filter', () => {
    const s = state();
    const acls = json(s, 'aws ec2 describe-network-acls --network-acl-ids acl-1') as {
      NetworkAcls: { Entries: Record<string, unknown>[]; IsDefault: boolean }[];
    };
    expect(acls.NetworkAcls[0]!.IsDefault).toBe(false);
    expect(acls.NetworkAcls[0]!.Entries).toEqual([
      { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
      { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
    ]);
    const defaults = json(s, 'aws ec2 describe-network-acls --filters Name=default,Values=true') as {
      NetworkAcls: { VpcId: string; Associations: { SubnetId: string }[] }[];
    };
    expect(defaults.NetworkAcls.map((a) => a.VpcId)).toEqual(['vpc-1']);
  });
});

describe('--query and --output, as the CLI prints them (issue 14)', () => {
  it('applies a JMESPath --query to the answer, and refuses a malformed one', () => {
    const s = state();
    expect(aws(s, "aws ec2 describe-route-tables --query 'RouteTables[].RouteTableId'").output).toBe(
      JSON.stringify(['rtb-pub', 'rtb-app', 'rtb-main-vpc-1'], null, 4),
    );
    expect(
      aws(
        s,
        "aws ec2 describe-route-tables --query 'RouteTables[?RouteTableId==`rtb-app`].Routes[].NatGatewayId | [0]'",
      ).output,
    ).toBe('"nat-1"');
    const bad = aws(s, "aws ec2 describe-vpcs --query 'Vpcs[.VpcId'");
    expect(bad).toMatchObject({ ok: false, code: 'CliUsage' });
    expect(bad.output).toContain('Bad value for --query Vpcs[.VpcId');
  });

  it('--output text prints as the CLI text formatter does', () => {
    const s = state();
    expect(aws(s, "aws ec2 describe-route-tables --query 'RouteTables[].RouteTableId' --output text").output).toBe(
      'rtb-pub\trtb-app\trtb-main-vpc-1',
    );
    // a dictionary: its scalars sorted by key after the upper-cased key that held it, nested ones after
    expect(aws(s, 'aws ec2 describe-internet-gateways --internet-gateway-ids igw-1 --output text').output).toBe(
      ['INTERNETGATEWAYS\tigw-1\t123456789012', 'ATTACHMENTS\tavailable\tvpc-1'].join('\n'),
    );
    expect(aws(s, "aws ec2 describe-vpcs --query 'Vpcs[0].IsDefault' --output text").output).toBe('False');
    expect(aws(s, 'aws ec2 describe-vpcs --output yaml-stream')).toMatchObject({ ok: false, code: 'CliUsage' });
    expect(aws(s, 'aws ec2 describe-vpcs --output xml').output).toContain('argument --output: Invalid choice');
  });
});

describe('the CLI’s shorthand syntax (issue 14)', () => {
  it('parses structures, lists and lists of structures as the CLI documents them', () => {
    expect(parseShorthand('IpProtocol=-1,UserIdGroupPairs=[{GroupId=sg-x}]', 'ip-permissions')).toEqual({
      IpProtocol: '-1',
      UserIdGroupPairs: [{ GroupId: 'sg-x' }],
    });
    expect(
      parseShorthand('IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/16},{CidrIp=10.1.0.0/16}]', 'x'),
    ).toEqual({
      IpProtocol: 'tcp',
      FromPort: '22',
      ToPort: '22',
      IpRanges: [{ CidrIp: '10.0.0.0/16' }, { CidrIp: '10.1.0.0/16' }],
    });
    expect(parseShorthand('Name=vpc-id,Values=vpc-1,vpc-2', 'filters')).toEqual({
      Name: 'vpc-id',
      Values: ['vpc-1', 'vpc-2'],
    });
    expect(parseShorthand("Key=Name,Value='web, front'", 'tags')).toEqual({ Key: 'Name', Value: 'web, front' });
    const bad = parseShorthand('IpProtocol', 'ip-permissions');
    expect(bad).toEqual({
      error:
        "Error parsing parameter '--ip-permissions': Expected: '=', received: 'EOF' for input:\nIpProtocol\n          ^",
    });
  });

  it('authorizes rules given as shorthand, several structures at once, or JSON; a malformed one changes nothing', () => {
    const s = state();
    aws(
      s,
      'aws ec2 authorize-security-group-ingress --group-id sg-web --ip-permissions IpProtocol=-1,UserIdGroupPairs=[{GroupId=sg-fw}] IpProtocol=udp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16}]',
    );
    const sg = json(s, 'aws ec2 describe-security-groups --group-ids sg-web') as {
      SecurityGroups: { IpPermissions: Record<string, unknown>[] }[];
    };
    const perms = sg.SecurityGroups[0]!.IpPermissions;
    expect(perms).toContainEqual(
      expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [expect.objectContaining({ GroupId: 'sg-fw' })] }),
    );
    expect(perms).toContainEqual(
      expect.objectContaining({
        IpProtocol: 'udp',
        FromPort: 53,
        ToPort: 53,
        IpRanges: [expect.objectContaining({ CidrIp: '10.0.0.0/16' })],
      }),
    );
    const before = s.topology;
    const bad = aws(
      s,
      'aws ec2 authorize-security-group-ingress --group-id sg-web --ip-permissions IpProtocol=tcp,IpRanges=[{CidrIp=1.2.3.4/32}',
    );
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain("Error parsing parameter '--ip-permissions': Expected: ']'");
    expect(s.topology).toBe(before);
  });
});

describe('aws ec2 help (issue 14)', () => {
  it('lists the modelled operations, and an operation’s synopsis from its declaration', () => {
    const s = state();
    const before = s.topology;
    const all = aws(s, 'aws ec2 help');
    expect(all.ok).toBe(true);
    expect(all.output).toContain('       o describe-vpcs');
    const one = aws(s, 'aws ec2 create-route help').output.split('\n');
    expect(one[0]).toBe('create-route');
    expect(one).toContain('          --route-table-id <value>');
    expect(one).toContain('          [--dry-run]');
    const sg = aws(s, 'aws ec2 authorize-security-group-ingress help').output;
    expect(sg).toContain('[--ip-permissions <value> [<value>...]]');
    // help changes nothing
    expect(s.topology).toBe(before);
  });
});

describe('--region (issue 14)', () => {
  it('another region answers as an empty one: nothing described, an id not found, no change made', () => {
    const s = state();
    expect(json(s, 'aws ec2 describe-vpcs --region us-east-1')).toMatchObject({ Vpcs: [{ VpcId: 'vpc-1' }] });
    expect(json(s, 'aws ec2 describe-vpcs --region eu-west-1')).toEqual({ Vpcs: [] });
    expect(json(s, 'aws ec2 describe-route-tables --region eu-west-1')).toEqual({ RouteTables: [] });
    expect(aws(s, 'aws ec2 describe-route-tables --region eu-west-1 --route-table-ids rtb-pub')).toMatchObject({
      ok: false,
      code: 'InvalidRouteTableID.NotFound',
    });
    const before = s.topology;
    const change = aws(
      s,
      'aws ec2 delete-route --region eu-west-1 --route-table-id rtb-pub --destination-cidr-block 0.0.0.0/0',
    );
    expect(change).toMatchObject({ ok: false, code: 'CliUsage' });
    expect(change.output).toContain("this simulator models the lab's region (us-east-1) only");
    expect(s.topology).toBe(before);
    expect(aws(s, 'aws ec2 describe-vpcs --region mars').output).toBe(
      'Could not connect to the endpoint URL: "https://ec2.mars.amazonaws.com/"',
    );
  });
});
