/**
 * Discord edge figures: embed rendering (typical and hostile alerts, vs discord.js `escapeMarkdown`)
 * and notifier throughput fanning one alert out to 500 channels of the fake Discord over real HTTP.
 */
import { escapeMarkdown, REST } from 'discord.js';
import pLimit from 'p-limit';
import { alertMessage } from '../src/platforms/discord/format.js';
import { DiscordNotifier } from '../src/platforms/discord/notifier.js';
import { makeAlert, makeDestination, makeItem, silentLogger } from '../tests/helpers/builders.js';
import { FakeDiscord, fakeSnowflake } from '../tests/helpers/fake-discord.js';

function perOp(label: string, iterations: number, fn: () => void): void {
  fn();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const us = ((performance.now() - started) / iterations) * 1000;
  console.log(`${label.padEnd(46)} ${us.toFixed(1).padStart(9)} µs/op`);
}

export async function run(): Promise<void> {
  const dest = makeDestination({ platform: 'discord', chatId: '1' });
  const typical = makeAlert();
  const long = 'Le réseau de la métropole est paralysé **depuis** [lundi](https://x.example). '.repeat(130).slice(0, 10_000);
  const hostile = makeAlert({ item: makeItem({ summary: long }), summary: long });
  perOp('alertMessage, typical alert', 20_000, () => alertMessage(typical, dest));
  perOp('alertMessage, hostile 10,000-char summary', 2_000, () => alertMessage(hostile, dest));
  perOp('discord.js escapeMarkdown, same 10,000 chars', 20, () => escapeMarkdown(long, { maskedLink: true }));

  const channels = Array.from({ length: 500 }, () => ({ id: fakeSnowflake(), name: 'alertes' }));
  const fake = await new FakeDiscord({ guilds: [{ id: fakeSnowflake(), name: 'Bench', channels }] }).start();
  try {
    const notifier = new DiscordNotifier({ rest: new REST({ api: fake.apiUrl }).setToken(fake.token), logger: silentLogger });
    const limit = pLimit(32);
    const started = performance.now();
    await Promise.all(channels.map((c) => limit(() => notifier.send(makeDestination({ platform: 'discord', chatId: c.id }), typical))));
    const seconds = (performance.now() - started) / 1000;
    console.log(`fan-out to 500 channels (32 in flight, local fake): ${seconds.toFixed(2)} s, ${(500 / seconds).toFixed(0)} messages/s`);
    console.log(`messages posted: ${fake.messages.size}`);
  } finally {
    await fake.close();
  }
}
