import { describe, expect, it } from 'vitest';
import { attemptOn } from './level-attempt';

describe('level 11: a reply routed by destination (R91)', () => {
  it('says where a reply that missed its sender was delivered, and stops saying it once the more specific route is in', () => {
    const run = attemptOn('11-vpc-peering');
    run([
      { aws: 'ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-app-shared' },
      {
        aws: 'ec2 authorize-security-group-ingress --group-id sg-ldap --protocol tcp --port 636 --source-group sg-app',
      },
    ]);
    const send = (result: string) => ({ expect: { from: 'i-app1', to: 'i-ldap', protocol: 'tcp', port: 636, result } });
    const [before] = run([send('request-only')]);
    expect(before!.result).toBe('request-only');
    expect(before!.summary).toBe('i-app1 -> i-ldap tcp/636: request-only: the reply was delivered to i-acme-web');
    // a reply lost on the way is a drop, not a delivery: i-app2's address is nobody's in vpc-acme
    const [lost] = run([
      { expect: { from: 'i-app2', to: 'i-ldap', protocol: 'tcp', port: 636, result: 'request-only' } },
    ]);
    expect(lost!.summary).toBe('i-app2 -> i-ldap tcp/636: request-only');
    expect(lost!.drop).toMatchObject({ code: 'ENGINE_NO_HOST_AT_ADDRESS', at: 'subnet-acme-web' });
    run([
      {
        aws: 'ec2 create-route --route-table-id rtb-dir --destination-cidr-block 10.1.1.0/24 --vpc-peering-connection-id pcx-app-shared',
      },
    ]);
    const [after] = run([send('roundtrip')]);
    expect(after!.summary).toBe('i-app1 -> i-ldap tcp/636: roundtrip');
  });
});
