import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushRedisDatabase, redisDatabase } from '../e2e/crash-child.js';
import { tempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { withRedisLock } from '../helpers/redis-lock.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';

const redis = await redisAvailable();
/** The app writes under a fixed namespace: this suite owns Redis database 14 (locked across test runs). */
const DB = 14;

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => { tmp = tempDir('vigie-backup-'); });
afterAll(() => tmp.remove());

describe('vigie backup / restore', { timeout: 60_000 }, () => {
  it('refuses a file that is not a backup, naming the bad lines, and writes nothing', async () => {
    const file = path.join(tmp.dir, 'bad.jsonl');
    writeFileSync(file, '{"format":"vigie-backup","version":1}\n{"kind":"value","key":"a","value":1}\n{"kind":"index"}\nnot json\n');
    const sqlite = `sqlite://${path.join(tmp.dir, 'bad.sqlite')}`;
    const run = await runCli(['restore', 'bad.jsonl', '--store', sqlite], { cwd: tmp.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing written, 2 bad line(s)');
    expect(run.stderr).toContain('bad.jsonl:3: index:');
    expect(run.stderr).toContain('bad.jsonl:4: not valid JSON');
    const other = await runCli(['restore', 'package.json'], { cwd: path.resolve('.') });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('is not a Vigie backup');
  });

  it('backup needs one FILE (exit 2)', async () => {
    const run = await runCli(['backup'], { cwd: tmp.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('backup: give one FILE');
  });
});

describeService(redis, 'vigie backup from SQLite, restore into Redis', () => {
  it('the restored store knows every story: vigie demo on it announces nothing new; a second restore needs --force', async () => {
    const url = redisDatabase(REDIS_URL, DB);
    await withRedisLock(REDIS_URL, `db${DB}`, async () => {
      await flushRedisDatabase(url);
      try {
        const sqlite = `sqlite://${path.join(tmp.dir, 'demo.sqlite')}`;
        const demo = await runCli(['demo', '--store', sqlite], { cwd: tmp.dir });
        expect(demo.code).toBe(0);
        const announced = Number(/(\d+) alertes?,/.exec(demo.stdout)?.[1]);
        expect(announced).toBeGreaterThan(0);

        const backup = await runCli(['backup', 'vigie.jsonl', '--store', sqlite], { cwd: tmp.dir });
        expect(backup.code).toBe(0);
        expect(backup.stdout).toMatch(/^backup: \d+ values and \d+ index entries from sqlite .* written to vigie.jsonl\n$/);
        const lines = readFileSync(path.join(tmp.dir, 'vigie.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines[0]).toMatchObject({ format: 'vigie-backup', version: 1 });
        expect(lines.some((l) => l['kind'] === 'value' && String(l['key']).startsWith('alert:'))).toBe(true);
        expect(lines.some((l) => l['kind'] === 'index' && l['index'] === 'alerts')).toBe(true);

        const restore = await runCli(['restore', 'vigie.jsonl', '--store', url], { cwd: tmp.dir });
        expect(restore.code, restore.stderr).toBe(0);
        expect(restore.stdout).toMatch(/^restore: \d+ values and \d+ index entries written to redis 127\.0\.0\.1:6379\/14\n$/);

        const again = await runCli(['restore', 'vigie.jsonl', '--store', url], { cwd: tmp.dir });
        expect(again.code).toBe(1);
        expect(again.stderr).toContain('is not empty; nothing written (--force replaces its content)');
        const forced = await runCli(['restore', 'vigie.jsonl', '--store', url, '--force'], { cwd: tmp.dir });
        expect(forced.code).toBe(0);

        const replay = await runCli(['demo', '--store', url], { cwd: tmp.dir });
        expect(replay.code, replay.stderr).toBe(0);
        expect(replay.stdout).toMatch(/ 0 alertes?,/);
        expect(replay.stdout).toContain('Rien de nouveau');
        expect(replay.stdout).not.toContain('CYBERATTAQUE');
      } finally {
        await flushRedisDatabase(url);
      }
    });
  }, 120_000);
});
