// /connected-apps: the apps the learner let into their record, and disconnecting them.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { ConnectedAppsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { scopeWords } from "./scopes";
import "./oauth.css";

const APPS = graphql(`
  query ConnectedApps {
    connectedApps {
      id
      clientName
      clientUri
      redirectHosts
      scopes
      grantedAt
      lastUsedAt
    }
  }
`);

const REVOKE = graphql(`
  mutation RevokeConnectedApp($id: ID!) {
    revokeConnectedApp(id: $id)
  }
`);

type App = ConnectedAppsQuery["connectedApps"][number];

export function ConnectedApps() {
  useLocale();
  const me = useMe();
  const [apps, setApps] = useState<App[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    request(APPS, {})
      .then((data) => setApps(data.connectedApps))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [me?.id]);

  if (me === undefined) return <p role="status">{t("oauth.loading")}</p>;
  if (me === null) {
    return (
      <section aria-labelledby="apps-title" class="oauth">
        <h1 id="apps-title">{t("apps.title")}</h1>
        <p>
          <a href="/sign-in?next=/connected-apps">{t("apps.signIn")}</a>
        </p>
      </section>
    );
  }

  async function revoke(app: App): Promise<void> {
    setBusy(app.id);
    setError(null);
    try {
      await request(REVOKE, { id: app.id });
      setApps((current) => (current ?? []).filter((a) => a.id !== app.id));
      setDone(t("apps.revoked", { client: app.clientName }));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="apps-title" class="oauth">
      <h1 id="apps-title">{t("apps.title")}</h1>
      <p>{t("apps.lead")}</p>
      {apps === null && !error && <p role="status">{t("oauth.loading")}</p>}
      {apps?.length === 0 && <p>{t("apps.none")}</p>}
      {apps && apps.length > 0 && (
        <ul class="oauth-apps">
          {apps.map((app) => (
            <li key={app.id}>
              <h2>{app.clientName}</h2>
              <p>
                {t("apps.granted", { date: formatDate(app.grantedAt) })}
                {app.lastUsedAt && <>, {t("apps.lastUsed", { date: formatDate(app.lastUsedAt) })}</>}
              </p>
              <dl>
                <dt>{t("apps.hosts")}</dt>
                <dd>{app.redirectHosts.join(", ")}</dd>
                <dt>{t("apps.scopes")}</dt>
                <dd>
                  <ul>
                    {app.scopes.map((scope) => (
                      <li key={scope}>{scopeWords(scope)}</li>
                    ))}
                  </ul>
                </dd>
              </dl>
              <button type="button" disabled={busy !== null} onClick={() => void revoke(app)}>
                {busy === app.id ? t("apps.revoking") : t("apps.revoke", { client: app.clientName })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {done && <p role="status">{done}</p>}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </section>
  );
}
