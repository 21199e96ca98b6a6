import { expect, test, type Browser, type Page } from '@playwright/test';
import { snap, violations } from './helpers';
import { INSTRUCTOR } from './instructor';

const SIZES = [
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const;

async function instructorPage(browser: Browser): Promise<Page> {
  const p = await (await browser.newContext()).newPage();
  await p.goto('/');
  await p.getByText('Instructor sign-in').click();
  await p.getByLabel('Email').fill(INSTRUCTOR.email);
  await p.getByLabel('Password').fill(INSTRUCTOR.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL((u) => u.pathname === '/sessions');
  return p;
}

test('every page, at desktop and phone size, has no WCAG 2.2 AA violation axe can find, and is photographed', async ({
  browser,
}, info) => {
  test.setTimeout(240_000);
  // a session to visit: opened by the instructor, joined by a learner
  const teacher = await instructorPage(browser);
  await teacher.getByLabel('Title').fill('Every page');
  await teacher.getByLabel(/Time limit/).fill('45');
  await teacher.getByRole('button', { name: 'Open the session' }).click();
  await teacher.waitForURL('**/sessions/*');
  const sessionPath = new URL(teacher.url()).pathname;
  const code = (await teacher.getByTestId('join-code').textContent())!.trim();
  const teacherCookies = await teacher.context().cookies();

  for (const size of SIZES) {
    const { name, ...options } = size;
    // a learner's pages
    const learner = await (await browser.newContext(options)).newPage();
    const pages: { path: string; ready: (p: Page) => Promise<void> }[] = [
      { path: '/', ready: async (p) => void (await expect(p.getByLabel('Your name')).toBeVisible()) },
    ];
    for (const { path, ready } of pages) {
      await learner.goto(path);
      await ready(learner);
      expect(await violations(learner), `${name} ${path}`).toEqual([]);
      await snap(learner, info, `${name}-home`);
    }
    await learner.getByLabel('Your name').fill(`Axe ${name}`);
    await learner.getByRole('button', { name: 'Join' }).click();
    await learner.waitForURL('**/course');
    const visits: { slug: string; path: string; ready: (p: Page) => Promise<void> }[] = [
      {
        slug: 'course',
        path: '/course',
        ready: async (p) => void (await expect(p.getByTestId('course-score')).toBeVisible()),
      },
      {
        slug: 'play-level-1',
        path: '/play/01-where-is-my-public-ip',
        ready: async (p) => void (await expect(p.getByTestId('briefing')).toBeVisible()),
      },
      {
        slug: 'play-level-3',
        path: '/play/03-ha-failover-without-garp',
        ready: async (p) =>
          void (await expect(p.getByTestId('diagram').locator('.react-flow__node[data-id="i-fw1"]')).toBeVisible()),
      },
      {
        slug: 'join',
        path: `/join?code=${code}`,
        ready: async (p) => void (await expect(p.getByLabel('Join code')).toBeVisible()),
      },
      {
        slug: 'rules',
        path: '/rules',
        ready: async (p) => void (await expect(p.getByRole('heading', { level: 1 })).toBeVisible()),
      },
      {
        slug: 'rule',
        path: '/rules/R53',
        ready: async (p) => void (await expect(p.locator('.rule-text')).toBeVisible()),
      },
    ];
    for (const v of visits) {
      await learner.goto(v.path);
      await v.ready(learner);
      if (name === 'desktop' && v.slug.startsWith('play')) {
        // the diagram's 13 px text stays readable at the fitted zoom (issue 13: it was about 7 px)
        const scale = await learner
          .locator('.react-flow__viewport')
          .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
        expect(scale * 13, `${v.path} diagram text`).toBeGreaterThanOrEqual(9);
      }
      expect(await violations(learner), `${name} ${v.path}`).toEqual([]);
      await snap(learner, info, `${name}-${v.slug}`);
    }
    // the learner in the session
    await learner.goto(`/join?code=${code}`);
    await learner.getByRole('button', { name: 'Join' }).click();
    await learner.waitForURL('**/live/**');
    await expect(learner.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();
    expect(await violations(learner), `${name} live`).toEqual([]);
    await snap(learner, info, `${name}-live`);

    // the instructor's pages at this size
    const ctx = await browser.newContext(options);
    await ctx.addCookies(teacherCookies);
    const inst = await ctx.newPage();
    for (const v of [
      {
        slug: 'sessions',
        path: '/sessions',
        ready: async (p: Page) => void (await expect(p.getByLabel('Title')).toBeVisible()),
      },
      {
        slug: 'dashboard',
        path: sessionPath,
        ready: async (p: Page) => void (await expect(p.getByTestId('join-code')).toBeVisible()),
      },
      {
        slug: 'projector',
        path: `${sessionPath}/projector`,
        ready: async (p: Page) => void (await expect(p.getByTestId('projector-code')).toBeVisible()),
      },
    ]) {
      await inst.goto(v.path);
      await v.ready(inst);
      expect(await violations(inst), `${name} ${v.path}`).toEqual([]);
      await snap(inst, info, `${name}-${v.slug}`);
    }
  }
});
