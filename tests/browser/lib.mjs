// Shared helpers for the browser scenarios. A scenario is an ES module run by Node from the Rust
// integration tests (crates/opencx/tests/it/browser.rs), which start the server and pass what the
// scenario needs in environment variables. A scenario exits 0 when every check holds, 1 otherwise.
//
// No fixed sleeps: Playwright waits for navigations and elements itself.

import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

export { assert };

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

/** The flags every browser test launches Chromium with. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long one Playwright action or expectation may wait, in milliseconds. */
const ACTION_TIMEOUT = 30_000;
/** How long a whole scenario may run before it is stopped as hung, in milliseconds. */
const SCENARIO_TIMEOUT = 180_000;

/** An environment variable the scenario cannot run without. */
export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this scenario through the Rust tests ` +
      '(cargo test --test it browser::), which start the server and set it');
  }
  return value;
}

/** Where Chromium is: OPENCX_CHROMIUM, else `chromium` on PATH. */
export function chromiumPath() {
  if (process.env.OPENCX_CHROMIUM) return process.env.OPENCX_CHROMIUM;
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const candidate = join(dir, 'chromium');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium is not installed (no `chromium` on PATH). ' +
    'Run ./scripts/test.sh, which installs it, or: apt-get install -y chromium');
}

/** Launches headless Chromium with the project's flags. */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/** A phone's screen (CSS pixels). */
export const PHONE = { width: 390, height: 844 };
/** A desktop browser window (CSS pixels). */
export const DESKTOP = { width: 1280, height: 900 };

/**
 * A new browser context (a fresh profile: no cookies).
 * Options: `javaScript` (default true), `viewport` (default DESKTOP), `mobile` (a touch screen
 * that honours the page's viewport meta tag), `locale`.
 */
export async function newContext(browser, { javaScript = true, viewport, mobile = false, locale } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: viewport ?? DESKTOP,
    isMobile: mobile,
    hasTouch: mobile,
    locale: locale ?? 'en-US',
    // Screenshots at the viewport's CSS size, so their widths are the widths named.
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  return context;
}

/**
 * Records every request a page makes that is not to `base`; call `check()` at the end to fail on
 * any (pages must make no third-party requests).
 */
export function watchRequests(page, base) {
  const foreign = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base + '/') && !url.startsWith('data:')) foreign.push(url);
  });
  return {
    check() {
      assert.deepEqual(foreign, [], `the page made requests to other origins:\n${foreign.join('\n')}`);
    },
  };
}

/**
 * Presses Tab until the element matching `selector` has the focus (at most `max` presses):
 * reaching a control the way a keyboard user does.
 */
export async function tabTo(page, selector, max = 30) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(`${selector}:focus`).count() > 0) return;
  }
  throw new Error(`${selector} never got the focus after ${max} presses of Tab`);
}

/** Fails when the page scrolls sideways (content wider than the viewport). */
export async function assertNoHorizontalOverflow(page, what) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth,
    `${what}: the page is ${scrollWidth} px wide in a ${innerWidth} px viewport (horizontal scrolling)`);
}

/**
 * Waits until the page shows `selector` — something only the awaited screen has, since a click
 * does not wait for the navigation it starts — and has loaded, stylesheet included.
 */
export async function arrived(page, selector) {
  await page.locator(selector).first().waitFor({ state: 'attached' });
  await page.waitForLoadState('load');
}

/** Waits for the screen of question `id` of a survey. */
export function onQuestion(page, id) {
  return arrived(page, `input[name="q"][value="${id}"]`);
}

/** Waits for a page without a form: the thank-you page or another message. */
export function onMessagePage(page) {
  return arrived(page, 'main:not(:has(form)) h1');
}

/** The `lang` and `dir` attributes of the page's `<html>`. */
export async function htmlLangDir(page) {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
}

const AXE_SOURCE = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Impacts that fail a test; `moderate` and `minor` findings are printed only. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is and returns a
 * readable report of the serious and critical violations, or '' when there are none. Every
 * finding of a lesser impact is printed as a note.
 */
export async function axeReport(page, label) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (no scripts)
  // stays as it is, and this works in a context with JavaScript disabled too.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }));
  const lines = [];
  for (const violation of results.violations) {
    const failing = FAILING_IMPACTS.has(violation.impact);
    const head = `${failing ? 'FAIL' : 'note'} [${violation.impact}] ${violation.id}: ` +
      `${violation.help} (${violation.helpUrl})`;
    const nodes = violation.nodes.map((node) =>
      `    at ${node.target.join(' ')}\n      ${node.html}\n      ` +
      (node.failureSummary || '').replace(/\n/g, '\n      '));
    if (failing) {
      lines.push(head, ...nodes);
    } else {
      console.log(`axe ${label}: ${head}\n${nodes.join('\n')}`);
    }
  }
  console.log(`axe ${label}: ${results.violations.length} violation(s), ` +
    `${results.passes?.length ?? 0} passing rule(s) checked`);
  return lines.length ? `axe on ${label}:\n${lines.join('\n')}` : '';
}

/** Where screenshots go: OPENCX_SCREENSHOTS, else target/screenshots at the repository root. */
export function screenshotDir() {
  const dir = process.env.OPENCX_SCREENSHOTS || join(root, 'target', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves a full-page screenshot as `<name>.png` and prints its path. */
export async function screenshot(page, name) {
  const path = join(screenshotDir(), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
  return path;
}

/**
 * Creates the first owner's account on the first-run page with the setup code, signed in on
 * `page` afterwards, in the workspace `default`.
 */
export async function setUpOwner(page, { name, email, password = 'correct horse battery staple' }) {
  await page.goto(env('OPENCX_BASE_URL') + '/setup');
  await page.fill('#code', env('OPENCX_SETUP_CODE'));
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/w/default/surveys');
}

/** Calls the REST API with the admin key; returns the parsed JSON body (fails on non-2xx). */
export async function api(path) {
  const response = await fetch(env('OPENCX_BASE_URL') + path, {
    headers: { authorization: `Bearer ${env('OPENCX_API_KEY')}` },
  });
  const body = await response.json();
  assert.ok(response.ok, `GET ${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Runs a scenario: launches the browser, passes it to `body`, and closes it. On failure prints the
 * error (and a screenshot of every open page, named `failure-<name>-N`) and exits with status 1.
 */
export async function scenario(name, body) {
  const watchdog = setTimeout(() => {
    console.error(`scenario ${name} did not finish within ${SCENARIO_TIMEOUT / 1000} s`);
    process.exit(1);
  }, SCENARIO_TIMEOUT);
  watchdog.unref();
  let browser;
  try {
    browser = await launch();
    await body(browser);
    console.log(`scenario ${name}: ok`);
  } catch (error) {
    console.error(`scenario ${name} failed:\n${error?.stack ?? error}`);
    if (browser) {
      let n = 0;
      for (const context of browser.contexts()) {
        for (const page of context.pages()) {
          n += 1;
          console.error(`  page ${n}: ${page.url()}`);
          await screenshot(page, `failure-${name}-${n}`).catch(() => {});
        }
      }
    }
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
  }
}
