import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { weft } from '../helpers/cli.js';
import { type HubProcess, spawnHub } from '../helpers/hub-process.js';
import { tempDir } from '../helpers/tmp.js';

const CHROMIUM = process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium';
const FIXTURE = fileURLToPath(new URL('../fixtures/skills/pdf-tools', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`CI needs Chromium at ${CHROMIUM} (.ci/setup.d installs it)`);

/** Flags that keep headless Chromium off the (closed) network and working as root. */
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

describe('registry web UI in Chromium', { skip: haveChromium ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let hub: HubProcess;
  let browser: Browser;
  let token: string;

  before(async () => {
    const home = await tempDir('weft-web-');
    const env = { CLAWFT_HOME: join(home, '.clawft') };
    const data = join(home, 'hub');
    const skills = join(home, 'skills');
    await cp(FIXTURE, join(skills, 'pdf-tools'), { recursive: true });
    await mkdir(join(skills, 'mail-digest'));
    await writeFile(
      join(skills, 'mail-digest', 'SKILL.md'),
      '---\nname: mail-digest\ndescription: Summarize unread email into a short morning digest.\nversion: 0.3.0\n---\n# Mail digest\n\nReads the inbox and writes a summary. <script>alert("xss")</script>\n',
    );
    assert.equal((await weft(['hub', 'import', skills, '--data', data], { env })).code, 0);
    assert.equal((await weft(['hub', 'user', 'add', 'alice', '--data', data], { env })).code, 0);
    const t = await weft(['hub', 'token', 'create', '--user', 'alice', '--data', data], { env });
    assert.equal(t.code, 0, t.stderr);
    token = t.stdout.trim().split('\n').at(-1)!;
    hub = await spawnHub(['--host', '127.0.0.1', '--data', data], env);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    hub?.child.kill('SIGTERM');
    await hub?.exited;
  });

  async function withPage(
    name: string,
    fn: (page: Page) => Promise<void>,
    opts: { bypassCSP?: boolean } = {},
  ) {
    const ctx = await browser.newContext({ bypassCSP: opts.bypassCSP ?? false });
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    try {
      await fn(page);
      assert.deepEqual(dialogs, [], 'no script ever ran');
    } catch (err) {
      await mkdir(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await ctx.close();
    }
  }

  it('searches, opens a skill, signs in, stars and comments', async () => {
    await withPage('flow', async (page) => {
      await page.goto(hub.url);
      await page.getByRole('searchbox', { name: 'Search skills' }).fill('summarize unread email');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/search\?q=/);
      await page.getByRole('link', { name: 'mail-digest' }).first().click();
      await page.waitForURL(/\/skills\/mail-digest$/);
      assert.equal(
        await page.getByRole('heading', { level: 1 }).first().textContent(),
        'mail-digest mail-digest',
      );
      const readme = await page.locator('.readme').textContent();
      assert.match(readme ?? '', /Reads the inbox/);
      assert.match(readme ?? '', /<script>alert\("xss"\)<\/script>/, 'raw HTML is shown as text, not run');
      assert.match((await page.locator('aside').textContent()) ?? '', /Signed by key [0-9a-f]{16}/);
      assert.match((await page.locator('aside').textContent()) ?? '', /weft skill install mail-digest/);

      await page.getByRole('link', { name: 'Sign in' }).first().click();
      await page.getByLabel('Token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/skills\/mail-digest$/);
      assert.match((await page.locator('header').textContent()) ?? '', /signed in as alice/);

      await page.getByRole('button', { name: '☆ Star' }).click();
      await page.waitForURL(/\/skills\/mail-digest$/);
      assert.match((await page.locator('p.meta').first().textContent()) ?? '', /★ 1/);

      await page.getByLabel('Add a comment').fill('Works great <b>really</b>');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.waitForURL(/#comments$/);
      assert.match((await page.locator('#comments').textContent()) ?? '', /Comments \(1\)/);
      assert.ok((await page.content()).includes('Works great &lt;b&gt;really&lt;/b&gt;'));

      await page.goto(`${hub.url}/skills/pdf-tools/files/scripts/extract.sh`);
      assert.match((await page.locator('pre').textContent()) ?? '', /pdftotext -layout/);

      await mkdir(RESULTS, { recursive: true });
      await page.goto(`${hub.url}/skills/pdf-tools`);
      await page.screenshot({ path: join(RESULTS, 'skill-page.png'), fullPage: true });
    });
  });

  it('refuses a cross-site form post (no CSRF token, foreign Origin)', async () => {
    const res = await fetch(`${hub.url}/skills/pdf-tools/star`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://evil.example',
        cookie: `weft_session=${token}`,
      },
      body: 'on=1',
      redirect: 'manual',
    });
    assert.equal(res.status, 403);
    const same = await fetch(`${hub.url}/skills/pdf-tools/star`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `weft_session=${token}` },
      body: 'on=1&_csrf=forged',
      redirect: 'manual',
    });
    assert.equal(same.status, 403);
  });

  it('has no serious accessibility violations (axe-core) on the main pages', async () => {
    const axeSource = (await import('node:fs/promises')).readFile(
      createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
      'utf8',
    );
    const src = await axeSource;
    for (const path of ['/', '/search?q=pdf', '/skills/pdf-tools', '/login']) {
      await withPage(
        `axe-${path.replace(/\W+/g, '_')}`,
        async (page) => {
          await page.goto(`${hub.url}${path}`);
          await page.evaluate(src);
          const result = (await page.evaluate(() =>
            (globalThis as unknown as { axe: { run: (o: object) => Promise<unknown> } }).axe.run({
              resultTypes: ['violations'],
            }),
          )) as { violations: { id: string; impact: string; help: string }[] };
          const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(
            serious.map((v) => `${v.id}: ${v.help}`),
            [],
            `${path} has accessibility violations`,
          );
        },
        { bypassCSP: true },
      );
    }
  });

  it('sends a strict CSP and keeps the skill page small', async () => {
    const res = await fetch(`${hub.url}/skills/pdf-tools`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const body = await res.text();
    const css = await (await fetch(`${hub.url}/static/style.css`)).text();
    assert.ok(body.length + css.length < 100 * 1024, `page + css = ${body.length + css.length} bytes`);
    assert.doesNotMatch(body, /<script/i);
  });
});
