import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { NextStepsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { SuggestedOpportunities } from "./Suggested";

const NEXT_STEPS = graphql(`
  query NextSteps {
    nextSteps(first: 6) {
      pathway
      opportunity {
        id
        title
        startsAt
        organisation {
          name
        }
      }
    }
  }
`);

type Steps = NextStepsQuery["nextSteps"];

/** Opportunities that continue a pathway the signed-in learner started, each with the
 * pathway it continues; nothing for anyone else. `onListed` hears which it shows, once
 * they are known (none when the question failed). */
export function NextSteps({ onListed }: { onListed?: (ids: ReadonlySet<string>) => void }) {
  useLocale();
  const me = useMe();
  const [steps, setSteps] = useState<Steps | null | undefined>(undefined);
  useEffect(() => {
    if (!me) return;
    request(NEXT_STEPS, {})
      .then((data) => {
        setSteps(data.nextSteps);
        onListed?.(new Set(data.nextSteps.map((step) => step.opportunity.id)));
      })
      // As "For you": a failure leaves the section out rather than breaking the home page,
      // and the page hears that nothing is listed here.
      .catch(() => {
        setSteps(null);
        onListed?.(new Set());
      });
  }, [me?.id]);
  if (!me || steps === null) return null;
  return (
    <SuggestedOpportunities
      id="next-steps-title"
      title={t("nextSteps.title")}
      lead={t("nextSteps.lead")}
      loading={t("nextSteps.loading")}
      none={t("nextSteps.none")}
      items={steps?.map(({ opportunity, pathway }) => ({
        opportunity,
        // The same words as a PATHWAY reason under "For you": one sentence for one fact.
        reasons: [t("forYou.PATHWAY", { name: pathway })],
      }))}
    />
  );
}
