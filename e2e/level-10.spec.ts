import { expect, test } from '@playwright/test';
import {
  awsCli,
  gradeToFullMarks,
  joinAndOpen,
  jsonField,
  phonePage,
  sendOnSession,
  sendTraffic,
  snap,
  violations,
} from './helpers';

const toPartner = { from: 'i-app1', to: '203.0.113.10', protocol: 'tcp', port: 443 } as const;
const toMirror = { from: 'i-app1', to: '203.0.113.200', protocol: 'tcp', port: 443 } as const;

test('level 10 from its start to 100 through the page: a blackhole that still wins, a main table that moves subnets', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await joinAndOpen(page, 'Quinn', '10-route-tables-under-stress');
  await expect(page.getByTestId('briefing')).toContainText('you are');
  const aws = awsCli(page);
  const viewer = page.getByTestId('trace-viewer');

  // E1: the ticket said the partner would fall back to the default route; it is dropped at rtb-app
  await sendTraffic(page, { ...toPartner, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('it was dropped at rtb-app. Not what you expected');
  await expect(page.getByTestId('drop-explanation')).toContainText('BAD_STATE_ROUTE');
  // the route table's choice: the blackhole listed first, the default route it beat below it
  const choices = viewer.getByTestId('route-choices').first();
  await expect(choices).toContainText('203.0.113.0/26 (pl-partner)');
  await expect(choices).toContainText('blackhole');
  await expect(choices).toContainText('0.0.0.0/0');
  await expect(choices).toContainText('no fallback');
  await snap(page, info, 'blackhole-wins');
  expect(await aws('describe-nat-gateways --nat-gateway-ids nat-partner')).toContain('eipalloc-partner');

  // E2: a blackhole made on purpose, on a destination the learner can watch
  const test1 = jsonField(
    await aws('create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-spare'),
    'NatGatewayId',
  );
  await aws(
    `create-route --route-table-id rtb-app --destination-cidr-block 203.0.113.200/32 --nat-gateway-id ${test1}`,
  );
  await sendTraffic(page, { ...toMirror, predict: { result: 'roundtrip' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(viewer).toContainText('198.51.100.30');
  await aws(`delete-nat-gateway --nat-gateway-id ${test1}`);
  // the CLI answers only the id; the timeline says which route it left behind
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByTestId('events')).toContainText(
    `203.0.113.200/32 -> ${test1} is now a blackhole: ${test1} is deleted`,
  );
  await sendTraffic(page, { ...toMirror, predict: { result: 'dropped', at: 'rtb-app' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  await expect(page.getByTestId('drop-explanation')).toContainText('BAD_STATE_ROUTE');
  await aws('delete-route --route-table-id rtb-app --destination-cidr-block 203.0.113.200/32');

  // E3: a static route of the same length beats the prefix-list entry; an entry is not a route
  await aws('create-route --route-table-id rtb-app --destination-cidr-block 203.0.113.0/26 --nat-gateway-id nat-main');
  await sendTraffic(page, toPartner);
  await expect(viewer.getByTestId('route-choices').first()).toContainText('Same length: static beats prefix list');
  expect(await aws('delete-route --route-table-id rtb-app --destination-cidr-block 203.0.113.64/26')).toContain(
    'InvalidRoute.NotFound',
  );
  await aws('delete-route --route-table-id rtb-app --destination-cidr-block 203.0.113.0/26');

  // E4: the registered address gets a NAT gateway again, and the prefix-list route is replaced
  const nat = jsonField(
    await aws('create-nat-gateway --subnet-id subnet-pub --allocation-id eipalloc-partner'),
    'NatGatewayId',
  );
  expect(
    await aws(`create-route --route-table-id rtb-app --destination-prefix-list-id pl-partner --nat-gateway-id ${nat}`),
  ).toContain('RouteAlreadyExists');
  await aws(`replace-route --route-table-id rtb-app --destination-prefix-list-id pl-partner --nat-gateway-id ${nat}`);
  await sendTraffic(page, toPartner);
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);
  await expect(viewer).toContainText('198.51.100.20');

  // E5: rehearse the pipeline with the export open; the answer names the main association anew
  await sendTraffic(page, { from: 'i-batch', to: '203.0.113.150', protocol: 'tcp', port: 443, session: 'export' });
  const swapped = jsonField(
    await aws('replace-route-table-association --association-id rtbassoc-main-vpc-shop --route-table-id rtb-private'),
    'NewAssociationId',
  );
  await sendOnSession(page, 'export');
  await expect(page.getByTestId('drop-explanation')).toContainText('NO_ROUTE_TO_DESTINATION');
  expect(await aws(`disassociate-route-table --association-id ${swapped}`)).toContain('InvalidParameterValue');
  await aws(`replace-route-table-association --association-id ${swapped} --route-table-id rtb-main`);

  // E6: pin subnet-batch to the table it already uses: a running export survives
  await sendTraffic(page, { from: 'i-batch', to: '203.0.113.150', protocol: 'tcp', port: 443, session: 'export2' });
  await aws('associate-route-table --route-table-id rtb-main --subnet-id subnet-batch');
  await sendOnSession(page, 'export2');
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);

  // subnet-data: a table with the firewall return route only
  const table = jsonField(await aws('create-route-table --vpc-id vpc-shop'), 'RouteTableId');
  await aws(
    `create-route --route-table-id ${table} --destination-cidr-block 10.0.1.0/24 --network-interface-id eni-fw`,
  );
  await aws(`associate-route-table --route-table-id ${table} --subnet-id subnet-data`);
  await sendTraffic(page, { from: 'i-db', to: '203.0.113.200', protocol: 'tcp', port: 443 });
  await expect(page.getByTestId('drop-explanation')).toContainText('NO_ROUTE_TO_DESTINATION');

  await gradeToFullMarks(page);
  await snap(page, info, 'level-10-complete');
});

test("level 10 on a phone: the route table's choice fits the screen, opens and closes from the keyboard, and passes axe", async ({
  browser,
}, info) => {
  const page = await phonePage(browser);
  await joinAndOpen(page, 'Rui', '10-route-tables-under-stress');
  await sendTraffic(page, { ...toPartner, predict: { result: 'dropped', at: 'rtb-app' } });
  await expect(page.getByTestId('prediction-result')).toContainText('Right.');
  const choices = page.getByTestId('route-choices').first();
  await choices.scrollIntoViewIfNeeded();
  // open by itself where the lesson is: the chosen route is a blackhole
  await expect(choices).toHaveAttribute('open', '');
  // every column on the screen, the state included
  for (const part of [choices, choices.locator('table'), choices.getByText('blackhole')]) {
    const box = (await part.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await snap(page, info, 'phone-route-choices');
  expect(await violations(page)).toEqual([]);
  // the summary is a control: Enter closes it and opens it again
  await choices.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(choices).not.toHaveAttribute('open', '');
  await page.keyboard.press('Enter');
  await expect(choices).toHaveAttribute('open', '');
});
