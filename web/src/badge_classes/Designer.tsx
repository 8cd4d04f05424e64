// The badge-class designer: /issuers/{id}/badge-classes/new and /badge-classes/{id}/edit. Name,
// texts, domain and level with a live preview of the branded image (or an uploaded PNG checked
// as the server checks it), competencies found by search, the endorsement policy, expiry,
// pathway prerequisites, a rubric and the consent to issue without review. On an edit, what
// issued badges state is shown read-only with the reason (the server's FIELD_FROZEN rule).
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { BadgeClassForEditQuery, Domain, Level, Relationship } from "../gql/graphql";
import { DOMAINS, LEVELS } from "../opportunities/search";
import { ExternalMappings } from "../external_credentials/ExternalMappings";
import { useMe } from "../people/session";
import { mayDesign, useDesignerOf } from "./access";
import {
  type Competency,
  type CriterionDraft,
  type Draft,
  draftFrom,
  draftProblems,
  EXPIRY_MAX_DAYS,
  emptyDraft,
  frozenBy,
  frozenReason,
  type FrozenBy,
  imageProblem,
  LEVEL_NUMBER,
  MAX_ALIGNMENTS,
  NAME_MAX,
  POLICY_MAX,
  type Problem,
  pngDataUrl,
  previewUrl,
  RUBRIC_CRITERIA,
  TEXT_MAX,
  createInput,
  updateInput,
} from "./designer";
import "./badge_classes.css";
import { MicroCredentialFacts } from "../micro_credentials/MicroCredentialFacts";

const ISSUER = graphql(`
  query DesignerIssuer($issuerId: ID!) {
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
    }
  }
`);

const BADGE_CLASS = graphql(`
  query BadgeClassForEdit($id: ID!) {
    badgeClass(id: $id) {
      id
      name
      description
      criteria
      domain
      level
      expiresAfterDays
      imageUrl
      hasUploadedImage
      badgesIssued
      officiallyValidated
      frozenFields
      alignments {
        framework
        code
        name
        url
      }
      endorsementPolicy {
        minimum
        relationships
        requireOneOf
      }
      requires {
        id
        name
      }
      rubric {
        name
        description
        levels
        minimumLevel
      }
      issuance {
        autoIssueParticipations
        autoIssueOnCompletion
      }
      issuer {
        id
        name
        kind
      }
      microCredential {
        ...MicroCredentialFacts
      }
    }
  }
`);

const SEARCH = graphql(`
  query SearchCompetencies($search: String!) {
    competencies(search: $search, first: 8) {
      framework
      code
      name
      url
    }
  }
`);

const CREATE = graphql(`
  mutation CreateBadgeClass($input: CreateBadgeClassInput!) {
    createBadgeClass(input: $input) {
      id
      name
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateBadgeClass($id: ID!, $input: UpdateBadgeClassInput!) {
    updateBadgeClass(id: $id, input: $input) {
      id
      name
    }
  }
`);

type Existing = NonNullable<BadgeClassForEditQuery["badgeClass"]>;
const RELATIONSHIPS: readonly Relationship[] = ["TEACHER", "SUPERVISOR", "PEER", "OTHER"];

/** The input fields' names (as the server names them) to the words of their form labels. */
const FIELD_LABEL: Record<string, MessageKey> = {
  name: "designer.name",
  description: "designer.description",
  criteria: "designer.criteria",
  relationships: "designer.policy.relationships",
  requireOneOf: "designer.policy.requireOneOf",
  expiresAfterDays: "designer.expiry",
  autoIssueOnCompletion: "designer.consent.completion",
  rubric: "designer.rubric",
  image: "designer.image",
  alignments: "designer.competencies",
  requires: "designer.pathway",
};

export function NewBadgeClass({ issuerId }: { issuerId: string }) {
  return <DesignerGate issuerId={issuerId} existing={null} />;
}

export function EditBadgeClass({ id }: { id: string }) {
  useLocale();
  const [existing, setExisting] = useState<Existing | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const load = async (): Promise<void> => {
    try {
      const data = await request(BADGE_CLASS, { id });
      setExisting(data.badgeClass ?? null);
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (existing === undefined) return <p role="status">{t("designer.loading")}</p>;
  if (existing === null) return <h1>{t("designer.notFound")}</h1>;
  return <DesignerGate issuerId={existing.issuer.id} existing={existing} reload={load} />;
}

function DesignerGate({
  issuerId,
  existing,
  reload,
}: {
  issuerId: string;
  existing: Existing | null;
  reload?: (() => Promise<void>) | undefined;
}) {
  useLocale();
  const me = useMe();
  const memberships = useDesignerOf();
  const title = existing ? t("designer.editTitle") : t("designer.newTitle");
  if (me === null) {
    const here = existing ? `/badge-classes/${existing.id}/edit` : `/issuers/${issuerId}/badge-classes/new`;
    return (
      <section aria-labelledby="designer-title" class="narrow">
        <h1 id="designer-title">{title}</h1>
        <p>
          <a class="button" href={`/sign-in?next=${encodeURIComponent(here)}`}>
            {t("designer.signIn")}
          </a>
        </p>
      </section>
    );
  }
  if (me === undefined || memberships === undefined) return <p role="status">{t("designer.loading")}</p>;
  if (!mayDesign(memberships, issuerId)) {
    return (
      <section aria-labelledby="designer-title" class="narrow">
        <h1 id="designer-title">{title}</h1>
        <p>{t("designer.notAllowed")}</p>
      </section>
    );
  }
  return <Designer issuerId={issuerId} existing={existing} reload={reload} />;
}

function Designer({
  issuerId,
  existing,
  reload,
}: {
  issuerId: string;
  existing: Existing | null;
  reload?: (() => Promise<void>) | undefined;
}) {
  const original = existing ? draftFrom(existing) : emptyDraft();
  const [draft, setDraft] = useState<Draft>(original);
  const [issuer, setIssuer] = useState<{ name: string; university: boolean; classes: { id: string; name: string }[] } | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const frozen = existing?.frozenFields ?? [];
  const badgesIssued = existing?.badgesIssued ?? false;
  const frozenFor = frozenBy(existing?.officiallyValidated ?? false, badgesIssued);

  useEffect(() => {
    setDraft(existing ? draftFrom(existing) : emptyDraft());
  }, [existing]);

  useEffect(() => {
    request(ISSUER, { issuerId })
      .then((data) =>
        setIssuer({
          name: data.organisation?.name ?? data.university?.name ?? "",
          university: !data.organisation && Boolean(data.university),
          classes: data.badgeClasses.filter((b) => b.id !== existing?.id),
        }),
      )
      .catch((caught: unknown) => setFailure(caught instanceof ApiError ? caught : new ApiError(errorText(caught), "")));
  }, [issuerId]);

  function set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    setDraft((current) => ({ ...current, [key]: value }));
    setSaved(null);
  }

  const isFrozen = (field: string): boolean => frozen.includes(field);
  const problemOf = (field: string): Problem | undefined => problems.find((p) => p.field === field);
  const serverProblem = (field: string): string | null =>
    failure && failure.field?.split(/[.[]/)[0] === field ? `${failure.message} (${failure.code})` : null;

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setFailure(null);
    setSaved(null);
    const found = draftProblems(draft).filter((p) => !isFrozen(p.field.split(".")[0] ?? ""));
    setProblems(found);
    if (found.length) {
      summary.current?.focus();
      return;
    }
    setSaving(true);
    try {
      if (!existing) {
        const data = await request(CREATE, { input: createInput(issuerId, draft) });
        navigate(`/issuers/${issuerId}/badge-classes?created=${data.createBadgeClass.id}`);
        return;
      }
      const input = updateInput(original, draft, frozen);
      if (Object.keys(input).length === 0) {
        setSaved(t("designer.nothing"));
        return;
      }
      await request(UPDATE, { id: existing.id, input });
      await reload?.();
      setSaved(t("designer.saved"));
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : new ApiError(errorText(caught), ""));
      summary.current?.focus();
    } finally {
      setSaving(false);
    }
  }

  const title = existing ? t("designer.editTitle") : t("designer.newTitle");
  const describe = (...ids: (string | false | undefined)[]): string | undefined =>
    ids.filter(Boolean).join(" ") || undefined;

  return (
    <section class="designer" aria-labelledby="designer-title">
      <h1 id="designer-title">{existing ? `${title}: ${existing.name}` : title}</h1>
      <p>
        {issuer && <strong>{issuer.name}. </strong>}
        {t("designer.lead")}
      </p>
      <p>
        <a href={`/issuers/${issuerId}/badge-classes`}>{t("designer.back")}</a>
      </p>
      {/* What the university stated on validating the class: read-only here, its curators'. */}
      {existing?.microCredential && <MicroCredentialFacts facts={existing.microCredential} />}
      <div ref={summary} tabIndex={-1} class="designer-summary">
        {problems.length > 0 && (
          <p role="alert" class="file-error">
            {t("designer.problems", {
              fields: [...new Set(problems.map((p) => t(FIELD_LABEL[p.field.split(".")[0] ?? ""] ?? "designer.rubric").replace(" *", "")))].join(", "),
            })}
          </p>
        )}
        {failure && (
          <p role="alert" class="file-error">
            {t("designer.failed", { message: `${failure.message}${failure.code ? ` (${failure.code})` : ""}` })}
          </p>
        )}
      </div>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <fieldset class="designer-part">
          <legend>{t("designer.basics")}</legend>
          <TextField
            field="name"
            label={t("designer.name")}
            value={draft.name}
            max={NAME_MAX}
            frozen={isFrozen("name")}
            frozenBy={frozenFor}
            problem={problemOf("name")}
            server={serverProblem("name")}
            onInput={(value) => set("name", value)}
          />
          <TextField
            field="description"
            label={t("designer.description")}
            help={t("designer.description.help")}
            value={draft.description}
            max={TEXT_MAX}
            multiline
            frozen={isFrozen("description")}
            frozenBy={frozenFor}
            problem={problemOf("description")}
            server={serverProblem("description")}
            onInput={(value) => set("description", value)}
          />
          <TextField
            field="criteria"
            label={t("designer.criteria")}
            help={t("designer.criteria.help")}
            value={draft.criteria}
            max={TEXT_MAX}
            multiline
            frozen={isFrozen("criteria")}
            frozenBy={frozenFor}
            problem={problemOf("criteria")}
            server={serverProblem("criteria")}
            onInput={(value) => set("criteria", value)}
          />
          <div class="row">
            <div class="field">
              <label for="designer-domain">{t("designer.domain")}</label>
              <select
                id="designer-domain"
                name="domain"
                value={draft.domain}
                disabled={isFrozen("domain")}
                aria-describedby={describe(isFrozen("domain") && "frozen-domain")}
                onChange={(e) => set("domain", (e.currentTarget as HTMLSelectElement).value as Domain)}
              >
                {DOMAINS.map((d) => (
                  <option key={d} value={d}>
                    {t(`domain.${d}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="designer-level">{t("designer.level")}</label>
              <select
                id="designer-level"
                name="level"
                value={draft.level}
                disabled={isFrozen("level")}
                aria-describedby={describe(isFrozen("level") && "frozen-level")}
                onChange={(e) => set("level", (e.currentTarget as HTMLSelectElement).value as Level)}
              >
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t("designer.levelOption", { number: LEVEL_NUMBER[l], name: t(`level.${l}`) })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {isFrozen("domain") && <Frozen field="domain" frozenBy={frozenFor} />}
          {isFrozen("level") && <Frozen field="level" frozenBy={frozenFor} />}
        </fieldset>

        <ImagePart
          issuerId={issuerId}
          draft={draft}
          existing={existing}
          frozen={isFrozen("image")}
          frozenBy={frozenFor}
          server={serverProblem("image")}
          onImage={(image) => set("image", image)}
        />

        <CompetencyPicker
          chosen={draft.alignments}
          frozen={isFrozen("alignments")}
          frozenBy={frozenFor}
          server={serverProblem("alignments")}
          onChange={(alignments) => set("alignments", alignments)}
        />

        <fieldset class="designer-part">
          <legend>{t("designer.policy")}</legend>
          <p class="hint">{t("designer.policy.help")}</p>
          <label>
            {t("designer.policy.minimum")}
            <input
              type="number"
              name="policyMinimum"
              min={0}
              max={POLICY_MAX}
              inputMode="numeric"
              value={draft.policyMinimum}
              onInput={(e) => {
                const value = Number((e.currentTarget as HTMLInputElement).value);
                if (Number.isInteger(value) && value >= 0 && value <= POLICY_MAX) set("policyMinimum", value);
              }}
            />
          </label>
          <Checks
            legend={t("designer.policy.relationships")}
            name="relationships"
            chosen={draft.relationships}
            problem={problemOf("relationships")}
            onChange={(chosen) =>
              setDraft((d) => ({ ...d, relationships: chosen, requireOneOf: d.requireOneOf.filter((r) => chosen.includes(r)) }))
            }
          />
          <Checks
            legend={t("designer.policy.requireOneOf")}
            name="requireOneOf"
            chosen={draft.requireOneOf}
            offered={draft.relationships}
            problem={problemOf("requireOneOf")}
            onChange={(chosen) => set("requireOneOf", chosen)}
          />
          <Problems problem={problemOf("relationships") ?? problemOf("requireOneOf")} server={serverProblem("endorsementPolicy")} id="policy-problem" />
        </fieldset>

        <fieldset class="designer-part">
          <legend>{t("designer.expiry")}</legend>
          <label>
            <span class="visually-hidden">{t("designer.expiry")}</span>
            <input
              type="number"
              name="expiresAfterDays"
              min={1}
              max={EXPIRY_MAX_DAYS}
              inputMode="numeric"
              value={draft.expiresAfterDays}
              aria-describedby={describe("expiry-help", problemOf("expiresAfterDays") && "expiry-problem")}
              aria-invalid={problemOf("expiresAfterDays") ? "true" : undefined}
              onInput={(e) => set("expiresAfterDays", (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <p class="hint" id="expiry-help">
            {t("designer.expiry.help")}
          </p>
          <Problems problem={problemOf("expiresAfterDays")} server={serverProblem("expiresAfterDays")} id="expiry-problem" />
        </fieldset>

        <fieldset class="designer-part">
          <legend>{t("designer.pathway")}</legend>
          <p class="hint">{t("designer.pathway.help")}</p>
          {issuer && issuer.classes.length === 0 && <p>{t("designer.pathway.none")}</p>}
          {issuer?.classes.map((c) => (
            <label class="check" key={c.id}>
              <input
                type="checkbox"
                name="requires"
                value={c.id}
                checked={draft.requires.includes(c.id)}
                onChange={(e) =>
                  set(
                    "requires",
                    (e.currentTarget as HTMLInputElement).checked
                      ? [...draft.requires, c.id]
                      : draft.requires.filter((id) => id !== c.id),
                  )
                }
              />
              {c.name}
            </label>
          ))}
          <Problems server={serverProblem("requires")} id="requires-problem" />
        </fieldset>

        <RubricEditor
          rubric={draft.rubric}
          frozen={isFrozen("rubric")}
          frozenBy={frozenFor}
          problems={problems}
          server={serverProblem("rubric")}
          onChange={(rubric) => set("rubric", rubric)}
        />

        <fieldset class="designer-part">
          <legend>{t("designer.consent")}</legend>
          <p class="hint">{t("designer.consent.help")}</p>
          {!issuer?.university && (
            <div class="choice">
              <label class="check">
                <input
                  type="checkbox"
                  name="autoIssueParticipations"
                  checked={draft.autoIssueParticipations}
                  aria-describedby="consent-participations-help"
                  onChange={(e) => set("autoIssueParticipations", (e.currentTarget as HTMLInputElement).checked)}
                />
                {t("designer.consent.participations")}
              </label>
              <p class="hint" id="consent-participations-help">
                {t("designer.consent.participations.help")}
              </p>
            </div>
          )}
          <div class="choice">
            <label class="check">
              <input
                type="checkbox"
                name="autoIssueOnCompletion"
                checked={draft.autoIssueOnCompletion}
                aria-describedby="consent-completion-help"
                onChange={(e) => set("autoIssueOnCompletion", (e.currentTarget as HTMLInputElement).checked)}
              />
              {t("designer.consent.completion")}
            </label>
            <p class="hint" id="consent-completion-help">
              {t("designer.consent.completion.help")}
            </p>
          </div>
          <Problems
            problem={problemOf("autoIssueOnCompletion")}
            server={serverProblem("autoIssueOnCompletion") ?? serverProblem("autoIssueParticipations")}
            id="consent-problem"
          />
        </fieldset>

        <p role="status" class="success">
          {saved}
        </p>
        <p>
          <button type="submit" disabled={saving}>
            {saving ? t("designer.saving") : existing ? t("designer.save") : t("designer.create")}
          </button>
        </p>
      </form>
      {existing && issuer?.university && <ExternalMappings badgeClassId={existing.id} issuerId={issuerId} />}
    </section>
  );
}

function Frozen({ field, frozenBy }: { field: string; frozenBy: FrozenBy }) {
  return (
    <p class="frozen" id={`frozen-${field}`}>
      <span aria-hidden="true">🔒 </span>
      {t(frozenReason(field, frozenBy))}
    </p>
  );
}

function Problems({ problem, server, id }: { problem?: Problem | undefined; server?: string | null; id: string }) {
  if (!problem && !server) return null;
  return (
    <p class="problem file-error" id={id}>
      {problem ? t(problem.key, problem.params) : server}
    </p>
  );
}

function TextField({
  field,
  label,
  help,
  value,
  max,
  multiline = false,
  frozen,
  frozenBy,
  problem,
  server,
  onInput,
}: {
  field: string;
  label: string;
  help?: string;
  value: string;
  max: number;
  multiline?: boolean;
  frozen: boolean;
  frozenBy: FrozenBy;
  problem: Problem | undefined;
  server: string | null;
  onInput: (value: string) => void;
}) {
  const id = `designer-${field}`;
  const described =
    [help && `${id}-help`, frozen && `frozen-${field}`, (problem || server) && `${id}-problem`].filter(Boolean).join(" ") ||
    undefined;
  const common = {
    id,
    name: field,
    value,
    maxLength: max,
    readOnly: frozen,
    required: !frozen,
    "aria-describedby": described,
    "aria-invalid": problem || server ? ("true" as const) : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={4} {...common} /> : <input {...common} />}
      {help && (
        <p class="hint field-hint" id={`${id}-help`}>
          {help}
        </p>
      )}
      {frozen && <Frozen field={field} frozenBy={frozenBy} />}
      <Problems problem={problem} server={server} id={`${id}-problem`} />
    </div>
  );
}

function Checks({
  legend,
  name,
  chosen,
  offered = RELATIONSHIPS,
  problem,
  onChange,
}: {
  legend: string;
  name: string;
  chosen: Relationship[];
  offered?: readonly Relationship[];
  problem: Problem | undefined;
  onChange: (chosen: Relationship[]) => void;
}) {
  return (
    <fieldset class={problem ? "checks invalid" : "checks"}>
      <legend>{legend}</legend>
      {offered.map((r) => (
        <label class="check" key={r}>
          <input
            type="checkbox"
            name={name}
            value={r}
            checked={chosen.includes(r)}
            onChange={(e) =>
              onChange((e.currentTarget as HTMLInputElement).checked ? [...chosen, r] : chosen.filter((c) => c !== r))
            }
          />
          {t(`designer.relationship.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

function ImagePart({
  issuerId,
  draft,
  existing,
  frozen,
  frozenBy,
  server,
  onImage,
}: {
  issuerId: string;
  draft: Draft;
  existing: Existing | null;
  frozen: boolean;
  frozenBy: FrozenBy;
  server: string | null;
  onImage: (image: string | null) => void;
}) {
  const [preview, setPreview] = useState(() => previewUrl(issuerId, draft.name, draft.domain, draft.level));
  const [problem, setProblem] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  // The preview follows the typing, once it pauses: not a request per key.
  useEffect(() => {
    const timer = setTimeout(() => setPreview(previewUrl(issuerId, draft.name, draft.domain, draft.level)), 300);
    return () => clearTimeout(timer);
  }, [issuerId, draft.name, draft.domain, draft.level]);

  async function pick(files: FileList | null): Promise<void> {
    setProblem(null);
    const chosen = files?.[0];
    if (!chosen) return;
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    const refused = imageProblem(bytes);
    if (refused) {
      setProblem("params" in refused ? t(refused.key, refused.params) : t(refused.key));
      onImage(null);
      if (file.current) file.current.value = "";
      return;
    }
    onImage(pngDataUrl(bytes));
  }

  // An uploaded image that stays (frozen, or nothing new chosen) is shown as it is.
  const shown = draft.image ?? (existing?.hasUploadedImage || frozen ? existing?.imageUrl : preview);
  return (
    <fieldset class="designer-part">
      <legend>{t("designer.image")}</legend>
      <figure class="preview">
        {shown && <img src={shown} alt={t("designer.preview.alt", { name: draft.name || "…" })} width={160} height={160} />}
        <figcaption class="hint">
          {draft.image
            ? t("designer.upload.chosen")
            : existing?.hasUploadedImage
              ? t("designer.upload.current")
              : t("designer.preview.help")}
        </figcaption>
      </figure>
      {frozen ? (
        <Frozen field="image" frozenBy={frozenBy} />
      ) : (
        <>
          <label>
            {t("designer.upload")}
            <input
              ref={file}
              type="file"
              name="image"
              accept="image/png"
              aria-describedby={["upload-help", (problem || server) && "upload-problem"].filter(Boolean).join(" ")}
              aria-invalid={problem || server ? "true" : undefined}
              onChange={(e) => void pick((e.currentTarget as HTMLInputElement).files)}
            />
          </label>
          <p class="hint" id="upload-help">
            {t("designer.upload.help")}
          </p>
          {(problem || server) && (
            <p class="problem file-error" id="upload-problem" role="alert">
              {problem ?? server}
            </p>
          )}
          {draft.image && (
            <p>
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  onImage(null);
                  if (file.current) file.current.value = "";
                }}
              >
                {t("designer.upload.remove")}
              </button>
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}

function CompetencyPicker({
  chosen,
  frozen,
  frozenBy,
  server,
  onChange,
}: {
  chosen: Competency[];
  frozen: boolean;
  frozenBy: FrozenBy;
  server: string | null;
  onChange: (chosen: Competency[]) => void;
}) {
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<Competency[] | null>(null);
  const asked = useRef(0);
  useEffect(() => {
    const text = search.trim();
    if (!text) {
      setFound(null);
      return;
    }
    const ticket = ++asked.current;
    const timer = setTimeout(() => {
      request(SEARCH, { search: text })
        .then((data) => {
          // Only the newest answer counts: an older, slower one must not replace it.
          if (ticket === asked.current) setFound(data.competencies);
        })
        .catch(() => {
          if (ticket === asked.current) setFound([]);
        });
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const key = (c: Competency): string => `${c.framework}|${c.code}`;
  const offered = (found ?? []).filter((c) => !chosen.some((d) => key(d) === key(c)));
  const full = chosen.length >= MAX_ALIGNMENTS;
  return (
    <fieldset class="designer-part">
      <legend>{t("designer.competencies")}</legend>
      <p class="hint">{t("designer.competencies.help")}</p>
      <p class="part-label" id="chosen-competencies">
        {t("designer.competencies.chosen")}
      </p>
      {chosen.length === 0 ? (
        <p>{t("designer.competencies.none")}</p>
      ) : (
        <ul class="chosen" aria-labelledby="chosen-competencies">
          {chosen.map((c) => (
            <li key={key(c)}>
              <span>
                {c.name} <span class="meta">({c.framework} {c.code})</span>
              </span>
              {!frozen && (
                <button type="button" class="secondary" onClick={() => onChange(chosen.filter((d) => key(d) !== key(c)))}>
                  {t("designer.competencies.remove", { name: c.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {frozen ? (
        <Frozen field="alignments" frozenBy={frozenBy} />
      ) : (
        <>
          <label>
            {t("designer.competencies.search")}
            <input
              type="search"
              name="competencySearch"
              maxLength={200}
              autoComplete="off"
              aria-describedby="competency-search-help"
              value={search}
              onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => {
                // Enter searches; it must not send the whole form.
                if (e.key === "Enter") e.preventDefault();
              }}
            />
          </label>
          <p class="hint" id="competency-search-help">
            {t("designer.competencies.searchHelp")}
          </p>
          <p role="status" class="meta">
            {found === null
              ? ""
              : found.length === 0
                ? t("designer.competencies.noneFound")
                : found.length === 1
                  ? t("designer.competencies.foundOne")
                  : t("designer.competencies.found", { count: found.length })}
          </p>
          {full && <p>{t("designer.competencies.max", { max: MAX_ALIGNMENTS })}</p>}
          {offered.length > 0 && !full && (
            <ul class="found">
              {offered.map((c) => (
                <li key={key(c)}>
                  <button type="button" class="secondary" onClick={() => onChange([...chosen, c])}>
                    {t("designer.competencies.add", { name: c.name, framework: c.framework, code: c.code })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <Problems server={server} id="competencies-problem" />
        </>
      )}
    </fieldset>
  );
}

/** The rubric part of the form; badge templates (web/src/badge_templates) use it too. */
export function RubricEditor({
  rubric,
  frozen,
  frozenBy,
  problems,
  server,
  onChange,
  most = RUBRIC_CRITERIA[1],
  help = "designer.rubric.help",
}: {
  rubric: CriterionDraft[];
  frozen: boolean;
  frozenBy: FrozenBy;
  problems: Problem[];
  server: string | null;
  onChange: (rubric: CriterionDraft[]) => void;
  most?: number;
  help?: MessageKey;
}) {
  const change = (index: number, part: Partial<CriterionDraft>): void =>
    onChange(rubric.map((k, i) => (i === index ? { ...k, ...part } : k)));
  const whole = problems.find((p) => p.field === "rubric");
  return (
    <fieldset class="designer-part">
      <legend>{t("designer.rubric")}</legend>
      <p class="hint">{t(help)}</p>
      {frozen && <Frozen field="rubric" frozenBy={frozenBy} />}
      {rubric.map((k, i) => {
        const problem = problems.find((p) => p.field === `rubric.${i}`);
        const levels = k.levels.filter((l) => l.trim());
        return (
          <Criterion key={i} number={i + 1}>
            <label>
              {t("designer.rubric.name")}
              <input
                value={k.name}
                maxLength={200}
                readOnly={frozen}
                aria-describedby={problem ? `rubric-${i}-problem` : undefined}
                onInput={(e) => change(i, { name: (e.currentTarget as HTMLInputElement).value })}
              />
            </label>
            <label>
              {t("designer.rubric.description")}
              <input
                value={k.description}
                maxLength={2000}
                readOnly={frozen}
                onInput={(e) => change(i, { description: (e.currentTarget as HTMLInputElement).value })}
              />
            </label>
            <label>
              {t("designer.rubric.levels")}
              <textarea
                rows={4}
                readOnly={frozen}
                value={k.levels.join("\n")}
                onInput={(e) => change(i, { levels: (e.currentTarget as HTMLTextAreaElement).value.split("\n") })}
              />
            </label>
            <label>
              {t("designer.rubric.minimum")}
              <select
                value={k.minimumLevel === null ? "" : String(k.minimumLevel)}
                disabled={frozen}
                onChange={(e) => {
                  const value = (e.currentTarget as HTMLSelectElement).value;
                  change(i, { minimumLevel: value ? Number(value) : null });
                }}
              >
                <option value="">{t("designer.rubric.anyLevel")}</option>
                {levels.map((level, n) => (
                  <option key={n} value={n + 1}>
                    {n + 1}: {level}
                  </option>
                ))}
              </select>
            </label>
            <Problems problem={problem} id={`rubric-${i}-problem`} />
            {!frozen && (
              <p>
                <button type="button" class="secondary" onClick={() => onChange(rubric.filter((_, j) => j !== i))}>
                  {t("designer.rubric.remove", { number: i + 1 })}
                </button>
              </p>
            )}
          </Criterion>
        );
      })}
      <Problems problem={whole} server={server} id="rubric-problem" />
      {!frozen && rubric.length < most && (
        <p>
          <button
            type="button"
            class="secondary"
            onClick={() => onChange([...rubric, { name: "", description: "", levels: ["", ""], minimumLevel: null }])}
          >
            {t("designer.rubric.add")}
          </button>
        </p>
      )}
    </fieldset>
  );
}

function Criterion({ number, children }: { number: number; children: ComponentChildren }) {
  return (
    <fieldset class="criterion-edit">
      <legend>{t("designer.rubric.criterion", { number })}</legend>
      {children}
    </fieldset>
  );
}
