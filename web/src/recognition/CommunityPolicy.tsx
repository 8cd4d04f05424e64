// /universities/{id}/community-policy: its curators and moderators see whether the university
// consents to issue learners' own one-off claims once endorsed, under which policy, and record
// or withdraw that consent; and whether it recognises quests (Helping hand), enabling that once.
// The server decides who may (community_policy:set, helping_hand:enable).
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { CommunityPolicyPageQuery, Relationship } from "../gql/graphql";
import { useMe } from "../people/session";
import { PolicyText } from "./ClaimParts";
import { RELATIONSHIPS } from "./claimPresent";
import { policyDraft, policyInput, type PolicyDraft } from "./communityPolicy";
import "./curation.css";

const PAGE = graphql(`
  query CommunityPolicyPage($universityId: ID!) {
    university(id: $universityId) {
      id
      name
      communityPolicy {
        minimum
        relationships
        requireOneOf
        consentedAt
      }
      helpingHandAt
    }
  }
`);

const ENABLE_HELPING_HAND = graphql(`
  mutation EnableHelpingHand($universityId: ID!) {
    enableHelpingHand(universityId: $universityId) {
      id
      helpingHandAt
    }
  }
`);

const SET = graphql(`
  mutation SetCommunityPolicy($universityId: ID!, $policy: CommunityPolicyInput) {
    setCommunityPolicy(universityId: $universityId, policy: $policy) {
      id
    }
  }
`);

type Found = NonNullable<CommunityPolicyPageQuery["university"]>;

function Choices({
  legend,
  name,
  chosen,
  allowed = RELATIONSHIPS,
  onChange,
}: {
  legend: string;
  name: string;
  chosen: readonly Relationship[];
  allowed?: readonly Relationship[];
  onChange: (next: Relationship[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {RELATIONSHIPS.map((r) => (
        <label key={r} class="check">
          <input
            type="checkbox"
            name={name}
            value={r}
            checked={chosen.includes(r)}
            disabled={!allowed.includes(r)}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              onChange(RELATIONSHIPS.filter((x) => (x === r ? on : chosen.includes(x))));
            }}
          />{" "}
          {t(`badge.relationship.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function CommunityPolicy({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<Found | null>(null);
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    try {
      const data = await request(PAGE, { universityId: id });
      if (!data.university) {
        setError(t("communityPolicy.notFound"));
        return;
      }
      setFound(data.university);
      setDraft(policyDraft(data.university.communityPolicy));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [me?.id, id]);

  async function save(policy: ReturnType<typeof policyInput> | null, message: string): Promise<void> {
    if (typeof policy === "string") {
      setProblem(policy);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await request(SET, { universityId: id, policy });
      setNotice(message);
      await load();
    } catch (caught) {
      setProblem(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/universities/${id}/community-policy`}>{t("communityPolicy.signIn")}</a>
      </p>
    );
  }
  const current = found?.communityPolicy ?? null;
  return (
    <section class="curation" aria-labelledby="community-policy-title">
      <h1 id="community-policy-title">{t("communityPolicy.title", { name: found?.name ?? "" })}</h1>
      <p>{t("communityPolicy.lead")}</p>
      <p role="status">{notice ?? (found || error ? "" : t("communityPolicy.loading"))}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {found && draft && (
        <>
          <section aria-labelledby="community-policy-now">
            <h2 id="community-policy-now">{t("communityPolicy.now")}</h2>
            {current ? (
              <div class="community-policy-current">
                <p>{t("communityPolicy.consented", { date: formatDate(current.consentedAt) })}</p>
                <p>
                  <PolicyText policy={current} />
                </p>
                <p>{t("communityPolicy.teachers")}</p>
              </div>
            ) : (
              <p class="community-policy-current">{t("communityPolicy.none")}</p>
            )}
          </section>
          <section aria-labelledby="community-policy-form">
            <h2 id="community-policy-form">
              {current ? t("communityPolicy.change") : t("communityPolicy.record")}
            </h2>
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void save(policyInput(draft), t("communityPolicy.saved"));
              }}
            >
              <label>
                {t("communityPolicy.minimum")}
                <input
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={10}
                  required
                  value={draft.minimum}
                  aria-describedby="community-policy-minimum-help"
                  onInput={(e) => setDraft({ ...draft, minimum: (e.currentTarget as HTMLInputElement).value })}
                />
              </label>
              <p class="hint field-hint" id="community-policy-minimum-help">
                {t("communityPolicy.minimum.help")}
              </p>
              <Choices
                legend={t("communityPolicy.relationships")}
                name="relationships"
                chosen={draft.relationships}
                onChange={(relationships) =>
                  setDraft({
                    ...draft,
                    relationships,
                    requireOneOf: draft.requireOneOf.filter((r) => relationships.includes(r)),
                  })
                }
              />
              <Choices
                legend={t("communityPolicy.requireOneOf")}
                name="requireOneOf"
                chosen={draft.requireOneOf}
                allowed={draft.relationships}
                onChange={(requireOneOf) =>
                  setDraft({ ...draft, requireOneOf: requireOneOf.filter((r) => draft.relationships.includes(r)) })
                }
              />
              {problem && (
                <p role="alert" class="file-error">
                  {t("error.generic", { message: problem })}
                </p>
              )}
              <p class="row">
                <button type="submit" disabled={busy}>
                  {t("communityPolicy.consent")}
                </button>
                {current && (
                  <button
                    type="button"
                    class="danger"
                    disabled={busy}
                    onClick={() => void save(null, t("communityPolicy.withdrawn"))}
                  >
                    {t("communityPolicy.withdraw")}
                  </button>
                )}
              </p>
            </form>
          </section>
          <HelpingHand
            universityId={id}
            universityName={found.name}
            since={found.helpingHandAt ?? null}
            onEnabled={(helpingHandAt) => {
              // Only the answer's date: reloading would reset a policy draft typed but not saved.
              setFound((now) => now && { ...now, helpingHandAt });
              if (helpingHandAt) setNotice(t("communityPolicy.helpingHand.enabled"));
            }}
          />
        </>
      )}
    </section>
  );
}

/** Whether the university recognises quests with its Helping hand badges, and enabling it
 * after a confirmation: its consent in advance, given once and never withdrawn (there is no
 * mutation for that; enabling again changes nothing, so it is not offered). */
function HelpingHand({
  universityId,
  universityName,
  since,
  onEnabled,
}: {
  universityId: string;
  universityName: string;
  since: string | null;
  /** The server's answer: since when it is enabled (null would mean it is not). */
  onEnabled: (helpingHandAt: string | null) => void;
}) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const question = useRef<HTMLHeadingElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  // Where the keyboard goes when the question opens or closes (WCAG 2.4.3).
  const [moveTo, setMoveTo] = useState<"question" | "open" | "heading" | null>(null);
  useEffect(() => {
    if (moveTo === "question") question.current?.focus();
    else if (moveTo === "open") open.current?.focus();
    else if (moveTo === "heading") heading.current?.focus();
    if (moveTo) setMoveTo(null);
  }, [moveTo]);

  async function enable(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const data = await request(ENABLE_HELPING_HAND, { universityId });
      setAsking(false);
      onEnabled(data.enableHelpingHand.helpingHandAt ?? null);
      setMoveTo("heading");
    } catch (caught) {
      setProblem(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="helping-hand-title">
      <h2 id="helping-hand-title" tabIndex={-1} ref={heading}>
        {t("communityPolicy.helpingHand.title")}
      </h2>
      {since ? (
        <p class="community-policy-current">
          {t("communityPolicy.helpingHand.since", { date: formatDate(since) })}
        </p>
      ) : (
        <>
          <p class="community-policy-current">{t("communityPolicy.helpingHand.off")}</p>
          <p id="helping-hand-consent">{t("communityPolicy.helpingHand.consent")}</p>
          {!asking ? (
            <p class="row">
              <button
                type="button"
                ref={open}
                aria-describedby="helping-hand-consent"
                onClick={() => {
                  setAsking(true);
                  setMoveTo("question");
                }}
              >
                {t("communityPolicy.helpingHand.enable")}
              </button>
            </p>
          ) : (
            <div role="group" aria-labelledby="helping-hand-confirm">
              <h3 id="helping-hand-confirm" tabIndex={-1} ref={question}>
                {t("communityPolicy.helpingHand.confirm.title", { name: universityName })}
              </h3>
              <p>{t("communityPolicy.helpingHand.confirm.what")}</p>
              {problem && (
                <p role="alert" class="file-error">
                  {t("error.generic", { message: problem })}
                </p>
              )}
              <p class="row">
                <button type="button" disabled={busy} onClick={() => void enable()}>
                  {t("communityPolicy.helpingHand.confirm")}
                </button>
                <button
                  type="button"
                  class="secondary"
                  disabled={busy}
                  onClick={() => {
                    setAsking(false);
                    setProblem(null);
                    setMoveTo("open");
                  }}
                >
                  {t("communityPolicy.helpingHand.keep")}
                </button>
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
