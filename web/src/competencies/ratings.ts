// What a learner changed on the self-assessment page, as the ratings `assessMyself` takes.

export interface Rating {
  competencyId: string;
  level: number;
  wantToDevelop: boolean;
}

export interface Stored {
  competencyId: string;
  level: number | null; // null: never rated
  wantToDevelop: boolean;
}

/** The edits that differ from what is stored; a wish alone counts as "not yet" (level 0). */
export function changedRatings(stored: Stored[], edits: Map<string, Partial<Rating>>): Rating[] {
  const changed: Rating[] = [];
  for (const item of stored) {
    const edit = edits.get(item.competencyId);
    if (!edit) continue;
    const level = edit.level ?? item.level ?? 0;
    const want = edit.wantToDevelop ?? item.wantToDevelop;
    if (level !== item.level || want !== item.wantToDevelop) {
      changed.push({ competencyId: item.competencyId, level, wantToDevelop: want });
    }
  }
  return changed;
}
