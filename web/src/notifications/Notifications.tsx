import { formatDate, locale, t, useLocale } from "../core/i18n";
import { useMe } from "../people/session";
import { kindTitle, notificationUrl } from "./kinds";
import { markAllRead, markRead, unread, useNotifications } from "./live";
import { Preferences } from "./Preferences";
import { PushDevice } from "./PushDevice";

function data(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** The bell in the header: the unread count, live. */
export function Bell() {
  useLocale();
  const count = unread(useNotifications());
  return (
    <a href="/notifications" class="bell" aria-label={t("notifications.bell", { count })}>
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span class="count" aria-hidden="true">
          {count}
        </span>
      )}
    </a>
  );
}

export function NotificationsPage() {
  useLocale();
  const me = useMe();
  const list = useNotifications();
  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/notifications">{t("notifications.signIn")}</a>
      </p>
    );
  }
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t("notifications.title")}</h1>
      {unread(list) > 0 && (
        <button type="button" onClick={() => void markAllRead()}>
          {t("notifications.markAll")}
        </button>
      )}
      {list.length === 0 && <p>{t("notifications.none")}</p>}
      <ul class="results">
        {list.map((n) => {
          const fields = data(n.data);
          return (
            <li key={n.id}>
              <article class={n.readAt ? "read" : "unread"}>
                <h2>
                  <a href={notificationUrl(fields)}>{kindTitle(n.kind, locale())}</a>
                </h2>
                <p class="meta">
                  {typeof fields.title === "string" ? `${fields.title} · ` : ""}
                  {formatDate(n.createdAt)}
                  {!n.readAt && ` · ${t("notifications.unread")}`}
                </p>
                {!n.readAt && (
                  <button type="button" onClick={() => void markRead(n.id)}>
                    {t("notifications.markRead")}
                  </button>
                )}
              </article>
            </li>
          );
        })}
      </ul>
      {me && <PushDevice />}
      {me && <Preferences />}
    </section>
  );
}
