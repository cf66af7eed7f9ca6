/** Reads ALLOWED_CHATS (private mode): `platform:id` entries, comma-separated. */
import type { ConfigIssue } from '../core/errors.js';
import type { AllowedChat, PlatformCapabilities } from '../core/platform.js';
import type { Platform } from '../core/types.js';

/** Longest list accepted (a typo such as a pasted file should not go unnoticed). */
const MAX_ENTRIES = 1000;

/**
 * Parses `telegram:-1001234567890, discord:730000000000000001` into entries; every bad entry is
 * reported (with its position) against the platforms that take commands. Undefined when unset.
 */
export function readAllowedChats(
  value: string | undefined,
  platforms: { id: Platform; capabilities: PlatformCapabilities; configured: boolean }[],
  issues: ConfigIssue[],
): AllowedChat[] | undefined {
  if (value === undefined) return undefined;
  const problem = (message: string) => issues.push({ where: 'ALLOWED_CHATS', message });
  const chatPlatforms = platforms.filter((p) => p.capabilities.commands);
  const names = chatPlatforms.map((p) => p.id).join(' or ');
  const entries = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) problem('lists no chat (leave it unset for a bot open to every chat)');
  if (entries.length > MAX_ENTRIES) problem(`${entries.length} entries: at most ${MAX_ENTRIES}`);
  const out: AllowedChat[] = [];
  entries.slice(0, MAX_ENTRIES).forEach((entry, i) => {
    const at = `entry ${i + 1} "${entry.slice(0, 40)}"`;
    const m = /^([a-z]+):(-?\d{1,25})$/.exec(entry);
    if (!m) {
      problem(/^-?\d+$/.test(entry)
        ? `${at}: say which platform, e.g. ${chatPlatforms.map((p) => `${p.id}:${entry}`).join(' or ')}`
        : `${at}: expected <platform>:<id> with a numeric id (${names})`);
      return;
    }
    const platform = chatPlatforms.find((p) => p.id === m[1]);
    if (!platform) problem(`${at}: ${m[1]} is not a platform chats are added to (expected ${names})`);
    else if (!platform.configured) problem(`${at}: ${m[1]} is not configured (its token is missing)`);
    else out.push({ platform: platform.id, id: m[2]! });
  });
  return out;
}
