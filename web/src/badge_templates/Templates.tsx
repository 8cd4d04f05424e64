// /universities/{id}/badge-templates: the university's templates for badges on the spot; its
// moderators and curators create, edit and archive them (the rubric part is the designer's).
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { BadgeTemplatesPageQuery, Domain, Level } from "../gql/graphql";
import { RubricEditor } from "../badge_classes/Designer";
import { type CriterionDraft, rubricInput, rubricProblems } from "../badge_classes/designer";
import { DOMAINS, LEVELS } from "../opportunities/search";
import { useMe } from "../people/session";
import "../badge_classes/badge_classes.css";
import "./badge_templates.css";

const TEMPLATES = graphql(`
  query BadgeTemplatesPage($universityId: ID!, $archived: Boolean!) {
    university(id: $universityId) {
      id
      name
    }
    badgeTemplates(universityId: $universityId, includeArchived: $archived) {
      id
      name
      description
      criteria
      domain
      level
      archived
      rubric {
        id
        name
        description
        levels
        minimumLevel
      }
    }
  }
`);

const CREATE = graphql(`
  mutation CreateBadgeTemplate($universityId: ID!, $input: BadgeTemplateInput!) {
    createBadgeTemplate(universityId: $universityId, input: $input) {
      id
      name
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateBadgeTemplate($id: ID!, $input: BadgeTemplateInput!) {
    updateBadgeTemplate(id: $id, input: $input) {
      id
      name
    }
  }
`);

const ARCHIVE = graphql(`
  mutation ArchiveBadgeTemplate($id: ID!, $archived: Boolean!) {
    archiveBadgeTemplate(id: $id, archived: $archived) {
      id
      archived
    }
  }
`);

type Template = BadgeTemplatesPageQuery["badgeTemplates"][number];

interface Draft {
  id: string | null;
  /** The name it had when the form opened: the form's title, steady while the name is typed. */
  saved: string;
  name: string;
  description: string;
  criteria: string;
  domain: Domain;
  level: Level;
  rubric: CriterionDraft[];
}

function draftOf(template: Template | null): Draft {
  if (!template) {
    return { id: null, saved: "", name: "", description: "", criteria: "", domain: "SUSTAINABILITY", level: "BEGINNER", rubric: [] };
  }
  return {
    id: template.id,
    saved: template.name,
    name: template.name,
    description: template.description,
    criteria: template.criteria,
    domain: template.domain,
    level: template.level,
    rubric: template.rubric.map((k) => ({
      name: k.name,
      description: k.description,
      levels: [...k.levels],
      minimumLevel: k.minimumLevel ?? null,
    })),
  };
}

export function BadgeTemplates({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const [archived, setArchived] = useState(false);
  const [found, setFound] = useState<BadgeTemplatesPageQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState("");
  const [reload, setReload] = useState(0);
  // Where focus goes once the list shows the change: the form or the item whose button was
  // pressed leaves the page, and focus must not fall back to the top of the document.
  const [focusOn, setFocusOn] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    request(TEMPLATES, { universityId: id, archived })
      .then(setFound)
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [me?.id, id, archived, reload]);

  useEffect(() => {
    const target = focusOn ? document.getElementById(focusOn) : null;
    if (!target) return;
    target.focus();
    setFocusOn(null);
  }, [found, draft, focusOn]);

  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/universities/${id}/badge-templates`}>{t("templates.signIn")}</a>
      </p>
    );
  }
  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (!found || !me) return <p role="status">{t("templates.loading")}</p>;
  const manages = me.memberships.some(
    (m) => m.bodyId === id && (m.role === "MODERATOR" || m.role === "CURATOR"),
  );

  const archive = (template: Template): void => {
    const archiving = !template.archived;
    void request(ARCHIVE, { id: template.id, archived: archiving })
      .then(() => {
        setStatus(t(archiving ? "templates.archivedNow" : "templates.unarchivedNow", { name: template.name }));
        // Unless archived ones are shown, the item (and the button pressed) leaves the list.
        if (archiving && !archived) setFocusOn("templates-status");
        setReload((n) => n + 1);
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  };

  return (
    <section class="badge-templates" aria-labelledby="templates-title">
      <h1 id="templates-title">{t("templates.title", { name: found.university?.name ?? "" })}</h1>
      <p>{t("templates.lead")}</p>
      <p role="status" class="success" id="templates-status" tabIndex={-1}>
        {status}
      </p>
      <label class="check">
        <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} />{" "}
        {t("templates.showArchived")}
      </label>
      {manages && !draft && (
        <p>
          <button type="button" id="template-new" onClick={() => setDraft(draftOf(null))}>
            {t("templates.new")}
          </button>
        </p>
      )}
      {draft && (
        <TemplateForm
          key={draft.id ?? "new"}
          universityId={id}
          draft={draft}
          onChange={setDraft}
          onCancel={() => {
            setFocusOn(draft.id ? `template-edit-${draft.id}` : "template-new");
            setDraft(null);
          }}
          onSaved={(saved) => {
            setDraft(null);
            setStatus(t("templates.saved", { name: saved.name }));
            setFocusOn(`template-${saved.id}`);
            setReload((n) => n + 1);
          }}
        />
      )}
      {found.badgeTemplates.length === 0 && <p>{t("templates.none")}</p>}
      <ul class="template-list">
        {found.badgeTemplates.map((template) => (
          <li key={template.id} class="template-item">
            <h2 id={`template-${template.id}`} tabIndex={-1}>
              {template.name}
            </h2>
            <p class="meta">
              {t(`domain.${template.domain}`)} · {t(`level.${template.level}`)}
              {template.rubric.length > 0 && <> · {t("templates.criteriaCount", { count: template.rubric.length })}</>}
              {template.archived && <> · <span class="archived-mark">{t("templates.archived")}</span></>}
            </p>
            <p>{template.description}</p>
            {manages && (
              <p class="template-actions">
                <button
                  type="button"
                  class="secondary"
                  id={`template-edit-${template.id}`}
                  onClick={() => setDraft(draftOf(template))}
                >
                  {t("templates.edit", { name: template.name })}
                </button>
                <button type="button" class="secondary" onClick={() => archive(template)}>
                  {t(template.archived ? "templates.unarchive" : "templates.archive", { name: template.name })}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TemplateForm({
  universityId,
  draft,
  onChange,
  onCancel,
  onSaved,
}: {
  universityId: string;
  draft: Draft;
  onChange: (draft: Draft) => void;
  onCancel: () => void;
  onSaved: (saved: { id: string; name: string }) => void;
}) {
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [draft.id]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => onChange({ ...draft, [key]: value });
  const problems = rubricProblems(draft.rubric, [2, 5]);
  const missing = !draft.name.trim() || !draft.description.trim() || !draft.criteria.trim();

  const save = (event: Event): void => {
    event.preventDefault();
    setTried(true);
    if (missing || problems.length > 0) return;
    const input = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      criteria: draft.criteria.trim(),
      domain: draft.domain,
      level: draft.level,
      rubric: rubricInput(draft.rubric),
    };
    const saving = draft.id
      ? request(UPDATE, { id: draft.id, input }).then((r) => r.updateBadgeTemplate)
      : request(CREATE, { universityId, input }).then((r) => r.createBadgeTemplate);
    void saving.then(onSaved).catch((caught: unknown) => setServer(errorText(caught)));
  };

  return (
    <form class="designer" onSubmit={save} noValidate aria-labelledby="template-form-title">
      <h2 id="template-form-title">{draft.id ? t("templates.edit", { name: draft.saved }) : t("templates.new")}</h2>
      {tried && missing && <p role="alert">{t("templates.required")}</p>}
      {server && <p role="alert">{t("error.generic", { message: server })}</p>}
      <label class="field">
        {t("templates.name")}
        <input ref={first} value={draft.name} maxLength={200} required onInput={(e) => set("name", e.currentTarget.value)} />
      </label>
      <label class="field">
        {t("templates.description")}
        <textarea rows={3} maxLength={5000} required value={draft.description} onInput={(e) => set("description", e.currentTarget.value)} />
      </label>
      <label class="field">
        {t("templates.criteria")}
        <textarea rows={3} maxLength={5000} required value={draft.criteria} onInput={(e) => set("criteria", e.currentTarget.value)} />
      </label>
      <label class="field">
        {t("templates.domain")}
        <select value={draft.domain} onChange={(e) => set("domain", e.currentTarget.value as Domain)}>
          {DOMAINS.map((d) => (
            <option key={d} value={d}>
              {t(`domain.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        {t("templates.level")}
        <select value={draft.level} onChange={(e) => set("level", e.currentTarget.value as Level)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <RubricEditor
        rubric={draft.rubric}
        frozen={false}
        frozenBy="claimed"
        problems={tried ? problems : []}
        server={null}
        onChange={(rubric) => set("rubric", rubric)}
        most={5}
        help="templates.rubric.help"
      />
      <p class="template-actions">
        <button type="submit">{t("templates.save")}</button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t("templates.cancel")}
        </button>
      </p>
    </form>
  );
}
