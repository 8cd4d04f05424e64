// The staff side's front door: every organisation and university the person has a role at,
// with the pages each role works in; for platform admins, adding universities and their people.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import { useMe } from "../people/session";
import "./organisations.css";
import { peopleLinks, type UniversityLink } from "./university";
import { type Body, bodiesOf, PLATFORM_LINKS } from "./work";

const WORK = graphql(`
  query Work {
    me {
      id
      memberships {
        role
        bodyId
        bodyName
        bodyKind
        bodyStatus
        reviewsClaims
      }
    }
  }
`);

const UNIVERSITIES = graphql(`
  query PlatformUniversities {
    universities {
      id
      name
    }
  }
`);

const QUEUE_SIZE = graphql(`
  query ReviewQueueSize($issuerId: ID!) {
    reviewQueue(issuerId: $issuerId, first: 1) {
      totalCount
    }
  }
`);

/** How many claims wait for the body's decision, said inside its link; nothing until known
 * (or when it cannot be read: the queue page says why). */
function QueueSize({ issuerId }: { issuerId: string }) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    void request(QUEUE_SIZE, { issuerId })
      .then((data) => setCount(data.reviewQueue.totalCount))
      .catch(() => setCount(null));
  }, [issuerId]);
  return count === null ? null : <> ({t("work.reviews.count", { count })})</>;
}

/** The platform admin's part: add a university, and each university's people page (where
 * its first moderator is appointed: platform admins hold no role there themselves). */
function PlatformWork() {
  const [universities, setUniversities] = useState<UniversityLink[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void request(UNIVERSITIES, {})
      .then((data) => setUniversities(peopleLinks(data.universities)))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, []);
  return (
    <article aria-labelledby="platform-work" class="platform-work">
      <h2 id="platform-work">{t("work.platform")}</h2>
      <p class="meta">{t("work.platformLead")}</p>
      <ul class="work-links">
        {PLATFORM_LINKS.map((link) => (
          <li key={link.href}>
            <a href={link.href}>{t(link.label)}</a>
          </li>
        ))}
      </ul>
      <h3 id="platform-universities">{t("work.universities")}</h3>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {universities === null && !error && <p role="status">{t("org.loading")}</p>}
      {universities?.length === 0 && <p>{t("work.noUniversities")}</p>}
      {universities && universities.length > 0 && (
        <ul class="work-links" aria-labelledby="platform-universities">
          {universities.map((u) => (
            <li key={u.id}>
              <a href={u.href}>{t("work.peopleOf", { university: u.name })}</a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function WorkHub() {
  useLocale();
  const me = useMe();
  const [bodies, setBodies] = useState<Body[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    void request(WORK, {})
      .then((data) => setBodies(bodiesOf(data.me?.memberships ?? [])))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [me?.id]);

  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/work">{t("work.signIn")}</a>
      </p>
    );
  }
  return (
    <section aria-labelledby="work-title" class="work">
      <h1 id="work-title">{t("work.title")}</h1>
      <p role="status">{bodies === null && !error ? t("org.loading") : ""}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {me?.platformAdmin && <PlatformWork />}
      {bodies && bodies.length === 0 && !me?.platformAdmin && <p>{t("work.none")}</p>}
      <ul class="results">
        {bodies?.map((body) => (
          <li key={body.id}>
            <article aria-labelledby={`body-${body.id}`}>
              <h2 id={`body-${body.id}`}>{body.name}</h2>
              <p class="meta">
                {t(body.kind === "Organisation" ? "work.organisation" : "work.university")} ·{" "}
                {body.roles.map((role) => t(`org.role.${role}` as MessageKey)).join(", ")}
                {body.status && body.status !== "APPROVED" && (
                  <> · {t(`org.status.${body.status}` as MessageKey)}</>
                )}
              </p>
              <ul class="work-links">
                {body.links.map((link) => (
                  <li key={link.href}>
                    <a href={link.href}>
                      {t(link.label)}
                      {link.label === "work.reviews" && <QueueSize issuerId={body.id} />}
                    </a>
                  </li>
                ))}
              </ul>
            </article>
          </li>
        ))}
      </ul>
      <p>
        <a href="/organisations/apply">{t("work.apply")}</a>
      </p>
    </section>
  );
}
