import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { ForYouQuery } from "../gql/graphql";
import { useMe } from "../people/session";

const FOR_YOU = graphql(`
  query ForYou {
    recommendations(first: 6) {
      opportunity {
        id
        title
        startsAt
        organisation {
          name
        }
      }
      reasons {
        why
        because
      }
    }
  }
`);

type Recommendations = ForYouQuery["recommendations"];

/** A signed-in learner's recommendations, each with why; nothing for anyone else. */
export function ForYou() {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<Recommendations | null | undefined>(undefined);
  useEffect(() => {
    if (!me) return;
    request(FOR_YOU, {})
      .then((data) => setFound(data.recommendations))
      // A failure here never breaks the page it sits on: the section just stays away.
      .catch(() => setFound(null));
  }, [me?.id]);
  if (!me || found === null) return null;
  return (
    <section class="for-you" aria-labelledby="for-you-title">
      <h2 id="for-you-title">{t("forYou.title")}</h2>
      <p class="hint">{t("forYou.lead")}</p>
      {found === undefined && <p role="status">{t("forYou.loading")}</p>}
      {found?.length === 0 && <p>{t("forYou.none")}</p>}
      {found && found.length > 0 && (
        <ol class="results">
          {found.map(({ opportunity, reasons }) => (
            <li key={opportunity.id}>
              <article>
                <h3>
                  <a href={`/opportunities/${opportunity.id}`}>{opportunity.title}</a>
                </h3>
                <p class="meta">
                  {t("opportunity.by", { organisation: opportunity.organisation.name })}
                  {" · "}
                  {t("opportunity.starts", { date: formatDate(opportunity.startsAt) })}
                </p>
                <ul class="reasons">
                  {reasons.map((reason) => (
                    <li key={`${reason.why}-${reason.because}`}>
                      {t(`forYou.${reason.why}` as MessageKey, { name: reason.because })}
                    </li>
                  ))}
                </ul>
              </article>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
