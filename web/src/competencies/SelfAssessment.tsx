// /self-assessment: the learner rates themselves on a university's competence framework, marks
// what they want to develop, and sees what their badges show beside it. Private to them.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, locale, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MySelfAssessmentQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { changes, describeChange, type Entry } from "./history";
import { changedRatings, type Rating } from "./ratings";
import "./competencies.css";

const FRAMEWORKS = graphql(`
  query CompetencyFrameworks {
    competencyFrameworks {
      id
      name
      universityName
    }
  }
`);

const MINE = graphql(`
  query MySelfAssessment($frameworkId: ID!) {
    mySelfAssessment(frameworkId: $frameworkId) {
      competency {
        id
        code
        name
        domain
        levels
      }
      level
      wantToDevelop
      assessedAt
      shownLevel
      gap
      shownBy {
        badgeClassId
        name
        level
      }
    }
  }
`);

const ASSESS = graphql(`
  mutation AssessMyself($frameworkId: ID!, $ratings: [SelfRatingInput!]!) {
    assessMyself(frameworkId: $frameworkId, ratings: $ratings) {
      competency {
        id
      }
    }
  }
`);

const HISTORY = graphql(`
  query MySelfAssessmentHistory($competencyId: ID!) {
    mySelfAssessmentHistory(competencyId: $competencyId) {
      level
      wantToDevelop
      at
    }
  }
`);

type Framework = { id: string; name: string; universityName: string };
type Item = MySelfAssessmentQuery["mySelfAssessment"][number];
const LEVELS = [
  [0, "self.level0"],
  [1, "self.level1"],
  [2, "self.level2"],
  [3, "self.level3"],
] as const;

export function SelfAssessment() {
  useLocale();
  const me = useMe();
  const [frameworks, setFrameworks] = useState<Framework[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [items, setItems] = useState<Item[] | null>(null);
  const [edits, setEdits] = useState(new Map<string, Partial<Rating>>());
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    request(FRAMEWORKS, {})
      .then((data) => {
        setFrameworks(data.competencyFrameworks);
        setChosen((was) => was ?? data.competencyFrameworks[0]?.id ?? null);
      })
      .catch((caught: unknown) => setStatus(t("error.generic", { message: errorText(caught) })));
  }, []);

  // Reading again after a save keeps the form on the page meanwhile, so focus and an open
  // history stay where the learner left them.
  async function load(frameworkId: string): Promise<void> {
    try {
      const data = await request(MINE, { frameworkId });
      setItems(data.mySelfAssessment);
      setEdits(new Map());
    } catch (caught) {
      setStatus(t("error.generic", { message: errorText(caught) }));
    }
  }

  useEffect(() => {
    if (!me || !chosen) return;
    setItems(null);
    void load(chosen);
  }, [me?.id, chosen]);

  function edit(id: string, change: Partial<Rating>): void {
    const next = new Map(edits);
    next.set(id, { ...next.get(id), ...change });
    setEdits(next);
    setStatus(null);
  }

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    if (!items || !chosen) return;
    const stored = items.map((i) => ({
      competencyId: i.competency.id,
      level: i.level ?? null,
      wantToDevelop: i.wantToDevelop,
    }));
    const ratings = changedRatings(stored, edits);
    if (ratings.length === 0) {
      setStatus(t("self.unchanged"));
      return;
    }
    try {
      await request(ASSESS, { frameworkId: chosen, ratings });
      setStatus(t("self.saved"));
      await load(chosen);
    } catch (caught) {
      setStatus(t("error.generic", { message: errorText(caught) }));
    }
  }

  if (me === null) {
    return (
      <section aria-labelledby="self-title">
        <h1 id="self-title">{t("self.title")}</h1>
        <p>
          <a href="/sign-in?next=/self-assessment">{t("self.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="self-assessment" aria-labelledby="self-title">
      <h1 id="self-title">{t("self.title")}</h1>
      <p>{t("self.lead")}</p>
      {frameworks?.length === 0 && <p>{t("self.none")}</p>}
      {frameworks && frameworks.length > 1 && (
        <label>
          {t("self.framework")}
          <select
            value={chosen ?? ""}
            onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}
          >
            {frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name} ({f.universityName})
              </option>
            ))}
          </select>
        </label>
      )}
      {frameworks?.length === 1 && frameworks[0] && (
        <p class="hint">
          {frameworks[0].name} · {frameworks[0].universityName}
        </p>
      )}
      {chosen && !items && !status && <p role="status">{t("self.loading")}</p>}
      {items && (
        <form onSubmit={(event) => void save(event)}>
          {items.map((item) => (
            <Competency
              key={item.competency.id}
              item={item}
              edit={edits.get(item.competency.id)}
              onEdit={(change) => edit(item.competency.id, change)}
            />
          ))}
          <p class="actions">
            <button type="submit">{t("self.save")}</button> <a href="/">{t("self.forYou")}</a>
          </p>
        </form>
      )}
      <p role="status">{status}</p>
    </section>
  );
}

interface CompetencyProps {
  item: Item;
  edit: Partial<Rating> | undefined;
  onEdit: (change: Partial<Rating>) => void;
}

function Competency({ item, edit, onEdit }: CompetencyProps) {
  const { competency } = item;
  const level = edit?.level ?? item.level;
  const want = edit?.wantToDevelop ?? item.wantToDevelop;
  const name = `level-${competency.id}`;
  return (
    <fieldset class="competency">
      <legend>
        {competency.name} <span class="code">{competency.code}</span>
      </legend>
      <p class="hint">{t(`domain.${competency.domain}`)}</p>
      <div role="radiogroup" aria-label={`${t("self.yourLevel")}: ${competency.name}`}>
        {LEVELS.map(([n, label]) => (
          <label key={n} class="level">
            <input
              type="radio"
              name={name}
              value={String(n)}
              checked={level === n}
              onChange={() => onEdit({ level: n })}
            />
            <span>
              <strong>{t(label)}</strong>
              {n > 0 && competency.levels[n - 1] && <> — {competency.levels[n - 1]}</>}
            </span>
          </label>
        ))}
      </div>
      <label class="want">
        <input
          type="checkbox"
          checked={want}
          onChange={(e) => onEdit({ wantToDevelop: (e.currentTarget as HTMLInputElement).checked })}
        />
        {t("self.want")}
      </label>
      <p class="shown">
        {item.shownBy.length > 0
          ? t("self.shown", {
              level: String(item.shownLevel),
              badges: item.shownBy.map((b) => b.name).join(", "),
            })
          : t("self.notShown")}
        {item.gap !== null && item.gap !== undefined && item.gap > 0 && ` ${t("self.gapAbove")}`}
        {item.gap !== null && item.gap !== undefined && item.gap < 0 && ` ${t("self.gapBelow")}`}
      </p>
      {item.assessedAt && (
        <p class="hint">{t("self.assessedOn", { date: formatDate(item.assessedAt) })}</p>
      )}
      <History
        competencyId={competency.id}
        name={competency.name}
        assessedAt={item.assessedAt ?? null}
      />
    </fieldset>
  );
}

interface HistoryProps {
  competencyId: string;
  name: string;
  /** The last saved change: a newer one reloads an open history. */
  assessedAt: string | null;
}

/** The competency's kept changes, newest first, asked for only when the learner opens it. */
function History({ competencyId, name, assessedAt }: HistoryProps) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<Entry[] | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setEntries(undefined);
    setFailure(null);
    request(HISTORY, { competencyId })
      .then((data) => {
        if (current) setEntries(data.mySelfAssessmentHistory);
      })
      .catch((caught: unknown) => {
        if (current) setFailure(t("error.generic", { message: errorText(caught) }));
      });
    return () => {
      current = false;
    };
  }, [open, competencyId, assessedAt]);

  const lang = locale();
  return (
    <details
      class="history"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        {t("self.history")}
        <span class="visually-hidden">: {name}</span>
      </summary>
      {open && entries === undefined && !failure && <p role="status">{t("self.historyLoading")}</p>}
      {failure && <p role="alert">{failure}</p>}
      {entries?.length === 0 && <p>{t("self.historyNone")}</p>}
      {entries && entries.length > 0 && (
        <ol>
          {changes(entries).map((change) => (
            <li key={change.at}>
              <time dateTime={change.at}>{formatDate(change.at, lang)}</time>{" "}
              {describeChange(change, lang)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
