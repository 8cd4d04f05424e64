// An organisation's page: its state (pending, approved, or rejected with the moderator's
// reason) for its people, the profile (editable by its admins) and its members.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { OrganisationPageQuery, Role } from "../gql/graphql";
import { useMe } from "../people/session";
import { AuditTrail } from "./AuditTrail";
import { useDraft } from "./draft";
import { Field, PlaceFields } from "./fields";
import { type MemberRow, Members } from "./Members";
import "./organisations.css";
import {
  changedInput,
  type Draft,
  draftOf,
  logoProblem,
  pngDataUrl,
  profileProblems,
} from "./profile";
import { workLinks } from "./work";

const ORGANISATION = graphql(`
  query OrganisationPage($id: ID!) {
    organisation(id: $id) {
      id
      name
      description
      website
      contactEmail
      contactPhone
      address
      location {
        latitude
        longitude
      }
      status
      rejectionReason
      logoUrl
      university {
        id
        name
      }
    }
  }
`);

const MEMBERS = graphql(`
  query OrganisationMembers($id: ID!) {
    organisationMembers(organisationId: $id) {
      personId
      name
      email
      role
      reviewsClaims
      invited
    }
  }
`);

const ALLOW_CLAIM_REVIEW = graphql(`
  mutation AllowClaimReview($organisationId: ID!, $personId: ID!, $allowed: Boolean!) {
    allowClaimReview(organisationId: $organisationId, personId: $personId, allowed: $allowed) {
      personId
      role
      reviewsClaims
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateOrganisation($id: ID!, $input: UpdateOrganisationInput!) {
    updateOrganisation(id: $id, input: $input) {
      id
    }
  }
`);

const ADD_MEMBER = graphql(`
  mutation AddOrganisationMember($organisationId: ID!, $email: String!, $role: Role!) {
    addOrganisationMember(organisationId: $organisationId, email: $email, role: $role) {
      personId
      email
      invited
    }
  }
`);

const REMOVE_MEMBER = graphql(`
  mutation RemoveOrganisationMember($organisationId: ID!, $personId: ID!, $role: Role!) {
    removeOrganisationMember(organisationId: $organisationId, personId: $personId, role: $role)
  }
`);

type Organisation = NonNullable<OrganisationPageQuery["organisation"]>;
// A supervisor first: most people added run its opportunities, few manage it.
const ORGANISATION_ROLES: readonly Role[] = ["SUPERVISOR", "ADMIN"];

const STATUS_TEXT: Record<Organisation["status"], MessageKey> = {
  PENDING: "org.status.PENDING",
  APPROVED: "org.status.APPROVED",
  REJECTED: "org.status.REJECTED",
};

export function OrganisationPage({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [organisation, setOrganisation] = useState<Organisation | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      setOrganisation((await request(ORGANISATION, { id })).organisation ?? null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (me !== undefined) void load();
  }, [id, me?.id]);

  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (organisation === undefined) return <p role="status">{t("org.loading")}</p>;
  if (organisation === null) return <h1>{t("org.notFound")}</h1>;

  const mine = (me?.memberships ?? []).filter((m) => m.bodyId === organisation.id);
  const isAdmin = mine.some((m) => m.role === "ADMIN");
  const moderates = (me?.memberships ?? []).some(
    (m) => m.bodyId === organisation.university.id && m.role === "MODERATOR",
  );
  const links = mine.flatMap((m) =>
    workLinks({ ...m, bodyStatus: organisation.status }).filter((l) => !l.href.endsWith(id)),
  );
  const uniqueLinks = links.filter((l, i) => links.findIndex((o) => o.href === l.href) === i);

  return (
    <article class="organisation" aria-labelledby="organisation-title">
      <div class="organisation-head">
        {organisation.logoUrl && (
          <img
            class="logo"
            src={organisation.logoUrl}
            alt={t("org.logoOf", { name: organisation.name })}
            width={96}
            height={96}
          />
        )}
        <div>
          <h1 id="organisation-title">{organisation.name}</h1>
          <p class="meta">{t("org.partnerOf", { university: organisation.university.name })}</p>
        </div>
      </div>
      {(mine.length > 0 || moderates) && (
        <Status organisation={organisation} />
      )}
      {uniqueLinks.length > 0 && (
        <nav aria-label={t("org.workNav")} class="work-links">
          {uniqueLinks.map((l) => (
            <a key={l.href} href={l.href}>
              {t(l.label)}
            </a>
          ))}
        </nav>
      )}
      <p role="status">{notice ?? ""}</p>
      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{t("org.profile")}</h2>
        {editing ? (
          <ProfileEditor
            organisation={organisation}
            onDone={(saved) => {
              setEditing(false);
              if (saved) {
                setNotice(t("org.saved"));
                void load();
              }
            }}
          />
        ) : (
          <>
            <Profile organisation={organisation} />
            {isAdmin && (
              <button type="button" onClick={() => setEditing(true)}>
                {t("org.edit")}
              </button>
            )}
          </>
        )}
      </section>
      {(mine.length > 0 || moderates) && (
        <Members
          bodyId={organisation.id}
          roles={ORGANISATION_ROLES}
          keeper="ADMIN"
          manages={isAdmin}
          notYet={organisation.status === "APPROVED" ? null : "org.members.afterApproval"}
          myId={me?.id ?? ""}
          load={async () => (await request(MEMBERS, { id: organisation.id })).organisationMembers}
          add={async (email, role) =>
            (await request(ADD_MEMBER, { organisationId: organisation.id, email, role }))
              .addOrganisationMember
          }
          remove={(member) =>
            request(REMOVE_MEMBER, {
              organisationId: organisation.id,
              personId: member.personId,
              role: member.role,
            })
          }
          beside={(member, changed) =>
            member.role !== "SUPERVISOR" ? null : isAdmin ? (
              <ClaimReviewSwitch
                organisationId={organisation.id}
                member={member}
                onChanged={(reviewsClaims) =>
                  changed(
                    { ...member, reviewsClaims },
                    t(reviewsClaims ? "org.members.reviewsClaimsOn" : "org.members.reviewsClaimsOff", {
                      name: member.name,
                    }),
                  )
                }
              />
            ) : member.reviewsClaims ? (
              <span class="hint">{t("org.members.reviewsClaimsHint")}</span>
            ) : null
          }
        />
      )}
      {/* organisation:read_private (its members, its university's moderators) only offers
          it; the server decides. */}
      {(mine.length > 0 || moderates) && <AuditTrail organisationId={organisation.id} shown={organisation} />}
    </article>
  );
}

function Status({ organisation }: { organisation: Organisation }) {
  return (
    <div class={`org-status org-status-${organisation.status.toLowerCase()}`}>
      <p>
        <strong>{t(STATUS_TEXT[organisation.status])}</strong>{" "}
        {t(`org.statusDetail.${organisation.status}`, {
          university: organisation.university.name,
        })}
      </p>
      {organisation.status === "REJECTED" && organisation.rejectionReason && (
        <p>{t("org.rejectionReason", { reason: organisation.rejectionReason })}</p>
      )}
    </div>
  );
}

function Profile({ organisation }: { organisation: Organisation }) {
  const osm = `https://www.openstreetmap.org/?mlat=${organisation.location.latitude}&mlon=${organisation.location.longitude}#map=17/${organisation.location.latitude}/${organisation.location.longitude}`;
  return (
    <dl class="profile">
      <dt>{t("org.field.description")}</dt>
      <dd class="description">{organisation.description}</dd>
      <dt>{t("org.view.website")}</dt>
      <dd>
        {organisation.website ? (
          <a href={organisation.website} rel="noopener noreferrer">
            {organisation.website}
          </a>
        ) : (
          t("org.none")
        )}
      </dd>
      <dt>{t("org.field.address")}</dt>
      <dd>
        {organisation.address} (<a href={osm}>{t("org.onMap")}</a>)
      </dd>
      {organisation.contactEmail && (
        <>
          <dt>{t("org.field.contactEmail")}</dt>
          <dd>
            <a href={`mailto:${organisation.contactEmail}`}>{organisation.contactEmail}</a>
          </dd>
        </>
      )}
      {organisation.contactPhone && (
        <>
          <dt>{t("org.view.contactPhone")}</dt>
          <dd>{organisation.contactPhone}</dd>
        </>
      )}
    </dl>
  );
}

function ProfileEditor({
  organisation,
  onDone,
}: {
  organisation: Organisation;
  onDone: (saved: boolean) => void;
}) {
  const [before] = useState(() => draftOf(organisation));
  const { draft, problems, setProblems, change } = useDraft<Draft>(before);
  const [logo, setLogo] = useState<string | null>(null);
  const [logoText, setLogoText] = useState<string | null>(null);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function chooseLogo(event: Event): Promise<void> {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setLogo(null);
    setLogoText(null);
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const problem = logoProblem(bytes);
    if (problem) {
      setLogoText(t(problem.key, problem.params));
      return;
    }
    setLogo(pngDataUrl(bytes));
    setLogoText(t("org.logo.ready", { name: file.name }));
  }

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    const found = profileProblems(draft);
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.querySelector<HTMLElement>(`main form [name="${first}"]`)?.focus();
      return;
    }
    const input = {
      ...changedInput(before, draft),
      ...(logo ? { logo } : removeLogo ? { logo: "" } : {}),
    };
    if (Object.keys(input).length === 0) {
      onDone(false);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await request(UPDATE, { id: organisation.id, input });
      onDone(true);
    } catch (caught) {
      setError(errorText(caught));
      if (caught instanceof ApiError && caught.field) {
        document.querySelector<HTMLElement>(`main form [name="${caught.field}"]`)?.focus();
      }
    } finally {
      setSaving(false);
    }
  }

  const shared = { draft, problems, onChange: change };
  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      <Field id="edit-name" field="name" label={t("org.field.name")} {...shared} />
      <Field id="edit-description" field="description" label={t("org.field.description")} multiline {...shared} />
      <Field id="edit-website" field="website" label={t("org.field.website")} type="url" inputMode="url" {...shared} />
      <Field
        id="edit-email"
        field="contactEmail"
        label={t("org.field.contactEmail")}
        type="email"
        inputMode="email"
        {...shared}
      />
      <Field id="edit-phone" field="contactPhone" label={t("org.field.contactPhone")} type="tel" inputMode="tel" {...shared} />
      <PlaceFields prefix="edit" {...shared} />
      <div class="field">
        <label for="edit-logo">{t("org.field.logo")}</label>
        <p class="hint" id="edit-logo-hint">
          {t("org.logo.hint")}
        </p>
        <input
          id="edit-logo"
          name="logo"
          type="file"
          accept="image/png"
          aria-describedby={logoText ? "edit-logo-hint edit-logo-status" : "edit-logo-hint"}
          onChange={(event) => void chooseLogo(event)}
        />
        <p id="edit-logo-status" role="status" class={logo ? "hint" : "problem"}>
          {logoText ?? ""}
        </p>
        {logo && <img class="logo-preview" src={logo} alt={t("org.logo.preview")} width={96} height={96} />}
        {organisation.logoUrl && (
          <label class="check">
            <input
              type="checkbox"
              checked={removeLogo}
              onChange={(event) => setRemoveLogo((event.currentTarget as HTMLInputElement).checked)}
            />
            {t("org.logo.remove")}
          </label>
        )}
      </div>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <div class="row">
        <button type="submit" disabled={saving}>
          {t("org.save")}
        </button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>
          {t("org.cancel")}
        </button>
      </div>
    </form>
  );
}

/** An admin lets a supervisor review claims (allowClaimReview), or stops them; the box shows
 * the state the server answers, a refusal stays beside it. */
function ClaimReviewSwitch({
  organisationId,
  member,
  onChanged,
}: {
  organisationId: string;
  member: MemberRow;
  onChanged: (reviewsClaims: boolean) => void;
}) {
  // The state asked for while the server answers; then the server's (kept on a refusal).
  const [asked, setAsked] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const boxId = `reviews-claims-${member.personId}`;

  async function change(allowed: boolean): Promise<void> {
    setAsked(allowed);
    setError(null);
    try {
      const answer = await request(ALLOW_CLAIM_REVIEW, { organisationId, personId: member.personId, allowed });
      onChanged(answer.allowClaimReview.reviewsClaims);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setAsked(null);
    }
  }

  return (
    <span class="claim-review-switch">
      <label class="check" for={boxId}>
        <input
          id={boxId}
          type="checkbox"
          checked={asked ?? member.reviewsClaims === true}
          disabled={asked !== null}
          aria-describedby={error ? `${boxId}-hint ${boxId}-error` : `${boxId}-hint`}
          onChange={(event) => void change((event.currentTarget as HTMLInputElement).checked)}
        />
        {t("org.members.reviewsClaims")}
        <span class="visually-hidden"> — {member.name}</span>
      </label>
      {/* Said before the act, not only in the notice after it. */}
      <span class="hint" id={`${boxId}-hint`}>
        {t("org.members.reviewsClaimsMeans")}
      </span>
      {error && (
        <span role="alert" class="problem" id={`${boxId}-error`}>
          {t("error.generic", { message: error })}
        </span>
      )}
    </span>
  );
}
