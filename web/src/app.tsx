import { useEffect, useState } from "preact/hooks";
import { EditBadgeClass, NewBadgeClass } from "./badge_classes/Designer";
import { IssuerBadgeClasses } from "./badge_classes/IssuerBadgeClasses";
import { OnTheSpot } from "./badge_templates/OnTheSpot";
import { BadgeTemplates } from "./badge_templates/Templates";
import { type Locale, setLocale, t, useLocale } from "./core/i18n";
import { match, navigate, useLocation } from "./core/router";
import { VerifyPage } from "./credentials/VerifyPage";
import { OrganisationInsights } from "./insights/OrganisationInsights";
import { UniversityInsights } from "./insights/UniversityInsights";
import { ForYou } from "./opportunities/ForYou";
import { NextSteps } from "./opportunities/NextSteps";
import { Discover } from "./opportunities/Discover";
import { EditOpportunity, NewOpportunity } from "./opportunities/OpportunityEditor";
import { OpportunityPage } from "./opportunities/OpportunityPage";
import { OrganisationOpportunities } from "./opportunities/OrganisationOpportunities";
import { follow, unfollow } from "./notifications/live";
import { Bell, NotificationsPage } from "./notifications/Notifications";
import { ApplyOrganisation } from "./organisations/Apply";
import { Moderation } from "./organisations/Moderation";
import { NewUniversity } from "./organisations/NewUniversity";
import { UniversityPeople } from "./organisations/UniversityPeople";
import { OrganisationPage } from "./organisations/OrganisationPage";
import { WorkHub } from "./organisations/WorkHub";
import { hasWork } from "./organisations/work";
import { Applications } from "./participation/Applications";
import { Inbox } from "./participation/Inbox";
import { Account } from "./people/Account";
import { Policies } from "./people/Policies";
import { ForgotPassword } from "./people/ForgotPassword";
import { Profile } from "./people/Profile";
import { Register } from "./people/Register";
import { ResetPassword } from "./people/ResetPassword";
import { signOut, useMe } from "./people/session";
import { SignIn } from "./people/SignIn";
import { VerifyEmail } from "./people/VerifyEmail";
import { CheckIn } from "./presence/CheckIn";
import { CheckInScreen } from "./presence/CheckInScreen";
import { ClaimCodes } from "./presence/ClaimCodes";
import { Redeem } from "./presence/Redeem";
import { BadgePage } from "./recognition/BadgePage";
import { ClaimPage } from "./recognition/ClaimPage";
import { CommunityPolicy } from "./recognition/CommunityPolicy";
import { Curation } from "./recognition/Curation";
import { EndorseInvitation } from "./recognition/Endorse";
import { MyClaims } from "./recognition/MyClaims";
import { ReviewQueue } from "./recognition/ReviewQueue";
import { SelfAssert } from "./recognition/SelfAssert";
import { Wallet } from "./recognition/Wallet";
import { ImportCredential } from "./external_credentials/ImportCredential";
import { Consent } from "./oauth/Consent";
import { ConnectedApps } from "./oauth/ConnectedApps";
import { ImportFramework } from "./competencies/ImportFramework";
import { SelfAssessment } from "./competencies/SelfAssessment";
import { MyQuests } from "./quests/MyQuests";
import { MyPortfolios } from "./portfolios/MyPortfolios";
import { PortfolioEditor } from "./portfolios/PortfolioEditor";
import { PortfolioView } from "./portfolios/PortfolioView";
import { NewQuest } from "./quests/NewQuest";
import { QuestPage } from "./quests/QuestPage";
import { PeerDisputes } from "./peer_assessment/PeerDisputes";
import { PeerReviewForm, PeerReviews } from "./peer_assessment/PeerReviews";
import { PeerSettings } from "./peer_assessment/PeerSettings";
import { PeerSubmissions } from "./peer_assessment/PeerSubmissions";

function Home() {
  // Undefined until Next steps has answered: For you waits for it, so that nothing it shows
  // disappears again as a next step.
  const [nextSteps, setNextSteps] = useState<ReadonlySet<string> | undefined>(undefined);
  return (
    <section class="home" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.title")}</h1>
      <p>{t("home.lead")}</p>
      <p>
        <a class="button" href="/discover">
          {t("home.cta")}
        </a>
      </p>
      <p>
        <a href="/organisations/apply">{t("work.apply")}</a>
      </p>
      {/* An opportunity that continues a pathway is listed once, as a next step. */}
      <NextSteps onListed={setNextSteps} />
      <ForYou shown={nextSteps} />
    </section>
  );
}

function Page() {
  const { path, query } = useLocation();
  if (path === "/") return <Home />;
  if (path === "/discover") return <Discover query={query} />;
  if (path === "/sign-in") return <SignIn query={query} />;
  if (path === "/applications") return <Applications />;
  if (path === "/notifications") return <NotificationsPage />;
  const opportunity = match("/opportunities/{id:uuid}", path);
  if (opportunity?.id) return <OpportunityPage id={opportunity.id} />;
  if (path === "/wallet") return <Wallet />;
  if (path === "/credentials/import") return <ImportCredential />;
  if (path === "/oauth/authorize") return <Consent search={`?${query.toString()}`} />;
  if (path === "/connected-apps") return <ConnectedApps />;
  if (path === "/privacy") return <Policies kind="privacy" />;
  if (path === "/terms") return <Policies kind="terms" />;
  if (path === "/self-assessment") return <SelfAssessment />;
  const badge = match("/badges/{id:uuid}", path);
  if (badge?.id) return <BadgePage id={badge.id} token={query.get("token")} />;
  if (path === "/register") return <Register />;
  if (path === "/verify-email") return <VerifyEmail query={query} />;
  if (path === "/forgot-password") return <ForgotPassword />;
  if (path === "/reset-password") return <ResetPassword query={query} />;
  if (path === "/account") return <Account />;
  const person = match("/people/{id:uuid}", path);
  if (person?.id) return <Profile id={person.id} />;
  if (path === "/verify") return <VerifyPage url={query.get("url")} />;
  if (path === "/claims") return <MyClaims />;
  if (path === "/claims/new") return <SelfAssert />;
  const claim = match("/claims/{id:uuid}", path);
  if (claim?.id) return <ClaimPage id={claim.id} />;
  const invitation = match("/endorse/{token}", path);
  if (invitation?.token) return <EndorseInvitation token={invitation.token} />;
  if (path === "/work") return <WorkHub />;
  if (path === "/organisations/apply") return <ApplyOrganisation />;
  const organisation = match("/organisations/{id:uuid}", path);
  if (organisation?.id) return <OrganisationPage id={organisation.id} />;
  const moderation = match("/universities/{id:uuid}/moderation", path);
  if (moderation?.id) return <Moderation id={moderation.id} />;
  const people = match("/universities/{id:uuid}/people", path);
  if (people?.id) return <UniversityPeople id={people.id} created={query.get("created") === "1"} />;
  if (path === "/universities/new") return <NewUniversity />;
  const curation = match("/universities/{id:uuid}/curation", path);
  if (curation?.id) return <Curation id={curation.id} />;
  const communityPolicy = match("/universities/{id:uuid}/community-policy", path);
  if (communityPolicy?.id) return <CommunityPolicy id={communityPolicy.id} />;
  const frameworkImport = match("/universities/{id:uuid}/competencies/import", path);
  if (frameworkImport?.id) return <ImportFramework id={frameworkImport.id} />;
  const orgInsights = match("/organisations/{id:uuid}/insights", path);
  if (orgInsights?.id) return <OrganisationInsights id={orgInsights.id} />;
  const uniInsights = match("/universities/{id:uuid}/insights", path);
  if (uniInsights?.id) return <UniversityInsights id={uniInsights.id} />;
  const issuerClasses = match("/issuers/{id:uuid}/badge-classes", path);
  if (issuerClasses?.id) return <IssuerBadgeClasses issuerId={issuerClasses.id} created={query.get("created")} />;
  const reviewQueue = match("/issuers/{id:uuid}/reviews", path);
  if (reviewQueue?.id) return <ReviewQueue issuerId={reviewQueue.id} />;
  const newClass = match("/issuers/{id:uuid}/badge-classes/new", path);
  if (newClass?.id) return <NewBadgeClass issuerId={newClass.id} />;
  const editClass = match("/badge-classes/{id:uuid}/edit", path);
  if (editClass?.id) return <EditBadgeClass id={editClass.id} />;
  const offered = match("/organisations/{id:uuid}/opportunities", path);
  if (offered?.id) return <OrganisationOpportunities id={offered.id} />;
  const drafting = match("/organisations/{id:uuid}/opportunities/new", path);
  if (drafting?.id) return <NewOpportunity organisationId={drafting.id} />;
  const editing = match("/opportunities/{id:uuid}/edit", path);
  if (editing?.id) return <EditOpportunity id={editing.id} saved={query.get("saved")} />;
  const inbox = match("/opportunities/{id:uuid}/applications", path);
  if (inbox?.id) return <Inbox id={inbox.id} />;
  const checkInScreen = match("/opportunities/{id:uuid}/check-in", path);
  if (checkInScreen?.id) return <CheckInScreen id={checkInScreen.id} />;
  const checkIn = match("/check-in/{id:uuid}", path);
  if (checkIn?.id) return <CheckIn id={checkIn.id} code={query.get("code")} />;
  const claimCodes = match("/badge-classes/{id:uuid}/claim-codes", path);
  if (claimCodes?.id) return <ClaimCodes id={claimCodes.id} />;
  const peerSettings = match("/badge-classes/{id:uuid}/peer-assessment", path);
  if (peerSettings?.id) return <PeerSettings id={peerSettings.id} />;
  if (path === "/redeem") return <Redeem code={query.get("code")} />;
  const templates = match("/universities/{id:uuid}/badge-templates", path);
  if (templates?.id) return <BadgeTemplates id={templates.id} />;
  if (path === "/on-the-spot") return <OnTheSpot issuer={query.get("issuer")} />;
  if (path === "/quests") return <Discover query={query} questsOnly />;
  if (path === "/quests/new") return <NewQuest />;
  if (path === "/quests/mine") return <MyQuests />;
  const quest = match("/quests/{id:uuid}", path);
  if (quest?.id) return <QuestPage id={quest.id} />;
  if (path === "/peer/submissions") return <PeerSubmissions />;
  if (path === "/peer/reviews") return <PeerReviews />;
  const peerReview = match("/peer/reviews/{id:uuid}", path);
  if (peerReview?.id) return <PeerReviewForm id={peerReview.id} />;
  if (path === "/peer/disputes") return <PeerDisputes issuer={query.get("issuer")} />;
  if (path === "/portfolios") return <MyPortfolios />;
  const portfolio = match("/portfolios/{id:uuid}", path);
  if (portfolio?.id) return <PortfolioView id={portfolio.id} token={query.get("token")} />;
  const portfolioEdit = match("/portfolios/{id:uuid}/edit", path);
  if (portfolioEdit?.id) return <PortfolioEditor id={portfolioEdit.id} />;
  return <h1>{t("notFound.title")}</h1>;
}

export function App() {
  const lang = useLocale();
  const me = useMe();
  useEffect(() => {
    if (me) void follow().catch(() => undefined);
    else if (me === null) unfollow();
  }, [me?.id]);
  return (
    <>
      <a class="skip" href="#main">
        {t("app.skip")}
      </a>
      <header>
        <a class="brand" href="/">
          {t("app.name")}
        </a>
        <nav aria-label={t("nav.main")}>
          <a href="/discover">{t("nav.discover")}</a>
          <a href="/quests">{t("quests.nav")}</a>
          {me && <a href="/wallet">{t("nav.wallet")}</a>}
          {me && <a href="/applications">{t("nav.applications")}</a>}
          {me && hasWork(me.memberships, me.platformAdmin) && <a href="/work">{t("work.nav")}</a>}
          {me && <Bell />}
          {me && <a href="/account">{t("account.nav")}</a>}
          {me ? (
            <button
              type="button"
              onClick={() => void signOut().then(() => navigate("/"))}
            >
              {t("nav.signOut")}
            </button>
          ) : (
            <a href="/sign-in">{t("nav.signIn")}</a>
          )}
          <label class="language">
            <span class="visually-hidden">{t("app.language")}</span>
            <select value={lang} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
              <option value="en" lang="en">
                English
              </option>
              <option value="nl" lang="nl">
                Nederlands
              </option>
            </select>
          </label>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
      <footer>
        <a href="/verify">{t("verify.title")}</a> · <a href="/privacy">{t("privacy.title")}</a> ·{" "}
        <a href="/terms">{t("terms.title")}</a>
      </footer>
    </>
  );
}
