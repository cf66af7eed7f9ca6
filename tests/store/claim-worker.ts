/**
 * A second process racing the test on one store: `fork(this file, [url, namespace])` with tsx.
 * It opens the store, reports `{ ready: true }`, waits for `{ keys }`, claims every key (each as
 * its own story, all at once) and reports `{ won }`, the keys it claimed first, then exits.
 */
import { openStore } from '../../src/store/open-store.js';
import { quietLogger } from './fixtures.js';

const [url, namespace] = process.argv.slice(2);
if (!url || !namespace || !process.send) throw new Error('usage: fork(claim-worker.ts, [url, namespace])');

const store = await openStore(url, { retentionMs: 60_000, namespace, logger: quietLogger });
process.on('message', (message: { keys: string[] }) => {
  void (async () => {
    const results = await Promise.all(message.keys.map(async (key) => store.seen.claim([key])));
    const won = message.keys.filter((_, i) => results[i]);
    await store.close();
    process.send!({ won }, () => process.exit(0));
  })();
});
process.send({ ready: true });
