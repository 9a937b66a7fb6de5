// A CX manager's first visit: the first-run page creates the owner account (with the setup code
// printed on the console), sign-out and sign-in, the survey's dashboard; then a respondent in a
// second browser context (JavaScript off) answers the survey, and the manager's dashboard shows
// the new response and its open answer without a reload (Server-Sent Events). axe-core checks the
// first-run page, the sign-in page and the dashboard in English and Hebrew, the themes and text
// analytics pages in Hebrew; screenshots of the dashboard and the themes are saved.
//
// Env: OPENCX_BASE_URL, OPENCX_SETUP_CODE, OPENCX_SURVEY_ID, OPENCX_SURVEY_SLUG (the survey is
// survey-templates/nps-relationship.json, with no responses yet).

import {
  assert, axeReport, env, newContext, onMessagePage, onQuestion, scenario, screenshot, DESKTOP,
} from './lib.mjs';

const base = env('OPENCX_BASE_URL');
const code = env('OPENCX_SETUP_CODE');
const slug = env('OPENCX_SURVEY_SLUG');
const surveyId = env('OPENCX_SURVEY_ID');
const email = 'ada@example.com';
const password = 'correct horse battery staple';
// Open answers are attacker-controlled: this one must show as text.
const hostile = '<img src=x onerror="window.pwned=1">Slow delivery';

async function axeClean(page, label) {
  const report = await axeReport(page, label);
  assert.equal(report, '', report);
}

await scenario('manager-first-run-and-live-dashboard', async (browser) => {
  const manager = await (await newContext(browser, { viewport: DESKTOP })).newPage();

  // First run: the start page leads to the setup form.
  await manager.goto(base + '/');
  await manager.waitForURL('**/setup');
  await axeClean(manager, 'first-run page (en)');
  await manager.fill('#code', code.toLowerCase());
  await manager.fill('#name', 'Ada Lovelace');
  await manager.fill('#email', email);
  await manager.fill('#password', password);
  await manager.click('button[type=submit]');
  await manager.waitForURL('**/w/default/surveys');
  assert.ok(await manager.locator('.who').textContent().then((t) => t.includes('Ada Lovelace')));

  // Sign out, and back in.
  await manager.click('.who button');
  await manager.waitForURL('**/login');
  await axeClean(manager, 'sign-in page (en)');
  await manager.fill('#email', email);
  await manager.fill('#password', 'wrong password here');
  await manager.click('main button[type=submit]');
  await manager.locator('.alert').waitFor();
  await manager.fill('#password', password);
  await manager.click('main button[type=submit]');
  await manager.waitForURL('**/w/default/surveys');

  // The survey's dashboard, before any response.
  await manager.click(`a[href$="/surveys/${surveyId}"]`);
  await manager.waitForURL(`**/surveys/${surveyId}`);
  const responsesTile = manager.locator('.tiles .tile:last-child .big');
  assert.equal((await responsesTile.textContent()).trim(), '0');
  await axeClean(manager, 'dashboard (en, empty)');

  // A respondent answers in another browser, without JavaScript.
  const respondent = await (await newContext(browser, { javaScript: false })).newPage();
  await respondent.goto(`${base}/s/${slug}?lang=en&channel=qr`);
  await respondent.check('input[name="nps"][value="3"]');
  await respondent.click('button[value="next"]');
  await onQuestion(respondent, 'improve');
  await respondent.fill('textarea[name="improve"]', hostile);
  await respondent.click('button[value="next"]');
  await onQuestion(respondent, 'topics');
  await respondent.check('input[name="topics"][value="delivery"]');
  await respondent.click('button[value="next"]');
  await onMessagePage(respondent);

  // The dashboard updates by itself: the count, and the open answer shown as text.
  await manager.waitForFunction(
    () => document.querySelector('.tiles .tile:last-child .big')?.textContent.trim() === '1',
  );
  const answer = manager.locator('.answers blockquote').first();
  assert.equal(await answer.textContent(), hostile);
  assert.equal(await manager.locator('.answers img').count(), 0, 'no element from the answer');
  assert.equal(await manager.evaluate(() => window.pwned), undefined, 'no script ran');
  assert.ok((await manager.locator('#live-status').textContent()).length > 0);
  await screenshot(manager, 'dashboard-en-desktop');

  // The same dashboard in Hebrew, right to left.
  await manager.goto(base + '/account');
  await manager.selectOption('#language', 'he');
  await manager.click('form[action="/account/language"] button');
  await manager.waitForURL('**/account?saved=language');
  await manager.goto(`${base}/w/default/surveys/${surveyId}`);
  assert.equal(await manager.locator('html').getAttribute('dir'), 'rtl');
  await axeClean(manager, 'dashboard (he)');
  await screenshot(manager, 'dashboard-he-desktop');
  const phone = await (await newContext(browser, { viewport: { width: 390, height: 844 }, mobile: true })).newPage();
  await phone.context().addCookies(await manager.context().cookies());
  await phone.goto(`${base}/w/default/surveys/${surveyId}`);
  await screenshot(phone, 'dashboard-he-phone');

  // The survey's themes (reached from the dashboard) and the workspace's text analytics page
  // with its taxonomy form, right to left.
  await manager.click(`a[href="/w/default/surveys/${surveyId}/themes"]`);
  await manager.waitForURL('**/themes');
  assert.equal(await manager.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await manager.locator('table.themes, .panel p').count() > 0, true);
  await axeClean(manager, 'themes (he)');
  await screenshot(manager, 'themes-he-desktop');
  await manager.goto(`${base}/w/default/text`);
  assert.equal(await manager.locator('fieldset.theme').count() >= 11, true, 'ten starter themes and a new one');
  await axeClean(manager, 'text analytics (he)');

  // The workspace's settings: an unknown time zone is refused beside the field, in Hebrew,
  // with what was typed kept; a known one is saved.
  await manager.goto(`${base}/w/default/settings`);
  await manager.fill('#time_zone', 'Asia/Jerusalm');
  await manager.click('form[action="/w/default/settings/time-zone"] button');
  assert.equal(await manager.inputValue('#time_zone'), 'Asia/Jerusalm');
  assert.equal(await manager.getAttribute('#time_zone', 'aria-invalid'), 'true');
  await axeClean(manager, 'settings with a refused time zone (he)');
  await screenshot(manager, 'settings-he-desktop');
  await manager.fill('#time_zone', 'Asia/Jerusalem');
  await manager.click('form[action="/w/default/settings/time-zone"] button');
  await manager.waitForURL('**/settings?saved=1');
  assert.equal(await manager.inputValue('#time_zone'), 'Asia/Jerusalem');
});
