import { describe, expect, it } from 'vitest';
import { flow } from '../helpers';
import { aws, json, refused, state } from './aws-fixture';

describe('tags (create-tags, delete-tags, describe-tags, --tag-specifications, tag: filters)', () => {
  it('tags resources, filters describes by them, and prints them; a bad key or an unknown id changes nothing', () => {
    const s = state();
    expect(aws(s, 'aws ec2 create-tags --resources i-web vpc-1 --tags Key=Name,Value=web Key=env,Value=prod').ok).toBe(
      true,
    );
    const r = json(s, 'aws ec2 describe-instances --filters Name=tag:env,Values=prod');
    const found = (r.Reservations as { Instances: { InstanceId: string; Tags: unknown }[] }[]).map(
      (x) => x.Instances[0]!,
    );
    expect(found.map((i) => i.InstanceId)).toEqual(['i-web']);
    expect(found[0]!.Tags).toEqual([
      { Key: 'Name', Value: 'web' },
      { Key: 'env', Value: 'prod' },
    ]);
    // wildcards, and tag-key
    expect(json(s, 'aws ec2 describe-vpcs --filters Name=tag:Name,Values=w*').Vpcs).toHaveLength(1);
    expect(json(s, 'aws ec2 describe-vpcs --filters Name=tag-key,Values=env').Vpcs).toHaveLength(1);
    expect(json(s, 'aws ec2 describe-vpcs --filters Name=tag:Name,Values=x?b').Vpcs).toHaveLength(0);
    expect(json(s, 'aws ec2 describe-tags --filters Name=resource-id,Values=vpc-1')).toEqual({
      Tags: [
        { Key: 'Name', ResourceId: 'vpc-1', ResourceType: 'vpc', Value: 'web' },
        { Key: 'env', ResourceId: 'vpc-1', ResourceType: 'vpc', Value: 'prod' },
      ],
    });
    refused(s, 'aws ec2 create-tags --resources i-web i-nope --tags Key=a,Value=b', 'InvalidInstanceID.NotFound');
    refused(s, 'aws ec2 create-tags --resources i-web --tags Key=aws:x,Value=b', 'InvalidParameterValue');
    // delete a key only where the value matches; without --tags, every tag goes
    expect(aws(s, 'aws ec2 delete-tags --resources i-web --tags Key=env,Value=dev').ok).toBe(true);
    expect(json(s, 'aws ec2 describe-tags --filters Name=resource-id,Values=i-web').Tags).toHaveLength(2);
    expect(aws(s, 'aws ec2 delete-tags --resources i-web --tags Key=env').ok).toBe(true);
    expect(json(s, 'aws ec2 describe-tags --filters Name=resource-id,Values=i-web').Tags).toEqual([
      { Key: 'Name', ResourceId: 'i-web', ResourceType: 'instance', Value: 'web' },
    ]);
    expect(aws(s, 'aws ec2 delete-tags --resources i-web').ok).toBe(true);
    expect(json(s, 'aws ec2 describe-tags --filters Name=resource-id,Values=i-web').Tags).toEqual([]);
    // an unknown filter name is refused, as EC2 does
    expect(aws(s, 'aws ec2 describe-vpcs --filters Name=colour,Values=red').code).toBe('InvalidParameterValue');
  });

  it('--tag-specifications tags what the call creates, in the same call; a wrong resource type creates nothing', () => {
    const s = state();
    const out = json(
      s,
      `aws ec2 create-vpc --cidr-block 10.9.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=lab}]'`,
    );
    expect(out.Vpc).toMatchObject({ VpcId: 'vpc-2', Tags: [{ Key: 'Name', Value: 'lab' }] });
    expect(json(s, 'aws ec2 describe-vpcs --filters Name=tag:Name,Values=lab').Vpcs).toHaveLength(1);
    refused(
      s,
      `aws ec2 create-vpc --cidr-block 10.8.0.0/16 --tag-specifications 'ResourceType=subnet,Tags=[{Key=Name,Value=x}]'`,
      'InvalidParameterValue',
    );
    // run-instances tags the instance and its interface by type
    const run = json(
      s,
      `aws ec2 run-instances --image-id ami-1 --subnet-id subnet-app --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=db}]' 'ResourceType=network-interface,Tags=[{Key=role,Value=db-eth0}]'`,
    );
    const inst = (run.Instances as { InstanceId: string; Tags: unknown }[])[0]!;
    expect(inst.Tags).toEqual([{ Key: 'Name', Value: 'db' }]);
    expect(
      json(s, `aws ec2 describe-network-interfaces --filters Name=tag:role,Values=db-eth0`).NetworkInterfaces,
    ).toHaveLength(1);
  });
});

describe('creating and deleting what a VPC holds, with the refusals the EC2 API documents', () => {
  it('security groups: InvalidGroup.Duplicate, CannotDelete for the default, DependencyViolation while in use', () => {
    const s = state();
    expect(
      json(s, 'aws ec2 create-security-group --group-name web --description "web tier" --vpc-id vpc-1'),
    ).toMatchObject({
      GroupId: 'sg-1',
    });
    refused(
      s,
      'aws ec2 create-security-group --group-name web --description again --vpc-id vpc-1',
      'InvalidGroup.Duplicate',
    );
    refused(
      s,
      'aws ec2 create-security-group --group-name default --description d --vpc-id vpc-1',
      'InvalidParameterValue',
    );
    const g = json(s, 'aws ec2 describe-security-groups --group-ids sg-1').SecurityGroups as Record<string, unknown>[];
    expect(g[0]).toMatchObject({ GroupName: 'web', Description: 'web tier', IpPermissions: [] });
    // a new group sends everything out (R67): one egress rule, with an id
    const rules = json(s, 'aws ec2 describe-security-group-rules --filters Name=group-id,Values=sg-1')
      .SecurityGroupRules as Record<string, unknown>[];
    expect(rules).toEqual([
      expect.objectContaining({
        GroupId: 'sg-1',
        IsEgress: true,
        IpProtocol: '-1',
        CidrIpv4: '0.0.0.0/0',
        FromPort: -1,
        ToPort: -1,
      }),
    ]);
    refused(s, 'aws ec2 delete-security-group --group-id sg-web', 'DependencyViolation');
    expect(
      aws(s, 'aws ec2 authorize-security-group-ingress --group-id sg-web --protocol tcp --port 22 --source-group sg-1')
        .ok,
    ).toBe(true);
    refused(s, 'aws ec2 delete-security-group --group-id sg-1', 'DependencyViolation');
    // revoke by rule id, then the group goes
    const ref = (
      json(s, 'aws ec2 describe-security-group-rules --filters Name=group-id,Values=sg-web').SecurityGroupRules as {
        SecurityGroupRuleId: string;
        ReferencedGroupInfo?: unknown;
      }[]
    ).find((r) => r.ReferencedGroupInfo)!;
    refused(
      s,
      `aws ec2 revoke-security-group-egress --group-id sg-web --security-group-rule-ids ${ref.SecurityGroupRuleId}`,
      'InvalidSecurityGroupRuleId.NotFound',
    );
    expect(
      aws(
        s,
        `aws ec2 revoke-security-group-ingress --group-id sg-web --security-group-rule-ids ${ref.SecurityGroupRuleId}`,
      ).ok,
    ).toBe(true);
    expect(aws(s, 'aws ec2 delete-security-group --group-name web').ok).toBe(true);
    expect(aws(s, 'aws ec2 describe-security-groups --group-ids sg-1').code).toBe('InvalidGroup.NotFound');
    expect(
      aws(
        s,
        'aws ec2 authorize-security-group-ingress --group-id sg-default-vpc-1 --protocol tcp --port 22 --cidr 10.0.0.0/8',
      ).ok,
    ).toBe(true);
    refused(s, 'aws ec2 delete-security-group --group-id sg-default-vpc-1', 'CannotDelete');
  });

  it('network interfaces and Elastic IPs: in use cannot be deleted or released; routes to a deleted ENI become blackholes (R40)', () => {
    const s = state();
    const eni = json(s, 'aws ec2 create-network-interface --subnet-id subnet-app --private-ip-address 10.0.1.77')
      .NetworkInterface as Record<string, unknown>;
    expect(eni).toMatchObject({
      NetworkInterfaceId: 'eni-1',
      PrivateIpAddress: '10.0.1.77',
      Groups: [{ GroupId: 'sg-default-vpc-1' }],
    });
    refused(
      s,
      'aws ec2 create-network-interface --subnet-id subnet-app --private-ip-address 10.0.1.77',
      'InvalidIPAddress.InUse',
    );
    refused(s, 'aws ec2 delete-network-interface --network-interface-id eni-web', 'InvalidNetworkInterface.InUse');
    expect(
      aws(
        s,
        'aws ec2 create-route --route-table-id rtb-app --destination-cidr-block 192.168.0.0/16 --network-interface-id eni-1',
      ).ok,
    ).toBe(true);
    expect(aws(s, 'aws ec2 delete-network-interface --network-interface-id eni-1').ok).toBe(true);
    const routes = (
      json(s, 'aws ec2 describe-route-tables --route-table-ids rtb-app').RouteTables as {
        Routes: Record<string, unknown>[];
      }[]
    )[0]!.Routes;
    expect(routes.find((r) => r.DestinationCidrBlock === '192.168.0.0/16')).toMatchObject({ State: 'blackhole' });
    expect(flow(s.network, { from: 'i-app', to: '192.168.1.1' }).request.ending).toMatchObject({
      drop: { code: 'BAD_STATE_ROUTE' },
    });

    const eip = json(s, 'aws ec2 allocate-address --domain vpc');
    expect(eip).toMatchObject({ AllocationId: 'eipalloc-2', PublicIp: '44.192.1.10', Domain: 'vpc' });
    expect(aws(s, 'aws ec2 associate-address --allocation-id eipalloc-2 --network-interface-id eni-spare').ok).toBe(
      true,
    );
    refused(s, 'aws ec2 release-address --allocation-id eipalloc-2', 'InvalidIPAddress.InUse');
    // an address a NAT gateway holds shows the gateway's interface, and cannot be released
    expect(aws(s, 'aws ec2 create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-1').ok).toBe(true);
    const held = (
      json(s, 'aws ec2 describe-addresses --allocation-ids eipalloc-1').Addresses as Record<string, unknown>[]
    )[0]!;
    expect(held).toMatchObject({
      AssociationId: 'eipassoc-1',
      NetworkInterfaceId: expect.stringMatching(/^eni-/),
      PrivateIpAddress: expect.stringMatching(/^10\.0\.0\./),
    });
    refused(s, 'aws ec2 release-address --allocation-id eipalloc-1', 'InvalidIPAddress.InUse');
    expect(aws(s, 'aws ec2 disassociate-address --association-id eipassoc-2').ok).toBe(true);
    expect(aws(s, 'aws ec2 release-address --public-ip 44.192.1.10').ok).toBe(true);
    expect(aws(s, 'aws ec2 describe-addresses --allocation-ids eipalloc-2').code).toBe('InvalidAllocationID.NotFound');
  });

  it('a new NAT gateway is pending until simulated time passes, then available', () => {
    const s = state();
    const nat = json(s, 'aws ec2 allocate-address');
    expect(
      aws(s, `aws ec2 create-nat-gateway --subnet-id subnet-pub --allocation-id ${String(nat.AllocationId)}`).ok,
    ).toBe(true);
    const stateOf = () =>
      (json(s, 'aws ec2 describe-nat-gateways --nat-gateway-ids nat-2').NatGateways as { State: string }[])[0]!.State;
    expect(stateOf()).toBe('pending');
    expect(json(s, 'aws ec2 describe-nat-gateways --filter Name=state,Values=pending').NatGateways).toHaveLength(1);
    s.world.time += 60;
    expect(stateOf()).toBe('available');
  });

  it('route tables: create answers with the local route; a main or associated table cannot be deleted', () => {
    const s = state();
    expect(json(s, 'aws ec2 create-route-table --vpc-id vpc-1').RouteTable).toMatchObject({
      RouteTableId: 'rtb-1',
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
      ],
    });
    refused(s, 'aws ec2 delete-route-table --route-table-id rtb-app', 'DependencyViolation');
    refused(s, 'aws ec2 delete-route-table --route-table-id rtb-main-vpc-1', 'DependencyViolation');
    expect(aws(s, 'aws ec2 delete-route-table --route-table-id rtb-1').ok).toBe(true);
    expect(aws(s, 'aws ec2 describe-route-tables --route-table-ids rtb-1').code).toBe('InvalidRouteTableID.NotFound');
    // the route.* and association.* filters
    expect(
      json(s, 'aws ec2 describe-route-tables --filters Name=route.nat-gateway-id,Values=nat-1').RouteTables,
    ).toHaveLength(1);
    expect(
      json(s, 'aws ec2 describe-route-tables --filters Name=route.gateway-id,Values=igw-*').RouteTables,
    ).toMatchObject([{ RouteTableId: 'rtb-pub' }]);
    expect(
      json(s, 'aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=subnet-app').RouteTables,
    ).toMatchObject([{ RouteTableId: 'rtb-app' }]);
  });

  it('internet gateways, network ACLs, CIDR blocks and the VPC itself go only once nothing depends on them', () => {
    const s = state();
    expect(json(s, 'aws ec2 create-internet-gateway').InternetGateway).toMatchObject({
      InternetGatewayId: 'igw-2',
      Attachments: [],
    });
    refused(s, 'aws ec2 delete-internet-gateway --internet-gateway-id igw-1', 'DependencyViolation');
    expect(aws(s, 'aws ec2 delete-internet-gateway --internet-gateway-id igw-2').ok).toBe(true);
    const acl = json(s, 'aws ec2 create-network-acl --vpc-id vpc-1').NetworkAcl as {
      NetworkAclId: string;
      Entries: unknown[];
    };
    expect(acl.Entries).toHaveLength(2);
    expect(
      aws(
        s,
        `aws ec2 replace-network-acl-association --association-id aclassoc-app --network-acl-id ${acl.NetworkAclId}`,
      ).ok,
    ).toBe(true);
    refused(s, `aws ec2 delete-network-acl --network-acl-id ${acl.NetworkAclId}`, 'DependencyViolation');
    expect(
      aws(
        s,
        'aws ec2 replace-network-acl-association --association-id aclassoc-app-1 --network-acl-id acl-default-vpc-1',
      ).ok,
    ).toBe(true);
    expect(aws(s, `aws ec2 delete-network-acl --network-acl-id ${acl.NetworkAclId}`).ok).toBe(true);
    const assoc = json(s, 'aws ec2 associate-vpc-cidr-block --vpc-id vpc-1 --cidr-block 10.1.0.0/16')
      .CidrBlockAssociation as { AssociationId: string };
    refused(s, 'aws ec2 associate-vpc-cidr-block --vpc-id vpc-1 --cidr-block 10.1.128.0/17', 'InvalidParameterValue');
    expect(aws(s, 'aws ec2 create-subnet --vpc-id vpc-1 --cidr-block 10.1.0.0/24').ok).toBe(true);
    refused(s, `aws ec2 disassociate-vpc-cidr-block --association-id ${assoc.AssociationId}`, 'InvalidCidrBlock.InUse');
    refused(s, 'aws ec2 disassociate-vpc-cidr-block --association-id vpc-cidr-assoc-1', 'OperationNotPermitted');
    refused(s, 'aws ec2 delete-vpc --vpc-id vpc-1', 'DependencyViolation');
    const empty = json(s, 'aws ec2 create-vpc --cidr-block 172.16.0.0/16').Vpc as { VpcId: string };
    expect(aws(s, `aws ec2 delete-vpc --vpc-id ${empty.VpcId}`).ok).toBe(true);
    expect(aws(s, `aws ec2 describe-vpcs --vpc-ids ${empty.VpcId}`).code).toBe('InvalidVpcID.NotFound');
  });
});
