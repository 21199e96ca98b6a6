import { expect, test } from '@playwright/test';
import { awsCli, gradeToFullMarks, joinAndOpen, jsonField, phonePage, sendTraffic, snap, violations } from './helpers';

const syslog = { from: 'i-dev', to: '10.2.1.10', protocol: 'udp', port: 514 } as const;
const devRepo = { from: 'i-dev', to: '10.3.1.10', protocol: 'tcp', port: 443 } as const;
const devPartner = { from: 'i-dev', to: '203.0.113.10', protocol: 'tcp', port: 443 } as const;
const prodBRepo = { from: 'i-prod-b', to: '10.3.1.10', protocol: 'tcp', port: 443 } as const;

test('level 12 from its start to 100 through the page: association versus propagation, a blackhole for dev, a door in us-east-1b, appliance mode', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Tariq', '12-transit-gateway');
  await expect(page.getByTestId('briefing')).toContainText('three tickets');
  const aws = awsCli(page);
  const viewer = page.getByTestId('trace-viewer');
  const dropped = page.getByTestId('drop-explanation');
  const diagram = page.getByTestId('diagram');
  await expect(diagram).toContainText('tgw-core');
  await snap(page, info, 'level-12-start');

  // E1: security's ticket: dev's datagram reaches prod through the default table, where prod propagates
  await sendTraffic(page, { ...syslog, predict: { result: 'dropped', at: 'tgw-core' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Not what you expected');
  await expect(viewer).toContainText('tgw-rtb-default: 10.2.0.0/16 -> tgw-attach-prod');
  // stepping to the transit gateway's hop lights the table that decided, drawn under tgw-core
  const deciding = diagram.locator('.react-flow__node[data-id="tgw-rtb-default"]');
  await expect(deciding).toContainText('routes for vpc-dev');
  // the sixth hop is tgw-core's (send, egress, subnet, VPC, attachment, then the transit gateway)
  await viewer.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('hop 6 of');
  await expect(deciding).toHaveClass(/node-highlight/);
  await expect(diagram.locator('.react-flow__node[data-id="tgw-rtb-prod"]')).not.toHaveClass(/node-highlight/);
  await snap(page, info, 'dev-reaches-prod');

  // E2: association picks the table; take prod's propagation out of the default table
  expect(
    await aws('get-transit-gateway-route-table-propagations --transit-gateway-route-table-id tgw-rtb-default'),
  ).toContain('tgw-attach-prod');
  await aws(
    'disable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-default --transit-gateway-attachment-id tgw-attach-prod',
  );
  await sendTraffic(page, { ...syslog, predict: { result: 'dropped', at: 'tgw-core' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(dropped).toContainText('TGW_RTB_CANNOT_ROUTE');
  // dev's ticket: the SYN arrives, the SYN-ACK is looked up again in shared's table
  await sendTraffic(page, { ...devRepo, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was request-only');
  await expect(dropped).toContainText('TGW_RTB_CANNOT_ROUTE');
  await aws(
    'enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-shared --transit-gateway-attachment-id tgw-attach-dev',
  );

  // E3: a table of dev's own: one association per attachment
  const devTable = jsonField(
    await aws('create-transit-gateway-route-table --transit-gateway-id tgw-core'),
    'TransitGatewayRouteTableId',
  );
  expect(
    await aws(
      `associate-transit-gateway-route-table --transit-gateway-route-table-id ${devTable} --transit-gateway-attachment-id tgw-attach-dev`,
    ),
  ).toContain('Resource.AlreadyAssociated');
  await aws(
    'disassociate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-default --transit-gateway-attachment-id tgw-attach-dev',
  );
  await aws(
    `associate-transit-gateway-route-table --transit-gateway-route-table-id ${devTable} --transit-gateway-attachment-id tgw-attach-dev`,
  );
  await aws(
    `enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id ${devTable} --transit-gateway-attachment-id tgw-attach-shared`,
  );
  await sendTraffic(page, { ...devRepo, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  // the matrix in the inspector (opened from the keyboard) follows: dev is associated with its own table now
  await diagram.locator('.react-flow__node[data-id="tgw-core"]').focus();
  await page.keyboard.press('Enter');
  const matrix = page.getByTestId('tgw-matrix');
  await expect(matrix.getByLabel(`tgw-attach-dev in ${devTable}: A`)).toBeVisible();
  await expect(matrix.getByLabel(`tgw-attach-shared in ${devTable}: P`)).toBeVisible();
  await expect(matrix.getByLabel('tgw-attach-dev in tgw-rtb-default: P')).toBeVisible();
  await expect(matrix.getByLabel('tgw-attach-prod in tgw-rtb-default: none')).toBeVisible();
  await snap(page, info, 'tgw-matrix');
  // central egress: out through the NAT gateway; the answer needs egress's table to know dev
  await aws(
    `create-transit-gateway-route --transit-gateway-route-table-id ${devTable} --destination-cidr-block 0.0.0.0/0 --transit-gateway-attachment-id tgw-attach-egress`,
  );
  await sendTraffic(page, { ...devPartner, predict: { result: 'request-only', at: 'tgw-rtb-egress' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await aws(
    'enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-egress --transit-gateway-attachment-id tgw-attach-dev',
  );
  await sendTraffic(page, { ...devPartner, predict: { result: 'roundtrip' } });
  await expect(viewer).toContainText('198.51.100.10');

  // E4: isolated on paper: the default route reaches prod through the NAT gateway; a blackhole in dev's table
  await sendTraffic(page, { ...syslog, predict: { result: 'dropped', at: 'tgw-core' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Not what you expected');
  await expect(viewer).toContainText('nat-egress');
  await aws(
    `create-transit-gateway-route --transit-gateway-route-table-id ${devTable} --destination-cidr-block 10.0.0.0/8 --blackhole`,
  );
  await sendTraffic(page, { ...syslog, predict: { result: 'dropped', at: 'tgw-core' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(dropped).toContainText('TGW_RTB_BAD_STATE_ROUTE');

  // E5: us-east-1b has no door: one attachment per VPC, so add a subnet to it
  await sendTraffic(page, {
    from: 'i-prod-b',
    to: '203.0.113.10',
    protocol: 'tcp',
    port: 443,
    predict: { result: 'dropped', at: 'subnet-prod-b' },
  });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(dropped).toContainText('TGW_ROUTE_AZ_RESTRICTION');
  expect(
    await aws(
      'create-transit-gateway-vpc-attachment --transit-gateway-id tgw-core --vpc-id vpc-prod --subnet-ids subnet-prod-b',
    ),
  ).toContain('DuplicateTransitGatewayAttachment');
  await aws(
    'modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-prod --add-subnet-ids subnet-prod-b',
  );

  // E6: two firewalls, one conversation: each direction enters in its own zone until appliance mode
  await sendTraffic(page, { ...prodBRepo, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was request-only');
  await expect(dropped).toContainText('ENGINE_APPLIANCE_NO_STATE');
  await snap(page, info, 'two-firewalls');
  await aws(
    'modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-insp --options ApplianceModeSupport=enable',
  );
  await sendTraffic(page, { ...prodBRepo, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');

  await gradeToFullMarks(page);
  await snap(page, info, 'level-12-complete');
});

test('level 12 on a phone: a transit gateway hop fits the screen and the page passes axe', async ({
  browser,
}, info) => {
  const page = await phonePage(browser);
  await joinAndOpen(page, 'Yara', '12-transit-gateway');
  await sendTraffic(page, { ...syslog, predict: { result: 'request-only' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  const hop = page.getByTestId('trace-viewer').getByText('tgw-rtb-default: 10.2.0.0/16 -> tgw-attach-prod').first();
  await hop.scrollIntoViewIfNeeded();
  const box = (await hop.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await snap(page, info, 'phone-level-12');
  expect(await violations(page)).toEqual([]);
});
