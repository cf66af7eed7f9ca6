/** What the operator notices remember across restarts: one record in the store. Pure data. */

/** Figures since the last daily summary. */
export interface NoticeDay {
  cycles: number;
  cyberattacks: number;
  outages: number;
  sent: number;
  failed: number;
}

/** The operator notices' memory: what was told, what is still to tell, the figures of the day. */
export interface NoticeState {
  /** Paris day (`YYYY-MM-DD`) of the last daily summary; '' before the first. */
  summarisedDay: string;
  /** Figures since that summary. */
  day: NoticeDay;
  /** Keys of the destinations active at the last check; absent before the first check. */
  active?: string[];
  /** Feeds whose failure was told and whose recovery was not yet. */
  failing: string[];
  /** Notices the operator's chat did not accept yet, oldest first (retried after the next cycle). */
  pending: string[];
}

/** A day with nothing counted yet. */
export function emptyNoticeDay(): NoticeDay {
  return { cycles: 0, cyberattacks: 0, outages: 0, sent: 0, failed: 0 };
}
