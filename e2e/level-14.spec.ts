import { expect, test } from '@playwright/test';
import {
  advance,
  awsCli,
  consoleRun,
  editFile,
  gradeToFullMarks,
  jsonField,
  joinAndOpen,
  pauseClock,
  phonePage,
  sendTraffic,
  snap,
  violations,
} from './helpers';

const api = (from: string) => ({ from, to: '203.0.113.50', protocol: 'tcp', port: 443 }) as const;

/** A firewall's frr.conf peering with its route server endpoint, BFD on, as the learner writes it. */
const firewall = (endpoint: string, standby: boolean) =>
  [
    'router bgp 65010',
    ' no bgp ebgp-requires-policy',
    ' timers bgp 10 30',
    ` neighbor ${endpoint} remote-as 65000`,
    ` neighbor ${endpoint} bfd`,
    ' address-family ipv4 unicast',
    `  network 0.0.0.0/0${standby ? ' route-map STANDBY' : ''}`,
    ' exit-address-family',
    ...(standby ? ['!', 'route-map STANDBY permit 10', ' set as-path prepend 65010 65010'] : []),
    '',
  ].join('\n');

/** An app server's frr.conf with no neighbours: behind a route server, hosts need no BGP. */
const host = (asn: number) => `router bgp ${asn}\n no bgp ebgp-requires-policy\n timers bgp 10 30\n`;

test('level 14 from its start to 100 through the page: endpoints, peers with BFD, the firewalls connect, the hosts drop BGP', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Priya', '14-vpc-route-server');
  await expect(page.getByTestId('briefing')).toContainText("should fix it, didn't finish");
  const diagram = page.getByTestId('diagram');
  const viewer = page.getByTestId('trace-viewer');
  const dropped = page.getByTestId('drop-explanation');
  const inspector = page.getByTestId('inspector');
  const aws = awsCli(page);
  await expect(diagram.locator('.react-flow__node[data-id="rs-edge"]')).toContainText('VPC Route Server');
  await pauseClock(page);
  await advance(page, 30);
  await snap(page, info, 'level-14-start');

  // E1: the same BGP route, two outcomes: app2's next hop is off its subnet, so the router decides
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was dropped');
  await expect(dropped).toContainText('NO_ROUTE_TO_DESTINATION');
  // the firewalls have no credentials: Level 3's way is closed
  expect(
    await consoleRun(
      page,
      'i-fw2',
      'aws ec2 replace-route --route-table-id rtb-app-a --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw2-in',
    ),
  ).toContain('Unable to locate credentials');

  // E3: endpoints, peers with BFD, propagation into both app tables
  const rseA = jsonField(
    await aws('create-route-server-endpoint --route-server-id rs-edge --subnet-id subnet-app-a'),
    'RouteServerEndpointId',
  );
  const rseB = jsonField(
    await aws('create-route-server-endpoint --route-server-id rs-edge --subnet-id subnet-app-b'),
    'RouteServerEndpointId',
  );
  expect(await aws(`describe-route-server-endpoints --route-server-endpoint-ids ${rseA}`)).toContain('10.0.1.4');
  await aws(
    `create-route-server-peer --route-server-endpoint-id ${rseA} --peer-address 10.0.1.11 --bgp-options PeerAsn=65010,PeerLivenessDetection=bfd`,
  );
  await aws(
    `create-route-server-peer --route-server-endpoint-id ${rseB} --peer-address 10.0.11.12 --bgp-options PeerAsn=65010,PeerLivenessDetection=bfd`,
  );
  await aws('enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-app-a');
  await aws('enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-app-b');
  await advance(page, 5);
  // the endpoint waits: nobody told the firewalls about it
  await diagram.locator('.react-flow__node[data-id="rs-edge"]').click();
  await expect(inspector.getByRole('table', { name: 'rs-edge peers' })).toContainText('waits for the appliance');

  // the firewalls connect, in their frr.conf; the hosts drop their own BGP
  expect((await editFile(page, 'i-fw1', '/etc/frr/frr.conf', firewall('10.0.1.4', false))).saved).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  expect((await editFile(page, 'i-fw2', '/etc/frr/frr.conf', firewall('10.0.11.4', true))).saved).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  expect((await editFile(page, 'i-app1', '/etc/frr/frr.conf', host(65101))).saved).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  expect((await editFile(page, 'i-app2', '/etc/frr/frr.conf', host(65102))).saved).toBe(true);
  await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  await advance(page, 5);
  await diagram.locator('.react-flow__node[data-id="rs-edge"]').click();
  const peersTable = inspector.getByRole('table', { name: 'rs-edge peers' });
  await expect(peersTable.getByRole('row').nth(1)).toContainText('up');
  await expect(inspector.getByRole('table', { name: 'rs-edge routing database' })).toContainText('in-fib (installed)');
  await snap(page, info, 'route-server-up');

  // app2 crosses zones through the router, whose table now names fw1's address
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('rtb-app-b: 0.0.0.0/0 -> 10.0.1.11 (eni-fw1-in; rs-edge)');

  // the drill: BFD notices within a second, and rs-edge moves both tables
  await diagram.locator('.react-flow__node[data-id="i-fw1"]').click();
  await inspector.getByRole('button', { name: /^Crash i-fw1/ }).click();
  await advance(page, 1);
  await sendTraffic(page, { ...api('i-app1'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('rtb-app-a: 0.0.0.0/0 -> 10.0.11.12 (eni-fw2-in; rs-edge)');
  await snap(page, info, 'failover');
  await diagram.locator('.react-flow__node[data-id="i-fw1"]').click();
  await inspector.getByRole('button', { name: /^Recover i-fw1/ }).click();
  await advance(page, 5);

  await gradeToFullMarks(page);
  await snap(page, info, 'level-14-complete');
});

test('level 14 on a phone: the route server inspector fits the screen and the page passes axe', async ({
  browser,
}, info) => {
  const page = await phonePage(browser);
  await joinAndOpen(page, 'Kofi', '14-vpc-route-server');
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'dropped', at: 'subnet-app-b' } });
  await expect(page.getByTestId('prediction-result')).toBeVisible();
  await page.getByTestId('diagram').locator('.react-flow__node[data-id="rs-edge"]').focus();
  await page.keyboard.press('Enter');
  const peers = page.getByTestId('inspector').getByRole('table', { name: 'rs-edge peers' });
  await peers.scrollIntoViewIfNeeded();
  const box = (await peers.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await snap(page, info, 'phone-level-14');
  expect(await violations(page)).toEqual([]);
});
