/** A set that forgets its oldest members past a capacity (insertion order), for per-process memos. */
export class BoundedSet {
  private readonly members = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(value: string): boolean {
    return this.members.has(value);
  }

  /** Adds the value, evicting the oldest member when full. */
  add(value: string): void {
    if (this.members.has(value)) return;
    if (this.members.size >= this.capacity) {
      const oldest = this.members.values().next().value;
      if (oldest !== undefined) this.members.delete(oldest);
    }
    this.members.add(value);
  }
}
