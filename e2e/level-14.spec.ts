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
  sendOnSession,
  sendTraffic,
  snap,
  violations,
} from './helpers';

const api = (from: string) => ({ from, to: '203.0.113.50', protocol: 'tcp', port: 443 }) as const;

/** A firewall's frr.conf peering with its route server endpoint (BFD on or not), as the learner writes it. */
const firewall = (endpoint: string, standby: boolean, bfd: boolean) =>
  [
    'router bgp 65010',
    ' no bgp ebgp-requires-policy',
    ' timers bgp 10 30',
    ` neighbor ${endpoint} remote-as 65000`,
    ...(bfd ? [` neighbor ${endpoint} bfd`] : []),
    // the app servers' sessions stay: the learner adds the endpoint, nothing else
    ' neighbor 10.0.1.21 remote-as 65101',
    ' neighbor 10.0.1.21 ebgp-multihop 2',
    ' neighbor 10.0.11.22 remote-as 65102',
    ' neighbor 10.0.11.22 ebgp-multihop 2',
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

  // E3: endpoints, peers (default liveness: BGP keepalives), propagation into both app tables
  const rseA = jsonField(
    await aws('create-route-server-endpoint --route-server-id rs-edge --subnet-id subnet-app-a'),
    'RouteServerEndpointId',
  );
  const rseB = jsonField(
    await aws('create-route-server-endpoint --route-server-id rs-edge --subnet-id subnet-app-b'),
    'RouteServerEndpointId',
  );
  expect(await aws(`describe-route-server-endpoints --route-server-endpoint-ids ${rseA}`)).toContain('10.0.1.4');
  const peer = async (endpoint: string, address: string, bfd: boolean) =>
    jsonField(
      await aws(
        `create-route-server-peer --route-server-endpoint-id ${endpoint} --peer-address ${address} --bgp-options PeerAsn=65010${bfd ? ',PeerLivenessDetection=bfd' : ''}`,
      ),
      'RouteServerPeerId',
    );
  const keepalivePeers = [await peer(rseA, '10.0.1.11', false), await peer(rseB, '10.0.11.12', false)];
  await aws('enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-app-a');
  await aws('enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-app-b');
  await advance(page, 5);
  // the endpoint waits: nobody told the firewalls about it
  await diagram.locator('.react-flow__node[data-id="rs-edge"]').click();
  await expect(inspector.getByRole('table', { name: 'rs-edge peers' })).toContainText('waits for the appliance');
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was dropped');

  // the firewalls connect, in their frr.conf
  const save = async (on: string, text: string) => {
    expect((await editFile(page, on, '/etc/frr/frr.conf', text)).saved).toBe(true);
    await page.getByTestId('file-editor').getByRole('button', { name: /close/i }).click();
  };
  await save('i-fw1', firewall('10.0.1.4', false, false));
  await save('i-fw2', firewall('10.0.11.4', true, false));
  await advance(page, 5);
  await diagram.locator('.react-flow__node[data-id="rs-edge"]').click();
  const peersTable = inspector.getByRole('table', { name: 'rs-edge peers' });
  await expect(peersTable.getByRole('row').nth(1)).toContainText('bgp-keepaliveup');
  await expect(inspector.getByRole('table', { name: 'rs-edge routing database' })).toContainText('in-fib (installed)');
  await snap(page, info, 'route-server-up');

  // app2 crosses zones through the router, whose table now names fw1's address
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('rtb-app-b: 0.0.0.0/0 -> 10.0.1.11 (eni-fw1-in; rs-edge)');
  // the subnet's hop lights the route server whose route decided
  await viewer.focus();
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('hop 3 of');
  await expect(diagram.locator('.react-flow__node[data-id="rs-edge"]')).toHaveClass(/node-highlight/);

  // E4: the drill with keepalives: nobody notices for the 30 s hold time
  const crash = async (what: 'Crash' | 'Recover') => {
    await diagram.locator('.react-flow__node[data-id="i-fw1"]').click();
    await inspector.getByRole('button', { name: new RegExp(`^${what} i-fw1`) }).click();
  };
  await crash('Crash');
  await advance(page, 5);
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was dropped');
  await expect(dropped).toContainText('ENGINE_TARGET_NOT_RUNNING');
  await advance(page, 30);
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('eni-fw2-in');
  await crash('Recover');
  await advance(page, 5);

  // E5: liveness is fixed at creation: the peers again, with BFD, and BFD on the firewalls
  expect(
    await aws(`modify-route-server-peer --route-server-peer-id ${keepalivePeers[0]} --bgp-options PeerAsn=65010`),
  ).toContain('Invalid choice');
  for (const id of keepalivePeers) await aws(`delete-route-server-peer --route-server-peer-id ${id}`);
  await peer(rseA, '10.0.1.11', true);
  await peer(rseB, '10.0.11.12', true);
  await save('i-fw1', firewall('10.0.1.4', false, true));
  await save('i-fw2', firewall('10.0.11.4', true, true));
  await advance(page, 5);
  await diagram.locator('.react-flow__node[data-id="rs-edge"]').click();
  await expect(peersTable.getByRole('row').nth(1)).toContainText('bfdupup');
  await crash('Crash');
  await advance(page, 1);
  // both tables moved within a second; app2 follows its table, app1 its own BGP next hop, by MAC
  await sendTraffic(page, { ...api('i-app2'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('rtb-app-b: 0.0.0.0/0 -> 10.0.11.12 (eni-fw2-in; rs-edge)');
  await sendTraffic(page, { ...api('i-app1'), predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was dropped');
  await expect(dropped).toContainText('ENGINE_TARGET_NOT_RUNNING');
  await expect(viewer).not.toContainText('subnet-app-a');
  await snap(page, info, 'failover');
  await crash('Recover');
  await advance(page, 5);

  // E6: the hosts need no BGP now
  await save('i-app1', host(65101));
  await save('i-app2', host(65102));
  await advance(page, 1);
  // E6: new connections fail over, an open one does not: fw2 never saw it (R112)
  await sendTraffic(page, { ...api('i-app1'), session: 'checkout', predict: { result: 'roundtrip' } });
  await expect(viewer).toContainText('eni-fw1-in');
  await crash('Crash');
  await advance(page, 1);
  await sendOnSession(page, 'checkout');
  await expect(dropped).toContainText('ENGINE_APPLIANCE_NO_STATE');
  await crash('Recover');
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
