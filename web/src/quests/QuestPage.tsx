// /quests/{id}: one quest, and what the viewer may do with it now: offer help or withdraw,
// (the giver) accept an offer, close, mark done with a testimonial; report it (others).
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { QuestPageQuery, Relationship } from "../gql/graphql";
import { OpportunityMap } from "../opportunities/OpportunityMap";
import { useMe } from "../people/session";
import { questWhen } from "./QuestItem";
import { questActions } from "./quests";
import "./quests.css";

const QUEST_PAGE = graphql(`
  query QuestPage($id: ID!) {
    quest(id: $id) {
      id
      title
      description
      domain
      status
      startsAt
      expiresAt
      createdAt
      area {
        latitude
        longitude
      }
      areaName
      location {
        latitude
        longitude
      }
      address
      giverName
      mine
      myOffer {
        id
        helperName
        message
        status
        offeredAt
      }
      helperName
      offers {
        id
        helperName
        message
        status
        offeredAt
      }
      claimId
      universityName
    }
  }
`);

const OFFER_HELP = graphql(`
  mutation OfferHelp($questId: ID!, $message: String!) {
    offerHelp(questId: $questId, message: $message) {
      id
    }
  }
`);
const WITHDRAW_OFFER = graphql(`
  mutation WithdrawOffer($questId: ID!) {
    withdrawOffer(questId: $questId) {
      id
    }
  }
`);
const ACCEPT_HELPER = graphql(`
  mutation AcceptHelper($questId: ID!, $offerId: ID!) {
    acceptHelper(questId: $questId, offerId: $offerId) {
      id
    }
  }
`);
const COMPLETE_QUEST = graphql(`
  mutation CompleteQuest($questId: ID!, $testimonial: String!, $relationship: Relationship!) {
    completeQuest(questId: $questId, testimonial: $testimonial, relationship: $relationship) {
      id
    }
  }
`);
const CLOSE_QUEST = graphql(`
  mutation CloseQuest($questId: ID!) {
    closeQuest(questId: $questId) {
      id
    }
  }
`);
const REPORT_QUEST = graphql(`
  mutation ReportQuest($questId: ID!, $reason: String!) {
    reportQuest(questId: $questId, reason: $reason)
  }
`);

type Quest = NonNullable<QuestPageQuery["quest"]>;
const RELATIONSHIPS = ["PEER", "OTHER"] as const satisfies readonly Relationship[];

export function QuestPage({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [quest, setQuest] = useState<Quest | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    try {
      const data = await request(QUEST_PAGE, { id });
      setQuest(data.quest ?? null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [id, Boolean(me)]);

  /** Runs a mutation, then shows the quest as it now is and says what happened. */
  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
      await load();
      setNotice(done);
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }

  if (me === undefined) return <p role="status">{t("quest.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/quests/${id}`}>{t("quest.signIn")}</a>
      </p>
    );
  }
  if (quest === undefined) {
    return error ? <p role="alert">{t("error.generic", { message: error })}</p> : <p role="status">{t("quest.loading")}</p>;
  }
  if (quest === null) {
    return (
      <section aria-labelledby="quest-title">
        <h1 id="quest-title">{t("quest.notFound")}</h1>
        {/* Reporting hides the quest from the reporter at once: say it worked. */}
        {notice && <p role="status">{notice}</p>}
        <p>
          <a href="/quests">{t("quest.back")}</a>
        </p>
      </section>
    );
  }

  const actions = questActions(quest);
  const helper = quest.helperName ?? "";
  const point = quest.location ?? quest.area;

  return (
    <section aria-labelledby="quest-title" class="quest-page">
      <p>
        <a href="/quests">{t("quest.back")}</a>
      </p>
      <h1 id="quest-title">{quest.title}</h1>
      <p>
        <span class={`quest-status quest-status-${quest.status.toLowerCase()}`}>
          {t("quest.status", { status: t(`quest.status.${quest.status}`) })}
        </span>
      </p>
      <p class="meta">
        {t("quests.by", { name: quest.giverName })} · {t(`domain.${quest.domain}`)}
      </p>
      <p class="meta">
        {questWhen(quest)}
        {quest.startsAt && ` · ${t("quest.expires", { date: formatDate(quest.expiresAt) })}`}
      </p>
      <p class="meta">{t("quest.community", { university: quest.universityName })}</p>
      <p class="description">{quest.description}</p>
      <StateMessage quest={quest} />
      <p role="status">{notice ?? ""}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <p>{t("quest.area", { area: quest.areaName })}</p>
      {quest.address ? (
        <p class="quest-address">
          <strong>{t("quest.address", { address: quest.address })}</strong>
        </p>
      ) : (
        !quest.mine && quest.status === "OPEN" && <p class="hint">{t("quest.addressHidden")}</p>
      )}
      <OpportunityMap places={[]} near={point} label={t("quest.mapLabel")} />

      {actions.offer && (
        <OfferForm
          giver={quest.giverName}
          busy={busy}
          onOffer={(message) =>
            act(() => request(OFFER_HELP, { questId: quest.id, message }), t("quest.offered", { name: quest.giverName }))
          }
        />
      )}
      {quest.myOffer && !quest.mine && (
        <p>{t("quest.yourOffer", { status: t(`quest.offer.${quest.myOffer.status}`) })}</p>
      )}
      {actions.withdraw && (
        <p>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => void act(() => request(WITHDRAW_OFFER, { questId: quest.id }), t("quest.withdrawn"))}
          >
            {t("quest.withdraw")}
          </button>
        </p>
      )}
      {quest.mine && (
        <section aria-labelledby="offers-title">
          <h2 id="offers-title">{t("quest.offers")}</h2>
          {quest.offers.length === 0 && <p>{t("quest.noOffers")}</p>}
          <ul class="offers">
            {quest.offers.map((offer) => (
              <li key={offer.id}>
                <span>
                  <strong>{t("quest.offerBy", { name: offer.helperName, date: formatDate(offer.offeredAt) })}</strong>
                  {" · "}
                  {t(`quest.offer.${offer.status}`)}
                </span>
                {offer.message && <span class="description">{offer.message}</span>}
                {actions.accept && offer.status === "PENDING" && (
                  <span>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        void act(
                          () => request(ACCEPT_HELPER, { questId: quest.id, offerId: offer.id }),
                          t("quest.accepted", { name: offer.helperName }),
                        )
                      }
                    >
                      {t("quest.accept", { name: offer.helperName })}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {actions.complete && (
        <CompleteForm
          helper={helper}
          busy={busy}
          onComplete={(testimonial, relationship) =>
            act(
              () => request(COMPLETE_QUEST, { questId: quest.id, testimonial, relationship }),
              t("quest.marked", { name: helper }),
            )
          }
        />
      )}
      {actions.close && (
        <p>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => void act(() => request(CLOSE_QUEST, { questId: quest.id }), t("quest.closed"))}
          >
            {t("quest.close")}
          </button>
        </p>
      )}
      {actions.report && (
        <ReportForm
          busy={busy}
          onReport={(reason) => act(() => request(REPORT_QUEST, { questId: quest.id, reason }), t("quest.reported"))}
        />
      )}
    </section>
  );
}

/** What the quest's state means for this viewer, in one sentence (and the helper's claim). */
function StateMessage({ quest }: { quest: Quest }) {
  const helper = quest.myOffer?.status === "ACCEPTED";
  const name = quest.helperName ?? "";
  let text: string | null = null;
  if (quest.status === "ACCEPTED" && quest.mine) text = t("quest.state.ACCEPTED.giver", { name });
  else if (quest.status === "ACCEPTED" && helper) text = t("quest.state.ACCEPTED.helper");
  else if (quest.status === "ACCEPTED" && !quest.mine) text = t("quest.state.taken");
  else if (quest.status === "DONE" && quest.mine) text = t("quest.state.DONE.giver", { name });
  else if (quest.status === "DONE" && helper) text = t("quest.state.DONE.helper");
  else if (quest.status === "DONE") text = t("quest.state.DONE.other");
  else if (quest.status === "HIDDEN") text = t("quest.state.HIDDEN");
  else if (quest.status === "EXPIRED") text = t("quest.state.EXPIRED");
  else if (quest.status === "CLOSED") text = t("quest.state.CLOSED");
  if (!text) return null;
  return (
    <div class="quest-state">
      <p>{text}</p>
      {quest.status === "DONE" && helper && quest.claimId && (
        <p>
          <a href={`/claims/${quest.claimId}`}>{t("quest.claim")}</a>
        </p>
      )}
      {quest.helperName && quest.mine && quest.status !== "DONE" && <p>{t("quest.helper", { name })}</p>}
    </div>
  );
}

function OfferForm({
  giver,
  busy,
  onOffer,
}: {
  giver: string;
  busy: boolean;
  onOffer: (message: string) => Promise<boolean>;
}) {
  const [message, setMessage] = useState("");
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void onOffer(message.trim()).then((ok) => ok && setMessage(""));
      }}
    >
      <fieldset>
        <legend>{t("quest.offerTitle")}</legend>
        <div class="field">
          <label for="offer-message">{t("quest.message", { name: giver })}</label>
          <textarea
            id="offer-message"
            rows={3}
            maxLength={1000}
            value={message}
            onInput={(event) => setMessage((event.currentTarget as HTMLTextAreaElement).value)}
          />
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {t("quest.offer")}
          </button>
        </p>
      </fieldset>
    </form>
  );
}

function CompleteForm({
  helper,
  busy,
  onComplete,
}: {
  helper: string;
  busy: boolean;
  onComplete: (testimonial: string, relationship: Relationship) => Promise<boolean>;
}) {
  const [testimonial, setTestimonial] = useState("");
  const [relationship, setRelationship] = useState<Relationship>("PEER");
  const [problem, setProblem] = useState(false);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!testimonial.trim()) {
          setProblem(true);
          document.getElementById("quest-testimonial")?.focus();
          return;
        }
        void onComplete(testimonial.trim(), relationship);
      }}
    >
      <fieldset>
        <legend>{t("quest.doneTitle")}</legend>
        <div class="field">
          <label for="quest-testimonial">{t("quest.testimonial", { name: helper })}</label>
          <textarea
            id="quest-testimonial"
            rows={4}
            maxLength={2000}
            value={testimonial}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "testimonial-problem" : undefined}
            onInput={(event) => {
              setTestimonial((event.currentTarget as HTMLTextAreaElement).value);
              setProblem(false);
            }}
          />
          {problem && (
            <p class="problem" id="testimonial-problem">
              {t("quest.testimonialNeeded")}
            </p>
          )}
        </div>
        <div class="field">
          <label for="quest-relationship">{t("quest.relationship")}</label>
          <select
            id="quest-relationship"
            value={relationship}
            onChange={(event) => setRelationship((event.currentTarget as HTMLSelectElement).value as Relationship)}
          >
            {RELATIONSHIPS.map((r) => (
              <option key={r} value={r}>
                {t(`quest.relationship.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {t("quest.done")}
          </button>
        </p>
      </fieldset>
    </form>
  );
}

function ReportForm({ busy, onReport }: { busy: boolean; onReport: (reason: string) => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState(false);
  if (!open) {
    return (
      <p>
        <button type="button" class="secondary" onClick={() => setOpen(true)}>
          {t("quest.report")}
        </button>
      </p>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason.trim()) {
          setProblem(true);
          document.getElementById("report-reason")?.focus();
          return;
        }
        void onReport(reason.trim());
      }}
    >
      <fieldset>
        <legend>{t("quest.report")}</legend>
        <div class="field">
          <label for="report-reason">{t("quest.reportReason")}</label>
          <textarea
            id="report-reason"
            rows={2}
            maxLength={500}
            value={reason}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "report-problem" : undefined}
            onInput={(event) => {
              setReason((event.currentTarget as HTMLTextAreaElement).value);
              setProblem(false);
            }}
          />
          {problem && (
            <p class="problem" id="report-problem">
              {t("quest.reportNeeded")}
            </p>
          )}
        </div>
        <p>
          <button type="submit" class="danger" disabled={busy}>
            {t("quest.reportSend")}
          </button>
        </p>
      </fieldset>
    </form>
  );
}
