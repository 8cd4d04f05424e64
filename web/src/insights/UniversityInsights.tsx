// /universities/{id}/insights: for the university's staff, the badges issued under its brand
// by domain and level, validated or not, who is most active, and the flags open now.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { Domain, UniversityInsightsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { BarChart, COLOURS } from "./Chart";
import { fileName } from "./csv";
import { FigureTable, PeriodPicker, rangeText, Summary } from "./Figures";
import { defaultRange, formatNumber, instants, type Range } from "./range";
import "./insights.css";

const UNIVERSITY_INSIGHTS = graphql(`
  query UniversityInsights($universityId: ID!, $from: DateTime!, $to: DateTime!) {
    university(id: $universityId) {
      id
      name
    }
    universityInsights(universityId: $universityId, from: $from, to: $to) {
      badgesIssued
      validatedBadges
      openFlags
      byDomainAndLevel {
        domain
        level
        validated
        badges
      }
      organisations {
        organisationId
        name
        badges
      }
      endorsers {
        name
        endorsements
      }
    }
  }
`);

type Found = UniversityInsightsQuery["universityInsights"];

const DOMAINS: Domain[] = [
  "DIGITAL_LITERACY",
  "SUSTAINABILITY",
  "ENTREPRENEURIAL_SPIRIT",
  "RESEARCH",
  "GLOBAL_CITIZENSHIP",
];

/** Badges per domain (in the vocabulary's order), validated and not, for the chart. */
export function byDomain(rows: Found["byDomainAndLevel"]): {
  domain: Domain;
  validated: number;
  notValidated: number;
}[] {
  return DOMAINS.map((domain) => {
    const mine = rows.filter((r) => r.domain === domain);
    const count = (validated: boolean): number =>
      mine.filter((r) => r.validated === validated).reduce((sum, r) => sum + r.badges, 0);
    return { domain, validated: count(true), notValidated: count(false) };
  }).filter((d) => d.validated + d.notValidated > 0);
}

export function UniversityInsights({ id }: { id: string }) {
  const lang = useLocale();
  const me = useMe();
  const [range, setRange] = useState<Range>(() => defaultRange());
  const [name, setName] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const at = instants(range);
    if (!me || !at) return;
    let gone = false;
    setError(null);
    setFound(null);
    request(UNIVERSITY_INSIGHTS, { universityId: id, ...at })
      .then((data) => {
        if (gone) return;
        setName(data.university?.name ?? "");
        setFound(data.universityInsights);
      })
      .catch((caught: unknown) => !gone && setError(errorText(caught)));
    return () => {
      gone = true;
    };
  }, [me?.id, id, range.fromMonth, range.toMonth]);

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/universities/${id}/insights`}>{t("insights.signIn")}</a>
      </p>
    );
  }
  const number = (n: number): string => formatNumber(n, lang, 0);
  const file = (what: string): string => fileName(name, what, range.fromMonth, range.toMonth);
  const domains = found ? byDomain(found.byDomainAndLevel) : [];
  const domainName = (d: Domain | null | undefined): string => (d ? t(`domain.${d}`) : t("insights.unknown"));
  const yesNo = (v: boolean): string => (v ? t("insights.yes") : t("insights.no"));
  return (
    <section class="insights" aria-labelledby="insights-title">
      <h1 id="insights-title">{t("insights.title.university", { name })}</h1>
      <PeriodPicker range={range} withBucket={false} onChange={setRange} />
      <p role="status">{found ? rangeText(range) : error ? "" : t("insights.loading")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {found && (
        <>
          <Summary
            figures={[
              [t("insights.badgesIssued"), number(found.badgesIssued)],
              [t("insights.validatedBadges"), number(found.validatedBadges)],
              [t("insights.communityBadges"), number(found.badgesIssued - found.validatedBadges)],
              [t("insights.openFlags"), number(found.openFlags)],
            ]}
          />
          <section aria-labelledby="domains-title">
            <h2 id="domains-title">{t("insights.byDomain")}</h2>
            {domains.length === 0 ? (
              <p>{t("insights.none")}</p>
            ) : (
              <BarChart
                label={t("insights.byDomain.chart")}
                labels={domains.map((d) => domainName(d.domain))}
                stacked
                series={[
                  { label: t("insights.validated"), values: domains.map((d) => d.validated), colour: COLOURS[5] },
                  { label: t("insights.notValidated"), values: domains.map((d) => d.notValidated), colour: COLOURS[4] },
                ]}
              />
            )}
            <FigureTable
              caption={t("insights.byDomain")}
              head={[t("insights.domain"), t("insights.level"), t("insights.validated"), t("insights.badgesIssued")]}
              rows={found.byDomainAndLevel.map((r) => [
                domainName(r.domain),
                r.level ? t(`level.${r.level}`) : t("insights.unknown"),
                yesNo(r.validated),
                number(r.badges),
              ])}
              csv={{
                name: file(t("insights.byDomain")),
                rows: found.byDomainAndLevel.map((r) => [
                  r.domain ?? "",
                  r.level ?? "",
                  r.validated ? "yes" : "no",
                  r.badges,
                ]),
              }}
            />
          </section>
          <section aria-labelledby="organisations-title">
            <h2 id="organisations-title">{t("insights.organisations")}</h2>
            {found.organisations.length === 0 ? (
              <p>{t("insights.none")}</p>
            ) : (
              <BarChart
                label={t("insights.organisations.chart")}
                labels={found.organisations.map((o) => o.name)}
                horizontal
                series={[
                  { label: t("insights.badgesIssued"), values: found.organisations.map((o) => o.badges), colour: COLOURS[0] },
                ]}
              />
            )}
            <FigureTable
              caption={t("insights.organisations")}
              head={[t("insights.organisation"), t("insights.rank"), t("insights.badgesIssued")]}
              rows={found.organisations.map((o, i) => [o.name, number(i + 1), number(o.badges)])}
              csv={{
                name: file(t("insights.organisations")),
                rows: found.organisations.map((o, i) => [o.name, i + 1, o.badges]),
              }}
            />
          </section>
          <section aria-labelledby="endorsers-title">
            <h2 id="endorsers-title">{t("insights.endorsers")}</h2>
            {found.endorsers.length === 0 ? (
              <p>{t("insights.none")}</p>
            ) : (
              <BarChart
                label={t("insights.endorsers.chart")}
                labels={found.endorsers.map((e) => e.name)}
                horizontal
                series={[
                  { label: t("insights.endorsements"), values: found.endorsers.map((e) => e.endorsements), colour: COLOURS[2] },
                ]}
              />
            )}
            <FigureTable
              caption={t("insights.endorsers")}
              head={[t("insights.endorser"), t("insights.rank"), t("insights.endorsements")]}
              rows={found.endorsers.map((e, i) => [e.name, number(i + 1), number(e.endorsements)])}
              csv={{
                name: file(t("insights.endorsers")),
                rows: found.endorsers.map((e, i) => [e.name, i + 1, e.endorsements]),
              }}
            />
          </section>
        </>
      )}
    </section>
  );
}
