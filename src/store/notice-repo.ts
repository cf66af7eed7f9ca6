/**
 * The operator notices' memory, on top of a `Backend`. Key layout: `operator:notices` holds the one
 * `NoticeState` record (no expiry: it is small and rewritten after every cycle).
 */
import type { NoticeState } from '../core/operator-state.js';
import type { NoticeStateRepo } from '../ports.js';
import type { RepoContext } from './repositories.js';

const KEY = 'operator:notices';

/** The notice state stored in the backend. */
export class KeyvNoticeStateRepo implements NoticeStateRepo {
  constructor(private readonly ctx: RepoContext) {}

  async get(): Promise<NoticeState | undefined> {
    return this.ctx.guard('notices.get', async () => this.ctx.backend.get<NoticeState>(KEY));
  }

  async set(state: NoticeState): Promise<void> {
    await this.ctx.guard('notices.set', async () => this.ctx.backend.set(KEY, state));
  }
}
