// The EU micro-credential elements of an official class, as its badge page shows them: a
// description list under its own heading, values in the reader's language where Kring has
// them (vocabulary labels are the EU's English ones).
import { Fragment } from "preact";
import { t } from "../core/i18n";
import { graphql } from "../gql";
import type { MicroCredentialFactsFragment } from "../gql/graphql";
import "./micro_credentials.css";

graphql(`
  fragment MicroCredentialFacts on MicroCredential {
    isMicroCredential
    learningOutcomes
    workloadHours
    ectsCredits
    eqfLevel {
      iri
      label
    }
    assessmentType
    participation {
      iri
      label
    }
    qualityAssurance
    prerequisites
    supervision {
      iri
      label
    }
    stackability
    country {
      iri
      label
    }
    awardingBody
    legalIdentifier
  }
`);

function workload(facts: MicroCredentialFactsFragment): string | null {
  const parts: string[] = [];
  if (facts.ectsCredits != null) parts.push(t("microCredential.ects", { credits: facts.ectsCredits }));
  if (facts.workloadHours != null) parts.push(t("microCredential.hours", { hours: facts.workloadHours }));
  return parts.length ? parts.join(" · ") : null;
}

export function MicroCredentialFacts({ facts }: { facts: MicroCredentialFactsFragment }) {
  const rows: [string, string | null | undefined][] = [
    [t("microCredential.workload"), workload(facts)],
    [t("microCredential.eqfLevel"), facts.eqfLevel?.label],
    [t("microCredential.assessmentType"), facts.assessmentType],
    [t("microCredential.participation"), facts.participation?.label],
    [t("microCredential.qualityAssurance"), facts.qualityAssurance],
    [t("microCredential.prerequisites"), facts.prerequisites],
    [t("microCredential.supervision"), facts.supervision?.label],
    [t("microCredential.stackability"), facts.stackability],
    [t("microCredential.country"), facts.country?.label],
    [t("microCredential.awardingBody"), facts.awardingBody],
    [t("microCredential.legalIdentifier"), facts.legalIdentifier],
  ];
  return (
    <section aria-labelledby="micro-credential" class="micro-credential">
      <h2 id="micro-credential">
        {t(facts.isMicroCredential ? "microCredential.title" : "microCredential.titleElements")}
      </h2>
      <p class="hint">{t("microCredential.lead")}</p>
      {facts.learningOutcomes.length > 0 && (
        <>
          <h3>{t("microCredential.learningOutcomes")}</h3>
          <ul>
            {facts.learningOutcomes.map((outcome) => (
              <li key={outcome}>{outcome}</li>
            ))}
          </ul>
        </>
      )}
      <dl>
        {rows
          .filter((row): row is [string, string] => Boolean(row[1]))
          .map(([term, value]) => (
            <Fragment key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
    </section>
  );
}
