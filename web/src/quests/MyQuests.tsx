// /quests/mine: the quests I asked help with, and those I offered to help with, each with
// where it stands (and my offer's answer).
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MyQuestsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { questWhen } from "./QuestItem";
import "./quests.css";

const MY_QUESTS = graphql(`
  query MyQuests {
    posted: myQuests(role: GIVER) {
      id
      title
      status
      areaName
      startsAt
      expiresAt
      helperName
      offers {
        id
      }
    }
    offered: myQuests(role: HELPER) {
      id
      title
      status
      areaName
      startsAt
      expiresAt
      giverName
      myOffer {
        id
        status
      }
    }
  }
`);

export function MyQuests() {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<MyQuestsQuery | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    request(MY_QUESTS, {})
      .then(setData)
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [Boolean(me)]);

  if (me === undefined) return <p role="status">{t("quest.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/quests/mine">{t("myQuests.signIn")}</a>
      </p>
    );
  }
  const status = (s: string) => (
    <span class={`quest-status quest-status-${s.toLowerCase()}`}>{t(`quest.status.${s as "OPEN"}`)}</span>
  );
  return (
    <section aria-labelledby="my-quests-title" class="my-quests">
      <h1 id="my-quests-title">{t("myQuests.title")}</h1>
      <p class="row">
        <a class="button" href="/quests/new">
          {t("quests.new")}
        </a>
        <a href="/quests">{t("quests.link")}</a>
      </p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {!data && !error && <p role="status">{t("quest.loading")}</p>}
      {data && (
        <>
          <section aria-labelledby="posted-title">
            <h2 id="posted-title">{t("myQuests.posted")}</h2>
            {data.posted.length === 0 && <p>{t("myQuests.nonePosted")}</p>}
            <ul class="results">
              {data.posted.map((quest) => (
                <li key={quest.id}>
                  <article>
                    <h3>
                      <a href={`/quests/${quest.id}`}>{quest.title}</a>
                    </h3>
                    <p class="meta">
                      {status(quest.status)} · {quest.areaName} · {questWhen(quest)}
                    </p>
                    <p class="meta">
                      {quest.helperName
                        ? t("quest.helper", { name: quest.helperName })
                        : t("myQuests.offers", { count: quest.offers.length })}
                    </p>
                  </article>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="offered-title">
            <h2 id="offered-title">{t("myQuests.offered")}</h2>
            {data.offered.length === 0 && <p>{t("myQuests.noneOffered")}</p>}
            <ul class="results">
              {data.offered.map((quest) => (
                <li key={quest.id}>
                  <article>
                    <h3>
                      <a href={`/quests/${quest.id}`}>{quest.title}</a>
                    </h3>
                    <p class="meta">
                      {status(quest.status)} · {quest.areaName} · {t("quests.by", { name: quest.giverName })}
                    </p>
                    {quest.myOffer && (
                      <p class="meta">
                        {t("quest.yourOffer", { status: t(`quest.offer.${quest.myOffer.status}`) })}
                      </p>
                    )}
                  </article>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
