import { expect, test } from '@playwright/test';
import {
  awsCli,
  consoleRun,
  gradeToFullMarks,
  joinAndOpen,
  jsonField,
  phonePage,
  sendTraffic,
  snap,
  violations,
} from './helpers';

const toLdap = { from: 'i-app1', to: '10.2.1.10', protocol: 'tcp', port: 636 } as const;
const toDb = { from: 'i-app1', to: '10.3.1.20', protocol: 'tcp', port: 5432 } as const;
const toProxy = { from: 'i-app1', to: '10.2.2.30', protocol: 'tcp', port: 3128 } as const;

test('level 11 from its start to 100 through the page: a peering accepted, a reply that went to Acme, nothing transitive', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Noor', '11-vpc-peering');
  await expect(page.getByTestId('briefing')).toContainText('connect vpc-app');
  const aws = awsCli(page);
  const viewer = page.getByTestId('trace-viewer');
  const diagram = page.getByTestId('diagram');
  // the diagram draws each peering with its status
  await expect(diagram).toContainText('pcx-app-shared peering vpc-app ↔ vpc-shared · pending-acceptance');
  // and the two VPCs that share 10.1.0.0/16 in one colour, each saying so
  await expect(diagram).toContainText('same range as vpc-acme');
  await expect(diagram.locator('.node-vpc-overlap')).toHaveCount(2);
  await snap(page, info, 'level-11-start');

  // E1: the request was sent yesterday; the route to it is a blackhole until it is accepted
  await sendTraffic(page, { ...toLdap, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was dropped at rtb-app. Not what you expected');
  await expect(page.getByTestId('drop-explanation')).toContainText('BAD_STATE_ROUTE');
  expect(await aws('describe-vpc-peering-connections --vpc-peering-connection-ids pcx-app-shared')).toContain(
    '"Code": "pending-acceptance"',
  );
  expect(
    await aws('authorize-security-group-ingress --group-id sg-ldap --protocol tcp --port 636 --source-group sg-app'),
  ).toContain('InvalidGroup.NotFound');
  expect(await aws('accept-vpc-peering-connection --vpc-peering-connection-id pcx-app-shared')).toContain(
    '"Code": "provisioning"',
  );
  await expect(diagram).not.toContainText('pending-acceptance');
  await aws('authorize-security-group-ingress --group-id sg-ldap --protocol tcp --port 636 --source-group sg-app');

  // E2: the request arrives; the reply is routed by destination, to Acme's host of the same address
  await sendTraffic(page, { ...toLdap, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was request-only');
  await expect(viewer).toContainText('request-only: the reply was delivered to i-acme-web');
  // the reply's own trace: routed by destination in rtb-dir, out through Acme's peering
  await viewer.getByRole('tab', { name: 'Reply' }).click();
  await expect(viewer).toContainText('rtb-dir: 10.1.0.0/16 -> pcx-shared-acme');
  await snap(page, info, 'reply-went-to-acme');
  expect(await consoleRun(page, 'i-acme-web', 'tcpdump -ni eth0 tcp port 636')).toContain(
    '10.2.1.10.636 > 10.1.1.11.49152: Flags [S.]',
  );
  // AWS will not peer the two overlapping VPCs: the request fails and cannot be accepted
  const acme = jsonField(
    await aws('create-vpc-peering-connection --vpc-id vpc-app --peer-vpc-id vpc-acme'),
    'VpcPeeringConnectionId',
  );
  expect(await aws(`describe-vpc-peering-connections --vpc-peering-connection-ids ${acme}`)).toContain(
    'overlapping CIDR range',
  );
  expect(await aws(`accept-vpc-peering-connection --vpc-peering-connection-id ${acme}`)).toContain(
    'InvalidStateTransition',
  );
  expect(
    await aws(
      'create-route --route-table-id rtb-dir --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-app-shared',
    ),
  ).toContain('RouteAlreadyExists');
  // the fix: a more specific route for the app subnet; Acme's ops subnet still matches the /16
  await aws(
    'create-route --route-table-id rtb-dir --destination-cidr-block 10.1.1.0/24 --vpc-peering-connection-id pcx-app-shared',
  );
  await sendTraffic(page, { ...toLdap, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await sendTraffic(page, {
    from: 'i-build',
    to: '10.2.1.10',
    protocol: 'tcp',
    port: 636,
    predict: { result: 'dropped', at: 'eni-ldap' },
  });
  await expect(page.getByTestId('drop-explanation')).toContainText('ENI_SG_RULES_MISMATCH');

  // E3: not transitive: the shared VPC does not relay to its other peer
  await aws(
    'create-route --route-table-id rtb-app --destination-cidr-block 10.3.0.0/16 --vpc-peering-connection-id pcx-app-shared',
  );
  await sendTraffic(page, { ...toDb, predict: { result: 'dropped', at: 'pcx-app-shared' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(page.getByTestId('drop-explanation')).toContainText('PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  await snap(page, info, 'not-transitive');
  await aws('delete-route --route-table-id rtb-app --destination-cidr-block 10.3.0.0/16');
  const data = jsonField(
    await aws('create-vpc-peering-connection --vpc-id vpc-app --peer-vpc-id vpc-data'),
    'VpcPeeringConnectionId',
  );
  await aws(`accept-vpc-peering-connection --vpc-peering-connection-id ${data}`);
  await aws('authorize-security-group-ingress --group-id sg-db --protocol tcp --port 5432 --source-group sg-app');
  await aws(
    `create-route --route-table-id rtb-app --destination-cidr-block 10.3.0.0/16 --vpc-peering-connection-id ${data}`,
  );
  await sendTraffic(page, { ...toDb, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was request-only');
  await expect(page.getByTestId('drop-explanation')).toContainText('NO_ROUTE_TO_DESTINATION');
  await aws(
    `create-route --route-table-id rtb-db --destination-cidr-block 10.1.1.0/24 --vpc-peering-connection-id ${data}`,
  );
  await sendTraffic(page, { ...toDb, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');

  // E4: no borrowing the shared VPC's NAT gateway; the proxy works once its table answers too
  expect(
    await aws('create-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-shared'),
  ).toContain('InvalidParameterValue');
  await aws('authorize-security-group-ingress --group-id sg-proxy --protocol tcp --port 3128 --source-group sg-app');
  await sendTraffic(page, { ...toProxy, predict: { result: 'roundtrip' } });
  await expect(viewer).toContainText('request-only: the reply was delivered to i-acme-web');
  await aws(
    'create-route --route-table-id rtb-proxy --destination-cidr-block 10.1.1.0/24 --vpc-peering-connection-id pcx-app-shared',
  );
  await sendTraffic(page, { ...toProxy, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');

  await gradeToFullMarks(page);
  await snap(page, info, 'level-11-complete');
});

test('level 11 on a phone: four VPCs and their peerings fit, and the page passes axe', async ({ browser }, info) => {
  const page = await phonePage(browser);
  await joinAndOpen(page, 'Ines', '11-vpc-peering');
  await sendTraffic(page, { ...toLdap, predict: { result: 'dropped', at: 'rtb-app' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await snap(page, info, 'phone-level-11');
  expect(await violations(page)).toEqual([]);
});
