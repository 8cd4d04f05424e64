// The "Reported quests" section of a university's moderation page: quests hidden by a report,
// each restored to open or closed by a moderator.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { ReportedQuestsQuery } from "../gql/graphql";
import "./quests.css";

const REPORTED_QUESTS = graphql(`
  query ReportedQuests($universityId: ID!) {
    reportedQuests(universityId: $universityId) {
      id
      title
      description
      areaName
      giverName
      createdAt
    }
  }
`);

const REVIEW_REPORTED_QUEST = graphql(`
  mutation ReviewReportedQuest($questId: ID!, $restore: Boolean!) {
    reviewReportedQuest(questId: $questId, restore: $restore) {
      id
      status
    }
  }
`);

type Reported = ReportedQuestsQuery["reportedQuests"][number];

export function ReportedQuests({ universityId }: { universityId: string }) {
  useLocale();
  const [quests, setQuests] = useState<Reported[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    try {
      setQuests((await request(REPORTED_QUESTS, { universityId })).reportedQuests);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    void load();
  }, [universityId]);

  async function review(quest: Reported, restore: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await request(REVIEW_REPORTED_QUEST, { questId: quest.id, restore });
      setNotice(t(restore ? "reportedQuests.restored" : "reportedQuests.closedDone", { title: quest.title }));
      await load();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="reported-quests" class="reported-quests">
      <h2 id="reported-quests">{t("reportedQuests.title")}</h2>
      <p role="status">{notice ?? ""}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {quests && quests.length === 0 && <p>{t("reportedQuests.none")}</p>}
      <ul class="results">
        {quests?.map((quest) => (
          <li key={quest.id}>
            <article aria-labelledby={`quest-${quest.id}`}>
              <h3 id={`quest-${quest.id}`}>
                <a href={`/quests/${quest.id}`}>{quest.title}</a>
              </h3>
              <p class="meta">
                {t("quests.by", { name: quest.giverName })} · {quest.areaName} · {formatDate(quest.createdAt)}
              </p>
              <p class="description">{quest.description}</p>
              <div class="row">
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`${t("reportedQuests.restore")}: ${quest.title}`}
                  onClick={() => void review(quest, true)}
                >
                  {t("reportedQuests.restore")}
                </button>
                <button
                  type="button"
                  class="secondary"
                  disabled={busy}
                  aria-label={`${t("reportedQuests.close")}: ${quest.title}`}
                  onClick={() => void review(quest, false)}
                >
                  {t("reportedQuests.close")}
                </button>
              </div>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
