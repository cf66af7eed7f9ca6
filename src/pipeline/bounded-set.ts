/** A set that forgets its least recently used members past a capacity, for per-process memos. */
export class BoundedSet {
  private readonly members = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when the value is a member; a member found becomes the most recently used. */
  has(value: string): boolean {
    if (!this.members.has(value)) return false;
    // Items still in their feed are asked for every cycle: keep them, forget the ones gone.
    this.members.delete(value);
    this.members.add(value);
    return true;
  }

  /** Adds the value, evicting the least recently used member when full. */
  add(value: string): void {
    if (this.members.has(value)) return;
    if (this.members.size >= this.capacity) {
      const oldest = this.members.values().next().value;
      if (oldest !== undefined) this.members.delete(oldest);
    }
    this.members.add(value);
  }
}
