// /organisations/{id}/insights: for the organisation's members, what its work reached per
// period: people, completions, hours, badges by tier, competencies recognised.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { OrganisationInsightsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { BarChart, COLOURS } from "./Chart";
import { fileName } from "./csv";
import { FigureTable, PeriodPicker, rangeText, Summary } from "./Figures";
import { defaultRange, formatNumber, instants, isoDay, periodLabel, type Range } from "./range";
import "./insights.css";

const ORGANISATION_INSIGHTS = graphql(`
  query OrganisationInsights(
    $organisationId: ID!
    $from: DateTime!
    $to: DateTime!
    $bucket: InsightBucket!
  ) {
    organisation(id: $organisationId) {
      id
      name
    }
    organisationInsights(organisationId: $organisationId, from: $from, to: $to, bucket: $bucket) {
      peopleReached
      completions
      hours
      badgesIssued
      periods {
        start
        peopleReached
        completions
        hours
        badgesByTier {
          tier
          badges
        }
      }
      competencies {
        framework
        code
        name
        badges
      }
    }
  }
`);

type Found = OrganisationInsightsQuery;
type Period = Found["organisationInsights"]["periods"][number];

function tierCount(period: Period, tier: "COMMUNITY" | "OFFICIAL"): number {
  return period.badgesByTier.find((b) => b.tier === tier)?.badges ?? 0;
}

export function OrganisationInsights({ id }: { id: string }) {
  const lang = useLocale();
  const me = useMe();
  const [range, setRange] = useState<Range>(() => defaultRange());
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const at = instants(range);
    if (!me || !at) return;
    let gone = false;
    setError(null);
    setFound(null);
    request(ORGANISATION_INSIGHTS, { organisationId: id, ...at, bucket: range.bucket })
      .then((data) => !gone && setFound(data))
      .catch((caught: unknown) => !gone && setError(errorText(caught)));
    return () => {
      gone = true;
    };
  }, [me?.id, id, range.fromMonth, range.toMonth, range.bucket]);

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/organisations/${id}/insights`}>{t("insights.signIn")}</a>
      </p>
    );
  }
  const name = found?.organisation?.name ?? "";
  const insights = found?.organisationInsights;
  const label = (p: Period): string => periodLabel(p.start, range.bucket, lang);
  const number = (n: number): string => formatNumber(n, lang);
  const file = (what: string): string => fileName(name, what, range.fromMonth, range.toMonth);
  const periods = insights?.periods ?? [];
  return (
    <section class="insights" aria-labelledby="insights-title">
      <h1 id="insights-title">{t("insights.title.organisation", { name })}</h1>
      <PeriodPicker range={range} withBucket onChange={setRange} />
      <p role="status">{insights ? rangeText(range) : error ? "" : t("insights.loading")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {insights && (
        <>
          <Summary
            figures={[
              [t("insights.peopleReached"), number(insights.peopleReached)],
              [t("insights.completions"), number(insights.completions)],
              [t("insights.hours"), number(insights.hours)],
              [t("insights.badgesIssued"), number(insights.badgesIssued)],
            ]}
          />
          <section aria-labelledby="participation-title">
            <h2 id="participation-title">{t("insights.participation")}</h2>
            <p class="meta">{t("insights.participation.note")}</p>
            <BarChart
              label={t("insights.participation.chart")}
              labels={periods.map(label)}
              series={[
                { label: t("insights.peopleReached"), values: periods.map((p) => p.peopleReached), colour: COLOURS[0] },
                { label: t("insights.completions"), values: periods.map((p) => p.completions), colour: COLOURS[1] },
              ]}
            />
            <BarChart
              label={t("insights.hours.chart")}
              labels={periods.map(label)}
              series={[{ label: t("insights.hours"), values: periods.map((p) => p.hours), colour: COLOURS[2] }]}
            />
            <FigureTable
              caption={t("insights.participation")}
              head={[t("insights.period"), t("insights.peopleReached"), t("insights.completions"), t("insights.hours")]}
              rows={periods.map((p) => [label(p), number(p.peopleReached), number(p.completions), number(p.hours)])}
              csv={{
                name: file(t("insights.participation")),
                rows: periods.map((p) => [isoDay(p.start), p.peopleReached, p.completions, p.hours]),
              }}
            />
          </section>
          <section aria-labelledby="badges-title">
            <h2 id="badges-title">{t("insights.badges")}</h2>
            <BarChart
              label={t("insights.badges.chart")}
              labels={periods.map(label)}
              stacked
              series={[
                {
                  label: t("insights.tier.COMMUNITY"),
                  values: periods.map((p) => tierCount(p, "COMMUNITY")),
                  colour: COLOURS[4],
                },
                {
                  label: t("insights.tier.OFFICIAL"),
                  values: periods.map((p) => tierCount(p, "OFFICIAL")),
                  colour: COLOURS[5],
                },
              ]}
            />
            <FigureTable
              caption={t("insights.badges")}
              head={[
                t("insights.period"),
                t("insights.tier.COMMUNITY"),
                t("insights.tier.OFFICIAL"),
                t("insights.total"),
              ]}
              rows={periods.map((p) => {
                const [community, official] = [tierCount(p, "COMMUNITY"), tierCount(p, "OFFICIAL")];
                return [label(p), number(community), number(official), number(community + official)];
              })}
              csv={{
                name: file(t("insights.badges")),
                rows: periods.map((p) => {
                  const [community, official] = [tierCount(p, "COMMUNITY"), tierCount(p, "OFFICIAL")];
                  return [isoDay(p.start), community, official, community + official];
                }),
              }}
            />
          </section>
          <section aria-labelledby="competencies-title">
            <h2 id="competencies-title">{t("insights.competencies")}</h2>
            {insights.competencies.length === 0 ? (
              <p>{t("insights.competencies.none")}</p>
            ) : (
              <>
                <BarChart
                  label={t("insights.competencies.chart")}
                  labels={insights.competencies.slice(0, 10).map((c) => c.name)}
                  horizontal
                  series={[
                    {
                      label: t("insights.badgesIssued"),
                      values: insights.competencies.slice(0, 10).map((c) => c.badges),
                      colour: COLOURS[3],
                    },
                  ]}
                />
                <FigureTable
                  caption={t("insights.competencies")}
                  head={[t("insights.competency"), t("insights.framework"), t("insights.code"), t("insights.badgesIssued")]}
                  rows={insights.competencies.map((c) => [c.name, c.framework, c.code, number(c.badges)])}
                  csv={{
                    name: file(t("insights.competencies")),
                    rows: insights.competencies.map((c) => [c.name, c.framework, c.code, c.badges]),
                  }}
                />
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}
