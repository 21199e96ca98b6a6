import { describe, expect, it } from 'vitest';
import { flow } from '../helpers';
import { aws, json, state } from './aws-fixture';

describe('the AWS CLI command line', () => {
  it("refuses a call AWS would refuse with the CLI's error line, and changes nothing", () => {
    const s = state();
    const before = s.topology;
    const r = aws(s, 'ec2 create-route --route-table-id rtb-pub --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1');
    expect(r).toMatchObject({ ok: false, code: 'RouteAlreadyExists' });
    expect(r.output).toBe(
      'An error occurred (RouteAlreadyExists) when calling the CreateRoute operation: The route identified by 0.0.0.0/0 already exists.',
    );
    expect(s.topology).toBe(before);
  });

  it('answers usage errors like the CLI: unknown operation, unknown option, missing argument', () => {
    const s = state();
    expect(aws(s, 'ec2 create-rout --x 1').output).toContain(
      "aws: error: argument operation: Invalid choice 'create-rout'",
    );
    expect(
      aws(s, 'aws ec2 delete-route --route-table-id rtb-pub --destination-cidr-block 0.0.0.0/0 --colour red').output,
    ).toContain('aws: error: Unknown options: --colour');
    expect(aws(s, 'ec2 replace-route --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1').output).toContain(
      'aws: error: the following arguments are required: --route-table-id',
    );
    expect(aws(s, 'ec2 describe-flow-logs').code).toBe('CliUsage');
    expect(aws(s, "ec2 create-route --route-table-id 'rtb-pub").output).toContain('unexpected EOF');
  });

  it('answers --dry-run with DryRunOperation and changes nothing', () => {
    const s = state();
    expect(
      aws(s, 'ec2 delete-route --route-table-id rtb-pub --destination-cidr-block 0.0.0.0/0 --dry-run'),
    ).toMatchObject({ ok: false, code: 'DryRunOperation' });
    expect(s.network.routeTables.get('rtb-pub')!.routes.some((r) => r.targetText === 'igw-1')).toBe(true);
  });
});

describe('route operations (R36–R40)', () => {
  it('create, replace and delete routes, canonicalising the destination (R39)', () => {
    const s = state();
    expect(
      json(
        s,
        'ec2 create-route --route-table-id rtb-app --destination-cidr-block 172.16.9.9/16 --network-interface-id eni-fw-in',
      ),
    ).toEqual({ Return: true });
    expect(s.topology.routeTables.find((r) => r.id === 'rtb-app')!.routes).toContainEqual({
      destination: '172.16.0.0/16',
      target: 'eni-fw-in',
    });
    expect(
      aws(s, 'ec2 replace-route --route-table-id rtb-app --destination-cidr-block 172.16.0.0/16 --gateway-id igw-1'),
    ).toMatchObject({ ok: true, output: '' });
    expect(
      aws(s, 'ec2 replace-route --route-table-id rtb-app --destination-cidr-block 10.9.0.0/16 --gateway-id igw-1').code,
    ).toBe('InvalidRoute.NotFound');
    expect(aws(s, 'ec2 delete-route --route-table-id rtb-app --destination-cidr-block 172.16.0.0/16').ok).toBe(true);
  });

  it("refuses a route R36 forbids with the build's code and keeps the table as it was", () => {
    const s = state();
    const r = aws(
      s,
      'ec2 create-route --route-table-id rtb-app --destination-cidr-block 10.0.0.5/32 --network-interface-id eni-fw-in',
    );
    expect(r.code).toBe('InvalidParameterValue');
    expect(r.output).toContain("equal to or more specific than one of this VPC's CIDR blocks");
    expect(s.topology.routeTables.find((t) => t.id === 'rtb-app')!.routes).toHaveLength(1);
  });

  it('edits the implicit main route table by its id', () => {
    const s = state();
    expect(
      aws(
        s,
        'ec2 create-route --route-table-id rtb-main-vpc-1 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-1',
      ).ok,
    ).toBe(true);
    expect(s.network.subnets.get('subnet-b')!.routeTable.routes.map((r) => r.targetText)).toContain('nat-1');
  });

  it("replaces the local route's target and puts it back (R37)", () => {
    const s = state();
    expect(
      aws(
        s,
        'ec2 replace-route --route-table-id rtb-pub --destination-cidr-block 10.0.0.0/16 --network-interface-id eni-fw-out',
      ).ok,
    ).toBe(true);
    expect(flow(s.network, { from: 'i-web', to: 'i-app' }).request.hops.map((h) => h.resource)).toContain('i-fw');
    expect(
      aws(s, 'ec2 replace-route --route-table-id rtb-pub --destination-cidr-block 10.0.0.0/16 --local-target').ok,
    ).toBe(true);
    expect(flow(s.network, { from: 'i-web', to: 'i-app' }).request.hops.map((h) => h.resource)).not.toContain('i-fw');
  });

  it('leaves routes to a deleted NAT gateway in blackhole (R65, R40)', () => {
    const s = state();
    expect(json(s, 'ec2 delete-nat-gateway --nat-gateway-id nat-1')).toEqual({ NatGatewayId: 'nat-1' });
    const tables = json(s, 'ec2 describe-route-tables --route-table-ids rtb-app') as {
      RouteTables: { Routes: Record<string, string>[] }[];
    };
    expect(tables.RouteTables[0]!.Routes[1]).toEqual({
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: 'nat-1',
      Origin: 'CreateRoute',
      State: 'blackhole',
    });
    expect(flow(s.network, { from: 'i-app', to: 'web', protocol: 'tcp', port: 443 }).request.ending).toMatchObject({
      kind: 'dropped',
      drop: { code: 'BAD_STATE_ROUTE' },
    });
  });

  it('moves associations: a subnet to another table, and the main association (R29)', () => {
    const s = state();
    expect(json(s, 'ec2 create-route-table --vpc-id vpc-1')).toMatchObject({
      RouteTable: { RouteTableId: 'rtb-1', VpcId: 'vpc-1' },
    });
    expect(aws(s, 'ec2 associate-route-table --route-table-id rtb-1 --subnet-id subnet-app').code).toBe(
      'Resource.AlreadyAssociated',
    );
    expect(
      json(s, 'ec2 replace-route-table-association --association-id rtbassoc-subnet-app --route-table-id rtb-1'),
    ).toMatchObject({ NewAssociationId: 'rtbassoc-subnet-app-1' });
    expect(s.network.subnets.get('subnet-app')!.routeTable.id).toBe('rtb-1');
    expect(
      aws(s, 'ec2 replace-route-table-association --association-id rtbassoc-main-vpc-1 --route-table-id rtb-pub').ok,
    ).toBe(true);
    expect(s.network.subnets.get('subnet-b')!.routeTable.id).toBe('rtb-pub');
    // each association has its own id: the first one is spent (issue 15)
    expect(aws(s, 'ec2 disassociate-route-table --association-id rtbassoc-subnet-app').code).toBe(
      'InvalidAssociationID.NotFound',
    );
    expect(aws(s, 'ec2 disassociate-route-table --association-id rtbassoc-subnet-app-1').ok).toBe(true);
    expect(s.network.subnets.get('subnet-app')!.routeTable.id).toBe('rtb-pub');
  });
});

describe('security operations (R66–R82)', () => {
  it('authorizes and revokes group rules, refusing duplicates and missing rules', () => {
    const s = state();
    const add = 'ec2 authorize-security-group-ingress --group-id sg-web --protocol icmp --port -1 --cidr 10.0.1.30/32';
    expect(json(s, add)).toEqual({
      Return: true,
      SecurityGroupRules: [
        { SecurityGroupRuleId: expect.stringMatching(/^sgr-\d+$/), GroupId: 'sg-web', IsEgress: false },
      ],
    });
    expect(aws(s, add).code).toBe('InvalidPermission.Duplicate');
    expect(flow(s.network, { from: 'i-app', to: 'i-web' }).result).toBe('roundtrip');
    expect(
      aws(s, 'ec2 revoke-security-group-ingress --group-id sg-web --protocol icmp --port -1 --cidr 10.0.1.30/32').ok,
    ).toBe(true);
    expect(
      aws(s, 'ec2 revoke-security-group-ingress --group-id sg-web --protocol icmp --port -1 --cidr 10.0.1.30/32').code,
    ).toBe('InvalidPermission.NotFound');
    expect(flow(s.network, { from: 'i-app', to: 'i-web' }).result).toBe('dropped');
  });

  it("writes out AWS's default egress rule before revoking it (R67)", () => {
    const s = state();
    expect(aws(s, 'ec2 revoke-security-group-egress --group-id sg-web --protocol -1 --cidr 0.0.0.0/0').ok).toBe(true);
    expect(s.network.securityGroups.get('sg-web')!.outbound).toEqual([]);
    expect(
      aws(
        s,
        'ec2 authorize-security-group-egress --group-id sg-web --ip-permissions \'[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]\'',
      ).ok,
    ).toBe(true);
    expect(s.network.securityGroups.get('sg-web')!.outbound.map((r) => r.text)).toEqual(['tcp/443 to 0.0.0.0/0']);
  });

  it('numbers NACL entries once per direction (R76) and moves a subnet to another ACL', () => {
    const s = state();
    const entry =
      'ec2 create-network-acl-entry --network-acl-id acl-1 --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 192.0.2.0/24 --rule-action deny';
    expect(aws(s, entry).ok).toBe(true);
    expect(aws(s, entry).code).toBe('NetworkAclEntryAlreadyExists');
    expect(aws(s, entry.replace('--ingress', '--egress')).ok).toBe(true);
    expect(s.network.networkAcls.get('acl-1')!.inbound.map((r) => r.rule)).toEqual([90, 100]);
    expect(
      json(s, 'ec2 replace-network-acl-association --association-id aclassoc-subnet-app --network-acl-id acl-1'),
    ).toEqual({ NewAssociationId: 'aclassoc-app-1' });
    expect(s.network.subnets.get('subnet-app')!.networkAcl.id).toBe('acl-1');
    expect(aws(s, 'ec2 delete-network-acl-entry --network-acl-id acl-1 --ingress --rule-number 91').code).toBe(
      'InvalidNetworkAclEntry.NotFound',
    );
  });
});

describe('interface operations (R12–R20, R83, R84, R113–R115)', () => {
  it('refuses the instance-level source/dest check on a multi-ENI instance (R84)', () => {
    const s = state();
    const r = aws(s, 'ec2 modify-instance-attribute --instance-id i-fw --no-source-dest-check');
    expect(r.output).toBe(
      "An error occurred (InvalidInstanceID) when calling the ModifyInstanceAttribute operation: There are multiple interfaces attached to instance 'i-fw'. Please specify an interface ID for the operation instead.",
    );
    expect(
      aws(s, 'ec2 modify-network-interface-attribute --network-interface-id eni-fw-in --no-source-dest-check').ok,
    ).toBe(true);
    expect(s.network.enis.get('eni-fw-in')!.sourceDestCheck).toBe(false);
    expect(aws(s, 'ec2 modify-instance-attribute --instance-id i-app --no-source-dest-check').ok).toBe(true);
  });

  it('moves a secondary IP only with --allow-reassignment (R114, A8)', () => {
    const s = state();
    expect(
      aws(s, 'ec2 assign-private-ip-addresses --network-interface-id eni-fw-in --private-ip-addresses 10.0.1.254').ok,
    ).toBe(true);
    expect(
      aws(s, 'ec2 assign-private-ip-addresses --network-interface-id eni-app --private-ip-addresses 10.0.1.254').code,
    ).toBe('Resource.AlreadyAssigned');
    expect(s.network.vpcs.get('vpc-1')!.ipOwners.get(0x0a0001fe)!.id).toBe('eni-fw-in');
    expect(
      json(
        s,
        'ec2 assign-private-ip-addresses --network-interface-id eni-app --private-ip-addresses 10.0.1.254 --allow-reassignment',
      ),
    ).toMatchObject({ AssignedPrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.254' }] });
    expect(s.network.vpcs.get('vpc-1')!.ipOwners.get(0x0a0001fe)!.id).toBe('eni-app');
    expect(
      aws(s, 'ec2 assign-private-ip-addresses --network-interface-id eni-app --private-ip-addresses 192.168.50.1').code,
    ).toBe('InvalidParameterValue');
  });

  it('attaches an ENI in the same AZ only, refuses one in use, and never detaches the primary (R13–R15)', () => {
    const s = state();
    expect(
      aws(s, 'ec2 attach-network-interface --network-interface-id eni-far --instance-id i-app --device-index 1').code,
    ).toBe('InvalidParameterCombination');
    expect(
      json(s, 'ec2 attach-network-interface --network-interface-id eni-spare --instance-id i-app --device-index 1'),
    ).toEqual({ AttachmentId: 'eni-attach-eni-spare' });
    expect(
      aws(s, 'ec2 attach-network-interface --network-interface-id eni-spare --instance-id i-web --device-index 1').code,
    ).toBe('InvalidNetworkInterface.InUse');
    expect(aws(s, 'ec2 detach-network-interface --attachment-id eni-attach-eni-app').code).toBe(
      'OperationNotPermitted',
    );
    expect(aws(s, 'ec2 detach-network-interface --attachment-id eni-attach-eni-spare').ok).toBe(true);
    expect(s.network.enis.get('eni-spare')!.instance).toBeUndefined();
  });

  it('associates an Elastic IP, releasing the auto-assigned address, and needs --allow-reassociation to move it (R17, R18, R115)', () => {
    const s = state();
    expect(json(s, 'ec2 associate-address --allocation-id eipalloc-1 --instance-id i-web')).toEqual({
      AssociationId: 'eipassoc-1',
    });
    expect(s.network.publicIps.has(0xc6336401 + 9)).toBe(false);
    expect(flow(s.network, { from: 'web', to: '198.51.100.50', protocol: 'tcp', port: 443 }).result).toBe('roundtrip');
    expect(aws(s, 'ec2 associate-address --allocation-id eipalloc-1 --network-interface-id eni-fw-out').code).toBe(
      'Resource.AlreadyAssociated',
    );
    expect(
      json(
        s,
        'ec2 associate-address --allocation-id eipalloc-1 --network-interface-id eni-fw-out --allow-reassociation',
      ),
    ).toEqual({ AssociationId: 'eipassoc-1-1' });
    expect(flow(s.network, { from: 'web', to: '198.51.100.50' }).request.hops.map((h) => h.resource)).toContain(
      'eni-fw-out',
    );
    expect(aws(s, 'ec2 disassociate-address --association-id eipassoc-1').code).toBe('InvalidAssociationID.NotFound');
    expect(aws(s, 'ec2 disassociate-address --association-id eipassoc-1-1').ok).toBe(true);
    expect(s.network.publicIps.has(0xc6336432)).toBe(false);
  });
});

describe('resource operations', () => {
  it('stops an instance, releasing its auto-assigned public IP for good (R17, A7)', () => {
    const s = state();
    expect(json(s, 'ec2 stop-instances --instance-ids i-web')).toEqual({
      StoppingInstances: [
        { InstanceId: 'i-web', PreviousState: { Name: 'running' }, CurrentState: { Name: 'stopping' } },
      ],
    });
    expect(flow(s.network, { from: 'i-app', to: 'i-web' }).request.ending).toMatchObject({
      drop: { code: 'ENGINE_TARGET_NOT_RUNNING' },
    });
    const before = s.topology.instances.find((i) => i.id === 'i-web')!.interfaces[0]!.publicIp;
    expect(before).toBeUndefined();
    expect(s.network.enis.get('eni-web')!.publicByPrivate.size).toBe(0);
    // a start asks for a new public IP for an instance that had an auto-assigned one: never the old one
    const had = state();
    const old = had.topology.instances.find((i) => i.id === 'i-web')!.interfaces[0]!.publicIp;
    expect(old).toBeDefined();
    expect(aws(had, 'ec2 stop-instances --instance-ids i-web').ok).toBe(true);
    expect(had.topology.instances.find((i) => i.id === 'i-web')!.interfaces[0]!.publicIp).toBeUndefined();
    expect(aws(had, 'ec2 start-instances --instance-ids i-web').ok).toBe(true);
    const fresh = had.topology.instances.find((i) => i.id === 'i-web')!.interfaces[0]!.publicIp;
    expect(fresh).toBe('44.192.1.10');
    expect(fresh).not.toBe(old);
    expect(had.network.enis.get('eni-web')!.publicByPrivate.size).toBe(1);
  });

  it('launches an instance named by the step, with any image id', () => {
    const s = state();
    const out = json(
      s,
      'ec2 run-instances --image-id ami-12345678 --subnet-id subnet-app --security-group-ids sg-web',
    ) as { Instances: { InstanceId: string; PrivateIpAddress: string }[] };
    expect(out.Instances[0]).toMatchObject({ InstanceId: 'i-1', PrivateIpAddress: '10.0.1.4' });
    expect(
      aws(s, 'ec2 run-instances --image-id ami-1 --subnet-id subnet-app --private-ip-address 10.0.1.50', 'i-named').ok,
    ).toBe(true);
    expect(s.network.instances.get('i-named')!.enis[0]!.id).toBe('eni-named');
    expect(flow(s.network, { from: 'i-named', to: 'i-app' }).result).toBe('roundtrip');
  });

  it("creates subnets and VPCs with AWS's checks (R2, R4) and attaches gateways once (R52)", () => {
    const s = state();
    expect(aws(s, 'ec2 create-subnet --vpc-id vpc-1 --cidr-block 10.0.9.0/29').code).toBe('InvalidSubnet.Range');
    expect(json(s, 'ec2 create-subnet --vpc-id vpc-1 --cidr-block 10.0.9.77/24')).toMatchObject({
      Subnet: { SubnetId: 'subnet-1', CidrBlock: '10.0.9.0/24' },
    });
    expect(aws(s, 'ec2 delete-subnet --subnet-id subnet-app').code).toBe('DependencyViolation');
    expect(aws(s, 'ec2 create-vpc --cidr-block 10.5.0.0/12').code).toBe('InvalidVpcRange');
    expect(aws(s, 'ec2 attach-internet-gateway --internet-gateway-id igw-spare --vpc-id vpc-1').code).toBe(
      'Resource.AlreadyAssociated',
    );
    expect(aws(s, 'ec2 detach-internet-gateway --internet-gateway-id igw-1 --vpc-id vpc-1').code).toBe(
      'DependencyViolation',
    );
  });

  it('creates a NAT gateway that needs an Elastic IP when public (R60)', () => {
    const s = state();
    expect(aws(s, 'ec2 create-nat-gateway --subnet-id subnet-pub').code).toBe('MissingParameter');
    expect(
      json(
        s,
        'ec2 create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-1 --private-ip-address 10.0.0.200',
      ),
    ).toMatchObject({
      NatGateway: {
        NatGatewayId: 'nat-2',
        State: 'pending',
        NatGatewayAddresses: [{ AllocationId: 'eipalloc-1', PublicIp: '198.51.100.50', PrivateIp: '10.0.0.200' }],
      },
    });
    expect(
      aws(s, 'ec2 replace-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-2').ok,
    ).toBe(true);
    const t = flow(s.network, { from: 'i-app', to: 'web', protocol: 'tcp', port: 443 });
    expect(t.request.ending.kind === 'delivered' && t.request.ending.packet.src).toBe(0xc6336432);
  });
});
