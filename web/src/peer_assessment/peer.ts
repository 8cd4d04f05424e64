// The scoring form's rules, as the server applies them (graph/peer_assessment/reviews.py).

export interface Criterion {
  id: string;
  levels: readonly string[];
}

export interface Score {
  level: number | null;
  comment: string;
}

/** The review's total so far: the sum of the levels chosen. */
export function totalOf(scores: Record<string, Score>): number {
  return Object.values(scores).reduce((sum, s) => sum + (s.level ?? 0), 0);
}

/** The criteria still missing a level or a comment (the server refuses the review without). */
export function missing(rubric: readonly Criterion[], scores: Record<string, Score>): string[] {
  return rubric
    .filter((k) => {
      const s = scores[k.id];
      return !s || s.level === null || s.level < 1 || s.level > k.levels.length || !s.comment.trim();
    })
    .map((k) => k.id);
}
