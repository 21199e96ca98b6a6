import { describe, expect, it } from 'vitest';
import { aws, json, state } from './aws-fixture';

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
