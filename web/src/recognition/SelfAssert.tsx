// /claims/new: self-assert learning that happened anywhere, under a university's community:
// a badge class the API lets one self-assert (selfAssertableBadgeClasses) or one's own
// learning, a narrative, links, and files checked before they are sent, then uploaded with
// their progress once the claim exists.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { Domain, SelfAssertableClassesQuery, SelfAssertUniversitiesQuery } from "../gql/graphql";
import { DOMAINS } from "../opportunities/search";
import { useMe } from "../people/session";
import { PolicyText } from "./ClaimParts";
import { FileItems, FilePicker, useUploads } from "./EvidenceFiles";
import { type LinkRow, LinkRows, linkInputs } from "./LinkRows";
import "./claims.css";

const UNIVERSITIES = graphql(`
  query SelfAssertUniversities {
    universities {
      id
      name
      communityPolicy {
        minimum
        relationships
        requireOneOf
      }
    }
  }
`);

const CLASSES = graphql(`
  query SelfAssertableClasses($universityId: ID!) {
    selfAssertableBadgeClasses(universityId: $universityId) {
      id
      name
      criteria
      issuer {
        name
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
    }
  }
`);

const SELF_ASSERT = graphql(`
  mutation SelfAssert($input: SelfAssertInput!) {
    selfAssert(input: $input) {
      id
      status
    }
  }
`);

type BadgeClassChoice = SelfAssertableClassesQuery["selfAssertableBadgeClasses"][number];
type UniversityChoice = SelfAssertUniversitiesQuery["universities"][number];

/** For one's own learning: whether the university's recorded consent issues the badge once
 * endorsed, with its policy in words, or a curator reviews the claim. */
function OneOffOutcome({ university }: { university: UniversityChoice }) {
  const policy = university.communityPolicy;
  return (
    <div class="class-facts" id="self-assert-outcome">
      {policy ? (
        <>
          <p>{t("communityPolicy.selfAssert.issues", { university: university.name })}</p>
          <p>
            <PolicyText policy={policy} />
          </p>
          {policy.relationships.includes("TEACHER") && (
            <p>{t("communityPolicy.selfAssert.teachers", { university: university.name })}</p>
          )}
        </>
      ) : (
        <p>{t("communityPolicy.selfAssert.reviewed", { university: university.name })}</p>
      )}
    </div>
  );
}

const OWN = "";


export function SelfAssert() {
  useLocale();
  const me = useMe();
  const [universities, setUniversities] = useState<UniversityChoice[] | null>(null);
  const [universityId, setUniversityId] = useState("");
  const [classes, setClasses] = useState<BadgeClassChoice[] | null>(null);
  const [classId, setClassId] = useState(OWN);
  const [title, setTitle] = useState("");
  const [domain, setDomain] = useState<Domain>("GLOBAL_CITIZENSHIP");
  const [narrative, setNarrative] = useState("");
  const [links, setLinks] = useState<LinkRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [claimId, setClaimId] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uploads = useUploads();
  const savedHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!me) return;
    request(UNIVERSITIES, {})
      .then((data) => {
        setUniversities(data.universities);
        if (data.universities.length === 1 && data.universities[0]) setUniversityId(data.universities[0].id);
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [me?.id]);

  useEffect(() => {
    setClasses(null);
    setClassId(OWN);
    if (!universityId) return;
    request(CLASSES, { universityId })
      .then((data) => setClasses(data.selfAssertableBadgeClasses))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [universityId]);

  useEffect(() => {
    if (claimId) savedHeading.current?.focus();
  }, [claimId]);

  if (me === undefined) return <p role="status">{t("claims.loading")}</p>;
  if (me === null) {
    return (
      <section aria-labelledby="self-assert-title">
        <h1 id="self-assert-title">{t("selfAssert.title")}</h1>
        <p>
          <a href="/sign-in?next=/claims/new">{t("selfAssert.signIn")}</a>
        </p>
      </section>
    );
  }

  const chosen = classes?.find((c) => c.id === classId) ?? null;
  const university = universities?.find((u) => u.id === universityId) ?? null;

  function chooseClass(id: string): void {
    const previous = classes?.find((c) => c.id === classId);
    const next = classes?.find((c) => c.id === id);
    // The title follows the class until the learner writes one of their own.
    if (next && (!title.trim() || title === previous?.name)) setTitle(next.name);
    if (!next && title === previous?.name) setTitle("");
    setClassId(id);
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    const evidence = linkInputs(links);
    if (typeof evidence === "string") {
      setError(evidence);
      return;
    }
    setSaving(true);
    try {
      const data = await request(SELF_ASSERT, {
        input: {
          title: title.trim(),
          narrative: narrative.trim(),
          evidence,
          universityId: universityId || null,
          badgeClassId: classId || null,
          domain: classId ? null : domain,
        },
      });
      const id = data.selfAssert.id;
      if (!uploads.items.some((item) => item.state === "ready")) {
        navigate(`/claims/${id}`);
        return;
      }
      setClaimId(id);
      await uploads.start(id);
      setFinished(true);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  }

  if (claimId) {
    const failed = uploads.items.some((item) => item.state === "failed");
    return (
      <section aria-labelledby="self-assert-saved" class="claim-form">
        <h1 id="self-assert-saved" tabIndex={-1} ref={savedHeading}>
          {t("selfAssert.saved")}
        </h1>
        <h2>{t("selfAssert.files")}</h2>
        <FileItems
          items={uploads.items.filter((item) => item.state !== "refused")}
          onRemove={uploads.remove}
          onRetry={(key) => void uploads.upload(claimId, key)}
        />
        <p role="status">
          {finished && (failed ? t("selfAssert.someFailed") : t("selfAssert.allUploaded"))}
        </p>
        <p>
          <a class="button" href={`/claims/${claimId}`}>
            {t("selfAssert.open")}
          </a>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="self-assert-title" class="claim-form">
      <h1 id="self-assert-title">{t("selfAssert.title")}</h1>
      <p>{t("selfAssert.lead")}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          {t("selfAssert.university")}
          <select
            required
            aria-describedby="self-assert-university-help"
            value={universityId}
            onChange={(e) => setUniversityId((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{universities === null ? t("claims.loading") : t("selfAssert.university.pick")}</option>
            {universities?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <p class="hint field-hint" id="self-assert-university-help">
          {t("selfAssert.university.help")}
        </p>
        <label>
          {t("selfAssert.badge")}
          <select
            value={classId}
            disabled={!universityId || classes === null}
            aria-describedby="self-assert-badge-help"
            onChange={(e) => chooseClass((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value={OWN}>{t("selfAssert.badge.own")}</option>
            {classes?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <p class="hint field-hint" id="self-assert-badge-help">
          {t("selfAssert.badge.help")}
        </p>
        {!classId && university && <OneOffOutcome university={university} />}
        {chosen && (
          <div class="class-facts" aria-live="polite">
            <p>{t("wallet.issuedBy", { university: chosen.issuer.name })}</p>
            <p>
              <strong>{t("badge.criteria")}:</strong> {chosen.criteria}
            </p>
            <p>
              <PolicyText policy={chosen.endorsementPolicy} />
            </p>
            {chosen.requires.length > 0 && (
              <p>{t("selfAssert.requires", { names: chosen.requires.map((r) => r.name).join(", ") })}</p>
            )}
          </div>
        )}
        <label>
          {t("selfAssert.claimTitle")}
          <input
            name="title"
            required
            maxLength={200}
            value={title}
            onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {!classId && (
          <label>
            {t("selfAssert.domain")}
            <select value={domain} onChange={(e) => setDomain((e.currentTarget as HTMLSelectElement).value as Domain)}>
              {DOMAINS.map((d) => (
                <option key={d} value={d}>
                  {t(`domain.${d}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t("selfAssert.narrative")}
          <textarea
            name="narrative"
            required
            rows={6}
            maxLength={10000}
            aria-describedby="self-assert-narrative-help"
            value={narrative}
            onInput={(e) => setNarrative((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <p class="hint field-hint" id="self-assert-narrative-help">
          {t("selfAssert.narrative.help")}
        </p>
        <fieldset class="evidence">
          <legend>{t("evidence.links")}</legend>
          <LinkRows rows={links} onChange={setLinks} />
        </fieldset>
        <fieldset class="evidence">
          <legend>{t("evidence.files")}</legend>
          <FilePicker id="self-assert-files" onPick={(files) => void uploads.add(files)} />
          <FileItems items={uploads.items} onRemove={uploads.remove} />
        </fieldset>
        {error && (
          <p role="alert" class="file-error">
            {t("error.generic", { message: error })}
          </p>
        )}
        <p>
          <button type="submit" disabled={saving || uploads.items.some((item) => item.state === "checking")}>
            {saving ? t("selfAssert.saving") : t("selfAssert.submit")}
          </button>
        </p>
      </form>
    </section>
  );
}
