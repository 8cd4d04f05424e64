// /issuers/{id}/reviews: the claims waiting for an organisation's or university's decision,
// longest waiting first, each with how long it waited, its learner, badge class, kind and
// endorsements (and any held back by a flag); each opens its review on the claim's page.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, locale, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { ReviewQueueQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { durationText, heldByFlag, waitedFor } from "./review";
import "./claims.css";

const REVIEW_QUEUE = graphql(`
  query ReviewQueue($issuerId: ID!, $first: Int!, $after: String) {
    organisation(id: $issuerId) {
      id
      name
    }
    university(id: $issuerId) {
      id
      name
    }
    reviewQueue(issuerId: $issuerId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        inReviewSince
        node {
          id
          kind
          title
          learnerName
          badgeClassName
          endorsements {
            id
            status
            flag
            flagCleared
          }
        }
      }
    }
  }
`);

type Entry = ReviewQueueQuery["reviewQueue"]["edges"][number];
const PAGE_SIZE = 20;

export function ReviewQueue({ issuerId }: { issuerId: string }) {
  useLocale();
  const me = useMe();
  const [issuer, setIssuer] = useState<string | null | undefined>(undefined);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  async function load(after: string | null): Promise<void> {
    setError(null);
    try {
      const found = await request(REVIEW_QUEUE, { issuerId, first: PAGE_SIZE, after });
      setIssuer((found.organisation ?? found.university)?.name ?? null);
      setEntries((previous) => [...(after ? (previous ?? []) : []), ...found.reviewQueue.edges]);
      setTotal(found.reviewQueue.totalCount);
      setNext(found.reviewQueue.pageInfo.hasNextPage ? (found.reviewQueue.pageInfo.endCursor ?? null) : null);
    } catch (caught) {
      setError(errorText(caught));
      setIssuer((previous) => previous ?? null);
    }
  }

  useEffect(() => {
    setEntries(null);
    setIssuer(undefined);
    if (me) void load(null);
  }, [issuerId, me?.id]);

  if (me === undefined) return <p role="status">{t("review.queue.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(`/issuers/${issuerId}/reviews`)}`}>{t("review.queue.signIn")}</a>
      </p>
    );
  }
  if (issuer === undefined && !error) return <p role="status">{t("review.queue.loading")}</p>;
  if (!entries) {
    return (
      <section aria-labelledby="review-queue-title">
        <h1 id="review-queue-title">{t(error ? "work.reviews" : "review.queue.notFound")}</h1>
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      </section>
    );
  }
  const lang = locale();
  return (
    <section class="review-queue" aria-labelledby="review-queue-title">
      <h1 id="review-queue-title">{t("review.queue.title", { issuer: issuer ?? "" })}</h1>
      <p>{t("review.queue.lead")}</p>
      <p role="status" class="meta">
        {entries.length === 0
          ? t("review.queue.none")
          : t(total === 1 ? "review.queue.count.one" : "review.queue.count", { count: total })}
      </p>
      <ol class="results">
        {entries.map(({ node: claim, inReviewSince }) => {
          const active = claim.endorsements.filter((e) => e.status === "ACTIVE").length;
          const held = claim.endorsements.filter(heldByFlag).length;
          return (
            <li key={claim.id}>
              <article aria-labelledby={`review-${claim.id}`}>
                <h2 id={`review-${claim.id}`}>
                  <a href={`/claims/${claim.id}`}>{claim.title}</a>
                </h2>
                <p class="waited">
                  <strong>
                    {t("review.queue.waited", { duration: durationText(waitedFor(inReviewSince), lang) })}
                  </strong>
                  <span class="meta"> · {t("review.queue.since", { date: formatDate(inReviewSince) })}</span>
                </p>
                <dl class="review-facts">
                  <dt>{t("claim.learner")}</dt>
                  <dd>{claim.learnerName}</dd>
                  <dt>{t("claim.badge")}</dt>
                  <dd>{claim.badgeClassName}</dd>
                  <dt>{t("review.kind")}</dt>
                  <dd>{t(`review.kind.${claim.kind}`)}</dd>
                </dl>
                <p class="meta">
                  {t("review.queue.endorsements", { count: active })}
                  {held > 0 && (
                    <span class="flagged">
                      {" · "}
                      <span aria-hidden="true" class="trust-mark">
                        !
                      </span>
                      {t("review.queue.flagged", { count: held })}
                    </span>
                  )}
                </p>
              </article>
            </li>
          );
        })}
      </ol>
      {next && (
        <button type="button" onClick={() => void load(next)}>
          {t("review.queue.more")}
        </button>
      )}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </section>
  );
}
