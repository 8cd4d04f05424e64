// The peer reviews of one portfolio, criterion by criterion: for its learner and, in a
// dispute, for the staff who decide (names of anonymous reviewers only where the API gives them).
import { t } from "../core/i18n";

interface Review {
  id: string;
  reviewerName?: string | null;
  total: number;
  passed: boolean;
  scores: { criterionId: string; level: number; comment: string }[];
}

export function Reviews({ rubric, reviews }: { rubric: { id: string; name: string }[]; reviews: Review[] }) {
  const names = new Map(rubric.map((k) => [k.id, k.name]));
  return (
    <ul class="peer-reviews">
      {reviews.map((r) => (
        <li key={r.id}>
          <p>
            {t("peer.review", {
              name: r.reviewerName ?? t("peer.anonymous"),
              total: r.total,
              verdict: r.passed ? t("peer.passed") : t("peer.failed"),
            })}
          </p>
          <ul>
            {r.scores.map((s) => (
              <li key={s.criterionId}>
                {names.get(s.criterionId)} ({t("peer.level", { level: s.level })}): {s.comment}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
