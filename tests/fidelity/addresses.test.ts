import { describe, expect, it } from 'vitest';
import { AllowedSchema } from '../../engine/grade/challenge';
import { awsAllowed } from '../../engine/grade/permissions';
import { permissionContext } from '../../engine/grade/permission-context';
import { aws, json, refused, state } from '../control/aws-fixture';

// Issue 15: places where the engine taught something AWS does not do; each test is named as
// the behaviour, and failed before the fix.
describe('addresses and associations as AWS handles them (issue 15)', () => {
  it('an instance whose Elastic IP is disassociated from its primary address gets a new auto-assigned public IPv4 (R17)', () => {
    const s = state();
    const eni = () => s.topology.instances.find((i) => i.id === 'i-web')!.interfaces[0]!;
    expect(eni().publicIp).toBe('198.51.100.10');
    expect(aws(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --instance-id i-web').ok).toBe(true);
    expect(eni().publicIp).toBeUndefined();
    expect(aws(s, 'aws ec2 disassociate-address --association-id eipassoc-1').ok).toBe(true);
    // a new address, never the old one
    expect(eni().publicIp).toBe('44.192.1.10');
    expect(s.network.enis.get('eni-web')!.publicByPrivate.size).toBe(1);
  });

  it('run-instances --associate-public-ip-address gives a public IPv4 in a subnet that does not map one (R17)', () => {
    const s = state();
    const launched = (
      json(s, 'aws ec2 run-instances --image-id ami-1 --subnet-id subnet-pub --associate-public-ip-address')
        .Instances as { PublicIpAddress?: string; InstanceId: string }[]
    )[0]!;
    expect(launched.PublicIpAddress).toBe('44.192.1.10');
    const plain = (
      json(s, 'aws ec2 run-instances --image-id ami-1 --subnet-id subnet-pub').Instances as {
        PublicIpAddress?: string;
      }[]
    )[0]!;
    expect(plain.PublicIpAddress).toBeUndefined();
  });

  it('associate-address --instance-id on an instance with two interfaces asks for the interface (AssociateAddress)', () => {
    const s = state();
    const r = aws(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --instance-id i-fw');
    expect(r).toMatchObject({ ok: false, code: 'InvalidInstanceID' });
    expect(r.output).toContain("There are multiple interfaces attached to instance 'i-fw'");
    expect(s.topology.elasticIps[0]!.networkInterface).toBeUndefined();
  });

  it('the Elastic IP of a deleted NAT gateway is free to associate again (DeleteNatGateway)', () => {
    const s = state();
    expect(aws(s, 'aws ec2 create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-1').ok).toBe(true);
    expect(aws(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --network-interface-id eni-spare').code).toBe(
      'Resource.AlreadyAssociated',
    );
    expect(aws(s, 'aws ec2 delete-nat-gateway --nat-gateway-id nat-2').ok).toBe(true);
    expect(aws(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --network-interface-id eni-spare').ok).toBe(
      true,
    );
  });

  it('the main route table association cannot be disassociated: InvalidParameterValue, replace it instead', () => {
    const s = state();
    const r = aws(s, 'aws ec2 disassociate-route-table --association-id rtbassoc-main-vpc-1');
    expect(r).toMatchObject({ ok: false, code: 'InvalidParameterValue' });
    expect(r.output).toContain('replace-route-table-association');
    expect(
      json(s, 'aws ec2 describe-route-tables --filters Name=association.main,Values=true').RouteTables,
    ).toHaveLength(1);
  });
});

describe('association ids: AWS issues a new one for each association (issue 15)', () => {
  it('an Elastic IP association id copied before a re-association names nothing afterwards', () => {
    const s = state();
    const first = json(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --network-interface-id eni-spare');
    expect(first).toEqual({ AssociationId: 'eipassoc-1' });
    expect(aws(s, 'aws ec2 disassociate-address --association-id eipassoc-1').ok).toBe(true);
    const second = json(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --network-interface-id eni-spare');
    expect(second.AssociationId).not.toBe('eipassoc-1');
    // the hard-coded id worked once, as in AWS; now it is spent
    refused(s, 'aws ec2 disassociate-address --association-id eipassoc-1', 'InvalidAssociationID.NotFound');
    const listed = json(s, 'aws ec2 describe-addresses --allocation-ids eipalloc-1').Addresses as {
      AssociationId: string;
    }[];
    expect(listed[0]!.AssociationId).toBe(second.AssociationId);
    const eni = json(s, 'aws ec2 describe-network-interfaces --network-interface-ids eni-spare').NetworkInterfaces as {
      Association: { AssociationId: string };
    }[];
    expect(eni[0]!.Association.AssociationId).toBe(second.AssociationId);
    expect(aws(s, `aws ec2 disassociate-address --association-id ${String(second.AssociationId)}`).ok).toBe(true);
  });

  it('replacing a route table or network ACL association answers a new id, and the old one is gone', () => {
    const s = state();
    const main = json(
      s,
      'aws ec2 replace-route-table-association --association-id rtbassoc-main-vpc-1 --route-table-id rtb-app',
    );
    expect(main.NewAssociationId).not.toBe('rtbassoc-main-vpc-1');
    refused(
      s,
      'aws ec2 replace-route-table-association --association-id rtbassoc-main-vpc-1 --route-table-id rtb-pub',
      'InvalidAssociationID.NotFound',
    );
    const tables = json(s, 'aws ec2 describe-route-tables --route-table-ids rtb-app').RouteTables as {
      Associations: { Main: boolean; RouteTableAssociationId: string }[];
    }[];
    expect(tables[0]!.Associations.find((a) => a.Main)!.RouteTableAssociationId).toBe(main.NewAssociationId);
    const acl = json(s, 'aws ec2 replace-network-acl-association --association-id aclassoc-app --network-acl-id acl-1');
    expect(acl.NewAssociationId).not.toBe('aclassoc-app');
    refused(
      s,
      'aws ec2 replace-network-acl-association --association-id aclassoc-app --network-acl-id acl-1',
      'InvalidAssociationID.NotFound',
    );
    const acls = json(s, 'aws ec2 describe-network-acls --network-acl-ids acl-1').NetworkAcls as {
      Associations: { NetworkAclAssociationId: string; SubnetId: string }[];
    }[];
    expect(acls[0]!.Associations.find((a) => a.SubnetId === 'subnet-app')!.NetworkAclAssociationId).toBe(
      acl.NewAssociationId,
    );
  });

  it("a level that lets you move a subnet's association accepts the id it has now", () => {
    const s = state();
    const allowed = AllowedSchema.parse({
      aws: [{ operation: 'replace-route-table-association', resources: ['subnet-app', 'rtb-pub'] }],
    });
    const line = (id: string) =>
      `aws ec2 replace-route-table-association --association-id ${id} --route-table-id rtb-pub`;
    expect(awsAllowed(allowed, line('rtbassoc-subnet-app'), permissionContext(s.topology)).ok).toBe(true);
    const next = json(s, line('rtbassoc-subnet-app')).NewAssociationId as string;
    expect(awsAllowed(allowed, line(next), permissionContext(s.topology)).ok).toBe(true);
    expect(awsAllowed(allowed, line('rtbassoc-subnet-pub'), permissionContext(s.topology)).ok).toBe(false);
  });

  it("describe-network-interfaces and describe-instances say an auto-assigned address is amazon's, an Elastic IP the account's", () => {
    const s = state();
    const owner = () => {
      const eni = (
        json(s, 'aws ec2 describe-network-interfaces --network-interface-ids eni-web').NetworkInterfaces as {
          Association?: { IpOwnerId: string };
          PrivateIpAddresses: { Association?: { IpOwnerId: string } }[];
        }[]
      )[0]!;
      const inst = (
        (json(s, 'aws ec2 describe-instances --instance-ids i-web').Reservations as { Instances: unknown[] }[])[0]!
          .Instances[0] as { NetworkInterfaces: { Association?: { IpOwnerId: string } }[] }
      ).NetworkInterfaces[0]!;
      return [
        eni.Association?.IpOwnerId,
        eni.PrivateIpAddresses[0]!.Association?.IpOwnerId,
        inst.Association?.IpOwnerId,
      ];
    };
    expect(owner()).toEqual(['amazon', 'amazon', 'amazon']);
    expect(aws(s, 'aws ec2 associate-address --allocation-id eipalloc-1 --instance-id i-web').ok).toBe(true);
    expect(owner()).toEqual(['123456789012', '123456789012', '123456789012']);
  });
});
