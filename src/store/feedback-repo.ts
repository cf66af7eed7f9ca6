/**
 * Feedback marks from the chats, on top of a `Backend`. Key layout: `feedback:<id>` holds the mark
 * (kept until exported and deleted by an operator: marks are training data, not cache); index
 * `feedback` scored by when the mark was made.
 */
import type { FeedbackMark } from '../core/feedback.js';
import type { FeedbackLog } from '../ports.js';
import type { RepoContext } from './repositories.js';

/** Marks stored in the backend. */
export class KeyvFeedbackLog implements FeedbackLog {
  constructor(private readonly ctx: RepoContext) {}

  async put(mark: FeedbackMark): Promise<void> {
    const { backend } = this.ctx;
    await this.ctx.guard('feedback.put', async () => {
      await backend.set(`feedback:${mark.id}`, mark);
      await backend.indexAdd('feedback', [{ member: mark.id, score: mark.at }]);
    });
  }

  async list(): Promise<FeedbackMark[]> {
    const { backend } = this.ctx;
    return this.ctx.guard('feedback.list', async () => {
      const ids = await backend.indexRange('feedback', {});
      const marks = await backend.getMany<FeedbackMark>(ids.map((id) => `feedback:${id}`));
      return marks.filter((m): m is FeedbackMark => m !== undefined).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    });
  }
}
