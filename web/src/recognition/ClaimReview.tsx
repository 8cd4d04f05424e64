// The review panel on /claims/{id}, for a reviewer of the claim's issuer: the claim, its
// evidence and endorsements with their trust signals, what the badge class asks, and the three
// decisions (approve with rubric levels, return with a note, decline with a reason). Curators
// of the issuing university may also let a flagged endorsement count.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { ClaimStatus } from "../gql/graphql";
import {
  ClaimFacts,
  ClaimState,
  Conversation,
  EndorsementItem,
  EvidenceList,
  type FoundClaim,
  type Policy,
  PolicyText,
} from "./ClaimParts";
import { assessmentOf, heldByFlag, levelChoices, rubricProblem } from "./review";
import { ClearFlag } from "./ClearFlag";
import { TierMark } from "./TierMark";
import "./claims.css";

const APPROVE = graphql(`
  mutation ApproveClaim($claimId: ID!, $note: String!, $assessment: [CriterionAssessmentInput!]) {
    approveClaim(claimId: $claimId, note: $note, assessment: $assessment) {
      id
      status
      assertionId
    }
  }
`);

const RETURN = graphql(`
  mutation ReturnClaim($claimId: ID!, $note: String!) {
    returnClaim(claimId: $claimId, note: $note) {
      id
      status
    }
  }
`);

const DECLINE = graphql(`
  mutation DeclineClaim($claimId: ID!, $reason: String!) {
    declineClaim(claimId: $claimId, reason: $reason) {
      id
      status
    }
  }
`);

type Decision = "approve" | "return" | "decline";
const DECISIONS: readonly Decision[] = ["approve", "return", "decline"];

interface Outcome {
  status: ClaimStatus;
  assertionId: string | null;
}

export function ClaimReview({
  claim,
  policy,
  clearsFlags,
  reload,
}: {
  claim: FoundClaim;
  policy: Policy;
  /** The reader is a curator of the issuing university (the server decides). */
  clearsFlags: boolean;
  reload: () => Promise<void>;
}) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const outcomeHeading = useRef<HTMLHeadingElement>(null);
  const queue = `/issuers/${policy.issuer.id}/reviews`;
  // The form is gone once decided: the keyboard goes on from what happened.
  useEffect(() => {
    if (outcome) outcomeHeading.current?.focus();
  }, [outcome]);
  const waiting = claim.status === "IN_REVIEW" && !outcome;

  return (
    <article class="claim-page claim-review" aria-labelledby="claim-title">
      <p>
        <a href={queue}>{t("review.back")}</a>
      </p>
      <h1 id="claim-title">{waiting ? t("review.title", { title: claim.title }) : claim.title}</h1>
      <p class="badge-facts">
        <TierMark tier={claim.tier} />
      </p>
      <ClaimState claim={claim} />
      <p role="status" class="meta">
        {notice}
      </p>
      {outcome ? (
        <section aria-labelledby="review-outcome" class="sent">
          <h2 id="review-outcome" tabIndex={-1} ref={outcomeHeading}>
            {t("review.outcome")}
          </h2>
          <p role="status" class="success">
            <span aria-hidden="true">✓ </span>
            {t(`review.outcome.${outcome.status}` as MessageKey, {
              name: claim.learnerName,
              issuer: policy.issuer.name,
            })}
          </p>
          {outcome.assertionId && (
            <p>
              <a href={`/badges/${outcome.assertionId}`}>{t("review.outcome.badge")}</a>
            </p>
          )}
          <p>
            <a href={queue}>{t("review.back")}</a>
          </p>
        </section>
      ) : waiting ? (
        <p>{t("review.lead", { name: claim.learnerName, issuer: policy.issuer.name })}</p>
      ) : (
        <>
          <p>{t("review.notWaiting")}</p>
          {claim.assertionId && (
            <p>
              <a href={`/badges/${claim.assertionId}`}>{t("review.outcome.badge")}</a>
            </p>
          )}
        </>
      )}
      <ClaimFacts claim={claim} />

      <section aria-labelledby="claim-narrative">
        <h2 id="claim-narrative">{t("claim.narrative")}</h2>
        <p class="description">{claim.narrative}</p>
      </section>

      <section aria-labelledby="claim-evidence">
        <h2 id="claim-evidence">{t("badge.evidence")}</h2>
        <EvidenceList evidence={claim.evidence} />
      </section>

      <section aria-labelledby="claim-endorsements">
        <h2 id="claim-endorsements">{t("badge.endorsements")}</h2>
        {claim.endorsements.length === 0 ? (
          <p>{t("claim.endorsements.none")}</p>
        ) : (
          <ul class="endorsements">
            {claim.endorsements.map((endorsement) => (
              <li key={endorsement.id}>
                <EndorsementItem endorsement={endorsement} />
                {clearsFlags && heldByFlag(endorsement) && (
                  <ClearFlag
                    endorsementId={endorsement.id}
                    onCleared={async () => {
                      setNotice(t("review.flag.done", { name: endorsement.endorserName }));
                      await reload();
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Conversation messages={claim.conversation} />

      <section aria-labelledby="review-class" class="class-facts">
        <h2 id="review-class">{t("review.class")}</h2>
        <h3>{t("review.criteria")}</h3>
        <p class="description">{policy.criteria}</p>
        <p>
          <PolicyText policy={policy.endorsementPolicy} />
        </p>
      </section>

      {waiting && (
        <DecisionForm
          claim={claim}
          issuerName={policy.issuer.name}
          onDecided={(decided) => {
            setOutcome(decided);
            // The state above says what it is now.
            void reload();
          }}
          reload={reload}
        />
      )}
    </article>
  );
}

function DecisionForm({
  claim,
  issuerName,
  onDecided,
  reload,
}: {
  claim: FoundClaim;
  issuerName: string;
  onDecided: (outcome: Outcome) => void;
  reload: () => Promise<void>;
}) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState("");
  const [returnNote, setReturnNote] = useState("");
  const [reason, setReason] = useState("");
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [sending, setSending] = useState(false);

  function refuse(message: string, focus: string): void {
    setError(message);
    document.getElementById(focus)?.focus();
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    setConflict(false);
    if (decision === "approve") {
      const problem = rubricProblem(claim.rubric, levels);
      if (problem) {
        const key = problem.kind === "missing" ? "review.missing.level" : "review.below.level";
        refuse(t(key, { name: problem.name, level: problem.minimum }), `review-level-${problem.criterionId}`);
        return;
      }
    }
    if (decision === "return" && !returnNote.trim()) return refuse(t("review.missing.note"), "review-return-note");
    if (decision === "decline" && !reason.trim()) return refuse(t("review.missing.reason"), "review-decline-reason");
    setSending(true);
    try {
      if (decision === "approve") {
        const done = await request(APPROVE, {
          claimId: claim.id,
          note: note.trim(),
          assessment: assessmentOf(claim.rubric, levels),
        });
        onDecided({ status: done.approveClaim.status, assertionId: done.approveClaim.assertionId ?? null });
      } else if (decision === "return") {
        const done = await request(RETURN, { claimId: claim.id, note: returnNote.trim() });
        onDecided({ status: done.returnClaim.status, assertionId: null });
      } else if (decision === "decline") {
        const done = await request(DECLINE, { claimId: claim.id, reason: reason.trim() });
        onDecided({ status: done.declineClaim.status, assertionId: null });
      }
    } catch (caught) {
      setConflict(caught instanceof ApiError && caught.code === "CONFLICT");
      setError(t("review.failed", { message: errorText(caught) }));
    } finally {
      setSending(false);
    }
  }

  const submit: Record<Decision, MessageKey> = {
    approve: "review.approve.submit",
    return: "review.return.submit",
    decline: "review.decline.submit",
  };
  return (
    <section aria-labelledby="review-decision" class="claim-form">
      <h2 id="review-decision">{t("review.decide")}</h2>
      <form onSubmit={(event) => void send(event)} noValidate>
        <fieldset class="visibility">
          <legend>{t("review.decision")}</legend>
          <p class="hint">{t("review.decision.help")}</p>
          {DECISIONS.map((choice) => (
            <div class="choice" key={choice}>
              <label class="check">
                <input
                  type="radio"
                  name="review-decision"
                  value={choice}
                  checked={decision === choice}
                  onChange={() => {
                    setDecision(choice);
                    setError(null);
                  }}
                />
                {t(`review.${choice}`)}
              </label>
            </div>
          ))}
        </fieldset>

        {decision === "approve" && (
          <div class="decision-fields">
            <p class="approve-key">
              <strong>{t("review.approve.key", { name: claim.learnerName, issuer: issuerName })}</strong>
            </p>
            {claim.rubric.length > 0 && (
              <div class="rubric-levels">
                <h3>{t("review.approve.levels")}</h3>
                <p class="hint">{t("review.approve.levels.help")}</p>
                {claim.rubric.map((criterion) => (
                  <fieldset class="evidence criterion" key={criterion.id}>
                    <legend>{criterion.name}</legend>
                    {criterion.description && <p class="hint">{criterion.description}</p>}
                    {criterion.minimumLevel && (
                      <p class="hint">{t("review.rubric.minimum", { level: criterion.minimumLevel })}</p>
                    )}
                    {levelChoices(criterion).map((choice, index) => (
                      <label class="check" key={choice.level}>
                        <input
                          type="radio"
                          id={index === 0 ? `review-level-${criterion.id}` : undefined}
                          name={`review-level-${criterion.id}`}
                          value={choice.level}
                          checked={levels[criterion.id] === choice.level}
                          onChange={() => {
                            setLevels((all) => ({ ...all, [criterion.id]: choice.level }));
                            setError(null);
                          }}
                        />
                        {t("review.rubric.level", { level: choice.level, descriptor: choice.descriptor })}
                      </label>
                    ))}
                  </fieldset>
                ))}
              </div>
            )}
            <label>
              {t("review.approve.note")}
              <textarea
                rows={3}
                maxLength={2000}
                value={note}
                onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
              />
            </label>
          </div>
        )}

        {decision === "return" && (
          <RequiredText
            id="review-return-note"
            label={t("review.return.note")}
            help={t("review.return.help")}
            value={returnNote}
            onInput={setReturnNote}
          />
        )}

        {decision === "decline" && (
          <RequiredText
            id="review-decline-reason"
            label={t("review.decline.reason")}
            help={t("review.decline.help")}
            value={reason}
            onInput={setReason}
          />
        )}

        {error && (
          <div role="alert" class="file-error">
            <p>{error}</p>
            {conflict && <p>{t("review.conflict")}</p>}
          </div>
        )}
        {conflict && (
          <p>
            <button type="button" class="secondary" onClick={() => void reload()}>
              {t("review.reload")}
            </button>
          </p>
        )}
        {decision && (
          <p>
            <button type="submit" class={decision === "decline" ? "danger" : undefined} disabled={sending}>
              {sending ? t("review.sending") : t(submit[decision])}
            </button>
          </p>
        )}
      </form>
    </section>
  );
}

/** The text a decision cannot go without (returning's note, declining's reason), with its help. */
function RequiredText({
  id,
  label,
  help,
  value,
  onInput,
}: {
  id: string;
  label: string;
  help: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class="decision-fields">
      <label>
        {label}
        <textarea
          id={id}
          rows={4}
          maxLength={2000}
          required
          aria-describedby={`${id}-help`}
          value={value}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <p class="hint field-hint" id={`${id}-help`}>
        {help}
      </p>
    </div>
  );
}
