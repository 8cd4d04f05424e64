import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { ForYouQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { SuggestedOpportunities } from "./Suggested";

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

/** A signed-in learner's recommendations, each with why; nothing for anyone else. Those in
 * `shown` (listed elsewhere on the page, as next steps) are left out; while `shown` is
 * undefined (not known yet) nothing is rendered, so no item is shown and then taken away. */
export function ForYou({ shown }: { shown: ReadonlySet<string> | undefined }) {
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
  if (!me || found === null || shown === undefined) return null;
  const items = found
    ?.filter(({ opportunity }) => !shown.has(opportunity.id))
    .map(({ opportunity, reasons }) => ({
      opportunity,
      reasons: reasons.map((reason) => t(`forYou.${reason.why}` as MessageKey, { name: reason.because })),
    }));
  // Every recommendation is already a next step: saying "nothing to recommend" would be untrue.
  if (found && found.length > 0 && items?.length === 0) return null;
  return (
    <SuggestedOpportunities
      id="for-you-title"
      title={t("forYou.title")}
      lead={t("forYou.lead")}
      loading={t("forYou.loading")}
      none={t("forYou.none")}
      items={items}
    />
  );
}
