// /peer/reviews: portfolios given to me to review; /peer/reviews/{id}: one of them with the
// scoring form (a level and a comment per criterion, optionally anonymous).
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MyPeerAssignmentsQuery, PeerAssignmentQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { missing, totalOf, type Score } from "./peer";
import { EvidenceList } from "./EvidenceList";
import "./peer.css";

const ASSIGNMENTS = graphql(`
  query MyPeerAssignments {
    myPeerAssignments {
      id
      status
      expiresAt
      submission {
        badgeClassName
      }
      myReview {
        total
      }
    }
  }
`);

const ASSIGNMENT = graphql(`
  query PeerAssignment($id: ID!) {
    peerAssignment(id: $id) {
      id
      status
      expiresAt
      submission {
        badgeClassName
        narrative
        passingScore
        evidence {
          id
          name
          url
          downloadUrl
        }
        rubric {
          id
          name
          description
          levels
        }
      }
      myReview {
        total
      }
    }
  }
`);

const REVIEW = graphql(`
  mutation ReviewPortfolio($id: ID!, $scores: [PeerScoreInput!]!, $anonymous: Boolean!) {
    reviewPortfolio(assignmentId: $id, scores: $scores, anonymous: $anonymous) {
      id
      status
      myReview {
        total
      }
    }
  }
`);

function useSignedIn(next: string) {
  const me = useMe();
  if (me === undefined) return <p role="status">{t("peer.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(next)}`}>{t("peer.signIn")}</a>
      </p>
    );
  }
  return null;
}

export function PeerReviews() {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<MyPeerAssignmentsQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!me) return;
    request(ASSIGNMENTS, {})
      .then(setData)
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [Boolean(me)]);
  const gate = useSignedIn("/peer/reviews");
  if (gate) return gate;
  return (
    <section aria-labelledby="peer-reviews-title" class="peer">
      <h1 id="peer-reviews-title">{t("reviews.title")}</h1>
      <p>{t("reviews.lead")}</p>
      <p>
        <a href="/peer/submissions">{t("submit.title")}</a>
      </p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {!data && !error && <p role="status">{t("peer.loading")}</p>}
      {data && (
        <ul class="results">
          {data.myPeerAssignments.length === 0 && <li>{t("reviews.none")}</li>}
          {data.myPeerAssignments.map((a) => (
            <li key={a.id}>
              <article>
                <h2>{a.submission.badgeClassName}</h2>
                {a.status === "OPEN" ? (
                  <>
                    <p class="meta">{t("reviews.due", { date: formatDate(a.expiresAt) })}</p>
                    <a class="button" href={`/peer/reviews/${a.id}`}>
                      {t("reviews.open")}
                    </a>
                  </>
                ) : (
                  <p class="meta">{t("reviews.done", { total: a.myReview?.total ?? 0 })}</p>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Assignment = NonNullable<PeerAssignmentQuery["peerAssignment"]>;

export function PeerReviewForm({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [assignment, setAssignment] = useState<Assignment | null | undefined>(undefined);
  const [scores, setScores] = useState<Record<string, Score>>({});
  const [anonymous, setAnonymous] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    if (!me) return;
    request(ASSIGNMENT, { id })
      .then((found) => setAssignment(found.peerAssignment ?? null))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [Boolean(me), id]);

  const gate = useSignedIn(`/peer/reviews/${id}`);
  if (gate) return gate;
  if (assignment === null) return <p role="alert">{t("reviews.notFound")}</p>;
  if (assignment === undefined) {
    return error ? <p role="alert">{t("error.generic", { message: error })}</p> : <p role="status">{t("peer.loading")}</p>;
  }
  const rubric = assignment.submission.rubric;
  const max = rubric.reduce((sum, k) => sum + k.levels.length, 0);
  const lacking = missing(rubric, scores);
  const set = (criterion: string, change: Partial<Score>) =>
    setScores((current) => ({
      ...current,
      [criterion]: { level: null, comment: "", ...current[criterion], ...change },
    }));

  const send = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (lacking.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const done = await request(REVIEW, {
        id,
        anonymous,
        scores: rubric.map((k) => ({
          criterionId: k.id,
          level: scores[k.id]?.level ?? 0,
          comment: scores[k.id]?.comment ?? "",
        })),
      });
      setAssignment({ ...assignment, status: done.reviewPortfolio.status, myReview: done.reviewPortfolio.myReview });
      setSent(true);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="peer-review-title" class="peer">
      <p>
        <a href="/peer/reviews">{t("reviews.back")}</a>
      </p>
      <h1 id="peer-review-title">{assignment.submission.badgeClassName}</h1>
      <p class="peer-narrative">{assignment.submission.narrative}</p>
      <EvidenceList evidence={assignment.submission.evidence} />
      {sent && <p role="status">{t("reviews.sent")}</p>}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {assignment.status === "DONE" && <p>{t("reviews.done", { total: assignment.myReview?.total ?? 0 })}</p>}
      {assignment.status === "EXPIRED" && <p>{t("reviews.expired")}</p>}
      {assignment.status === "WITHDRAWN" && <p>{t("reviews.withdrawn")}</p>}
      {assignment.status === "OPEN" && (
        <form onSubmit={(e) => void send(e)} noValidate>
          <p class="meta">{t("reviews.due", { date: formatDate(assignment.expiresAt) })}</p>
          {rubric.map((k) => (
            <fieldset key={k.id}>
              <legend>{t("reviews.criterion", { name: k.name })}</legend>
              {k.description && <p class="meta">{k.description}</p>}
              {k.levels.map((words, index) => (
                <label key={index}>
                  <input
                    type="radio"
                    name={`level-${k.id}`}
                    checked={scores[k.id]?.level === index + 1}
                    onChange={() => set(k.id, { level: index + 1 })}
                  />{" "}
                  {index + 1}. {words}
                </label>
              ))}
              <label>
                {t("reviews.comment")}
                <textarea
                  rows={3}
                  maxLength={2000}
                  aria-invalid={tried && lacking.includes(k.id)}
                  value={scores[k.id]?.comment ?? ""}
                  onInput={(e) => set(k.id, { comment: (e.currentTarget as HTMLTextAreaElement).value })}
                />
              </label>
            </fieldset>
          ))}
          <p aria-live="polite">
            {t("reviews.total", { total: totalOf(scores), max, passing: assignment.submission.passingScore })}
          </p>
          <label>
            <input
              type="checkbox"
              checked={anonymous}
              onChange={(e) => setAnonymous((e.currentTarget as HTMLInputElement).checked)}
            />{" "}
            {t("reviews.anonymous")}
          </label>
          {tried && lacking.length > 0 && <p role="alert">{t("reviews.missing")}</p>}
          <button type="submit" disabled={busy}>
            {t("reviews.send")}
          </button>
        </form>
      )}
    </section>
  );
}
