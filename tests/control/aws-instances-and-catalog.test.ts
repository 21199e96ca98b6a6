import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../engine/control/aws/operation-catalog';
import { OPERATIONS } from '../../engine/control/aws/run-aws';
import { AllowedSchema } from '../../engine/grade/challenge';
import { awsAllowed } from '../../engine/grade/permissions';
import { aws, json, refused, state } from './aws-fixture';

describe('instances: launch with a public IP, reboot, terminate (R17)', () => {
  it('a subnet that maps public IPs gives one at launch; --no-associate-public-ip-address overrides it', () => {
    const s = state();
    expect(aws(s, 'aws ec2 modify-subnet-attribute --subnet-id subnet-pub --map-public-ip-on-launch').ok).toBe(true);
    expect(json(s, 'aws ec2 describe-subnets --subnet-ids subnet-pub').Subnets).toMatchObject([
      { MapPublicIpOnLaunch: true },
    ]);
    const a = (
      json(s, 'aws ec2 run-instances --image-id ami-1 --subnet-id subnet-pub').Instances as Record<string, unknown>[]
    )[0]!;
    expect(a.PublicIpAddress).toBe('44.192.1.10');
    const b = (
      json(s, 'aws ec2 run-instances --image-id ami-1 --subnet-id subnet-pub --no-associate-public-ip-address')
        .Instances as Record<string, unknown>[]
    )[0]!;
    expect(b.PublicIpAddress).toBeUndefined();
    // the primary interface can be given one afterwards, a secondary cannot
    expect(
      aws(s, 'aws ec2 modify-network-interface-attribute --network-interface-id eni-app --associate-public-ip-address')
        .ok,
    ).toBe(true);
    expect(s.topology.instances.find((i) => i.id === 'i-app')!.interfaces[0]!.publicIp).toBe('44.192.1.11');
    refused(
      s,
      'aws ec2 modify-network-interface-attribute --network-interface-id eni-fw-in --associate-public-ip-address',
      'InvalidParameterValue',
    );
    expect(
      aws(
        s,
        'aws ec2 modify-network-interface-attribute --network-interface-id eni-app --no-associate-public-ip-address',
      ).ok,
    ).toBe(true);
    expect(s.topology.instances.find((i) => i.id === 'i-app')!.interfaces[0]!.publicIp).toBeUndefined();
  });

  it('a reboot keeps the public IP and brings a hung instance back; terminate lists it as terminated and frees its address', () => {
    const s = state();
    s.world.failed.add('i-web');
    expect(aws(s, 'aws ec2 reboot-instances --instance-ids i-web').ok).toBe(true);
    expect(s.world.failed.has('i-web')).toBe(false);
    expect(s.topology.instances.find((i) => i.id === 'i-web')!.interfaces[0]!.publicIp).toBe('198.51.100.10');
    expect(s.world.events.rows.some((e) => e.instance === 'i-web' && e.text.includes('reboots'))).toBe(true);

    expect(
      aws(
        s,
        'aws ec2 create-route --route-table-id rtb-app --destination-cidr-block 192.168.0.0/16 --network-interface-id eni-fw-in',
      ).ok,
    ).toBe(true);
    expect(json(s, 'aws ec2 terminate-instances --instance-ids i-fw')).toEqual({
      TerminatingInstances: [
        {
          InstanceId: 'i-fw',
          PreviousState: { Code: 16, Name: 'running' },
          CurrentState: { Code: 32, Name: 'shutting-down' },
        },
      ],
    });
    const listed = json(s, 'aws ec2 describe-instances --filters Name=instance-state-name,Values=terminated');
    expect(listed.Reservations).toMatchObject([{ Instances: [{ InstanceId: 'i-fw', State: { Name: 'terminated' } }] }]);
    // the interface attached later survives, unattached; the primary one is gone
    expect(
      json(s, 'aws ec2 describe-network-interfaces --network-interface-ids eni-fw-in').NetworkInterfaces,
    ).toMatchObject([{ Status: 'available' }]);
    expect(aws(s, 'aws ec2 describe-network-interfaces --network-interface-ids eni-fw-out').code).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    // its address is free again
    expect(aws(s, 'aws ec2 create-network-interface --subnet-id subnet-pub --private-ip-address 10.0.0.20').ok).toBe(
      true,
    );
    refused(s, 'aws ec2 reboot-instances --instance-ids i-fw', 'InvalidInstanceID.NotFound');
  });
});

describe('the declarations', () => {
  it('every operation is named in OPERATION_NAMES (help and completion), and each has help from its declaration', () => {
    expect([...OPERATIONS.keys()].sort()).toEqual([...OPERATION_NAMES].sort());
    const s = state();
    const help = aws(s, 'aws ec2 create-tags help');
    expect(help.output).toContain('--resources <value> [<value>...]');
    expect(aws(s, 'aws ec2 create-vpc help').output).toContain('[--tag-specifications');
  });

  it('a level that allows a call on some resources checks the subjects the operation declares', () => {
    const allowed = AllowedSchema.parse({
      aws: [
        { operation: 'delete-route-table', resources: ['rtb-1'] },
        { operation: 'create-tags', resources: ['i-web'] },
      ],
    });
    expect(awsAllowed(allowed, 'aws ec2 delete-route-table --route-table-id rtb-1').ok).toBe(true);
    expect(awsAllowed(allowed, 'aws ec2 delete-route-table --route-table-id=rtb-1').ok).toBe(true);
    expect(awsAllowed(allowed, 'aws ec2 delete-route-table --route-table-id rtb-app')).toMatchObject({
      ok: false,
      reason: 'this level lets you call delete-route-table only on rtb-1',
    });
    expect(awsAllowed(allowed, 'aws ec2 create-tags --resources i-web i-app --tags Key=a,Value=b').ok).toBe(false);
    expect(awsAllowed(allowed, 'aws ec2 create-tags --resources i-web --tags Key=a,Value=b').ok).toBe(true);
  });
});

describe('aws ec2 wait', () => {
  it('is refused in a guest shell, where time cannot pass, and allowed where its describe call is', () => {
    const s = state();
    const r = aws(s, 'aws ec2 wait nat-gateway-available --nat-gateway-ids nat-1');
    expect(r).toMatchObject({ ok: false, code: 'CliUsage' });
    expect(r.output).toContain('aws ec2 wait runs from the console');
    const describes = AllowedSchema.parse({ aws: [{ operation: 'describe-*' }] });
    expect(awsAllowed(describes, 'aws ec2 wait nat-gateway-available --nat-gateway-ids nat-1').ok).toBe(true);
    const routesOnly = AllowedSchema.parse({ aws: [{ operation: 'create-route' }] });
    expect(awsAllowed(routesOnly, 'aws ec2 wait nat-gateway-available').ok).toBe(false);
    const frozen = AllowedSchema.parse({ aws: [{ operation: 'describe-*' }], simulator: { wait: false } });
    expect(awsAllowed(frozen, 'aws ec2 wait instance-running').ok).toBe(false);
  });
});

describe('managed prefix lists (R35)', () => {
  it('create, read entries, modify at the current version only, within max-entries; a route to a list is one route', () => {
    const s = state();
    const made = json(
      s,
      'aws ec2 create-managed-prefix-list --prefix-list-name offices --max-entries 2 --address-family IPv4 --entries Cidr=192.168.10.0/24,Description=hq',
    );
    expect(made.PrefixList).toMatchObject({
      PrefixListId: 'pl-1',
      PrefixListName: 'offices',
      MaxEntries: 2,
      Version: 1,
      State: 'create-in-progress',
    });
    expect(json(s, 'aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-1')).toEqual({
      Entries: [{ Cidr: '192.168.10.0/24' }],
    });
    expect(
      aws(
        s,
        'aws ec2 create-route --route-table-id rtb-app --destination-prefix-list-id pl-1 --network-interface-id eni-fw-in',
      ).ok,
    ).toBe(true);
    refused(
      s,
      'aws ec2 modify-managed-prefix-list --prefix-list-id pl-1 --current-version 7 --add-entries Cidr=192.168.20.0/24',
      'PrefixListVersionMismatch',
    );
    expect(
      aws(
        s,
        'aws ec2 modify-managed-prefix-list --prefix-list-id pl-1 --current-version 1 --add-entries Cidr=192.168.20.0/24',
      ).ok,
    ).toBe(true);
    refused(
      s,
      'aws ec2 modify-managed-prefix-list --prefix-list-id pl-1 --current-version 2 --add-entries Cidr=192.168.30.0/24',
      'PrefixListMaxEntriesExceeded',
    );
    expect(json(s, 'aws ec2 describe-managed-prefix-lists --prefix-list-ids pl-1').PrefixLists).toMatchObject([
      { Version: 2 },
    ]);
    // one route names the list, though it now holds two blocks, and both are routed
    const routes = (
      json(s, 'aws ec2 describe-route-tables --route-table-ids rtb-app').RouteTables as {
        Routes: Record<string, unknown>[];
      }[]
    )[0]!.Routes;
    expect(routes.filter((r) => r.DestinationPrefixListId === 'pl-1')).toHaveLength(1);
    const table = s.network.routeTables.get('rtb-app')!;
    expect(
      table.routes
        .filter((r) => r.destinationText === 'pl-1')
        .map((r) => r.destination.text)
        .sort(),
    ).toEqual(['192.168.10.0/24', '192.168.20.0/24']);
  });
});
