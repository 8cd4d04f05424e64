// An organisation's audit trail for those who may read it (its members, its university's
// moderators): closed until asked for, then read once, newest first.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OrganisationAuditTrailQuery } from "../gql/graphql";
import { auditText } from "./audit";

const TRAIL = graphql(`
  query OrganisationAuditTrail($id: ID!) {
    organisationAuditTrail(organisationId: $id) {
      id
      at
      actorName
      action
      detail
    }
  }
`);

// graph/core/audit.py `trail`: the newest 100.
const SHOWN_AT_MOST = 100;

type TrailEvent = OrganisationAuditTrailQuery["organisationAuditTrail"][number];

/** `shown`: the organisation as the page shows it; a new one (after an edit) reads an open
 * trail again, so the change just made is in it. */
export function AuditTrail({ organisationId, shown }: { organisationId: string; shown: unknown }) {
  useLocale();
  const [events, setEvents] = useState<TrailEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);

  async function load(): Promise<void> {
    setError(null);
    try {
      setEvents((await request(TRAIL, { id: organisationId })).organisationAuditTrail);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (asked) void load();
  }, [organisationId, shown]);

  function toggled(event: Event): void {
    // Read on the first opening only; later, when the page's organisation changes.
    if ((event.currentTarget as HTMLDetailsElement).open && !asked) {
      setAsked(true);
      void load();
    }
  }

  return (
    <section aria-labelledby="audit-title" class="audit-trail">
      <h2 id="audit-title">{t("org.audit.title")}</h2>
      <details onToggle={toggled}>
        <summary>{t("org.audit.show")}</summary>
        <p role="status">{asked && events === null && !error ? t("org.audit.loading") : ""}</p>
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
        {events && events.length === 0 && <p>{t("org.audit.none")}</p>}
        {events && events.length > 0 && (
          <ol class="audit-events">
            {events.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{formatDate(e.at)}</time>{" "}
                <span>
                  <strong>{e.actorName ?? t("org.audit.someone")}</strong> {auditText(e, t)}
                </span>
              </li>
            ))}
          </ol>
        )}
        {events && events.length >= SHOWN_AT_MOST && (
          <p class="hint">{t("org.audit.newest", { count: SHOWN_AT_MOST })}</p>
        )}
      </details>
    </section>
  );
}
