import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { locale, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { NotificationPreferencesQuery } from "../gql/graphql";
import { kindTitle } from "./kinds";

const PREFERENCES = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      inApp
      push
      email
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {
    updateNotificationPreferences(preferences: $preferences) {
      kind
      inApp
      push
      email
    }
  }
`);

type Preference = NotificationPreferencesQuery["notificationPreferences"][number];
type Channel = "inApp" | "push" | "email";
const CHANNELS: readonly Channel[] = ["inApp", "push", "email"];

/** Per kind and channel: in the app, by push, by e-mail; each change saved at once. */
export function Preferences() {
  useLocale();
  const [rows, setRows] = useState<Preference[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    request(PREFERENCES, {})
      .then((data) => setRows(data.notificationPreferences))
      .catch((caught: unknown) =>
        setNotice(t("error.generic", { message: caught instanceof Error ? caught.message : "" })),
      );
  }, []);

  async function change(kind: Preference["kind"], channel: Channel, on: boolean): Promise<void> {
    try {
      const data = await request(UPDATE, { preferences: [{ kind, [channel]: on }] });
      setRows(data.updateNotificationPreferences);
      setNotice(t("preferences.saved"));
    } catch (caught) {
      setNotice(t("error.generic", { message: caught instanceof Error ? caught.message : "" }));
    }
  }

  if (rows === null) return notice ? <p role="alert">{notice}</p> : null;
  return (
    <section aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t("preferences.title")}</h2>
      <p role="status">{notice ?? ""}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("preferences.kind")}</th>
              {CHANNELS.map((channel) => (
                <th scope="col" key={channel}>
                  {t(`preferences.${channel}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{kindTitle(row.kind, locale())}</th>
                {CHANNELS.map((channel) => (
                  <td key={channel}>
                    <input
                      type="checkbox"
                      checked={row[channel]}
                      aria-label={`${kindTitle(row.kind, locale())}: ${t(`preferences.${channel}`)}`}
                      onChange={(e) =>
                        void change(row.kind, channel, (e.currentTarget as HTMLInputElement).checked)
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
