import { describe, expect, it } from 'vitest';
import { attemptOn } from './level-attempt';

const tgwTables = (hops: { resource: string; table?: string }[] | undefined) =>
  (hops ?? []).filter((h) => h.resource === 'tgw-core').map((h) => h.table);

describe('level 12: the table that decides at each transit gateway hop (R95)', () => {
  it("names the ingress attachment's associated table on the request and again on the reply", () => {
    const run = attemptOn('12-transit-gateway');
    const [syslog] = run([
      { expect: { from: 'i-dev', to: 'i-prod-a', protocol: 'udp', port: 514, result: 'request-only' } },
    ]);
    // dev's packets by the default table, where prod propagates; the answer by prod's own table
    expect(tgwTables(syslog!.trace)).toEqual(['tgw-rtb-default']);
    expect(tgwTables(syslog!.replyTrace)).toEqual(['tgw-rtb-prod']);
    expect(syslog!.drop).toMatchObject({ code: 'TGW_RTB_BAD_STATE_ROUTE', at: 'tgw-rtb-prod' });
    // dev re-associated with a table of its own: the hop names it, and the packet dies there
    run([
      { aws: 'ec2 create-transit-gateway-route-table --transit-gateway-id tgw-core', id: 'tgw-rtb-dev' },
      {
        aws: 'ec2 disassociate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-default --transit-gateway-attachment-id tgw-attach-dev',
      },
      {
        aws: 'ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-dev --transit-gateway-attachment-id tgw-attach-dev',
      },
    ]);
    const [cut] = run([
      {
        expect: { from: 'i-dev', to: 'i-prod-a', protocol: 'udp', port: 514, result: 'dropped', droppedAt: 'tgw-core' },
      },
    ]);
    expect(cut!.ok).toBe(true);
    expect(cut!.drop).toMatchObject({ code: 'TGW_RTB_CANNOT_ROUTE', at: 'tgw-rtb-dev' });
  });

  it('refuses a packet from an AZ the attachment has no subnet in at the sending subnet, not at the transit gateway (R94)', () => {
    const run = attemptOn('12-transit-gateway');
    const [b] = run([{ expect: { from: 'i-prod-b', to: 'i-repo', protocol: 'tcp', port: 443, result: 'dropped' } }]);
    expect(b!.drop).toMatchObject({ code: 'TGW_ROUTE_AZ_RESTRICTION', at: 'subnet-prod-b' });
    expect(b!.drop!.within).not.toContain('tgw-core');
    expect(tgwTables(b!.trace)).toEqual([]);
  });
});
