// /organisations/{id}/opportunities/new and /opportunities/{id}/edit: an organisation's admins
// draft and edit an opportunity (what, which badge, where on the map or by coordinates, when
// in Brussels time, how many, whom to contact), take it along its lifecycle, and read its
// audit trail. Moderators of the university see the same page with publish and reject.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { ProblemSummary } from "../core/ProblemSummary";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type {
  OpportunityEditorQuery,
  OpportunityOrganisationQuery,
  OpportunityStatus,
} from "../gql/graphql";
import { useMe } from "../people/session";
import {
  type Action,
  anyEditable,
  draftInput,
  editable,
  type Field,
  formatDegrees,
  instantToWallTime,
  lifecycleActions,
  type OpportunityForm,
  parseDegrees,
  type Powers,
  type Problem,
  problems,
  updateInput,
} from "./editor";
import { PUBLISH, REJECT } from "./lifecycle";
import { OpportunityMap } from "./OpportunityMap";
import "./staff.css";

const EDITOR = graphql(`
  query OpportunityEditor($id: ID!) {
    opportunity(id: $id) {
      id
      title
      synopsis
      description
      domain
      level
      status
      startsAt
      endsAt
      capacity
      freePlaces
      address
      location {
        latitude
        longitude
      }
      contactEmail
      website
      rejectionReason
      organisation {
        id
        name
      }
      badgeClass {
        id
        name
      }
    }
    opportunityAuditTrail(opportunityId: $id) {
      id
      at
      actorName
      action
      detail
    }
  }
`);

const ORGANISATION = graphql(`
  query OpportunityOrganisation($organisationId: ID!) {
    organisation(id: $organisationId) {
      id
      name
      status
      address
      location {
        latitude
        longitude
      }
      university {
        id
        name
      }
    }
    badgeClasses(issuerId: $organisationId) {
      id
      name
      domain
      level
    }
    me {
      id
      memberships {
        role
        bodyId
      }
    }
  }
`);

const DRAFT = graphql(`
  mutation DraftOpportunity($input: DraftOpportunityInput!) {
    draftOpportunity(input: $input) {
      id
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateOpportunity($id: ID!, $input: UpdateOpportunityInput!) {
    updateOpportunity(id: $id, input: $input) {
      id
    }
  }
`);

const SUBMIT = graphql(`
  mutation SubmitOpportunity($id: ID!) {
    submitOpportunity(id: $id) {
      id
      status
    }
  }
`);

const CLOSE = graphql(`
  mutation CloseOpportunity($id: ID!) {
    closeOpportunity(id: $id) {
      id
      status
    }
  }
`);

const ARCHIVE = graphql(`
  mutation ArchiveOpportunity($id: ID!) {
    archiveOpportunity(id: $id) {
      id
      status
    }
  }
`);

type Found = NonNullable<OpportunityEditorQuery["opportunity"]>;
type AuditEvent = OpportunityEditorQuery["opportunityAuditTrail"][number];
type Context = OpportunityOrganisationQuery;
type BadgeChoice = Context["badgeClasses"][number];

/** What the viewer may do here, from their memberships. */
export function powersOf(context: Context): Powers {
  const roles = context.me?.memberships ?? [];
  const organisation = context.organisation;
  return {
    manages:
      organisation?.status === "APPROVED" &&
      roles.some((m) => m.role === "ADMIN" && m.bodyId === organisation.id),
    moderates: roles.some(
      (m) => m.role === "MODERATOR" && m.bodyId === organisation?.university.id,
    ),
  };
}

function loadContext(organisationId: string): Promise<Context> {
  return request(ORGANISATION, { organisationId });
}

function formOf(found: Found): OpportunityForm {
  return {
    title: found.title,
    synopsis: found.synopsis,
    description: found.description,
    badgeClassId: found.badgeClass?.id ?? "",
    startsAt: instantToWallTime(found.startsAt),
    endsAt: instantToWallTime(found.endsAt),
    capacity: String(found.capacity),
    address: found.address,
    latitude: formatDegrees(found.location.latitude),
    longitude: formatDegrees(found.location.longitude),
    contactEmail: found.contactEmail ?? "",
    website: found.website ?? "",
  };
}

const EMPTY: OpportunityForm = {
  title: "",
  synopsis: "",
  description: "",
  badgeClassId: "",
  startsAt: "",
  endsAt: "",
  capacity: "",
  address: "",
  latitude: "",
  longitude: "",
  contactEmail: "",
  website: "",
};

export function NewOpportunity({ organisationId }: { organisationId: string }) {
  useLocale();
  const me = useMe();
  const [context, setContext] = useState<Context | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    loadContext(organisationId)
      .then(setContext)
      .catch((caught: unknown) => {
        setContext(null);
        setError(errorText(caught));
      });
  }, [organisationId, me?.id]);

  if (me === null) return <SignInFirst path={`/organisations/${organisationId}/opportunities/new`} />;
  if (context === undefined) return <p role="status">{t("discover.loading")}</p>;
  if (!context?.organisation) return <p role="alert">{error ?? t("oppEdit.noOrganisation")}</p>;
  const organisation = context.organisation;
  if (!powersOf(context).manages) {
    return (
      <section aria-labelledby="editor-title">
        <h1 id="editor-title">{t("oppEdit.new")}</h1>
        <p role="alert">{t("oppEdit.notAdmin", { organisation: organisation.name })}</p>
      </section>
    );
  }

  async function save(form: OpportunityForm): Promise<void> {
    const made = await request(DRAFT, { input: draftInput(organisation.id, form) });
    navigate(`/opportunities/${made.draftOpportunity.id}/edit?saved=draft`);
  }

  return (
    <section aria-labelledby="editor-title" class="opportunity-editor">
      <p class="meta">
        <a href={`/organisations/${organisation.id}/opportunities`}>
          {t("oppList.back", { organisation: organisation.name })}
        </a>
      </p>
      <h1 id="editor-title">{t("oppEdit.new")}</h1>
      <EditorForm
        initial={EMPTY}
        status={null}
        canEdit
        context={context}
        onSave={save}
        saveLabel="oppEdit.saveDraft"
      />
    </section>
  );
}

export function EditOpportunity({ id, saved }: { id: string; saved: string | null }) {
  useLocale();
  const me = useMe();
  const [found, setFound] = useState<Found | null | undefined>(undefined);
  const [trail, setTrail] = useState<AuditEvent[]>([]);
  const [context, setContext] = useState<Context | null>(null);
  const [notice, setNotice] = useState<string | null>(saved === "draft" ? t("oppEdit.drafted") : null);
  const [error, setError] = useState<string | null>(null);

  async function load(): Promise<void> {
    try {
      const data = await request(EDITOR, { id });
      setFound(data.opportunity ?? null);
      setTrail(data.opportunityAuditTrail);
      if (data.opportunity) setContext(await loadContext(data.opportunity.organisation.id));
    } catch (caught) {
      setFound(null);
      setError(
        caught instanceof ApiError && caught.code === "FORBIDDEN"
          ? t("oppEdit.forbidden")
          : errorText(caught),
      );
    }
  }

  useEffect(() => {
    if (me) void load();
  }, [id, me?.id]);

  if (me === null) return <SignInFirst path={`/opportunities/${id}/edit`} />;
  if (found === undefined || (found && !context)) return <p role="status">{t("discover.loading")}</p>;
  if (found === null || !context) {
    return (
      <section aria-labelledby="editor-title">
        <h1 id="editor-title">{t("oppEdit.title")}</h1>
        <p role="alert">{error ?? t("opportunity.notFound")}</p>
      </section>
    );
  }
  const opportunity = found;
  const powers = powersOf(context);
  const canEdit = powers.manages && anyEditable(opportunity.status);

  async function save(form: OpportunityForm, before: OpportunityForm): Promise<void> {
    setNotice(null);
    const input = updateInput(before, form, opportunity.status);
    if (!input) {
      setNotice(t("oppEdit.unchanged"));
      return;
    }
    await request(UPDATE, { id: opportunity.id, input });
    await load();
    setNotice(t("oppEdit.saved"));
  }

  async function step(action: Action, reason: string): Promise<void> {
    setError(null);
    setNotice(null);
    try {
      const variables = { id: opportunity.id };
      if (action === "submit") await request(SUBMIT, variables);
      else if (action === "publish") await request(PUBLISH, variables);
      else if (action === "reject") await request(REJECT, { ...variables, reason });
      else if (action === "close") await request(CLOSE, variables);
      else await request(ARCHIVE, variables);
      await load();
      setNotice(t(`oppEdit.done.${action}`));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <section aria-labelledby="editor-title" class="opportunity-editor">
      <p class="meta">
        <a href={`/organisations/${opportunity.organisation.id}/opportunities`}>
          {t("oppList.back", { organisation: opportunity.organisation.name })}
        </a>
      </p>
      <h1 id="editor-title">{opportunity.title}</h1>
      <p role="status" class="success">
        {notice}
      </p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <Lifecycle opportunity={opportunity} powers={powers} onStep={step} />
      <h2>{t("oppEdit.details")}</h2>
      {!canEdit && <p class="hint">{t(powers.manages ? "oppEdit.frozen" : "oppEdit.readOnly")}</p>}
      <EditorForm
        key={`${opportunity.id}:${trail[0]?.id ?? ""}`}
        initial={formOf(opportunity)}
        status={opportunity.status}
        canEdit={canEdit}
        context={context}
        onSave={save}
        saveLabel="oppEdit.save"
      />
      <AuditTrail events={trail} />
    </section>
  );
}

function SignInFirst({ path }: { path: string }) {
  return (
    <p>
      <a href={`/sign-in?next=${encodeURIComponent(path)}`}>{t("oppEdit.signIn")}</a>
    </p>
  );
}

function Lifecycle({
  opportunity,
  powers,
  onStep,
}: {
  opportunity: Found;
  powers: Powers;
  onStep: (action: Action, reason: string) => Promise<void>;
}) {
  const actions = lifecycleActions(opportunity.status, powers);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);

  async function run(action: Action): Promise<void> {
    setBusy(true);
    try {
      await onStep(action, reason.trim());
      if (action === "reject") setRejecting(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="lifecycle-title" class="lifecycle">
      <h2 id="lifecycle-title">{t("oppEdit.lifecycle")}</h2>
      <p>
        <span class={`opportunity-state state-${opportunity.status.toLowerCase()}`}>
          {t(`oppStatus.${opportunity.status}`)}
        </span>{" "}
        <span class="meta">{t(`oppStatus.${opportunity.status}.help`)}</span>
      </p>
      {opportunity.status === "REJECTED" && opportunity.rejectionReason && (
        <p>{t("oppEdit.rejectedBecause", { reason: opportunity.rejectionReason })}</p>
      )}
      {(opportunity.status === "PUBLISHED" || opportunity.status === "CLOSED") && (
        <p>
          <a href={`/opportunities/${opportunity.id}/applications`}>{t("oppList.applications")}</a>
          {" · "}
          <a href={`/opportunities/${opportunity.id}`}>{t("oppEdit.publicPage")}</a>
        </p>
      )}
      {actions.length > 0 && (
        <div class="row actions">
          {actions.map((action) =>
            action === "reject" ? (
              <button
                key={action}
                type="button"
                class="secondary"
                aria-expanded={rejecting}
                aria-controls="reject-form"
                onClick={() => setRejecting(!rejecting)}
              >
                {t("oppEdit.action.reject")}
              </button>
            ) : (
              <button key={action} type="button" disabled={busy} onClick={() => void run(action)}>
                {t(`oppEdit.action.${action}`)}
              </button>
            ),
          )}
        </div>
      )}
      {rejecting && (
        <form
          id="reject-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run("reject");
          }}
        >
          <label>
            {t("oppEdit.rejectReason")}
            <textarea
              required
              rows={3}
              maxLength={2000}
              value={reason}
              onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <p>
            <button type="submit" disabled={busy}>
              {t("oppEdit.rejectConfirm")}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}

const AUDITED: readonly string[] = ["draft", "edit", "submit", "publish", "reject", "close", "archive"];

function AuditTrail({ events }: { events: AuditEvent[] }) {
  return (
    <section aria-labelledby="audit-title" class="audit-trail">
      <h2 id="audit-title">{t("oppAudit.title")}</h2>
      {events.length === 0 ? (
        <p>{t("oppAudit.none")}</p>
      ) : (
        <ol>
          {events.map((event) => (
            <li key={event.id}>
              <span class="audit-action">
                {AUDITED.includes(event.action)
                  ? t(`oppAudit.${event.action}` as MessageKey)
                  : event.action}
              </span>{" "}
              <span class="meta">
                {t("oppAudit.by", {
                  who: event.actorName ?? t("oppAudit.someone"),
                  date: formatDate(event.at),
                })}
              </span>
              {event.detail && <span class="audit-detail"> — {event.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const PROBLEM_ORDER: readonly Field[] = [
  "title",
  "synopsis",
  "description",
  "badgeClassId",
  "address",
  "latitude",
  "longitude",
  "startsAt",
  "endsAt",
  "capacity",
];

function EditorForm({
  initial,
  status,
  canEdit,
  context,
  onSave,
  saveLabel,
}: {
  initial: OpportunityForm;
  status: OpportunityStatus | null;
  canEdit: boolean;
  context: Context;
  onSave: (form: OpportunityForm, before: OpportunityForm) => Promise<void>;
  saveLabel: MessageKey;
}) {
  const [form, setForm] = useState(initial);
  const [shown, setShown] = useState<Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const organisation = context.organisation;

  const open = (field: Field): boolean => canEdit && editable(field, status);
  const set = (field: Field) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setForm((current) => ({ ...current, [field]: value }));
    // A field being corrected stops being marked; the rest stay until the next try.
    setShown((current) => current.filter((problem) => problem.field !== field));
  };
  const problemOf = (field: Field): Problem | undefined => shown.find((p) => p.field === field);
  const described = (
    field: Field,
    hint?: string,
  ): { "aria-describedby": string | undefined; "aria-invalid": "true" | undefined } => {
    const ids = [hint, problemOf(field) ? `${field}-problem` : undefined].filter(Boolean);
    return {
      "aria-describedby": ids.length ? ids.join(" ") : undefined,
      "aria-invalid": problemOf(field) ? "true" : undefined,
    };
  };

  const latitude = parseDegrees(form.latitude);
  const longitude = parseDegrees(form.longitude);
  const picked = useMemo(
    () =>
      latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
        ? { latitude, longitude }
        : null,
    [latitude, longitude],
  );
  const chosen: BadgeChoice | undefined = context.badgeClasses.find((b) => b.id === form.badgeClassId);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setFailure(null);
    const found = problems(form).sort(
      (a, b) => PROBLEM_ORDER.indexOf(a.field) - PROBLEM_ORDER.indexOf(b.field),
    );
    setShown(found);
    if (found.length) {
      summary.current?.focus();
      return;
    }
    setSaving(true);
    try {
      await onSave(form, initial);
    } catch (caught) {
      setFailure(errorText(caught));
    } finally {
      setSaving(false);
    }
  }

  function problemText(field: Field) {
    const problem = problemOf(field);
    return (
      problem && (
        <p class="problem" id={`${field}-problem`}>
          {t(problem.message)}
        </p>
      )
    );
  }

  return (
    <form class="editor-form" noValidate onSubmit={(event) => void submit(event)}>
      <ProblemSummary
        problems={shown}
        heading={t("oppEdit.problems", { count: shown.length })}
        label={(field) => t(`oppEdit.field.${field}`)}
        focus={summary}
      />
      <fieldset>
        <legend>{t("oppEdit.what")}</legend>
        <label for="field-title">{t("oppEdit.field.title")}</label>
        <input
          id="field-title"
          value={form.title}
          maxLength={200}
          disabled={!open("title")}
          onInput={set("title")}
          {...described("title")}
        />
        {problemText("title")}
        <label for="field-synopsis">{t("oppEdit.field.synopsis")}</label>
        <textarea
          id="field-synopsis"
          rows={2}
          maxLength={500}
          value={form.synopsis}
          disabled={!open("synopsis")}
          onInput={set("synopsis")}
          {...described("synopsis", "synopsis-hint")}
        />
        <p class="hint" id="synopsis-hint">
          {t("oppEdit.synopsis.hint")}
        </p>
        {problemText("synopsis")}
        <label for="field-description">{t("oppEdit.field.description")}</label>
        <textarea
          id="field-description"
          rows={6}
          maxLength={10000}
          value={form.description}
          disabled={!open("description")}
          onInput={set("description")}
          {...described("description")}
        />
        {problemText("description")}
        <label for="field-badgeClassId">{t("oppEdit.field.badgeClassId")}</label>
        <select
          id="field-badgeClassId"
          value={form.badgeClassId}
          disabled={!open("badgeClassId")}
          onChange={set("badgeClassId")}
          {...described("badgeClassId", "badge-hint")}
        >
          <option value="">{t("oppEdit.badge.choose")}</option>
          {context.badgeClasses.map((badge) => (
            <option key={badge.id} value={badge.id}>
              {badge.name}
            </option>
          ))}
        </select>
        <p class="hint" id="badge-hint">
          {chosen
            ? t("oppEdit.badge.domainLevel", {
                domain: t(`domain.${chosen.domain}`),
                level: t(`level.${chosen.level}`),
              })
            : context.badgeClasses.length
              ? t("oppEdit.badge.hint")
              : t("oppEdit.badge.none")}
        </p>
        {problemText("badgeClassId")}
      </fieldset>
      <fieldset>
        <legend>{t("oppEdit.where")}</legend>
        <label for="field-address">{t("oppEdit.field.address")}</label>
        <input
          id="field-address"
          value={form.address}
          maxLength={300}
          autoComplete="street-address"
          disabled={!open("address")}
          onInput={set("address")}
          {...described("address")}
        />
        {problemText("address")}
        {open("latitude") && organisation && (
          <p>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setForm((current) => ({
                  ...current,
                  address: organisation.address,
                  latitude: formatDegrees(organisation.location.latitude),
                  longitude: formatDegrees(organisation.location.longitude),
                }));
                setShown((current) =>
                  current.filter((p) => !["address", "latitude", "longitude"].includes(p.field)),
                );
              }}
            >
              {t("oppEdit.useOrganisation", { organisation: organisation.name })}
            </button>
          </p>
        )}
        <div class="place-map">
          <OpportunityMap
            places={[]}
            near={picked}
            label={t("oppEdit.map")}
            pickHint={t("oppEdit.map.hint")}
            onPick={
              open("latitude")
                ? (point) => {
                    setForm((current) => ({
                      ...current,
                      latitude: formatDegrees(point.latitude),
                      longitude: formatDegrees(point.longitude),
                    }));
                    setShown((current) =>
                      current.filter((p) => p.field !== "latitude" && p.field !== "longitude"),
                    );
                  }
                : undefined
            }
          />
        </div>
        <p class="hint" id="coordinates-hint">
          {t("oppEdit.coordinates.hint")}
        </p>
        <div class="row">
          <div class="field">
            <label for="field-latitude">{t("oppEdit.field.latitude")}</label>
            <input
              id="field-latitude"
              inputMode="decimal"
              value={form.latitude}
              disabled={!open("latitude")}
              onInput={set("latitude")}
              {...described("latitude", "coordinates-hint")}
            />
            {problemText("latitude")}
          </div>
          <div class="field">
            <label for="field-longitude">{t("oppEdit.field.longitude")}</label>
            <input
              id="field-longitude"
              inputMode="decimal"
              value={form.longitude}
              disabled={!open("longitude")}
              onInput={set("longitude")}
              {...described("longitude", "coordinates-hint")}
            />
            {problemText("longitude")}
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("oppEdit.when")}</legend>
        <p class="hint" id="zone-hint">
          {t("oppEdit.zone")}
        </p>
        <div class="row">
          <div class="field">
            <label for="field-startsAt">{t("oppEdit.field.startsAt")}</label>
            <input
              id="field-startsAt"
              type="datetime-local"
              value={form.startsAt}
              disabled={!open("startsAt")}
              onInput={set("startsAt")}
              {...described("startsAt", "zone-hint")}
            />
            {problemText("startsAt")}
          </div>
          <div class="field">
            <label for="field-endsAt">{t("oppEdit.field.endsAt")}</label>
            <input
              id="field-endsAt"
              type="datetime-local"
              value={form.endsAt}
              disabled={!open("endsAt")}
              onInput={set("endsAt")}
              {...described("endsAt", "zone-hint")}
            />
            {problemText("endsAt")}
          </div>
        </div>
        <label for="field-capacity">{t("oppEdit.field.capacity")}</label>
        <input
          id="field-capacity"
          type="number"
          inputMode="numeric"
          min={1}
          max={10000}
          value={form.capacity}
          disabled={!open("capacity")}
          onInput={set("capacity")}
          {...described("capacity")}
        />
        {problemText("capacity")}
      </fieldset>
      <fieldset>
        <legend>{t("oppEdit.contact")}</legend>
        <label for="field-contactEmail">{t("oppEdit.field.contactEmail")}</label>
        <input
          id="field-contactEmail"
          type="email"
          autoComplete="email"
          value={form.contactEmail}
          disabled={!open("contactEmail")}
          onInput={set("contactEmail")}
        />
        <label for="field-website">{t("oppEdit.field.website")}</label>
        <input
          id="field-website"
          type="url"
          value={form.website}
          disabled={!open("website")}
          onInput={set("website")}
        />
      </fieldset>
      {failure && <p role="alert">{t("error.generic", { message: failure })}</p>}
      {canEdit && (
        <p>
          <button type="submit" disabled={saving}>
            {t(saveLabel)}
          </button>
        </p>
      )}
    </form>
  );
}
