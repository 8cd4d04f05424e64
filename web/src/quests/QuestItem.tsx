// One quest in a listing: its public area, never its address, and who asks.
import { formatDate, formatDistance, t } from "../core/i18n";
import type { Domain } from "../gql/graphql";
import "./quests.css";

/** When a quest wants help, in words: its time, or any time before it expires. */
export function questWhen(quest: { startsAt?: string | null; expiresAt: string }): string {
  return quest.startsAt
    ? t("quests.when", { date: formatDate(quest.startsAt) })
    : t("quests.anyTime", { date: formatDate(quest.expiresAt) });
}

interface Listed {
  id: string;
  title: string;
  domain: Domain;
  startsAt?: string | null;
  expiresAt: string;
  areaName: string;
  giverName: string;
}

export function QuestItem({ quest, distanceKm }: { quest: Listed; distanceKm: number | null }) {
  return (
    <article class="quest-item">
      <p class="tag">{t("quests.kind")}</p>
      <h2>
        <a href={`/quests/${quest.id}`}>{quest.title}</a>
      </h2>
      <p class="meta">
        {t("quests.in", { area: quest.areaName })}
        {distanceKm != null && ` · ${t("quests.distance", { distance: formatDistance(distanceKm) })}`}
        {" · "}
        {t(`domain.${quest.domain}`)}
      </p>
      <p class="meta">
        {questWhen(quest)} · {t("quests.by", { name: quest.giverName })}
      </p>
    </article>
  );
}
