// One badge class's official validation history (`validationHistory`), behind a disclosure on
// the curation page: read when first opened, and again when the class's decisions change.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { ValidationHistoryQuery } from "../gql/graphql";
import { validationActionKey } from "./validations";

const HISTORY = graphql(`
  query ValidationHistory($id: ID!) {
    validationHistory(badgeClassId: $id) {
      action
      note
      at
      curatorName
    }
  }
`);

function actionText(action: string): string {
  const key = validationActionKey(action);
  return key ? t(key) : action;
}

type Entry = ValidationHistoryQuery["validationHistory"][number];

/** `newest`: the class's newest decision the page knows of (any text that changes with it);
 * a change reads an open history again. */
export function ValidationHistory({ id, name, newest }: { id: string; name: string; newest: string }) {
  useLocale();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);

  async function load(): Promise<void> {
    setError(null);
    try {
      setEntries((await request(HISTORY, { id })).validationHistory);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (asked) void load();
  }, [id, newest]);

  function toggled(event: Event): void {
    if ((event.currentTarget as HTMLDetailsElement).open && !asked) {
      setAsked(true);
      void load();
    }
  }

  return (
    <details class="validation-history" onToggle={toggled}>
      <summary>
        {t("curation.classHistory")}
        <span class="visually-hidden"> ({name})</span>
      </summary>
      <p role="status">{asked && entries === null && !error ? t("curation.classHistory.loading") : ""}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {entries && entries.length === 0 && <p>{t("curation.classHistory.none")}</p>}
      {entries && entries.length > 0 && (
        <ol class="validation-events">
          {entries.map((e, i) => (
            <li key={i}>
              <strong>{actionText(e.action)}</strong>{" "}
              {t("curation.classHistory.by", { curator: e.curatorName })}
              {", "}
              <time dateTime={e.at}>{formatDate(e.at)}</time>
              <br />
              {t("curation.classHistory.reason", { reason: e.note })}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
