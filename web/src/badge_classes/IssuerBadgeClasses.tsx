// /issuers/{id}/badge-classes: an organisation's or university's badge classes, each with its
// image, domain and level; its designers also get "new" and "edit".
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { IssuerBadgeClassesQuery } from "../gql/graphql";
import { mayConfigure, peerRefusal } from "../peer_assessment/settings";
import { mayHandOut } from "../presence/access";
import { mayDesign, useDesignerOf } from "./access";
import "./badge_classes.css";

const ISSUER_CLASSES = graphql(`
  query IssuerBadgeClasses($issuerId: ID!) {
    organisation(id: $issuerId) {
      id
      name
    }
    university(id: $issuerId) {
      id
      name
    }
    badgeClasses(issuerId: $issuerId) {
      id
      name
      domain
      level
      imageUrl
      badgesIssued
      oneOff
      helpingHand
      officiallyValidated
      peerAssessed
      issuance {
        autoIssueOnCompletion
      }
      alignments {
        framework
        code
        name
      }
    }
  }
`);

type Listing = IssuerBadgeClassesQuery;

export function IssuerBadgeClasses({ issuerId, created }: { issuerId: string; created: string | null }) {
  useLocale();
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const memberships = useDesignerOf();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setListing(null);
    request(ISSUER_CLASSES, { issuerId })
      .then(setListing)
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [issuerId]);

  useEffect(() => {
    if (listing && created) heading.current?.focus();
  }, [listing !== null]);

  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (!listing) return <p role="status">{t("badgeClasses.loading")}</p>;
  const issuer = listing.organisation ?? listing.university;
  if (!issuer) return <h1>{t("badgeClasses.notFound")}</h1>;
  const designer = memberships !== undefined && mayDesign(memberships, issuerId);
  const fresh = created ? listing.badgeClasses.find((b) => b.id === created) : undefined;

  return (
    <section class="badge-classes" aria-labelledby="badge-classes-title">
      <h1 id="badge-classes-title" tabIndex={-1} ref={heading}>
        {t("badgeClasses.title", { issuer: issuer.name })}
      </h1>
      {fresh && (
        <p role="status" class="success">
          <span aria-hidden="true">✓ </span>
          {t("badgeClasses.created", { name: fresh.name })}
        </p>
      )}
      <p>{t("badgeClasses.lead")}</p>
      {designer && (
        <p>
          <a class="button" href={`/issuers/${issuerId}/badge-classes/new`}>
            {t("badgeClasses.new")}
          </a>
        </p>
      )}
      {listing.badgeClasses.length === 0 ? (
        <p>{t("badgeClasses.none")}</p>
      ) : (
        <ul class="class-list">
          {listing.badgeClasses.map((b) => (
            <li key={b.id} class={b.id === created ? "class-item fresh" : "class-item"}>
              <img src={b.imageUrl} alt="" width={72} height={72} />
              <div>
                <h2>{b.name}</h2>
                <p class="meta">
                  {t(`domain.${b.domain}`)} · {t(`level.${b.level}`)}
                </p>
                {b.alignments.length > 0 && (
                  <p class="meta">{b.alignments.map((a) => `${a.name} (${a.framework} ${a.code})`).join(", ")}</p>
                )}
                {b.badgesIssued && (
                  <p class="meta">
                    <span aria-hidden="true">🔒 </span>
                    {t("badgeClasses.issued")}
                  </p>
                )}
                {designer && (
                  <p>
                    <a href={`/badge-classes/${b.id}/edit`}>{t("badgeClasses.edit", { name: b.name })}</a>
                  </p>
                )}
                {/* Offered where the server would switch it on, or while it is on (to switch
                    it off, which is never refused). */}
                {memberships !== undefined &&
                  mayConfigure(memberships, issuerId) &&
                  (b.peerAssessed || peerRefusal(b) === null) && (
                  <p>
                    <a href={`/badge-classes/${b.id}/peer-assessment`}>
                      {t("peerSettings.open")}
                      <span class="visually-hidden"> — {b.name}</span>
                    </a>
                  </p>
                )}
                {memberships !== undefined && mayHandOut(memberships, issuerId) && (
                  <p>
                    <a href={`/badge-classes/${b.id}/claim-codes`}>
                      {t("claimCodes.open")}
                      <span class="visually-hidden"> — {b.name}</span>
                    </a>
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
