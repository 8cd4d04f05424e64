// What a claim's page shows whoever reads it, its learner or someone asked to endorse it:
// the claim as loaded, its state and facts, its evidence, and each endorsement with its
// trust signals in words.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, locale, t } from "../core/i18n";
import { graphql } from "../gql";
import type { ClaimPageQuery, ClaimPolicyQuery } from "../gql/graphql";
import { orList, type PolicyFacts, policyParts, trustSignals } from "./claimPresent";

graphql(`
  fragment ClaimEvidence on Evidence {
    id
    kind
    name
    url
    mediaType
    size
    description
    downloadUrl
  }
`);

graphql(`
  fragment ClaimEndorsement on Endorsement {
    id
    endorserId
    endorserName
    relationship
    testimonial
    observed
    status
    createdAt
    onEarlierRevision
    flag
    flagCleared
    counts
    trust {
      holdsSameBadge
      supervisesHost
      isTeacher
      reciprocal
    }
    assessment {
      criterionId
      level
      comment
    }
  }
`);

const CLAIM_PAGE = graphql(`
  query ClaimPage($id: ID!) {
    claim(id: $id) {
      id
      kind
      title
      narrative
      status
      tier
      visibility
      learnerName
      badgeClassId
      badgeClassName
      issuerName
      universityName
      opportunityTitle
      createdAt
      submittedAt
      decidedAt
      assertionId
      mine
      invitedToEndorse
      evidence {
        ...ClaimEvidence
      }
      endorsements {
        ...ClaimEndorsement
      }
      endorsementRequests {
        id
        email
        personId
        personName
        message
        createdAt
        expiresAt
        acceptedAt
        endorsed
      }
      rubric {
        id
        name
        description
        levels
        minimumLevel
      }
      conversation {
        id
        kind
        body
        authorName
        createdAt
      }
    }
  }
`);

const CLAIM_POLICY = graphql(`
  query ClaimPolicy($badgeClassId: ID!) {
    badgeClass(id: $badgeClassId) {
      id
      criteria
      endorsementPolicy {
        minimum
        relationships
        requireOneOf
      }
      issuer {
        id
        name
        kind
      }
    }
  }
`);

/** The claim's badge class: what it asks, its endorsement policy and its issuer. */
export type Policy = NonNullable<ClaimPolicyQuery["badgeClass"]>;

export function loadPolicy(badgeClassId: string): Promise<Policy | null> {
  return request(CLAIM_POLICY, { badgeClassId }).then((data) => data.badgeClass ?? null);
}

export type FoundClaim = NonNullable<ClaimPageQuery["claim"]>;
export type ClaimEndorsement = FoundClaim["endorsements"][number];
type ClaimEvidence = FoundClaim["evidence"][number];

/** Loads the claim; `reload` reads it again after a change. */
export function useClaim(id: string, personId: string | undefined) {
  const [claim, setClaim] = useState<FoundClaim | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  async function reload(): Promise<void> {
    try {
      const data = await request(CLAIM_PAGE, { id });
      setClaim(data.claim ?? null);
    } catch (caught) {
      setClaim((previous) => previous ?? null);
      setError(errorText(caught));
    }
  }
  useEffect(() => {
    setClaim(undefined);
    if (personId !== undefined) void reload();
  }, [id, personId]);
  return { claim, error, reload };
}

/** The claim's state in words; for its learner, with a line on what to do next. */
export function ClaimState({ claim }: { claim: FoundClaim }) {
  return (
    <p class={`claim-state claim-${claim.status.toLowerCase()}`}>
      <strong>{t(`claim.status.${claim.status}`)}</strong>
      {claim.mine && <> — {t(`claim.status.${claim.status}.help`)}</>}
    </p>
  );
}

export function ClaimFacts({ claim }: { claim: FoundClaim }) {
  return (
    <dl>
      <dt>{t("claim.learner")}</dt>
      <dd>{claim.learnerName}</dd>
      <dt>{t("claim.badge")}</dt>
      <dd>{claim.badgeClassName}</dd>
      <dt>{t("badge.issuer")}</dt>
      <dd>{claim.issuerName}</dd>
      <dt>{t("badge.university")}</dt>
      <dd>{claim.universityName}</dd>
      {claim.opportunityTitle && (
        <>
          <dt>{t("claim.opportunity")}</dt>
          <dd>{claim.opportunityTitle}</dd>
        </>
      )}
      <dt>{t("claim.created")}</dt>
      <dd>{formatDate(claim.createdAt)}</dd>
    </dl>
  );
}

/** Where a piece of evidence opens: its file here, or the web address the learner gave. */
function evidenceHref(evidence: ClaimEvidence): string | null {
  if (evidence.downloadUrl) return new URL(evidence.downloadUrl, window.location.origin).pathname;
  return evidence.url && /^https?:\/\//i.test(evidence.url) ? evidence.url : null;
}

export function EvidenceList({ evidence }: { evidence: FoundClaim["evidence"] }) {
  if (evidence.length === 0) return <p>{t("evidence.none")}</p>;
  return (
    <ul class="links evidence-list">
      {evidence.map((item) => {
        const href = evidenceHref(item);
        const label = item.kind === "FILE" ? t("evidence.kind.file") : t("evidence.kind.link");
        return (
          <li key={item.id}>
            <span class="meta">{label}: </span>
            {href ? (
              <a href={href} rel="noopener noreferrer nofollow">
                {item.name}
              </a>
            ) : (
              item.name
            )}
            {item.description && <p class="meta">{item.description}</p>}
          </li>
        );
      })}
    </ul>
  );
}

const MARKS = { good: "✓", caution: "!", plain: "•" } as const;

export function EndorsementItem({ endorsement }: { endorsement: ClaimEndorsement }) {
  const signals = trustSignals(endorsement);
  return (
    <article class="endorsement" aria-label={t("claim.endorsement.by", { name: endorsement.endorserName })}>
      <p class="endorser">
        {t("badge.endorsedBy", {
          name: endorsement.endorserName,
          relationship: t(`badge.relationship.${endorsement.relationship}`),
        })}
        <span class="meta"> · {formatDate(endorsement.createdAt)}</span>
      </p>
      <blockquote>
        <p class="testimonial">{endorsement.testimonial}</p>
        {endorsement.observed && <p class="meta">{t("badge.observed", { observed: endorsement.observed })}</p>}
      </blockquote>
      <ul class="trust" aria-label={t("trust.title")}>
        {signals.map((signal) => (
          <li key={signal.key} class={`trust-${signal.tone}`}>
            <span aria-hidden="true" class="trust-mark">
              {MARKS[signal.tone]}
            </span>{" "}
            {t(signal.key)}
          </li>
        ))}
      </ul>
    </article>
  );
}


/** What a badge class's endorsement policy asks, in one sentence per part. */
/** The notes between the learner and the issuer's reviewers, oldest first; none: nothing. */
export function Conversation({ messages }: { messages: FoundClaim["conversation"] }) {
  if (messages.length === 0) return null;
  return (
    <section aria-labelledby="claim-conversation">
      <h2 id="claim-conversation">{t("claim.conversation")}</h2>
      <ul class="links">
        {messages.map((m) => (
          <li key={m.id}>
            <p class="meta">
              {t(`claim.message.${m.kind}`, { name: m.authorName })} · {formatDate(m.createdAt)}
            </p>
            <p class="description">{m.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PolicyText({ policy }: { policy: PolicyFacts }) {
  const lang = locale();
  return (
    <>
      {policyParts(policy).map((part) => (
        <span key={part.key}>
          {t(part.key, {
            count: policy.minimum,
            who: orList((part.relationships ?? []).map((r) => t(`badge.relationship.${r}`)), lang),
          })}{" "}
        </span>
      ))}
    </>
  );
}

