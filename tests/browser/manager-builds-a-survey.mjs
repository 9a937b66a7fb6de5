// A CX manager builds a survey in the browser: from the post-purchase template, adds Hebrew,
// translates the questions side by side, makes the "what can we improve" question a follow-up
// shown only for low scores (chosen from menus, no expression written), adds a question with a
// combined rule (any of: a low score, a language other than Hebrew), moves and deletes it,
// walks the survey's preview in Hebrew (right to left: a low score brings the follow-up, a high
// one skips it; nothing is stored), publishes it, gets the share link and its QR codes, and a
// respondent in another browser answers in Hebrew and meets the follow-up only after a low
// score. Then the survey is closed. axe-core checks the builder.
//
// Env: OPENCX_BASE_URL, OPENCX_SETUP_CODE (a fresh server with no survey).

import { assert, axeReport, env, newContext, onMessagePage, onQuestion, scenario, screenshot, setUpOwner, DESKTOP } from './lib.mjs';

const base = env('OPENCX_BASE_URL');

await scenario('manager-builds-a-survey', async (browser) => {
  const context = await newContext(browser, { viewport: DESKTOP });
  const manager = await context.newPage();
  await setUpOwner(manager, { name: 'Ada Lovelace', email: 'ada@example.com' });

  // A new survey from the post-purchase template.
  await manager.click('a.button.primary');
  await manager.waitForURL('**/surveys/new');
  await manager.check('input[name="template"][value="post-purchase-csat"]');
  await manager.click('main button[type=submit]');
  await manager.waitForURL('**/edit');
  const builderUrl = manager.url();
  const report = await axeReport(manager, 'builder (en)');
  assert.equal(report, '', report);

  // Hebrew as a third language, with the title translated.
  const settings = manager.locator('form:has(input[name="action"][value="settings"])');
  await settings.locator('input[name="languages"][value="he"]').check();
  await settings.locator('button[type=submit]').click();
  await manager.waitForURL('**/edit?saved=1');
  await settings.locator('input[name="title.he"]').fill('איך הסתדרנו?');
  // Every text needs the default language (Polish here) as the fallback of the others.
  await settings.locator('textarea[name="intro.pl"]').fill('Tylko dwie minuty');
  await settings.locator('textarea[name="intro.en"]').fill('Just two minutes');
  await settings.locator('textarea[name="intro.he"]').fill('רק שתי דקות');
  await settings.locator('button[type=submit]').click();
  await manager.waitForURL('**/edit?saved=1');
  assert.equal(await settings.locator('input[name="title.he"]').inputValue(), 'איך הסתדרנו?');
  assert.equal(await settings.locator('input[name="title.he"]').getAttribute('dir'), 'rtl');

  // Translations side by side, and the follow-up rule from menus.
  const csat = manager.locator('#q-csat form:has(input[name="action"][value="save"])');
  await csat.locator('textarea[name="text.he"]').fill('היי {{first_name}}! איך הסתדרנו עם ההזמנה שלך?');
  await csat.locator('button.primary').click();
  await manager.waitForURL('**/edit?saved=1#q-csat');
  const improve = manager.locator('#q-improve form:has(input[name="action"][value="save"])');
  await improve.locator('textarea[name="text.he"]').fill('מה נוכל לשפר בפעם הבאה?');
  await improve.locator('input[name="help.pl"]').fill('Każdy szczegół pomaga');
  await improve.locator('input[name="help.he"]').fill('כל פרט עוזר');
  await improve.locator('input[name="rule"][value="between"]').check();
  await improve.locator('select[name="rule_question"]').selectOption('csat');
  await improve.locator('input[name="rule_max"]').fill('3');
  await improve.locator('button.primary').click();
  await manager.waitForURL('**/edit?saved=1#q-improve');
  assert.equal(await improve.locator('input[name="rule"][value="between"]').isChecked(), true);
  assert.equal(await improve.locator('input[name="rule_max"]').inputValue(), '3');

  // A question added, moved up, then deleted.
  await manager.selectOption('#kind', 'single_choice');
  await manager.click('form:has(input[name="action"][value="add"]) button');
  await manager.waitForURL('**/edit?saved=1');
  assert.equal(await manager.locator('#q-single_choice').count(), 1);
  // Its options: the two it starts with are renamed, a third added in an empty row.
  const choice = manager.locator('#q-single_choice form:has(input[name="action"][value="save"])');
  await choice.locator('input[name="opt.0.en"]').fill('Price');
  await choice.locator('input[name="opt.2.en"]').fill('Delivery');
  await choice.locator('input[name="opt.2.pl"]').fill('Dostawa');
  await choice.locator('button.primary').click();
  await manager.waitForURL('**/edit?saved=1#q-single_choice');
  assert.equal(await choice.locator('input[name="opt.0.en"]').inputValue(), 'Price');
  assert.equal(await choice.locator('input[name="id.opt.2"]').inputValue(), 'delivery');
  // A combined rule from the menus: shown when ANY of: the score of csat is at most 3, the
  // language is NOT Hebrew. With JavaScript the menus show only what a choice uses, and a row
  // is added when the last one is taken.
  const rules = choice.locator('fieldset.logic').first();
  assert.equal(await rules.locator('ol.conditions').isVisible(), false, 'rows appear for a group');
  await rules.locator('input[name="rule"][value="group"]').check();
  assert.equal(await rules.locator('ol.conditions').isVisible(), true);
  await rules.locator('select[name="rule_join"]').selectOption('any');
  await rules.locator('select[name="rule_c0_test"]').selectOption('between');
  assert.equal(await rules.locator('input[name="rule_c0_max"]').isVisible(), true);
  assert.equal(await rules.locator('input[name="rule_c0_languages"][value="he"]').isVisible(), false);
  await rules.locator('select[name="rule_c0_question"]').selectOption('csat');
  await rules.locator('input[name="rule_c0_max"]').fill('3');
  assert.equal(await rules.locator('li.condition').count(), 2);
  await rules.locator('select[name="rule_c1_test"]').selectOption('language');
  assert.equal(await rules.locator('li.condition').count(), 3);
  await rules.locator('input[name="rule_c1_not"]').check();
  await rules.locator('input[name="rule_c1_languages"][value="he"]').check();
  const rulesAxe = await axeReport(manager, 'builder with a combined rule (en)');
  assert.equal(rulesAxe, '', rulesAxe);
  await choice.locator('button.primary').click();
  await manager.waitForURL('**/edit?saved=1#q-single_choice');
  assert.equal(await rules.locator('input[name="rule"][value="group"]').isChecked(), true);
  assert.equal(await rules.locator('select[name="rule_join"]').inputValue(), 'any');
  assert.equal(await rules.locator('input[name="rule_c1_not"]').isChecked(), true);
  assert.equal(await rules.locator('input[name="rule_c1_languages"][value="he"]').isChecked(), true);
  assert.equal(await rules.locator('input[name="rule_c0_max"]').inputValue(), '3');
  await manager.click('#q-single_choice button[aria-label^="Move up"]');
  await manager.waitForURL('**/edit?saved=1#q-single_choice');
  const order = await manager.locator('section.question').evaluateAll((s) => s.map((e) => e.id));
  assert.deepEqual(order, ['q-csat', 'q-single_choice', 'q-improve']);
  await manager.click('#q-single_choice .qtools button.danger');
  await manager.waitForURL('**/edit?saved=1#q-single_choice');
  assert.equal(await manager.locator('#q-single_choice').count(), 0);
  // A question the follow-up's logic reads cannot be deleted: the builder says why.
  await manager.click('#q-csat .qtools button.danger');
  await manager.locator('.alert').waitFor();
  const refusal = await manager.locator('.alert').textContent();
  assert.ok(refusal.includes('Question 2 “What can we improve next time?”'), refusal);
  assert.ok(!refusal.includes('"improve"'), `no technical id: ${refusal}`);
  const refused = await axeReport(manager, 'builder with a problem (en)');
  assert.equal(refused, '', refused);
  await screenshot(manager, 'builder-en-desktop');
  // A survey without a title is refused; the summary takes the focus, and its link puts the
  // cursor in the title's field.
  await manager.goto(builderUrl);
  await manager.locator('input[name^="title."]').evaluateAll((inputs) => {
    for (const input of inputs) { input.value = ''; }
    inputs[0].form.requestSubmit();
  });
  await manager.locator('#problems').waitFor();
  assert.equal(await manager.evaluate(() => document.activeElement?.id), 'problems', 'the summary has the focus');
  await manager.locator('#problems a').first().click();
  assert.ok((await manager.evaluate(() => document.activeElement?.getAttribute('name'))).startsWith('title.'),
    'the summary link leads to the field');

  // The preview in Hebrew, right to left: the survey walked as a respondent walks it.
  await manager.goto(builderUrl);
  await manager.click('.share a:text("עברית")');
  assert.equal(await manager.locator('html').getAttribute('dir'), 'rtl');
  assert.ok((await manager.locator('.preview-banner').textContent()).includes('Preview — answers are not saved'));
  assert.ok((await manager.locator('h1').textContent()).includes('איך הסתדרנו?'));
  const sample = await manager.locator('legend .qtext').textContent();
  assert.ok(sample.includes('איך הסתדרנו עם ההזמנה שלך?') && !sample.includes('{{'),
    `{{first_name}} shows a sample name: ${sample}`);
  // A low score brings the follow-up.
  await manager.check('input[name="csat"][value="2"]');
  await manager.click('button[value="next"]');
  await onQuestion(manager, 'improve');
  assert.equal(await manager.locator('label[for="a-improve"] .qtext').textContent(), 'מה נוכל לשפר בפעם הבאה?');
  await screenshot(manager, 'preview-he-desktop');
  const previewAxe = await axeReport(manager, 'preview (he)');
  assert.equal(previewAxe, '', previewAxe);
  // Back, and a high score skips it: the preview ends, with a way back to the builder.
  await manager.click('button[value="back"]');
  await onQuestion(manager, 'csat');
  await manager.check('input[name="csat"][value="5"]');
  await manager.click('button[value="next"]');
  await onMessagePage(manager);
  assert.ok((await manager.locator('.preview-banner').textContent()).includes('Preview — answers are not saved'));
  await manager.click('.preview-banner a');
  await manager.waitForURL('**/edit');

  // Publish; the share link and its QR codes.
  await manager.goto(builderUrl);
  await manager.click('form[action$="/publish"] button');
  await manager.waitForURL('**/edit?saved=published');
  assert.equal((await manager.locator('.title-row .status').textContent()).trim(), 'Live');
  const link = await manager.locator('#share-link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/s\/[a-z0-9-]+$/);
  const svg = await manager.request.get(builderUrl.replace('/edit', '/qr.svg'));
  assert.equal(svg.headers()['content-type'], 'image/svg+xml');
  assert.ok((await svg.text()).startsWith('<?xml') || (await svg.text()).includes('<svg'));
  const png = await manager.request.get(builderUrl.replace('/edit', '/qr.png'));
  assert.equal(png.headers()['content-type'], 'image/png');
  assert.deepEqual([...(await png.body()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

  // A respondent answers in Hebrew without JavaScript: a low score brings the follow-up.
  const respondent = await (await newContext(browser, { locale: 'he-IL', javaScript: false })).newPage();
  await respondent.goto(link);
  assert.equal(await respondent.locator('html').getAttribute('lang'), 'he');
  assert.equal(await respondent.locator('.intro').textContent(), 'רק שתי דקות');
  const greeting = await respondent.locator('legend .qtext').textContent();
  assert.ok(greeting.includes('איך הסתדרנו עם ההזמנה שלך?') && !greeting.includes('{{'),
    `the Hebrew translation, with an unknown {{first_name}} left empty: ${greeting}`);
  await respondent.check('input[name="csat"][value="2"]');
  await respondent.click('button[value="next"]');
  await onQuestion(respondent, 'improve');
  assert.equal(await respondent.locator('label[for="a-improve"] .qtext').textContent(), 'מה נוכל לשפר בפעם הבאה?');
  assert.equal(await respondent.locator('.help').textContent(), 'כל פרט עוזר');
  await respondent.fill('textarea[name="improve"]', 'משלוח מהיר יותר');
  await respondent.click('button[value="next"]');
  await onMessagePage(respondent);
  // A high score skips it (this respondent has JavaScript on).
  const happy = await (await newContext(browser, { locale: 'en-GB' })).newPage();
  await happy.goto(link + '?lang=en&store=warsaw-3');
  await happy.check('input[name="csat"][value="5"]');
  await happy.click('button[value="next"]');
  await onMessagePage(happy);

  // The responses table and its filters.
  const table = builderUrl.replace('/edit', '/responses');
  await manager.goto(table);
  assert.equal(await manager.locator('table.responses tbody tr').count(), 2);
  await manager.selectOption('select[name="band"]', 'low');
  await manager.click('form.filters button[type=submit]');
  await manager.waitForURL('**/responses?*band=low*');
  assert.equal(await manager.locator('table.responses tbody tr').count(), 1);
  assert.equal(await manager.locator('table.responses td.text').textContent(), 'משלוח מהיר יותר');
  await manager.goto(table + '?param=' + encodeURIComponent('store=warsaw-3'));
  assert.equal(await manager.locator('table.responses tbody tr').count(), 1);
  assert.equal((await manager.locator('table.responses td.num').textContent()).trim(), '5');
  await manager.goto(table + '?q=' + encodeURIComponent('מהיר'));
  assert.equal(await manager.locator('table.responses tbody tr').count(), 1);
  await manager.click('table.responses tbody tr a');
  await manager.waitForURL('**/responses/*');
  assert.ok((await manager.content()).includes('What can we improve next time?'), 'the question, in the manager\'s language');
  // The answer's words may be marked (sentiment, themes), so its text is read, not its HTML.
  assert.ok((await manager.locator('p.open-text').first().textContent()).includes('משלוח מהיר יותר'), 'the answer');
  const axe = await axeReport(manager, 'one response (en)');
  assert.equal(axe, '', axe);
  // Once the answer is analysed (within seconds), its correction form — the sentiment, each
  // theme's sentiment, themes to add or drop — opens and passes axe too.
  for (let tries = 0; tries < 20 && await manager.locator('details.correct').count() === 0; tries++) {
    await manager.waitForTimeout(250);
    await manager.reload();
  }
  assert.ok(await manager.locator('details.correct').count() > 0, 'the analysis and its correction form');
  await manager.locator('details.correct summary').first().click();
  const correctAxe = await axeReport(manager, 'one response, correcting its analysis (en)');
  assert.equal(correctAxe, '', correctAxe);

  // Closed: no more answers.
  await manager.goto(builderUrl);
  await manager.click('form[action$="/close"] button');
  await manager.waitForURL('**/edit?saved=closed');
  const late = await (await newContext(browser)).newPage();
  const closed = await late.goto(link);
  assert.equal(closed.status(), 410);
});
