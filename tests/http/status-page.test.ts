import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultDestination } from '../../src/pipeline/commands/index.js';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../helpers/app.js';
import { describeBrowser, launchBrowser, screenshotPath } from '../helpers/browser.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { hospitalAttack, townHallAttack } from '../e2e/support.js';

const SECRET_CHAT_TITLE = 'Cellule de crise — CHU confidentiel';
const SECRET_CHAT_ID = '-1009876543210';
const TOKEN = '987654:AAE2e-status_page_secret_token_012345';

let tmp: ReturnType<typeof tempDir>;
let feeds: FeedServer;
let running: TestApp;
let url: string;

beforeAll(async () => {
  tmp = tempDir('vigie-status-');
  const hostile = { ...townHallAttack(), title: 'La mairie de Saint-Aubin &lt;img src=x onerror=alert(1)&gt; visée par une cyberattaque' };
  feeds = await startFeedServer({
    '/presse.xml': { body: rss('Presse régionale', [hospitalAttack(), hostile]) },
    '/panne.xml': { status: 503, body: 'indisponible' },
  });
  const config = testConfig({
    feeds: [
      { id: 'presse', name: 'Presse régionale', url: feeds.url('/presse.xml'), tags: [] },
      { id: 'panne', name: 'Flux en panne', url: `${feeds.url('/panne.xml')}?apikey=cle-secrete-du-flux`, tags: [] },
    ],
    storeUrl: `sqlite://${path.join(tmp.dir, 'store.sqlite')}`,
    env: { HTTP_PORT: '0', STORE_URL: `sqlite://${path.join(tmp.dir, 'store.sqlite')}` },
    cwd: tmp.dir,
  });
  running = await startTestApp({ config, console: true });
  // A chat with a name and id that must never reach the page (the console platform delivers to itself only).
  await running.app.store.destinations.put(defaultDestination('telegram', SECRET_CHAT_ID, Date.now(), { title: SECRET_CHAT_TITLE }));
  await running.app.runOnce(new AbortController().signal, { force: true });
  url = (await running.app.serveHttp()) as string;
});
afterAll(async () => {
  await running?.close();
  await feeds?.close();
  tmp?.remove();
});

describeBrowser('status page in headless chromium', () => {
  it('renders feed health, the last alerts and the outbox in French, with a screenshot, and shows no chat or secret', async () => {
    const { context, close } = await launchBrowser();
    try {
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on('request', (req) => { if (!req.url().startsWith(url)) blocked.push(req.url()); });
      const dialogs: string[] = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      const response = await page.goto(`${url}/`);
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe('Vigie — état');
      expect(await page.locator('h1').textContent()).toBe('Vigie — état du service');

      const feedRows = await page.locator('#feeds tbody tr').allInnerTexts();
      expect(feedRows).toHaveLength(2);
      expect(feedRows[0]).toMatch(/^Presse régionale\tOK\t\d{2}\/\d{2} \d{2}:\d{2}\t—\t2\t—$/);
      expect(feedRows[1]).toMatch(/^Flux en panne\tEn échec\t—\tréponse HTTP en erreur\t—\t\d{2}\/\d{2} \d{2}:\d{2}$/);

      const alertRows = await page.locator('#alerts tbody tr').allInnerTexts();
      expect(alertRows).toHaveLength(2);
      expect(alertRows.join('\n')).toContain('Cyberattaque');
      expect(alertRows.join('\n')).toContain('Presse régionale');
      // Hostile feed text is shown as text, never run as markup.
      expect(alertRows.join('\n')).toContain('<img src=x onerror=alert(1)>');
      expect(await page.locator('#alerts img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(await page.locator('#file').textContent()).toMatch(/^\d+$/);
      expect(await page.locator('#echecs').textContent()).toBe('1');

      const html = await page.content();
      for (const secret of [SECRET_CHAT_TITLE, SECRET_CHAT_ID, TOKEN, 'cle-secrete-du-flux', 'apikey', tmp.dir]) expect(html).not.toContain(secret);
      expect(blocked).toEqual([]);
      const shot = screenshotPath('status-page.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.info(`status page screenshot: ${shot}`);
    } finally {
      await close();
    }
  });
});
