// An organisation's page: its state (pending, approved, or rejected with the moderator's
// reason) for its people, the profile (editable by its admins) and its members.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { OrganisationPageQuery, OrganisationMembersQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { AuditTrail } from "./AuditTrail";
import { Field, PlaceFields } from "./fields";
import "./organisations.css";
import {
  changedInput,
  type Draft,
  draftOf,
  logoProblem,
  type Problems,
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
      invited
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
type Member = OrganisationMembersQuery["organisationMembers"][number];

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
        <Members organisation={organisation} isAdmin={isAdmin} myId={me?.id ?? ""} />
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
  const [draft, setDraft] = useState<Draft>(before);
  const [problems, setProblems] = useState<Problems>({});
  const [logo, setLogo] = useState<string | null>(null);
  const [logoText, setLogoText] = useState<string | null>(null);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function change(field: keyof Draft, value: string): void {
    setDraft((current) => ({ ...current, [field]: value }));
    if (problems[field]) {
      setProblems((current) => {
        const rest = { ...current };
        delete rest[field];
        return rest;
      });
    }
  }

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

function Members({
  organisation,
  isAdmin,
  myId,
}: {
  organisation: Organisation;
  isAdmin: boolean;
  myId: string;
}) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"ADMIN" | "SUPERVISOR">("SUPERVISOR");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      setMembers((await request(MEMBERS, { id: organisation.id })).organisationMembers);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    void load();
  }, [organisation.id]);

  async function invite(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const added = (
        await request(ADD_MEMBER, { organisationId: organisation.id, email: email.trim(), role })
      ).addOrganisationMember;
      setNotice(
        t(added.invited ? "org.members.addedNoAccount" : "org.members.added", {
          email: added.email,
          role: t(`org.role.${role}`),
        }),
      );
      setEmail("");
      await load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  async function remove(member: Member): Promise<void> {
    setError(null);
    setNotice(null);
    try {
      await request(REMOVE_MEMBER, {
        organisationId: organisation.id,
        personId: member.personId,
        role: member.role,
      });
      setNotice(t("org.members.removed", { name: member.name, role: t(roleKey(member.role)) }));
      await load();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  const admins = members?.filter((m) => m.role === "ADMIN").length ?? 0;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t("org.members")}</h2>
      <p role="status">{notice ?? (members === null ? t("org.loading") : "")}</p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <ul class="members">
        {members?.map((member) => (
          <li key={`${member.personId}-${member.role}`}>
            <span>
              <strong>{member.name}</strong> · {member.email} · {t(roleKey(member.role))}
              {member.personId === myId && ` · ${t("org.members.you")}`}
              {member.invited && <span class="hint"> · {t("org.members.noAccount")}</span>}
            </span>
            {/* An organisation never loses its last admin: that button is not offered. */}
            {isAdmin && !(member.role === "ADMIN" && admins <= 1) && (
              <button
                type="button"
                class="secondary"
                aria-label={t("org.members.removeLabel", {
                  name: member.name,
                  role: t(roleKey(member.role)),
                })}
                onClick={() => void remove(member)}
              >
                {t("org.members.remove")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {isAdmin && organisation.status === "APPROVED" && (
        <form onSubmit={(event) => void invite(event)} class="invite">
          <h3>{t("org.members.invite")}</h3>
          <p class="hint">{t("org.members.inviteHint")}</p>
          <div class="row">
            <div class="field">
              <label for="invite-email">{t("org.members.email")}</label>
              <input
                id="invite-email"
                type="email"
                name="email"
                required
                autoComplete="off"
                value={email}
                onInput={(event) => setEmail((event.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for="invite-role">{t("org.members.role")}</label>
              <select
                id="invite-role"
                value={role}
                onChange={(event) =>
                  setRole((event.currentTarget as HTMLSelectElement).value as "ADMIN" | "SUPERVISOR")
                }
              >
                <option value="SUPERVISOR">{t("org.role.SUPERVISOR")}</option>
                <option value="ADMIN">{t("org.role.ADMIN")}</option>
              </select>
            </div>
            <button type="submit">{t("org.members.add")}</button>
          </div>
        </form>
      )}
      {isAdmin && organisation.status !== "APPROVED" && (
        <p class="hint">{t("org.members.afterApproval")}</p>
      )}
    </section>
  );
}

function roleKey(role: string): MessageKey {
  return `org.role.${role}` as MessageKey;
}
