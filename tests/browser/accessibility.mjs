// axe-core on every kind of screen of the respondent page, in English and in Hebrew (right to
// left): the first question (NPS radio group) empty, with the "please answer" error and with a
// score chosen, the follow-up (a text area), the last question (checkboxes) with a choice ticked,
// the thank-you page and the "survey not found" page. Any serious or critical violation fails, with a report of every one found.
//
// Env: OPENCX_BASE_URL, OPENCX_SURVEY_SLUG (the survey is survey-templates/nps-relationship.json).

import {
  arrived, axeReport, env, newContext, onMessagePage, onQuestion, scenario, watchRequests,
} from './lib.mjs';

const base = env('OPENCX_BASE_URL');
const slug = env('OPENCX_SURVEY_SLUG');

await scenario('accessibility', async (browser) => {
  const reports = [];
  const check = async (page, label) => {
    const report = await axeReport(page, label);
    if (report) reports.push(report);
  };
  for (const lang of ['en', 'he']) {
    const context = await newContext(browser, { locale: lang });
    const page = await context.newPage();
    const requests = watchRequests(page, base);
    const next = page.locator('button[value="next"]');

    await page.goto(`${base}/s/${slug}?lang=${lang}`);
    await check(page, `${lang}: first question`);
    await next.click();
    await arrived(page, '#err[role="alert"]');
    await check(page, `${lang}: first question with an error`);
    await page.locator('label.choice', { has: page.locator('input[value="3"]') }).click();
    await check(page, `${lang}: first question, a score chosen`);
    await next.click();
    await onQuestion(page, 'improve');
    await check(page, `${lang}: follow-up`);
    await page.locator('textarea[name="improve"]').fill('—');
    await next.click();
    await onQuestion(page, 'topics');
    await check(page, `${lang}: last question`);
    await page.locator('input[name="topics"][value="price"]').check();
    await check(page, `${lang}: last question, a choice ticked`);
    await next.click();
    await onMessagePage(page);
    await check(page, `${lang}: thank-you page`);
    await page.goto(`${base}/s/no-such-survey?lang=${lang}`);
    await check(page, `${lang}: survey not found`);
    requests.check();
    await context.close();
  }
  if (reports.length) throw new Error(`accessibility problems:\n\n${reports.join('\n\n')}`);
});
