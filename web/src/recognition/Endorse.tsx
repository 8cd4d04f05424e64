// The endorser's side. /endorse/{token} is the link an e-mailed invitation carries: after
// sign-in (which comes back here) it accepts the invitation and opens the claim's page, where
// someone asked to endorse finds the claim and the form: who they are to the learner, their
// testimonial, what they observed and, where the badge has a rubric, levels on it. Someone
// without an account makes one right here (name and password: the invitation proves the
// address), which accepts the invitation in the same step. An endorser may withdraw their
// endorsement while the claim is not decided.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { Relationship } from "../gql/graphql";
import { EMAIL_MAX, NAME_MAX, passwordProblem } from "../people/account";
import { NewPasswordField, passwordText, reasonOf } from "../people/forms";
import type { Me } from "../people/session";
import { authCall, loadMe, useMe } from "../people/session";
import { RELATIONSHIPS, undecided } from "./claimPresent";
import {
  ClaimFacts,
  ClaimState,
  EndorsementItem,
  EvidenceList,
  type FoundClaim,
} from "./ClaimParts";
import "./claims.css";

const REDEEM = graphql(`
  mutation RedeemEndorsementInvitation($token: String!) {
    redeemEndorsementInvitation(token: $token) {
      id
    }
  }
`);

const ENDORSE = graphql(`
  mutation EndorseClaim(
    $claimId: ID!
    $relationship: Relationship!
    $testimonial: String!
    $observed: String!
    $assessment: [CriterionAssessmentInput!]
  ) {
    endorseClaim(
      claimId: $claimId
      relationship: $relationship
      testimonial: $testimonial
      observed: $observed
      assessment: $assessment
    ) {
      id
    }
  }
`);

const ASK_FOR_EVIDENCE = graphql(`
  mutation RequestMoreEvidence($claimId: ID!, $note: String!) {
    requestMoreEvidence(claimId: $claimId, note: $note) {
      id
    }
  }
`);

const WITHDRAW_ENDORSEMENT = graphql(`
  mutation WithdrawEndorsement($id: ID!) {
    withdrawEndorsement(id: $id) {
      id
    }
  }
`);

/** Where sign-in sends the endorser back to: this very invitation. */
export function invitationPath(token: string): string {
  return `/endorse/${encodeURIComponent(token)}`;
}

export function EndorseInvitation({ token }: { token: string }) {
  useLocale();
  const me = useMe();
  const [failure, setFailure] = useState<string | null>(null);
  const tried = useRef(false);

  useEffect(() => {
    if (!me || tried.current) return;
    // Once: the link works a single time, and a second try would say it was used.
    tried.current = true;
    request(REDEEM, { token })
      .then((data) => navigate(`/claims/${data.redeemEndorsementInvitation.id}`, { replace: true }))
      .catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.code === "NOT_FOUND") setFailure(t("endorse.invalid"));
        else if (caught instanceof ApiError && caught.code === "FORBIDDEN") setFailure(t("endorse.own"));
        else setFailure(t("endorse.unusable", { reason: errorText(caught) }));
      });
  }, [me?.id, token]);

  if (me === null) {
    return (
      <Welcome
        token={token}
        onJoined={async (claimId) => {
          // The new account accepted the invitation already: nothing is left to redeem.
          tried.current = true;
          await loadMe();
          navigate(`/claims/${claimId}`, { replace: true });
        }}
      />
    );
  }
  if (failure) {
    return (
      <section aria-labelledby="endorse-title" class="narrow">
        <h1 id="endorse-title">{t("endorse.invited")}</h1>
        <p role="alert">{failure}</p>
      </section>
    );
  }
  return <p role="status">{t("endorse.opening")}</p>;
}

interface Invitation {
  email: string;
  learnerName: string;
  claimTitle: string;
  state: "open" | "used" | "expired";
  hasAccount: boolean;
}

/** Signed out: what the invitation is about, signing in, and for a newcomer their account. */
function Welcome({ token, onJoined }: { token: string; onJoined: (claimId: string) => Promise<void> }) {
  const [invitation, setInvitation] = useState<Invitation | null | undefined>(undefined);
  useEffect(() => {
    void authCall("/auth/invitation", { token }).then((answer) =>
      setInvitation(
        answer.ok && answer.body.state !== "invalid" ? (answer.body as unknown as Invitation) : null,
      ),
    );
  }, [token]);
  const signIn = (
    <p>
      <a class="button" href={`/sign-in?next=${encodeURIComponent(invitationPath(token))}`}>
        {t("endorse.signIn")}
      </a>
    </p>
  );
  return (
    <section aria-labelledby="endorse-title" class="narrow">
      <h1 id="endorse-title">{t("endorse.invited")}</h1>
      {invitation && <p>{t("endorse.about", { name: invitation.learnerName, title: invitation.claimTitle })}</p>}
      <p>{t("endorse.invited.lead")}</p>
      {invitation === undefined && <p role="status">{t("endorse.checking")}</p>}
      {invitation === null && <p role="alert">{t("endorse.invalid")}</p>}
      {invitation?.state === "used" && <p role="alert">{t("endorse.used")}</p>}
      {invitation?.state === "expired" && <p role="alert">{t("endorse.expired")}</p>}
      {invitation?.hasAccount && <p>{t("endorse.haveAccount")}</p>}
      {signIn}
      {invitation?.state === "open" && !invitation.hasAccount && (
        <JoinForm token={token} email={invitation.email} onJoined={onJoined} />
      )}
    </section>
  );
}

function JoinForm({
  token,
  email,
  onJoined,
}: {
  token: string;
  email: string;
  onJoined: (claimId: string) => Promise<void>;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get("name")).trim();
    const password = String(form.get("password"));
    setFailure(null);
    const wrong = passwordText(passwordProblem(password, email), password);
    setProblem(wrong);
    if (wrong) {
      document.getElementById("join-password")?.focus();
      return;
    }
    setBusy(true);
    const answer = await authCall("/auth/register-invited", { token, name, password, mode: "cookie" });
    if (answer.ok && typeof answer.body.claimId === "string") {
      await onJoined(answer.body.claimId);
      return;
    }
    setBusy(false);
    setFailure(reasonOf(answer));
  }

  return (
    <section aria-labelledby="join-title" class="join">
      <h2 id="join-title">{t("endorse.join.title")}</h2>
      <p>{t("endorse.join.lead")}</p>
      <form onSubmit={(event) => void onSubmit(event)}>
        <div class="field">
          <label for="join-email">{t("endorse.join.email")}</label>
          <input
            id="join-email"
            type="email"
            value={email}
            readOnly
            maxLength={EMAIL_MAX}
            autoComplete="username"
            aria-describedby="join-email-help"
          />
          <p class="hint" id="join-email-help">
            {t("endorse.join.email.help")}
          </p>
        </div>
        <div class="field">
          <label for="join-name">{t("endorse.join.name")}</label>
          <input
            id="join-name"
            name="name"
            autoComplete="name"
            required
            maxLength={NAME_MAX}
            aria-describedby="join-name-help"
          />
          <p class="hint" id="join-name-help">
            {t("endorse.join.name.help")}
          </p>
        </div>
        <NewPasswordField
          id="join-password"
          label={t("endorse.join.password")}
          problem={problem}
          onInput={() => setProblem(null)}
        />
        <button type="submit" disabled={busy}>
          {busy ? t("endorse.join.busy") : t("endorse.join.submit")}
        </button>
      </form>
      {failure && <p role="alert">{t("endorse.join.failed", { reason: failure })}</p>}
    </section>
  );
}

/** A claim someone else made, for whoever may read it; the form for those asked to endorse. */
export function EndorseClaim({
  claim,
  me,
  reload,
}: {
  claim: FoundClaim;
  me: Me | null;
  reload: () => Promise<void>;
}) {
  const own = me ? claim.endorsements.filter((e) => e.endorserId === me.id) : [];
  const mine = own.find((e) => e.status === "ACTIVE");
  // The latest one taken back, shown as such while no new one replaced it.
  const withdrawn = mine ? undefined : own.filter((e) => e.status === "WITHDRAWN").at(-1);
  const [done, setDone] = useState(false);
  const [withdrawnNow, setWithdrawnNow] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const withdrawnNotice = useRef<HTMLParagraphElement>(null);
  // Asked and not yet answered: the page is about endorsing, the claim comes second.
  const asking = claim.invitedToEndorse && !mine && !withdrawn && undecided(claim.status);
  useEffect(() => {
    if (done) heading.current?.focus();
  }, [done]);
  useEffect(() => {
    if (withdrawnNow) withdrawnNotice.current?.focus();
  }, [withdrawnNow]);

  return (
    <article class="claim-page" aria-labelledby="claim-title">
      <h1 id="claim-title" tabIndex={-1} ref={heading}>
        {asking ? t("endorse.title", { name: claim.learnerName }) : claim.title}
      </h1>
      {done && (
        <p role="status" class="success">
          <span aria-hidden="true">✓ </span>
          {t("endorse.thanks", { name: claim.learnerName })}
        </p>
      )}
      {asking && <p>{t("endorse.lead", { name: claim.learnerName })}</p>}
      <section aria-labelledby={asking ? "claim-about" : "claim-title"}>
        {asking && <h2 id="claim-about">{claim.title}</h2>}
        <ClaimState claim={claim} />
        <ClaimFacts claim={claim} />
        <h3>{t("claim.narrative")}</h3>
        <p class="description">{claim.narrative}</p>
        <h3>{t("badge.evidence")}</h3>
        <EvidenceList evidence={claim.evidence} />
      </section>
      {withdrawnNow && (
        <p role="status" class="success" tabIndex={-1} ref={withdrawnNotice}>
          {t("endorse.withdrawn")}
        </p>
      )}
      {withdrawn && (
        <section aria-labelledby="endorse-withdrawn">
          <h2 id="endorse-withdrawn">{t("endorse.withdrawn.title")}</h2>
          <EndorsementItem endorsement={withdrawn} />
        </section>
      )}
      {mine ? (
        <section aria-labelledby="endorse-yours">
          <h2 id="endorse-yours">{t("endorse.yours")}</h2>
          <EndorsementItem endorsement={mine} />
          {undecided(claim.status) && (
            <WithdrawEndorsement
              endorsementId={mine.id}
              learnerName={claim.learnerName}
              onWithdrawn={async () => {
                setDone(false);
                await reload();
                setWithdrawnNow(true);
              }}
            />
          )}
        </section>
      ) : !claim.invitedToEndorse ? (
        me && <p>{t("endorse.notInvited")}</p>
      ) : !undecided(claim.status) ? (
        <p>{t("endorse.decided")}</p>
      ) : (
        <EndorseForm
          claim={claim}
          onDone={async () => {
            await reload();
            setDone(true);
          }}
        />
      )}
    </article>
  );
}

/** "Withdraw my endorsement", after a confirmation; errors stay beside it. */
function WithdrawEndorsement({
  endorsementId,
  learnerName,
  onWithdrawn,
}: {
  endorsementId: string;
  learnerName: string;
  onWithdrawn: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  // The button that asked is gone: the keyboard goes on from the one that confirms.
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);

  async function withdraw(): Promise<void> {
    setSending(true);
    setError(null);
    try {
      await request(WITHDRAW_ENDORSEMENT, { id: endorsementId });
      await onWithdrawn();
    } catch (caught) {
      setError(errorText(caught));
      setSending(false);
    }
  }

  return (
    <div class="danger withdraw-endorsement">
      <h3 id="endorse-withdraw">{t("endorse.withdraw.title")}</h3>
      <p>{t("endorse.withdraw.help")}</p>
      {confirming ? (
        <>
          <p>{t("endorse.withdraw.confirm.question", { name: learnerName })}</p>
          <div class="row">
            <button type="button" class="danger" ref={confirm} disabled={sending} onClick={() => void withdraw()}>
              {sending ? t("endorse.withdraw.busy") : t("endorse.withdraw.confirm")}
            </button>
            <button type="button" class="secondary" disabled={sending} onClick={() => setConfirming(false)}>
              {t("endorse.withdraw.cancel")}
            </button>
          </div>
        </>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {t("endorse.withdraw")}
        </button>
      )}
      {error && (
        <p role="alert" class="file-error">
          {t("error.generic", { message: error })}
        </p>
      )}
    </div>
  );
}

export function EndorseForm({ claim, onDone }: { claim: FoundClaim; onDone: () => Promise<void> }) {
  const [relationship, setRelationship] = useState<Relationship | null>(null);
  const [testimonial, setTestimonial] = useState("");
  const [observed, setObserved] = useState("");
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [note, setNote] = useState("");
  const [sending, setSending] = useState(false);
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function endorse(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    if (!relationship) {
      setError(t("endorse.relationship.missing"));
      return;
    }
    setSending(true);
    try {
      const assessment = Object.entries(levels).map(([criterionId, level]) => ({ criterionId, level }));
      await request(ENDORSE, {
        claimId: claim.id,
        relationship,
        testimonial: testimonial.trim(),
        observed: observed.trim(),
        assessment: assessment.length ? assessment : null,
      });
      await onDone();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSending(false);
    }
  }

  async function askForEvidence(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      await request(ASK_FOR_EVIDENCE, { claimId: claim.id, note: note.trim() });
      setAsked(true);
      setNote("");
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <section aria-labelledby="endorse-form-title" class="claim-form">
      <h2 id="endorse-form-title">{t("endorse.form")}</h2>
      <form onSubmit={(event) => void endorse(event)}>
        <fieldset class="visibility">
          <legend>{t("endorse.relationship", { name: claim.learnerName })}</legend>
          {RELATIONSHIPS.map((choice) => (
            <div class="choice" key={choice}>
              <label class="check">
                <input
                  type="radio"
                  name="relationship"
                  value={choice}
                  required
                  checked={relationship === choice}
                  aria-describedby={`relationship-${choice}-help`}
                  onChange={() => setRelationship(choice)}
                />
                {t(`endorse.relationship.${choice}`)}
              </label>
              <p class="hint" id={`relationship-${choice}-help`}>
                {t(`endorse.relationship.${choice}.help`)}
              </p>
            </div>
          ))}
        </fieldset>
        <label>
          {t("endorse.testimonial")}
          <textarea
            name="testimonial"
            required
            rows={5}
            maxLength={5000}
            aria-describedby="endorse-testimonial-help"
            value={testimonial}
            onInput={(e) => setTestimonial((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <p class="hint field-hint" id="endorse-testimonial-help">
          {t("endorse.testimonial.help", { name: claim.learnerName })}
        </p>
        <label>
          {t("endorse.observed")}
          <textarea
            name="observed"
            rows={3}
            maxLength={5000}
            aria-describedby="endorse-observed-help"
            value={observed}
            onInput={(e) => setObserved((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <p class="hint field-hint" id="endorse-observed-help">
          {t("endorse.observed.help")}
        </p>
        {claim.rubric.length > 0 && (
          <fieldset class="evidence">
            <legend>{t("endorse.rubric")}</legend>
            <p class="hint">{t("endorse.rubric.help")}</p>
            {claim.rubric.map((criterion) => (
              <div key={criterion.id} class="criterion">
              <label>
                {criterion.name}
                <select
                  aria-describedby={criterion.description ? `criterion-${criterion.id}-help` : undefined}
                  value={String(levels[criterion.id] ?? "")}
                  onChange={(e) => {
                    const value = Number((e.currentTarget as HTMLSelectElement).value);
                    setLevels((all) => {
                      const next = { ...all };
                      if (value) next[criterion.id] = value;
                      else delete next[criterion.id];
                      return next;
                    });
                  }}
                >
                  <option value="">{t("endorse.rubric.none")}</option>
                  {criterion.levels.map((descriptor, index) => (
                    <option key={index} value={index + 1}>
                      {t("endorse.rubric.level", { level: index + 1, descriptor })}
                    </option>
                  ))}
                </select>
              </label>
              {criterion.description && (
                <p class="hint" id={`criterion-${criterion.id}-help`}>
                  {criterion.description}
                </p>
              )}
              </div>
            ))}
          </fieldset>
        )}
        {error && (
          <p role="alert" class="file-error">
            {t("error.generic", { message: error })}
          </p>
        )}
        <p>
          <button type="submit" disabled={sending}>
            {t("endorse.submit", { name: claim.learnerName })}
          </button>
        </p>
      </form>
      <details>
        <summary>{t("endorse.askEvidence")}</summary>
        <form onSubmit={(event) => void askForEvidence(event)}>
          <label>
            {t("endorse.askEvidence.note")}
            <textarea
              required
              rows={3}
              maxLength={2000}
              value={note}
              onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <p>
            <button type="submit" class="secondary">
              {t("endorse.askEvidence.submit")}
            </button>
          </p>
        </form>
        <p role="status" class="meta">
          {asked && t("endorse.askEvidence.sent", { name: claim.learnerName })}
        </p>
      </details>
    </section>
  );
}
