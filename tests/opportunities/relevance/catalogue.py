"""A generated catalogue of realistic Ghent learning opportunities, labelled by topic.

Deterministic (one `random.Random(seed)`, no network): the relevance set's answers are topics,
so the same catalogue must come back on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from graph.core.vocabulary import Domain

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")
GHENT_CENTRE = (51.0543, 3.7174)


@dataclass(frozen=True)
class Listing:
    """One generated opportunity; `topic` is what the relevance judgements refer to."""

    key: str
    topic: str
    language: Language
    title: str
    synopsis: str
    description: str
    domain: str
    level: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Wording:
    """A topic's phrasings in one language; `{district}` is filled in per listing."""

    titles: tuple[str, ...]
    synopses: tuple[str, ...]
    details: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """One kind of opportunity, written independently in Dutch and in English."""

    key: str
    summary: str
    domain: Domain
    levels: tuple[int, ...]
    nl: Wording
    en: Wording

    def wording(self, language: Language) -> Wording:
        return self.nl if language == "nl" else self.en


@dataclass(frozen=True)
class District:
    name: str
    latitude: float
    longitude: float


# Rough centres; every point stays within ~6 km of the Korenmarkt after jitter. No district
# name embeds a common word ("Watersportbaan" would contain "water"), so that the
# no-shared-word check only ever fails on the wording itself.
DISTRICTS: tuple[District, ...] = (
    District("Brugse Poort", 51.0575, 3.7005),
    District("Sluizeken", 51.0610, 3.7255),
    District("Ledeberg", 51.0375, 3.7405),
    District("Rabot", 51.0630, 3.7080),
    District("Muide", 51.0730, 3.7330),
    District("Gentbrugge", 51.0390, 3.7650),
    District("Sint-Amandsberg", 51.0605, 3.7520),
    District("Dampoort", 51.0565, 3.7400),
    District("Macharius", 51.0500, 3.7390),
    District("Nieuw Gent", 51.0270, 3.7300),
    District("Wondelgem", 51.0880, 3.7190),
    District("Mariakerke", 51.0710, 3.6800),
    District("Oostakker", 51.0830, 3.7680),
    District("Drongen", 51.0490, 3.6600),
    District("Zwijnaarde", 51.0100, 3.7110),
    District("Bloemekeswijk", 51.0680, 3.6930),
    District("Sint-Pieters", 51.0370, 3.7150),
)
JITTER_DEGREES = 0.003

# Fictional hosts, named so that no name gives a topic away; they only appear in descriptions.
ORGANISATIONS = (
    "vzw De Vonk",
    "Buurtcentrum De Kaai",
    "Wijkhuis Het Anker",
    "Samenlevingsopbouw Gent",
    "Huis van de Buurt",
    "vzw Kompas",
    "Het Buurtnest",
    "vzw Open Huis",
    "De Loods",
    "vzw Nieuwland",
    "Ontmoetingshuis De Boog",
    "vzw Samenwerf",
)
DAYS: dict[Language, tuple[str, ...]] = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Shared by every topic on purpose: a word match on these says nothing about meaning.
LEVEL_NOTES: dict[Language, dict[int, tuple[str, ...]]] = {
    "nl": {
        1: (
            "Geen ervaring nodig: je krijgt een korte introductie.",
            "Ideaal als eerste kennismaking met vrijwilligerswerk.",
            "Iedereen is welkom, ook wie nog nooit meehielp.",
        ),
        2: (
            "Je hebt al wat ervaring of wil je verder verdiepen.",
            "Je krijgt een vaste rol in het team en wat meer verantwoordelijkheid.",
        ),
        3: (
            "Je neemt zelf het voortouw en begeleidt andere vrijwilligers.",
            "Voor wie ervaring heeft en graag coördineert.",
        ),
    },
    "en": {
        1: (
            "No experience needed: you get a short introduction.",
            "A good first step into volunteering.",
            "Everyone is welcome, including people who never helped out before.",
        ),
        2: (
            "You have some experience or want to go deeper.",
            "You get a regular role in the team and a bit more responsibility.",
        ),
        3: (
            "You take the lead yourself and guide other volunteers.",
            "For people with experience who like to coordinate.",
        ),
    },
}
LOGISTICS: dict[Language, tuple[str, ...]] = {
    "nl": (
        "Afspraak op {day} bij {org}.",
        "Elke {day}, in overleg met {org}.",
        "{org} zorgt voor een verzekering en een aanspreekpunt.",
    ),
    "en": (
        "Meet on {day} at {org}.",
        "Every {day}, arranged with {org}.",
        "{org} provides insurance and a contact person.",
    ),
}


TOPIC_SPECS: tuple[Topic, ...] = (
    # --- DIGITAL_LITERACY ---------------------------------------------------------------
    Topic(
        "digital-cafe-seniors",
        "Digital literacy café: helping seniors with smartphones, tablets and laptops",
        Domain.DIGITAL_LITERACY,
        (1, 2),
        nl=Wording(
            titles=(
                "Digicafé voor senioren",
                "Smartphonehulp voor ouderen in {district}",
                "Vrijwilliger in het digitaal café",
                "Tabletspreekuur voor 65-plussers",
            ),
            synopses=(
                "Ouderen stellen hun vragen over smartphone, tablet en laptop; "
                "jij zoekt samen met hen een oplossing.",
                "Wekelijks digitaal café in {district} waar senioren in hun eigen tempo "
                "met hun toestel aan de slag gaan.",
                "Help oudere buurtbewoners met apps, foto's en berichten op hun gsm.",
            ),
            details=(
                "Geduld is belangrijker dan technische kennis: de meeste vragen gaan over "
                "WhatsApp, bankapps en een afspraak bij de dokter.",
                "We zitten in kleine groepjes rond een tafel met koffie.",
                "Je legt stap voor stap uit en laat mensen zelf op de knoppen drukken.",
            ),
        ),
        en=Wording(
            titles=(
                "Digital café for seniors",
                "Smartphone help desk for older residents",
                "Tablet and phone coach for over-65s",
                "Volunteer at the {district} digi-café",
            ),
            synopses=(
                "Older people bring their phones, tablets and laptops with questions; "
                "you help them find their way.",
                "A weekly drop-in in {district} where seniors practise apps, photos and "
                "messages at their own pace.",
                "Sit next to an older neighbour and work through whatever their device "
                "is doing today.",
            ),
            details=(
                "Patience matters more than technical knowledge: most questions are about "
                "WhatsApp, banking apps and booking a doctor's appointment.",
                "We work in small groups around a table with coffee.",
                "You explain things step by step and let people press the buttons themselves.",
            ),
        ),
    ),
    Topic(
        "coding-club-kids",
        "Coding club for children: Scratch, robots and micro:bits",
        Domain.DIGITAL_LITERACY,
        (1, 2, 3),
        nl=Wording(
            titles=(
                "Codeerclub voor kinderen",
                "Coach bij de CoderDojo {district}",
                "Robots en Scratch met kinderen",
                "Begeleider kinderworkshop coderen",
            ),
            synopses=(
                "Kinderen van 8 tot 12 bouwen op zaterdagvoormiddag hun eerste animaties "
                "in Scratch; jij begeleidt een tafel.",
                "Help kinderen in {district} ontdekken hoe computers denken, met robots, "
                "micro:bits en veel vallen en opstaan.",
                "Vrijwillige coaches gezocht voor een gratis codeerclub in de bibliotheek.",
            ),
            details=(
                "Je hoeft geen programmeur te zijn: nieuwsgierigheid en geduld volstaan.",
                "Na afloop tonen de kinderen aan hun ouders wat ze maakten.",
                "We voorzien laptops en een draaiboek per sessie.",
            ),
        ),
        en=Wording(
            titles=(
                "Coding club for kids",
                "CoderDojo coach in {district}",
                "Scratch and robots with children",
                "Mentor junior coders on Saturday",
            ),
            synopses=(
                "Children aged 8 to 12 build their first animations in Scratch; "
                "you guide one table.",
                "Help kids in {district} discover how computers think, with robots, "
                "micro:bits and lots of trial and error.",
                "Volunteer coaches wanted for a free coding club at the library.",
            ),
            details=(
                "You do not need to be a developer: curiosity and patience are enough.",
                "At the end the children show their parents what they made.",
                "Laptops and a plan for each session are provided.",
            ),
        ),
    ),
    Topic(
        "laptop-refurbish",
        "Refurbishing donated laptops and PCs for families who have none",
        Domain.DIGITAL_LITERACY,
        (2, 3),
        nl=Wording(
            titles=(
                "Laptops opknappen voor gezinnen",
                "Computers herstellen voor wie er geen heeft",
                "Vrijwilliger in het laptopatelier",
                "Tweedehands pc's klaarmaken in {district}",
            ),
            synopses=(
                "Geschonken laptops wissen, opnieuw installeren met Linux of Windows en "
                "klaarmaken voor gezinnen en studenten.",
                "In het atelier in {district} krijgen afgeschreven bedrijfscomputers "
                "een tweede leven.",
                "Test, herstel en installeer oude computers zodat kinderen thuis hun "
                "huiswerk kunnen maken.",
            ),
            details=(
                "Je kent het verschil tussen RAM en een harde schijf, of wil het leren.",
                "Elke laptop gaat naar een gezin dat via het OCMW of een school kwam.",
                "Met een checklist blijven er geen persoonlijke gegevens achter.",
            ),
        ),
        en=Wording(
            titles=(
                "Refurbish donated laptops",
                "Computer recycling workshop",
                "Laptop refurbishing volunteer in {district}",
                "Get old PCs ready for families",
            ),
            synopses=(
                "Wipe donated laptops, reinstall Linux or Windows and prepare them for "
                "families and students.",
                "In the {district} workshop, retired office computers get a second life.",
                "Test, mend and set up old computers so children can do their homework at home.",
            ),
            details=(
                "You know the difference between RAM and a hard drive, or want to learn.",
                "Every laptop goes to a household referred by social services or a school.",
                "A checklist makes sure no personal data is left behind.",
            ),
        ),
    ),
    Topic(
        "online-admin-help",
        "Help with online government forms, tax returns and itsme",
        Domain.DIGITAL_LITERACY,
        (1, 2),
        nl=Wording(
            titles=(
                "Digitaal loket: hulp bij online formulieren",
                "Hulp bij Tax-on-web en itsme",
                "Vrijwilliger aan het e-loket in {district}",
                "Samen de digitale papierwinkel aanpakken",
            ),
            synopses=(
                "Buurtbewoners komen langs met brieven, online formulieren en aanvragen; "
                "jij helpt hen stap voor stap.",
                "Help mensen met hun belastingaangifte, premieaanvragen en itsme.",
                "Een spreekuur in {district} voor wie vastloopt in de digitale administratie.",
            ),
            details=(
                "Je bent thuis op overheidswebsites en gaat discreet om met gegevens.",
                "Vragen gaan vaak over het Groeipakket, de huurpremie en Mijn Burgerprofiel.",
                "Een maatschappelijk werker is aanwezig voor moeilijke dossiers.",
            ),
        ),
        en=Wording(
            titles=(
                "Digital help desk for online paperwork",
                "Help with tax returns and online forms",
                "E-government helper in {district}",
                "Assist residents with digital admin",
            ),
            synopses=(
                "Residents drop in with letters, online forms and applications; "
                "you guide them step by step.",
                "Help people file tax returns, apply for allowances and use the itsme app.",
                "A weekly drop-in in {district} for anyone stuck in online bureaucracy.",
            ),
            details=(
                "You are at home on government websites and discreet with personal data.",
                "Questions are often about child benefit, rent subsidies and the citizen "
                "profile app.",
                "A social worker is present for difficult cases.",
            ),
        ),
    ),
    Topic(
        "website-for-nonprofits",
        "Building and handing over simple websites for small associations",
        Domain.DIGITAL_LITERACY,
        (2, 3),
        nl=Wording(
            titles=(
                "Website bouwen voor een buurtvereniging",
                "Webmaster voor een kleine vzw",
                "Digitale etalage voor verenigingen in {district}",
                "Help een vzw online zichtbaar worden",
            ),
            synopses=(
                "Bouw met een buurtgroep een eenvoudige WordPress-site die ze daarna "
                "zelf bijhouden.",
                "Kleine verenigingen in {district} zoeken iemand die hun site, agenda en "
                "inschrijvingen opzet.",
                "Maak een vzw online vindbaar en leer de vrijwilligers hun eigen pagina's beheren.",
            ),
            details=(
                "Ervaring met een CMS is handig; gevoel voor vormgeving is een plus.",
                "Het project loopt een tiental avonden, in overleg met de vereniging.",
                "Je werkt met vrije software zodat niemand onmisbaar wordt.",
            ),
        ),
        en=Wording(
            titles=(
                "Build a website for a neighbourhood group",
                "Volunteer webmaster for a small nonprofit",
                "Web design for local associations in {district}",
                "Help a community group get online",
            ),
            synopses=(
                "Build a simple WordPress site with a neighbourhood group that they can "
                "keep up to date themselves.",
                "Small associations in {district} need someone to set up their site, "
                "calendar and sign-ups.",
                "Make a nonprofit easy to find online and teach its volunteers to edit "
                "their own pages.",
            ),
            details=(
                "Experience with a CMS helps; a sense for design is a bonus.",
                "The project runs for about ten evenings, planned with the association.",
                "Free software keeps the group independent of any one person.",
            ),
        ),
    ),
    Topic(
        "online-safety-workshop",
        "Workshops on online safety: scams, phishing and strong passwords",
        Domain.DIGITAL_LITERACY,
        (1, 2),
        nl=Wording(
            titles=(
                "Workshop veilig online",
                "Phishing herkennen: infosessie voor buurtbewoners",
                "Wachtwoorden en oplichting: begeleider workshop",
                "Cyberveilig in {district}",
            ),
            synopses=(
                "Leer buurtbewoners valse sms'jes, phishingmails en oplichters aan de "
                "telefoon herkennen.",
                "Een praktische workshop over sterke wachtwoorden, tweestapsverificatie "
                "en veilig bankieren.",
                "Ondersteun de lesgever in {district} en help deelnemers hun toestel "
                "veiliger instellen.",
            ),
            details=(
                "De workshops vinden plaats in bibliotheken en lokale dienstencentra.",
                "Je krijgt vooraf een korte opleiding en een map met voorbeelden.",
                "Veel deelnemers werden al eens opgelicht en stellen concrete vragen.",
            ),
        ),
        en=Wording(
            titles=(
                "Online safety workshop",
                "Spot the scam: phishing awareness session",
                "Passwords and fraud workshop assistant",
                "Stay safe online in {district}",
            ),
            synopses=(
                "Teach residents to recognise fake text messages, phishing e-mails and "
                "phone scammers.",
                "A hands-on workshop on strong passwords, two-factor login and safe "
                "online banking.",
                "Assist the trainer in {district} and help participants make their own "
                "devices safer.",
            ),
            details=(
                "Workshops take place in libraries and local service centres.",
                "You get a short training beforehand and a folder of examples.",
                "Many participants have been cheated before and ask very concrete questions.",
            ),
        ),
    ),
    Topic(
        "media-literacy-teens",
        "Media literacy with teenagers: fake news, deepfakes and fact-checking",
        Domain.DIGITAL_LITERACY,
        (2, 3),
        nl=Wording(
            titles=(
                "Nepnieuws ontmaskeren met jongeren",
                "Mediawijsheid in de jeugdwerking",
                "Factchecken met tieners in {district}",
                "Workshop: wat is echt online?",
            ),
            synopses=(
                "Onderzoek met jongeren hoe virale berichten, deepfakes en reclame op "
                "sociale media werken.",
                "Begeleid een reeks sessies in {district} waarin tieners zelf een bericht "
                "leren factchecken.",
                "Help jongeren kritisch kijken naar TikTok, YouTube en het nieuws.",
            ),
            details=(
                "Je werkt samen met een jeugdwerker die de groep goed kent.",
                "Elke sessie eindigt met een zelfgemaakte factcheck die de groep deelt.",
                "Interesse in journalistiek of media is meegenomen.",
            ),
        ),
        en=Wording(
            titles=(
                "Fake news detectives with teenagers",
                "Media literacy in a youth club",
                "Fact-checking with teens in {district}",
                "Workshop: what is real online?",
            ),
            synopses=(
                "Explore with young people how viral posts, deepfakes and social media "
                "advertising work.",
                "Lead a series of sessions in {district} where teenagers learn to "
                "fact-check a post themselves.",
                "Help teens look critically at TikTok, YouTube and the news.",
            ),
            details=(
                "You work with a youth worker who knows the group well.",
                "Each session ends with a fact-check the group made and shares.",
                "An interest in journalism or media is welcome.",
            ),
        ),
    ),
    Topic(
        "maker-space-3d",
        "Hosting a fablab or makerspace: 3D printing, laser cutting, electronics",
        Domain.DIGITAL_LITERACY,
        (2, 3),
        nl=Wording(
            titles=(
                "Fablab-begeleider: 3D-printen en lasersnijden",
                "Vrijwilliger in de makerspace",
                "3D-printatelier in {district}",
                "Maak het zelf: begeleiding in het fablab",
            ),
            synopses=(
                "Help bezoekers een eerste ontwerp maken en afdrukken op de 3D-printer.",
                "In de makerspace van {district} begeleid je mensen aan de lasersnijder, "
                "de vinylsnijder en de elektronicatafel.",
                "Deel je kennis van ontwerpsoftware met makers, studenten en nieuwsgierige buren.",
            ),
            details=(
                "Je kent Tinkercad, Inkscape of een andere ontwerptool.",
                "Veiligheid aan de machines gaat altijd voor.",
                "Op open avonden komen vooral studenten en gepensioneerde knutselaars.",
            ),
        ),
        en=Wording(
            titles=(
                "Fablab host: 3D printing and laser cutting",
                "Makerspace volunteer",
                "3D printing workshop in {district}",
                "Make it yourself: fablab guide",
            ),
            synopses=(
                "Help visitors design and print their first object on the 3D printer.",
                "In the {district} makerspace you guide people at the laser cutter, the "
                "vinyl cutter and the electronics bench.",
                "Share your design software skills with makers, students and curious neighbours.",
            ),
            details=(
                "You know Tinkercad, Inkscape or another design tool.",
                "Safety at the machines always comes first.",
                "Open evenings draw mostly students and retired tinkerers.",
            ),
        ),
    ),
    # --- SUSTAINABILITY -----------------------------------------------------------------
    Topic(
        "repair-cafe",
        "Repair café: mending appliances, lamps and clothes together with visitors",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Hersteller in het repaircafé",
                "Repair Café {district} zoekt handige vrijwilligers",
                "Onthaal in het repaircafé",
                "Toestellen een tweede leven geven",
            ),
            synopses=(
                "Samen met bezoekers lampen, radio's, fietsen en kledij herstellen, "
                "elke eerste zaterdag in {district}.",
                "Deel je handigheid met elektrische toestellen, naaimachines of houtwerk "
                "en leer anderen zelf herstellen.",
                "Ontvang bezoekers, noteer wat er mis is en wijs hen de juiste hersteller aan.",
            ),
            details=(
                "Niet alles is te redden, maar meer dan de helft gaat weer werkend naar huis.",
                "Koffie en taart horen erbij: een repaircafé is ook een ontmoetingsplek.",
                "Veiligheid eerst: elektrische toestellen worden na herstel getest.",
            ),
        ),
        en=Wording(
            titles=(
                "Repairer at the repair café",
                "Repair Café {district} needs handy volunteers",
                "Welcome host at the repair café",
                "Give household appliances a second life",
            ),
            synopses=(
                "Repair lamps, radios, bikes and clothes together with visitors, every "
                "first Saturday in {district}.",
                "Share your skills with electrical appliances, sewing machines or woodwork "
                "and show others how to mend things.",
                "Welcome visitors, note what is wrong and point them to the right repairer.",
            ),
            details=(
                "Not everything can be saved, but more than half goes home working again.",
                "Coffee and cake are part of it: a repair café is also a meeting place.",
                "Safety first: electrical appliances are tested after every repair.",
            ),
        ),
    ),
    Topic(
        "bike-repair",
        "Bike repair workshop: teaching people to maintain and fix their bicycles",
        Domain.SUSTAINABILITY,
        (1, 2, 3),
        nl=Wording(
            titles=(
                "Fietsatelier: leer anderen hun fiets herstellen",
                "Vrijwilliger in de fietsherstelplaats",
                "Fietsreparatie-workshop in {district}",
                "Fietsdokter aan de schoolpoort",
            ),
            synopses=(
                "Help buurtbewoners een lekke band plakken, remmen afstellen en hun "
                "ketting onderhouden.",
                "In het fietsatelier van {district} krijgen afgedankte fietsen een nieuw "
                "leven voor nieuwkomers.",
                "Toon kinderen en ouders hoe ze hun fiets zelf veilig en rijklaar houden.",
            ),
            details=(
                "Gereedschap en onderdelen zijn er; jij brengt je handigheid mee.",
                "Je hoeft geen fietsenmaker te zijn, wel graag sleutelen.",
                "In het voorjaar is het extra druk met schoolfietsen.",
            ),
        ),
        en=Wording(
            titles=(
                "Bike repair workshop",
                "Volunteer at the community bike shop",
                "Bicycle mechanic coach in {district}",
                "Bike doctor at the school gate",
            ),
            synopses=(
                "Help residents fix a flat tyre, adjust brakes and look after their chain.",
                "In the {district} bike workshop, abandoned bicycles get a new life for newcomers.",
                "Show children and parents how to keep their own bikes safe and roadworthy.",
            ),
            details=(
                "Tools and spare parts are there; you bring your hands.",
                "You need not be a mechanic, just enjoy tinkering.",
                "Spring is extra busy with school bikes.",
            ),
        ),
    ),
    Topic(
        "community-garden",
        "Community vegetable garden: sowing, weeding and harvesting with neighbours",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Samentuin {district}",
                "Zaterdag in de buurtmoestuin",
                "Tuinieren in een gemeenschapstuin",
                "Moestuinvrijwilliger gezocht",
            ),
            synopses=(
                "Zaaien, wieden en oogsten samen met buren in de moestuin van {district}.",
                "Help de bakken en het kippenhok onderhouden en verdeel de oogst onder "
                "de deelnemers.",
                "Een groene plek in de wijk waar iedereen welkom is om mee te tuinieren.",
            ),
            details=(
                "Je hoeft geen groene vingers te hebben; de tuincoach wijst de weg.",
                "In de zomer staat er elke week iets anders te rijpen.",
                "Gereedschap, zaden en een regenton zijn aanwezig.",
            ),
        ),
        en=Wording(
            titles=(
                "Community garden Saturday",
                "Volunteer in the neighbourhood vegetable garden",
                "Gardening together in {district}",
                "Allotment buddy",
            ),
            synopses=(
                "Sow, weed and harvest with neighbours in the {district} community garden.",
                "Help look after the raised beds and the chicken coop and divide the "
                "harvest among participants.",
                "A green spot in the neighbourhood where everyone is welcome to garden along.",
            ),
            details=(
                "No green fingers needed; the garden coach shows you how.",
                "In summer something new ripens every week.",
                "Tools, seeds and a rain barrel are on site.",
            ),
        ),
    ),
    Topic(
        "litter-cleanup",
        "Litter clean-up: picking up street litter in parks and squares",
        Domain.SUSTAINABILITY,
        (1,),
        nl=Wording(
            titles=(
                "Zwerfvuilactie in {district}",
                "Opruimploeg voor de buurt",
                "Mooimakers: samen de straat proper",
                "Peter of meter van je straat worden",
            ),
            synopses=(
                "Trek met grijpers en vuilniszakken door {district} en maak parken en "
                "pleinen proper.",
                "Een maandelijkse opruimactie met buren, gevolgd door soep in het buurthuis.",
                "Help mee zwerfvuil verzamelen en tel wat je vindt voor een onderzoek naar "
                "blikjes en peuken.",
            ),
            details=(
                "Handschoenen, grijpers en hesjes worden voorzien.",
                "Na afloop wegen we wat we vonden en geven het door aan de stad.",
                "Kinderen zijn welkom onder begeleiding van een volwassene.",
            ),
        ),
        en=Wording(
            titles=(
                "Litter clean-up crew",
                "Street clean-up in {district}",
                "Become a litter picker for your street",
                "Tidy the neighbourhood: monthly clean-up",
            ),
            synopses=(
                "Walk through {district} with grabbers and bin bags and clear parks and squares.",
                "A monthly clean-up with neighbours, followed by soup at the community centre.",
                "Help pick up litter and count what you find for a study on cans and "
                "cigarette butts.",
            ),
            details=(
                "Gloves, grabbers and high-visibility vests are provided.",
                "Afterwards we weigh what we found and report it to the city.",
                "Children are welcome with an adult.",
            ),
        ),
    ),
    Topic(
        "energy-home-scan",
        "Energy-saving home scans: visiting households to cut energy use and bills",
        Domain.SUSTAINABILITY,
        (2, 3),
        nl=Wording(
            titles=(
                "Energiescan bij mensen thuis",
                "Energiecoach in {district}",
                "Besparen op de energiefactuur: huisbezoeken",
                "Vrijwillige energiesnoeier",
            ),
            synopses=(
                "Bezoek huurders en eigenaars en zoek samen waar ze energie en geld verliezen.",
                "Plaats radiatorfolie, ledlampen en tochtstrips bij gezinnen in {district}.",
                "Leg uit hoe de energiefactuur werkt en welke premies er zijn voor isolatie.",
            ),
            details=(
                "Je krijgt een opleiding van twee avonden en een meetkoffer.",
                "De bezoeken gebeuren altijd met twee.",
                "Gezinnen met een hoge factuur krijgen voorrang.",
            ),
        ),
        en=Wording(
            titles=(
                "Energy-saving home scan",
                "Energy coach in {district}",
                "Cut the energy bill: home visits",
                "Draught-proofing volunteer",
            ),
            synopses=(
                "Visit tenants and owners and find where they lose energy and money.",
                "Fit radiator foil, LED bulbs and draught strips in homes in {district}.",
                "Explain the energy bill and which grants exist for insulation.",
            ),
            details=(
                "You get two evenings of training and a measuring kit.",
                "Visits always happen in pairs.",
                "Households with high bills come first.",
            ),
        ),
    ),
    Topic(
        "clothing-swap",
        "Second-hand clothing swap: organising swap events for garments",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Kledingruil in {district}",
                "Swap party: tweedehands kleren",
                "Organiseer een ruilbeurs voor kleding",
                "Vrijwilliger kleerruilmarkt",
            ),
            synopses=(
                "Sorteer en hang kledingstukken; op de ruil neemt iedereen gratis mee wat past.",
                "Help een ruilmoment opzetten in {district} waar kleding een tweede kast vindt.",
                "Een duurzaam alternatief voor fast fashion: tweedehands, gratis en gezellig.",
            ),
            details=(
                "Wat overblijft gaat naar een sociale winkel.",
                "Er is een paskamer, een naaihoek en muziek.",
                "Je helpt ook met de promotie op sociale media.",
            ),
        ),
        en=Wording(
            titles=(
                "Clothing swap in {district}",
                "Swap party: second-hand clothes",
                "Organise a clothes exchange",
                "Volunteer at the clothes swap market",
            ),
            synopses=(
                "Sort and hang garments; at the swap everyone takes home what fits, for free.",
                "Help set up a swap moment in {district} where clothing finds a second wardrobe.",
                "A sustainable alternative to fast fashion: second-hand, free and friendly.",
            ),
            details=(
                "Whatever is left goes to a charity shop.",
                "There is a fitting room, a sewing corner and music.",
                "You also help promote it on social media.",
            ),
        ),
    ),
    Topic(
        "food-waste-kitchen",
        "Cooking with rescued surplus food against food waste",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Koken met gered voedsel",
                "Restjeskeuken in {district}",
                "Vrijwilliger in de keuken tegen voedselverspilling",
                "Kookploeg overschotten",
            ),
            synopses=(
                "Kook met buren een maaltijd van groenten die de supermarkt niet meer verkoopt.",
                "Haal overschotten op bij de markt en maak er soep van voor het "
                "buurtrestaurant in {district}.",
                "Help voedselverspilling tegengaan door te koken met wat anders weggegooid wordt.",
            ),
            details=(
                "Het menu hangt af van wat er die dag binnenkomt.",
                "De maaltijden worden verkocht tegen een solidaire prijs.",
                "Hygiëne en een scherp mes zijn het belangrijkste gereedschap.",
            ),
        ),
        en=Wording(
            titles=(
                "Cooking with rescued food",
                "Leftovers kitchen in {district}",
                "Food waste kitchen volunteer",
                "Surplus cooking crew",
            ),
            synopses=(
                "Cook a meal with neighbours from vegetables the supermarket can no longer sell.",
                "Collect surplus from the market and turn it into soup for the {district} "
                "community restaurant.",
                "Help fight food waste by cooking what would otherwise be thrown out.",
            ),
            details=(
                "The menu depends on what comes in that day.",
                "Meals are sold at a pay-what-you-can price.",
                "Hygiene and a sharp knife are the most important tools.",
            ),
        ),
    ),
    Topic(
        "tree-planting",
        "Greening streets: planting trees and building facade gardens",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Bomen planten in {district}",
                "Geveltuintjes aanleggen met buren",
                "Vergroen je straat",
                "Plantploeg stadsbos",
            ),
            synopses=(
                "Help mee jonge bomen planten en water geven in een nieuw stadsbos.",
                "Breek tegels uit en leg met bewoners geveltuintjes aan in {district}.",
                "Maak grijze straten groener met plantenbakken, klimplanten en boomspiegels.",
            ),
            details=(
                "Plantseizoen loopt van november tot maart.",
                "Spades, laarzen en koffie zijn voorzien.",
                "De stad levert plantgoed en advies.",
            ),
        ),
        en=Wording(
            titles=(
                "Tree planting in {district}",
                "Build facade gardens with neighbours",
                "Green your street",
                "Urban forest planting crew",
            ),
            synopses=(
                "Help plant and water young trees in a new urban forest.",
                "Lift paving stones and create small facade gardens with residents in {district}.",
                "Make grey streets greener with planters, climbing plants and tree pits.",
            ),
            details=(
                "Planting season runs from November to March.",
                "Spades, boots and coffee are provided.",
                "The city supplies plants and advice.",
            ),
        ),
    ),
    Topic(
        "compost-master",
        "Neighbourhood composting: running a shared compost site",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Compostmeester in de wijk",
                "Buurtcompost beheren in {district}",
                "Van groenafval tot compost",
                "Wormenbak-workshop",
            ),
            synopses=(
                "Beheer een compostvat waar buren hun groente- en fruitafval kwijt kunnen.",
                "Leer bewoners in {district} thuis composteren en geef advies bij problemen.",
                "Draai de hoop om, meet de temperatuur en verdeel rijpe compost over de samentuin.",
            ),
            details=(
                "Je volgt eerst een korte opleiding tot compostmeester.",
                "Een paar minuten per dag, en een grotere beurt in het weekend.",
                "Je wordt het aanspreekpunt voor vragen over stank en fruitvliegjes.",
            ),
        ),
        en=Wording(
            titles=(
                "Neighbourhood compost master",
                "Run the {district} community compost",
                "From kitchen scraps to compost",
                "Worm bin workshop",
            ),
            synopses=(
                "Look after a compost bin where neighbours drop off their fruit and "
                "vegetable scraps.",
                "Teach residents in {district} to compost at home and help when things go wrong.",
                "Turn the heap, check its temperature and spread finished compost on the "
                "community garden.",
            ),
            details=(
                "You first follow a short compost master course.",
                "A few minutes a day, and a bigger turn at the weekend.",
                "You become the contact for questions about smells and fruit flies.",
            ),
        ),
    ),
    Topic(
        "climate-fresk",
        "Climate Fresk: facilitating a collaborative card workshop on climate change",
        Domain.SUSTAINABILITY,
        (2, 3),
        nl=Wording(
            titles=(
                "Klimaatfresco-workshop",
                "Animator Klimaatfresco in {district}",
                "Het klimaat begrijpen in drie uur",
                "Klimaatgesprek begeleiden",
            ),
            synopses=(
                "In drie uur puzzelen deelnemers met kaarten de oorzaken en gevolgen van "
                "klimaatverandering in elkaar.",
                "Begeleid een groep in {district} door de klimaatwetenschap en het gesprek "
                "dat erop volgt.",
                "Word animator en breng het IPCC-rapport speels bij buren en collega's.",
            ),
            details=(
                "Je volgt eerst zelf een fresco en daarna een animatorenopleiding.",
                "Groepen van zes tot acht, in scholen, bedrijven en buurthuizen.",
                "Het doel is begrijpen, niet schuld geven.",
            ),
        ),
        en=Wording(
            titles=(
                "Climate Fresk workshop",
                "Climate Fresk facilitator in {district}",
                "Understand climate change in three hours",
                "Host a climate conversation",
            ),
            synopses=(
                "In three hours participants piece together the causes and effects of "
                "climate change with cards.",
                "Guide a group in {district} through climate science and the discussion "
                "that follows.",
                "Become a facilitator and bring the IPCC report to neighbours and "
                "colleagues in a playful way.",
            ),
            details=(
                "You first take part in a Fresk yourself, then a facilitator training.",
                "Groups of six to eight, in schools, companies and community centres.",
                "The aim is understanding, not blame.",
            ),
        ),
    ),
    Topic(
        "tool-library",
        "Tool library: lending drills, ladders and other things instead of buying",
        Domain.SUSTAINABILITY,
        (1, 2),
        nl=Wording(
            titles=(
                "Deelbib: gereedschap uitlenen",
                "Vrijwilliger in de spullenbib van {district}",
                "Lenen in plaats van kopen",
                "Uitleenbalie materiaalbib",
            ),
            synopses=(
                "Leen boormachines, ladders en partytenten uit aan buren zodat niet "
                "iedereen ze moet kopen.",
                "Beheer de uitleenbalie in {district}: spullen inchecken, nakijken en uitleggen.",
                "Een bibliotheek voor spullen: minder kopen, meer delen.",
            ),
            details=(
                "Leden betalen een kleine bijdrage per jaar.",
                "Je kijkt na of alles proper en volledig terugkomt.",
                "Handig als je weet hoe een decoupeerzaag werkt.",
            ),
        ),
        en=Wording(
            titles=(
                "Tool library volunteer",
                "Lending desk at the {district} library of things",
                "Borrow, don't buy",
                "Share shed host",
            ),
            synopses=(
                "Lend drills, ladders and party tents to neighbours so not everyone has to "
                "buy them.",
                "Run the lending desk in {district}: check items in, inspect them and "
                "explain how they work.",
                "A library for things: buy less, share more.",
            ),
            details=(
                "Members pay a small yearly fee.",
                "You check that everything comes back clean and complete.",
                "Handy if you know how a jigsaw works.",
            ),
        ),
    ),
    # --- ENTREPRENEURIAL_SPIRIT ---------------------------------------------------------
    Topic(
        "startup-pitch-coaching",
        "Start-up pitch coaching: preparing early founders for investors",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (2, 3),
        nl=Wording(
            titles=(
                "Pitchcoach voor starters",
                "Startende ondernemers begeleiden in {district}",
                "Oefenjury pitchavond",
                "Coaching voor jonge start-ups",
            ),
            synopses=(
                "Help starters hun idee in drie minuten overtuigend voorstellen aan investeerders.",
                "Geef feedback op ondernemingsplannen en pitches in het ondernemershuis "
                "van {district}.",
                "Zetel in een oefenjury en coach jonge ondernemers na hun pitch.",
            ),
            details=(
                "Ervaring als ondernemer of investeerder is een plus.",
                "De pitchavond sluit een traject van acht weken af.",
                "Eerlijke, opbouwende feedback is wat de starters het meest waarderen.",
            ),
        ),
        en=Wording(
            titles=(
                "Start-up pitch coach",
                "Coach early-stage founders in {district}",
                "Practice jury for pitch night",
                "Mentoring for young start-ups",
            ),
            synopses=(
                "Help founders present their idea convincingly to investors in three minutes.",
                "Give feedback on business plans and pitches at the {district} enterprise hub.",
                "Sit on a practice jury and coach young entrepreneurs after their pitch.",
            ),
            details=(
                "Experience as a founder or investor is a plus.",
                "Pitch night closes an eight-week programme.",
                "Honest, constructive feedback is what founders value most.",
            ),
        ),
    ),
    Topic(
        "social-second-hand-shop",
        "Working in a social second-hand shop (kringwinkel): pricing, till, display",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (1, 2),
        nl=Wording(
            titles=(
                "Winkelhulp in de kringwinkel",
                "Verkoper in een sociale tweedehandswinkel",
                "Etalage en kassa in de kringloopwinkel van {district}",
                "Vrijwilliger sociale winkel",
            ),
            synopses=(
                "Prijs tweedehandse spullen, richt de winkel in en help klanten aan de kassa.",
                "Een sociale winkel in {district} die mensen werk geeft en spullen een "
                "tweede leven.",
                "Leer hoe een winkel draait: voorraad, etalage, prijzen en klantencontact.",
            ),
            details=(
                "De winkel werkt met mensen in een traject naar werk.",
                "Je draait mee in een vaste ploeg van vier.",
                "Inzicht in wat verkoopt maak je je snel eigen.",
            ),
        ),
        en=Wording(
            titles=(
                "Shop assistant at the charity shop",
                "Sales volunteer in a social second-hand store",
                "Window display and till at the {district} thrift shop",
                "Social shop volunteer",
            ),
            synopses=(
                "Price second-hand goods, arrange the shop and help customers at the till.",
                "A social enterprise shop in {district} that gives people jobs and goods "
                "a second life.",
                "Learn how a shop runs: stock, displays, pricing and customer contact.",
            ),
            details=(
                "The shop employs people on their way back into work.",
                "You join a regular team of four.",
                "You quickly learn what sells.",
            ),
        ),
    ),
    Topic(
        "cooperative-coaching",
        "Helping residents found and run a citizens' cooperative",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (3,),
        nl=Wording(
            titles=(
                "Een coöperatie opstarten: begeleider",
                "Coach een beginnende burgercoöperatie",
                "Samen ondernemen in {district}",
                "Statuten en ledenwerving voor een coöperatie",
            ),
            synopses=(
                "Help buren hun energie- of voedselcoöperatie oprichten: statuten, "
                "aandelen en algemene vergadering.",
                "Begeleid een jonge coöperatie in {district} door haar eerste jaar.",
                "Deel je kennis over coöperatief ondernemen met bewoners die samen iets "
                "willen starten.",
            ),
            details=(
                "Kennis van vennootschapsrecht of boekhouding helpt.",
                "Je werkt samen met een koepel die sjablonen en juristen heeft.",
                "Verwacht lange vergaderingen en veel enthousiasme.",
            ),
        ),
        en=Wording(
            titles=(
                "Help start a cooperative",
                "Coach a new citizens' cooperative",
                "Co-op founders' helper in {district}",
                "Statutes and members for a co-op",
            ),
            synopses=(
                "Help neighbours set up their energy or food cooperative: statutes, shares "
                "and a general meeting.",
                "Support a young co-op in {district} through its first year.",
                "Share what you know about cooperative enterprise with residents who want "
                "to start something together.",
            ),
            details=(
                "Knowledge of company law or bookkeeping helps.",
                "You work with an umbrella body that has templates and lawyers.",
                "Expect long meetings and plenty of enthusiasm.",
            ),
        ),
    ),
    Topic(
        "crowdfunding-campaign",
        "Running a crowdfunding campaign for a local project",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (2,),
        nl=Wording(
            titles=(
                "Crowdfundingcampagne voor een buurtproject",
                "Geld inzamelen voor de samentuin",
                "Campagnemaker crowdfunding in {district}",
                "Help een lokaal project aan startkapitaal",
            ),
            synopses=(
                "Schrijf de campagnetekst, maak beelden en zoek steun voor een buurtproject "
                "op een crowdfundingplatform.",
                "Plan een campagne van dertig dagen voor een project in {district}, van "
                "video tot bedankmail.",
                "Help bewoners hun plan financieren met kleine giften van veel mensen.",
            ),
            details=(
                "Je houdt de teller bij en verzint acties voor de laatste week.",
                "Ervaring met sociale media of fotografie is handig.",
                "Alles of niets: het doelbedrag moet gehaald worden.",
            ),
        ),
        en=Wording(
            titles=(
                "Crowdfunding campaign for a neighbourhood project",
                "Raise money for the community garden",
                "Crowdfunding campaigner in {district}",
                "Help a local project find seed money",
            ),
            synopses=(
                "Write the pitch, make visuals and rally support for a local project on a "
                "crowdfunding platform.",
                "Plan a thirty-day campaign for a project in {district}, from video to "
                "thank-you e-mail.",
                "Help residents fund their plan with small gifts from many people.",
            ),
            details=(
                "You watch the counter and think up actions for the final week.",
                "Experience with social media or photography is handy.",
                "All or nothing: the target has to be reached.",
            ),
        ),
    ),
    Topic(
        "student-mini-company",
        "Coaching secondary-school pupils who run a mini-company for a year",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (1, 2),
        nl=Wording(
            titles=(
                "Coach een mini-onderneming op school",
                "Leerlingen begeleiden bij hun eerste bedrijfje",
                "Jong ondernemen in het secundair in {district}",
                "Mentor mini-onderneming",
            ),
            synopses=(
                "Help leerlingen van het zesde middelbaar een product bedenken, maken en verkopen.",
                "Een schooljaar lang coach je een klas in {district} die een echte "
                "mini-onderneming runt.",
                "Deel je ervaring met boekhouding, marketing of verkoop met jonge ondernemers.",
            ),
            details=(
                "Eén lesuur om de twee weken, in overleg met de leerkracht.",
                "Op het einde van het jaar is er een beurs met alle mini-ondernemingen.",
                "De leerlingen beslissen; jij stelt de juiste vragen.",
            ),
        ),
        en=Wording(
            titles=(
                "Coach a student mini-company",
                "Guide pupils through their first business",
                "Youth enterprise at a secondary school in {district}",
                "Mini-company mentor",
            ),
            synopses=(
                "Help final-year pupils invent, make and sell a product.",
                "For a whole school year you coach a class in {district} running a real "
                "mini-company.",
                "Share your experience with bookkeeping, marketing or sales with young "
                "entrepreneurs.",
            ),
            details=(
                "One lesson every two weeks, arranged with the teacher.",
                "The year ends with a fair of all mini-companies.",
                "The pupils decide; you ask the right questions.",
            ),
        ),
    ),
    Topic(
        "event-organising",
        "Organising a neighbourhood party or street festival",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (1, 2),
        nl=Wording(
            titles=(
                "Mee-organisator buurtfeest",
                "Straatfestival in {district} op poten zetten",
                "Vrijwilliger evenementenploeg",
                "Plan een zomerfeest voor de wijk",
            ),
            synopses=(
                "Regel vergunningen, podium, muziek en drank voor het jaarlijkse buurtfeest.",
                "Help een straatfestival in {district} organiseren, van planning tot opruim.",
                "Coördineer vrijwilligers en planning voor een feest waar de hele wijk op afkomt.",
            ),
            details=(
                "De stad geeft een subsidie; jij helpt het budget bewaken.",
                "Je leert onderhandelen met muzikanten, verhuurders en buren.",
                "Het feest valt altijd op de laatste zondag van augustus.",
            ),
        ),
        en=Wording(
            titles=(
                "Co-organiser of the neighbourhood party",
                "Set up a street festival in {district}",
                "Event crew volunteer",
                "Plan a summer party for the district",
            ),
            synopses=(
                "Arrange permits, stage, music and drinks for the yearly street party.",
                "Help organise a street festival in {district}, from planning to clean-up.",
                "Coordinate volunteers and schedules for a party the whole neighbourhood comes to.",
            ),
            details=(
                "The city gives a grant; you help keep to the budget.",
                "You learn to negotiate with musicians, rental firms and neighbours.",
                "The party is always on the last Sunday of August.",
            ),
        ),
    ),
    Topic(
        "job-coaching",
        "Coaching jobseekers: CVs, cover letters and mock interviews",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (1, 2),
        nl=Wording(
            titles=(
                "Sollicitatiecoach voor werkzoekenden",
                "Cv-hulp in {district}",
                "Oefengesprekken voor een eerste job",
                "Jobcoach vrijwilliger",
            ),
            synopses=(
                "Help werkzoekenden hun cv en motivatiebrief schrijven en bereid hen voor "
                "op gesprekken.",
                "Een wekelijks jobcafé in {district} waar mensen samen vacatures zoeken en "
                "solliciteren.",
                "Speel de werkgever in oefengesprekken en geef eerlijke feedback.",
            ),
            details=(
                "Ervaring met aanwerven is handig, maar niet nodig.",
                "Veel deelnemers zoeken hun eerste job in België.",
                "Je volgt één persoon een paar maanden op.",
            ),
        ),
        en=Wording(
            titles=(
                "Job application coach",
                "CV help in {district}",
                "Mock interviews for a first job",
                "Volunteer job coach",
            ),
            synopses=(
                "Help jobseekers write their CV and cover letter and prepare for interviews.",
                "A weekly job café in {district} where people search vacancies and apply together.",
                "Play the employer in mock interviews and give honest feedback.",
            ),
            details=(
                "Hiring experience is handy but not required.",
                "Many participants are looking for their first job in Belgium.",
                "You follow one person for a few months.",
            ),
        ),
    ),
    Topic(
        "budget-coaching",
        "Household budget coaching: getting a grip on bills and debts",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (2,),
        nl=Wording(
            titles=(
                "Budgetcoach voor gezinnen",
                "Grip op je geld: begeleider",
                "Hulp bij facturen en budget in {district}",
                "Maatje voor wie schulden heeft",
            ),
            synopses=(
                "Help gezinnen hun inkomsten en uitgaven op een rij zetten en een haalbaar "
                "budget maken.",
                "Zit samen met mensen in {district} die het overzicht over hun facturen verloren.",
                "Een luisterend oor en een rekenmachine voor wie met schulden worstelt.",
            ),
            details=(
                "Je werkt samen met de schuldbemiddelaar van het OCMW.",
                "Discretie is vanzelfsprekend.",
                "Eén keer per week, een half jaar lang.",
            ),
        ),
        en=Wording(
            titles=(
                "Household budget coach",
                "Money matters buddy",
                "Help with bills and budgets in {district}",
                "Debt support volunteer",
            ),
            synopses=(
                "Help families list their income and spending and make a budget they can keep.",
                "Sit down with people in {district} who have lost track of their bills.",
                "A listening ear and a calculator for people struggling with debt.",
            ),
            details=(
                "You work with the debt counsellor of the social services.",
                "Discretion goes without saying.",
                "Once a week, for half a year.",
            ),
        ),
    ),
    Topic(
        "pop-up-shop-makers",
        "Running a pop-up shop or makers' market for local designers",
        Domain.ENTREPRENEURIAL_SPIRIT,
        (2, 3),
        nl=Wording(
            titles=(
                "Pop-upwinkel voor lokale makers",
                "Leegstaand pand tijdelijk invullen in {district}",
                "Winkelmanager pop-up",
                "Makersmarkt organiseren",
            ),
            synopses=(
                "Richt een leeg winkelpand in als tijdelijke winkel voor ontwerpers en "
                "ambachtslui uit de buurt.",
                "Help lokale makers in {district} hun werk verkopen en hun prijzen bepalen.",
                "Plan de opening, de bemanning en de promotie van een pop-upwinkel.",
            ),
            details=(
                "De winkel blijft drie maanden open.",
                "Je leert over marges, consignatie en kassasystemen.",
                "De eigenaar van het pand stelt het gratis ter beschikking.",
            ),
        ),
        en=Wording(
            titles=(
                "Pop-up shop for local makers",
                "Bring an empty shopfront to life in {district}",
                "Pop-up store manager",
                "Organise a makers' market",
            ),
            synopses=(
                "Turn an empty shop into a temporary store for designers and craftspeople "
                "from the area.",
                "Help local makers in {district} sell their work and set their prices.",
                "Plan the opening, the staffing and the promotion of a pop-up shop.",
            ),
            details=(
                "The shop stays open for three months.",
                "You learn about margins, consignment and till systems.",
                "The owner lends the building for free.",
            ),
        ),
    ),
    # --- RESEARCH -----------------------------------------------------------------------
    Topic(
        "bird-count",
        "Citizen science bird count in gardens and green spaces",
        Domain.RESEARCH,
        (1, 2),
        nl=Wording(
            titles=(
                "Vogeltelling in {district}",
                "Burgerwetenschap: tuinvogels tellen",
                "Vogels observeren en registreren",
                "Tellers gezocht voor het vogelonderzoek",
            ),
            synopses=(
                "Tel een uur lang de vogels in een park of tuin en geef je waarnemingen "
                "door online.",
                "Help onderzoekers de vogelstand in {district} in kaart brengen met vaste "
                "telrondes.",
                "Leer mezen, merels en mussen herkennen en draag bij aan echt onderzoek.",
            ),
            details=(
                "Een verrekijker is handig; we lenen er uit.",
                "De telling gebeurt in januari en in mei.",
                "Je gegevens komen terecht in een Europese databank.",
            ),
        ),
        en=Wording(
            titles=(
                "Bird count in {district}",
                "Citizen science: garden bird count",
                "Observe and record birds",
                "Counters wanted for the bird survey",
            ),
            synopses=(
                "Count the birds in a garden or green space for an hour and submit your "
                "sightings online.",
                "Help researchers map the birds of {district} with regular counting rounds.",
                "Learn to recognise tits, blackbirds and sparrows and contribute to real research.",
            ),
            details=(
                "Binoculars help; we can lend you a pair.",
                "Counts happen in January and in May.",
                "Your data ends up in a European database.",
            ),
        ),
    ),
    Topic(
        "air-quality-sensors",
        "Measuring air quality (particulates, NO2) with citizen sensors",
        Domain.RESEARCH,
        (1, 2),
        nl=Wording(
            titles=(
                "Luchtkwaliteit meten in je straat",
                "Meetpunt fijnstof in {district}",
                "Burgeronderzoek naar luchtvervuiling",
                "Sensorbuddy luchtmeting",
            ),
            synopses=(
                "Hang een sensor aan je gevel en volg met onderzoekers het fijnstof en "
                "stikstofdioxide.",
                "Help bewoners in {district} meetbuisjes ophangen en de resultaten bespreken.",
                "Verzamel gegevens over de lucht die we inademen en breng ze bij het stadsbestuur.",
            ),
            details=(
                "De meetcampagne duurt vier weken.",
                "Je krijgt een kaart met alle meetpunten van de stad.",
                "De resultaten worden voorgesteld op een bewonersavond.",
            ),
        ),
        en=Wording(
            titles=(
                "Measure air quality on your street",
                "Particulate matter sensor in {district}",
                "Citizen research on air pollution",
                "Air sensor buddy",
            ),
            synopses=(
                "Hang a sensor on your facade and follow particulates and nitrogen dioxide "
                "with researchers.",
                "Help residents in {district} put up measuring tubes and discuss the results.",
                "Gather data on the air we breathe and take it to the city council.",
            ),
            details=(
                "The measuring campaign lasts four weeks.",
                "You get a map of all measuring points in the city.",
                "Results are presented at a residents' evening.",
            ),
        ),
    ),
    Topic(
        "water-quality",
        "Sampling and monitoring the water quality of rivers and canals",
        Domain.RESEARCH,
        (2, 3),
        nl=Wording(
            titles=(
                "Waterkwaliteit van de Leie onderzoeken",
                "Staalnames in de Gentse kanalen",
                "Waterdiertjes tellen in {district}",
                "Burgerwetenschap: hoe proper is ons water?",
            ),
            synopses=(
                "Neem elke maand waterstalen en meet nitraat, fosfaat en zuurstof.",
                "Zoek naar waterdiertjes als maat voor de gezondheid van een beek in {district}.",
                "Help een universiteit de waterkwaliteit van rivieren en kanalen volgen.",
            ),
            details=(
                "Laarzen en een meetset worden voorzien.",
                "Je noteert alles in een app die de onderzoekers live volgen.",
                "Ideaal voor wie graag buiten is.",
            ),
        ),
        en=Wording(
            titles=(
                "Study the water quality of the Lys",
                "Sampling Ghent's canals",
                "Count freshwater critters in {district}",
                "Citizen science: how clean is our water?",
            ),
            synopses=(
                "Take water samples every month and measure nitrate, phosphate and oxygen.",
                "Look for freshwater creatures as a measure of a stream's health in {district}.",
                "Help a university monitor the water quality of rivers and canals.",
            ),
            details=(
                "Boots and a test kit are provided.",
                "You log everything in an app the researchers follow live.",
                "Ideal if you like being outdoors.",
            ),
        ),
    ),
    Topic(
        "oral-history",
        "Recording the life stories and memories of older residents (oral history)",
        Domain.RESEARCH,
        (1, 2),
        nl=Wording(
            titles=(
                "Verhalen van de buurt optekenen",
                "Interviewer mondelinge geschiedenis in {district}",
                "Herinneringen van oudere bewoners verzamelen",
                "Wijkarchief: levensverhalen opnemen",
            ),
            synopses=(
                "Interview oudere buurtbewoners over het leven in {district} vroeger en "
                "neem hun verhalen op.",
                "Schrijf herinneringen uit aan fabrieken, cafés en feesten voor het wijkarchief.",
                "Help een erfgoedcel een verzameling levensverhalen aanleggen.",
            ),
            details=(
                "Je krijgt een opnametoestel en een korte interviewtraining.",
                "De verhalen komen in een boek en een tentoonstelling.",
                "Luisteren is hier belangrijker dan vragen stellen.",
            ),
        ),
        en=Wording(
            titles=(
                "Record the stories of the neighbourhood",
                "Oral history interviewer in {district}",
                "Collect the memories of older residents",
                "Neighbourhood archive: life stories",
            ),
            synopses=(
                "Interview older residents about life in {district} in the old days and "
                "record their stories.",
                "Write down memories of factories, cafés and festivals for the local archive.",
                "Help a heritage office build a collection of life stories.",
            ),
            details=(
                "You get a recorder and a short interview training.",
                "The stories go into a book and an exhibition.",
                "Listening matters more than asking questions.",
            ),
        ),
    ),
    Topic(
        "resident-survey",
        "Door-to-door and street surveys of residents (mobility, play areas, green)",
        Domain.RESEARCH,
        (1, 2),
        nl=Wording(
            titles=(
                "Bevraging van buurtbewoners",
                "Enquêteur in {district}",
                "Straatinterviews over mobiliteit",
                "Buurtonderzoek: wat vinden bewoners?",
            ),
            synopses=(
                "Ga langs de deuren met een korte vragenlijst over speelpleinen, verkeer en groen.",
                "Help de stad in {district} bewoners bevragen en verwerk de antwoorden.",
                "Interview voorbijgangers over hoe ze zich verplaatsen en wat er beter kan.",
            ),
            details=(
                "Je werkt met een tablet en een vaste vragenlijst.",
                "De resultaten sturen het nieuwe wijkplan mee.",
                "Meertaligheid is een troef.",
            ),
        ),
        en=Wording(
            titles=(
                "Resident survey",
                "Door-to-door interviewer in {district}",
                "Street interviews on mobility",
                "Neighbourhood research: what do residents think?",
            ),
            synopses=(
                "Knock on doors with a short questionnaire about playgrounds, traffic and "
                "green space.",
                "Help the city survey residents in {district} and process the answers.",
                "Ask passers-by how they get around and what could be better.",
            ),
            details=(
                "You work with a tablet and a fixed questionnaire.",
                "The results feed into the new district plan.",
                "Speaking several languages is an asset.",
            ),
        ),
    ),
    Topic(
        "pollinator-count",
        "Counting bees, hoverflies and butterflies for pollinator research",
        Domain.RESEARCH,
        (1, 2),
        nl=Wording(
            titles=(
                "Bijen en vlinders tellen",
                "Bestuivers in kaart brengen in {district}",
                "Wilde bijen monitoren",
                "Vlindertelling in het park",
            ),
            synopses=(
                "Tel bijen, zweefvliegen en vlinders op bloeiende planten volgens een vast "
                "protocol.",
                "Help onderzoekers in {district} ontdekken welke bestuivers in stadstuinen leven.",
                "Fotografeer insecten en laat ze determineren voor een wetenschappelijke databank.",
            ),
            details=(
                "Tellen gebeurt op zonnige dagen tussen april en september.",
                "Een zoekkaart helpt je de soorten herkennen.",
                "Geen imkerervaring nodig.",
            ),
        ),
        en=Wording(
            titles=(
                "Count bees and butterflies",
                "Map pollinators in {district}",
                "Wild bee monitoring",
                "Butterfly count in the park",
            ),
            synopses=(
                "Count bees, hoverflies and butterflies on flowering plants following a "
                "fixed protocol.",
                "Help researchers in {district} find out which pollinators live in city gardens.",
                "Photograph insects and have them identified for a scientific database.",
            ),
            details=(
                "Counts take place on sunny days between April and September.",
                "An identification card helps you recognise species.",
                "No beekeeping experience needed.",
            ),
        ),
    ),
    Topic(
        "photo-archive",
        "Digitising and describing old neighbourhood photos for an image bank",
        Domain.RESEARCH,
        (1, 2),
        nl=Wording(
            titles=(
                "Oude buurtfoto's digitaliseren",
                "Scanvrijwilliger fotoarchief",
                "Beeldbank {district}: foto's beschrijven",
                "Wie staat er op de foto?",
            ),
            synopses=(
                "Scan oude foto's van bewoners en beschrijf wie, wat en waar voor de beeldbank.",
                "Help het stadsarchief duizenden dia's en negatieven uit {district} digitaliseren.",
                "Zoek met oudere buren uit waar en wanneer een foto genomen werd.",
            ),
            details=(
                "Je werkt met een professionele scanner in de leeszaal.",
                "Nauwkeurigheid en geduld zijn belangrijker dan computerkennis.",
                "De beelden komen online voor iedereen.",
            ),
        ),
        en=Wording(
            titles=(
                "Digitise old neighbourhood photos",
                "Photo archive scanning volunteer",
                "{district} image bank: describe the pictures",
                "Who is in the picture?",
            ),
            synopses=(
                "Scan residents' old photos and describe who, what and where for the image bank.",
                "Help the city archive digitise thousands of slides and negatives from {district}.",
                "Work out with older neighbours where and when a photo was taken.",
            ),
            details=(
                "You use a professional scanner in the reading room.",
                "Accuracy and patience matter more than computer skills.",
                "The images go online for everyone.",
            ),
        ),
    ),
    Topic(
        "accessibility-mapping",
        "Mapping wheelchair accessibility of shops and entrances (OpenStreetMap)",
        Domain.RESEARCH,
        (2,),
        nl=Wording(
            titles=(
                "Toegankelijke ingangen in kaart brengen",
                "Rolstoeltoegankelijkheid meten in {district}",
                "Mapathon toegankelijkheid",
                "Drempels tellen voor de stadskaart",
            ),
            synopses=(
                "Meet drempels, deurbreedtes en hellingen van winkels en voeg ze toe aan "
                "OpenStreetMap.",
                "Ga met een rolstoelgebruiker op pad door {district} en noteer wat ontbreekt.",
                "Help een toegankelijkheidskaart bouwen die mensen met een beperking echt "
                "gebruiken.",
            ),
            details=(
                "Een meetlint en een smartphone volstaan.",
                "We werken in duo's, telkens één straat per keer.",
                "De kaart wordt gebruikt door de stad en door reisplanners.",
            ),
        ),
        en=Wording(
            titles=(
                "Map accessible entrances",
                "Measure wheelchair access in {district}",
                "Accessibility mapathon",
                "Count steps for the city map",
            ),
            synopses=(
                "Measure steps, door widths and slopes of shops and add them to OpenStreetMap.",
                "Go out with a wheelchair user through {district} and note what is missing.",
                "Help build an accessibility map that disabled people actually use.",
            ),
            details=(
                "A tape measure and a smartphone are enough.",
                "We work in pairs, one street at a time.",
                "The map is used by the city and by journey planners.",
            ),
        ),
    ),
    Topic(
        "traffic-count",
        "Counting traffic (cyclists, pedestrians, cars) for citizen research",
        Domain.RESEARCH,
        (1,),
        nl=Wording(
            titles=(
                "Verkeer tellen vanaf je raam",
                "Telraam in {district}",
                "Fietsers en auto's tellen voor onderzoek",
                "Verkeerstelling in de schoolstraat",
            ),
            synopses=(
                "Zet een telsensor aan je raam en volg hoeveel fietsers, voetgangers en "
                "auto's er passeren.",
                "Help in {district} met een manuele telling van het verkeer aan de schoolpoort.",
                "Verzamel cijfers die de buurt helpen om een veiligere straat te vragen.",
            ),
            details=(
                "De sensor werkt op wifi en kost je niets.",
                "Je kiest zelf het uur van de telling.",
                "De cijfers zijn open data.",
            ),
        ),
        en=Wording(
            titles=(
                "Count traffic from your window",
                "Traffic counter in {district}",
                "Count cyclists and cars for research",
                "Traffic count on the school street",
            ),
            synopses=(
                "Put a counting sensor in your window and see how many cyclists, "
                "pedestrians and cars pass.",
                "Help in {district} with a manual traffic count at the school gate.",
                "Gather figures that help the neighbourhood ask for a safer street.",
            ),
            details=(
                "The sensor runs on wifi and costs you nothing.",
                "You choose the hour of the count.",
                "The figures are open data.",
            ),
        ),
    ),
    # --- GLOBAL_CITIZENSHIP -------------------------------------------------------------
    Topic(
        "homework-help-newcomers",
        "Homework help for newcomer children who are learning Dutch",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Huiswerkbegeleiding voor nieuwkomerskinderen",
                "Huiswerkklas in {district}",
                "Studiehulp voor anderstalige leerlingen",
                "Huiswerkbuddy",
            ),
            synopses=(
                "Help kinderen die pas Nederlands leren met hun huiswerk, twee "
                "namiddagen per week.",
                "In de huiswerkklas van {district} werk je met kinderen uit OKAN-klassen "
                "aan rekenen en lezen.",
                "Ondersteun anderstalige leerlingen bij hun taken en moedig hen aan.",
            ),
            details=(
                "Je hoeft geen leerkracht te zijn; rust en geduld tellen.",
                "Na het huiswerk is er tijd voor een spel.",
                "Je houdt contact met de school via een schriftje.",
            ),
        ),
        en=Wording(
            titles=(
                "Homework help for newcomer children",
                "Homework club in {district}",
                "Study support for pupils learning Dutch",
                "Homework buddy",
            ),
            synopses=(
                "Help children who are just learning Dutch with their homework, two "
                "afternoons a week.",
                "At the {district} homework club you work on maths and reading with "
                "children from reception classes.",
                "Support pupils who speak another language at home with their assignments.",
            ),
            details=(
                "You need not be a teacher; calm and patience count.",
                "After homework there is time for a game.",
                "You keep in touch with the school through a notebook.",
            ),
        ),
    ),
    Topic(
        "language-buddy",
        "Language buddy or Dutch conversation table for people learning Dutch",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Taalbuddy voor anderstaligen",
                "Praattafel Nederlands in {district}",
                "Taalcafé: Nederlands oefenen",
                "Conversatietafel begeleiden",
            ),
            synopses=(
                "Spreek wekelijks af met iemand die Nederlands leert en oefen gewoon door "
                "te praten.",
                "Aan de praattafel in {district} oefenen nieuwkomers hun Nederlands in een "
                "ontspannen sfeer.",
                "Een uur koffie en conversatie: jij helpt mensen durven spreken.",
            ),
            details=(
                "Onderwerpen gaan van het weer tot de schoolpoort en de dokter.",
                "Fouten maken mag; durven spreken is het doel.",
                "Je krijgt een map met gespreksonderwerpen.",
            ),
        ),
        en=Wording(
            titles=(
                "Language buddy for Dutch learners",
                "Dutch conversation table in {district}",
                "Language café: practise Dutch",
                "Host a conversation table",
            ),
            synopses=(
                "Meet someone learning Dutch once a week and practise simply by talking.",
                "At the {district} conversation table newcomers practise their Dutch in a "
                "relaxed setting.",
                "An hour of coffee and conversation: you help people dare to speak.",
            ),
            details=(
                "Topics range from the weather to the school gate and the doctor.",
                "Mistakes are fine; daring to speak is the goal.",
                "You get a folder of conversation topics.",
            ),
        ),
    ),
    Topic(
        "refugee-welcome-desk",
        "Welcome desk for refugees and newcomers: first reception and orientation",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Onthaalbalie voor vluchtelingen",
                "Welkomstloket nieuwkomers in {district}",
                "Eerste opvang en wegwijs voor asielzoekers",
                "Vrijwilliger aan het onthaal van het opvangcentrum",
            ),
            synopses=(
                "Verwelkom nieuwkomers, luister naar hun vragen en wijs hen de weg naar "
                "diensten in de stad.",
                "Aan het onthaal in {district} help je vluchtelingen met afspraken, "
                "formulieren en een warme koffie.",
                "Een eerste vriendelijk gezicht voor mensen die net in Gent aankwamen.",
            ),
            details=(
                "Kennis van Arabisch, Dari, Tigrinya of Oekraïens is welkom.",
                "Je doorverwijst; de maatschappelijk werkers volgen dossiers op.",
                "Je krijgt een vorming over asielprocedures.",
            ),
        ),
        en=Wording(
            titles=(
                "Refugee welcome desk",
                "Welcome point for newcomers in {district}",
                "First reception for asylum seekers",
                "Volunteer at the reception centre's front desk",
            ),
            synopses=(
                "Welcome newcomers, listen to their questions and show them the way to "
                "services in the city.",
                "At the {district} welcome desk you help refugees with appointments, forms "
                "and a warm coffee.",
                "A first friendly face for people who have just arrived in Ghent.",
            ),
            details=(
                "Arabic, Dari, Tigrinya or Ukrainian is welcome.",
                "You refer people on; social workers follow up the cases.",
                "You get a session on asylum procedures.",
            ),
        ),
    ),
    Topic(
        "elderly-home-visits",
        "Regular home visits and chats with isolated elderly people",
        Domain.GLOBAL_CITIZENSHIP,
        (1,),
        nl=Wording(
            titles=(
                "Huisbezoeken bij ouderen",
                "Bezoekvrijwilliger voor senioren in {district}",
                "Wekelijks op bezoek bij een oudere buur",
                "Babbelbezoek aan huis",
            ),
            synopses=(
                "Ga elke week langs bij een oudere buurtbewoner voor een babbel, een "
                "wandeling of een spelletje.",
                "Veel senioren in {district} zien zelden iemand; jouw bezoek maakt hun week.",
                "Drink koffie, luister naar verhalen en merk op wanneer er hulp nodig is.",
            ),
            details=(
                "Een coördinator zoekt een match die bij jullie beiden past.",
                "Eén uur per week volstaat, maar regelmaat is belangrijk.",
                "Je signaleert zorgen aan de coördinator, je lost ze niet alleen op.",
            ),
        ),
        en=Wording(
            titles=(
                "Home visits to older people",
                "Visiting volunteer for seniors in {district}",
                "A weekly visit to an older neighbour",
                "Chat at home with a senior",
            ),
            synopses=(
                "Drop by an older resident every week for a chat, a walk or a game.",
                "Many seniors in {district} rarely see anyone; your visit makes their week.",
                "Drink coffee, listen to stories and notice when help is needed.",
            ),
            details=(
                "A coordinator finds a match that suits you both.",
                "One hour a week is enough, but regularity matters.",
                "You pass worries on to the coordinator rather than solving them alone.",
            ),
        ),
    ),
    Topic(
        "food-bank",
        "Food bank shifts: sorting and distributing food aid",
        Domain.GLOBAL_CITIZENSHIP,
        (1,),
        nl=Wording(
            titles=(
                "Shift bij de voedselbank",
                "Voedselbank {district} zoekt vrijwilligers",
                "Voedsel verdelen aan mensen in armoede",
                "Sorteerploeg voedselhulp",
            ),
            synopses=(
                "Sorteer voedselschenkingen, vul kratten en deel ze uit op verdeeldag.",
                "In het magazijn van {district} help je houdbare producten en verse "
                "groenten verdelen.",
                "Ontvang klanten van de voedselbank met respect en een glimlach.",
            ),
            details=(
                "Een shift duurt drie uur, op weekdagen of zaterdag.",
                "Soms moet je wat tillen; veiligheidsschoenen zijn er.",
                "De voedselbank werkt samen met supermarkten en boeren uit de streek.",
            ),
        ),
        en=Wording(
            titles=(
                "Food bank shift",
                "The {district} food bank needs volunteers",
                "Hand out food to those in need",
                "Sorting team for food aid",
            ),
            synopses=(
                "Sort food donations, fill crates and hand them out on distribution day.",
                "In the {district} warehouse you help share out long-life products and "
                "fresh vegetables.",
                "Welcome food bank clients with respect and a smile.",
            ),
            details=(
                "A shift lasts three hours, on weekdays or Saturday.",
                "Some lifting is involved; safety shoes are provided.",
                "The food bank works with supermarkets and local farmers.",
            ),
        ),
    ),
    Topic(
        "world-kitchen",
        "Intercultural cooking evenings with newcomers and neighbours",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Wereldkeuken: samen koken",
                "Interculturele kookavond in {district}",
                "Kookploeg buurtrestaurant met nieuwkomers",
                "Proeven van elkaars keuken",
            ),
            synopses=(
                "Kook met buren uit Syrië, Eritrea en Gent gerechten uit hun thuisland.",
                "Help een maandelijkse kookavond in {district} waar iedereen een recept meebrengt.",
                "Eten verbindt: snij, roer en proef mee aan een lange tafel.",
            ),
            details=(
                "De recepten worden verzameld in een buurtkookboek.",
                "Er wordt halal en vegetarisch gekookt.",
                "Afwassen hoort er ook bij.",
            ),
        ),
        en=Wording(
            titles=(
                "World kitchen: cooking together",
                "Intercultural cooking night in {district}",
                "Community restaurant cooking crew with newcomers",
                "Taste each other's cuisine",
            ),
            synopses=(
                "Cook dishes from Syria, Eritrea and Ghent with neighbours from all three.",
                "Help run a monthly cooking night in {district} where everyone brings a recipe.",
                "Food connects: chop, stir and taste along at a long table.",
            ),
            details=(
                "The recipes are collected in a neighbourhood cookbook.",
                "Cooking is halal and vegetarian.",
                "Washing up is part of it too.",
            ),
        ),
    ),
    Topic(
        "fair-trade",
        "Fair trade awareness: world shop and information stands",
        Domain.GLOBAL_CITIZENSHIP,
        (2,),
        nl=Wording(
            titles=(
                "Eerlijke handel: infostand",
                "Vrijwilliger in de Wereldwinkel",
                "Fairtrade-ambassadeur in {district}",
                "Campagne voor eerlijke koffie",
            ),
            synopses=(
                "Vertel op markten en festivals waar koffie, chocolade en kleren vandaan komen.",
                "Help in de wereldwinkel van {district} met verkoop en sensibilisering.",
                "Organiseer een proeverij en een gesprek over eerlijke prijzen voor boeren.",
            ),
            details=(
                "Je krijgt achtergrond over productieketens en keurmerken.",
                "Ideaal voor wie graag met mensen praat.",
                "In oktober is er de jaarlijkse campagneweek.",
            ),
        ),
        en=Wording(
            titles=(
                "Fair trade awareness stand",
                "Volunteer at the world shop",
                "Fairtrade ambassador in {district}",
                "Campaign for fair coffee",
            ),
            synopses=(
                "Tell people at markets and festivals where coffee, chocolate and clothes "
                "come from.",
                "Help at the {district} world shop with sales and awareness raising.",
                "Organise a tasting and a talk about fair prices for farmers.",
            ),
            details=(
                "You get background on supply chains and labels.",
                "Ideal if you enjoy talking to people.",
                "October brings the yearly campaign week.",
            ),
        ),
    ),
    Topic(
        "city-walk-newcomers",
        "Showing newcomers around the city on orientation walks",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Stadswandeling met nieuwkomers",
                "Gent ontdekken met nieuwe Gentenaars",
                "Gids voor een verkenningswandeling in {district}",
                "Wegwijs in je nieuwe stad",
            ),
            synopses=(
                "Toon nieuwkomers de bibliotheek, het zwembad, de markt en de mooiste "
                "plekjes van de stad.",
                "Een wandeling door {district} langs diensten, parken en verenigingen.",
                "Help mensen die net verhuisd zijn hun weg vinden en zich thuis voelen.",
            ),
            details=(
                "Je hoeft geen gids te zijn; een goed humeur en stevige schoenen volstaan.",
                "Onderweg drinken we iets in een buurtcafé.",
                "Een tolk loopt mee wanneer dat nodig is.",
            ),
        ),
        en=Wording(
            titles=(
                "City walk with newcomers",
                "Discover Ghent with new residents",
                "Guide an exploration walk in {district}",
                "Find your way in your new city",
            ),
            synopses=(
                "Show newcomers the library, the swimming pool, the market and the city's "
                "nicest spots.",
                "A walk through {district} past services, parks and clubs.",
                "Help people who have just moved here find their way and feel at home.",
            ),
            details=(
                "You need not be a guide; good humour and sturdy shoes will do.",
                "On the way we stop for a drink in a local café.",
                "An interpreter comes along when needed.",
            ),
        ),
    ),
    Topic(
        "reading-aloud",
        "Reading aloud to young children at the library or at home",
        Domain.GLOBAL_CITIZENSHIP,
        (1,),
        nl=Wording(
            titles=(
                "Voorlezen aan kinderen in de bib",
                "Voorleesouder in {district}",
                "Verhalenuur voor peuters",
                "Voorleesvrijwilliger aan huis",
            ),
            synopses=(
                "Lees wekelijks prentenboeken voor aan kinderen in de bibliotheek van {district}.",
                "Ga bij gezinnen thuis voorlezen en maak kinderen warm voor boeken.",
                "Een verhalenuur met prentenboeken, liedjes en knutselen voor jonge kinderen.",
            ),
            details=(
                "Veel gezinnen spreken thuis een andere taal dan Nederlands.",
                "Je krijgt tips over voorlezen met stemmetjes en prenten.",
                "Een halfuur per week, een schooljaar lang.",
            ),
        ),
        en=Wording(
            titles=(
                "Read aloud to children at the library",
                "Story-time volunteer in {district}",
                "Story hour for toddlers",
                "Home reading volunteer",
            ),
            synopses=(
                "Read picture books to children at the {district} library every week.",
                "Visit families at home to read aloud and get children excited about books.",
                "A story hour with picture books, songs and crafts for young children.",
            ),
            details=(
                "Many families speak a language other than Dutch at home.",
                "You get tips on reading with voices and pictures.",
                "Half an hour a week, for a school year.",
            ),
        ),
    ),
    Topic(
        "sports-kids",
        "Neighbourhood sports for children on squares and playgrounds",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Sportbegeleider op het pleintje",
                "Buurtsport voor kinderen in {district}",
                "Voetbal en basket met buurtkinderen",
                "Trainer omnisport op woensdagmiddag",
            ),
            synopses=(
                "Organiseer spelletjes, voetbal en basket voor kinderen op het plein.",
                "Help de buurtsportwerker in {district} met gratis sport voor iedereen van "
                "6 tot 14.",
                "Zorg dat elk kind mee kan doen, ook wie nooit in een club speelde.",
            ),
            details=(
                "Een sportdiploma is niet nodig; enthousiasme wel.",
                "Bij slecht weer trekken we naar de sporthal.",
                "Fair play en samenspel staan voorop.",
            ),
        ),
        en=Wording(
            titles=(
                "Sports coach on the neighbourhood square",
                "Street sports for kids in {district}",
                "Football and basketball with local kids",
                "Wednesday afternoon multisport trainer",
            ),
            synopses=(
                "Run games, football and basketball for children on the square.",
                "Help the {district} sports worker with free sport for everyone aged 6 to 14.",
                "Make sure every child can join in, even those who never played in a club.",
            ),
            details=(
                "No sports diploma needed; enthusiasm is.",
                "In bad weather we move to the sports hall.",
                "Fair play and teamwork come first.",
            ),
        ),
    ),
    Topic(
        "night-shelter",
        "Night shelter and day centre for homeless people",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Vrijwilliger in de nachtopvang",
                "Winteropvang voor daklozen in {district}",
                "Soep en een bed: avondploeg",
                "Onthaal in het dagcentrum voor daklozen",
            ),
            synopses=(
                "Maak bedden op, schep soep en zorg voor een rustige avond in de nachtopvang.",
                "In {district} opent in de winter een opvang voor wie op straat slaapt; "
                "jij helpt 's avonds mee.",
                "Een warm onthaal, een douche en een luisterend oor voor dak- en thuislozen.",
            ),
            details=(
                "Je werkt altijd samen met een professionele begeleider.",
                "Shifts van 19 tot 23 uur, of een ontbijtploeg.",
                "Je krijgt een vorming over omgaan met conflicten.",
            ),
        ),
        en=Wording(
            titles=(
                "Night shelter volunteer",
                "Winter shelter for homeless people in {district}",
                "Soup and a bed: evening crew",
                "Welcome at the day centre for homeless people",
            ),
            synopses=(
                "Make beds, serve soup and keep the evening calm at the night shelter.",
                "In winter {district} opens a shelter for people sleeping rough; you help "
                "out in the evenings.",
                "A warm welcome, a shower and a listening ear for people without a home.",
            ),
            details=(
                "You always work alongside a professional support worker.",
                "Shifts from 7 to 11 pm, or a breakfast crew.",
                "You get a session on handling conflicts.",
            ),
        ),
    ),
    Topic(
        "debate-club",
        "Debate club for young people on global issues (migration, climate, UN)",
        Domain.GLOBAL_CITIZENSHIP,
        (2, 3),
        nl=Wording(
            titles=(
                "Debatclub over wereldthema's",
                "Jongerendebat in {district}",
                "Begeleider debatavond over migratie en klimaat",
                "Model United Nations coachen",
            ),
            synopses=(
                "Leer jongeren argumenteren, luisteren en van standpunt wisselen over "
                "mondiale vraagstukken.",
                "Begeleid een debatavond in {district} over migratie, klimaat of mensenrechten.",
                "Coach een schoolteam dat als land onderhandelt in een VN-simulatie.",
            ),
            details=(
                "Ervaring met debat of onderwijs is handig.",
                "Elke avond eindigt met een stemming en een nabespreking.",
                "Je helpt ook bronnen zoeken en checken.",
            ),
        ),
        en=Wording(
            titles=(
                "Debate club on global issues",
                "Youth debate in {district}",
                "Debate night facilitator on migration and climate",
                "Coach a Model United Nations team",
            ),
            synopses=(
                "Teach young people to argue, listen and switch sides on global questions.",
                "Lead a debate night in {district} on migration, climate or human rights.",
                "Coach a school team negotiating as a country in a UN simulation.",
            ),
            details=(
                "Experience with debating or teaching is handy.",
                "Each evening ends with a vote and a debrief.",
                "You also help find and check sources.",
            ),
        ),
    ),
    Topic(
        "disability-buddy",
        "Leisure buddy for people with a disability (outings, sport, culture)",
        Domain.GLOBAL_CITIZENSHIP,
        (1, 2),
        nl=Wording(
            titles=(
                "Vrijetijdsbuddy voor mensen met een beperking",
                "Samen naar de film, het voetbal of het zwembad",
                "Buddy in {district}",
                "Uitstappen met jongeren met een beperking",
            ),
            synopses=(
                "Ga een paar keer per maand samen op uitstap met iemand met een "
                "verstandelijke beperking.",
                "Een buddy in {district} maakt vrije tijd mogelijk: concert, sport of "
                "gewoon een terrasje.",
                "Jij en je buddy kiezen zelf wat jullie samen doen.",
            ),
            details=(
                "Een begeleider van de organisatie zoekt de match.",
                "Je krijgt een vorming over communicatie en begeleiding.",
                "Vervoerskosten worden terugbetaald.",
            ),
        ),
        en=Wording(
            titles=(
                "Leisure buddy for people with a disability",
                "Together to the cinema, the football or the pool",
                "Buddy in {district}",
                "Outings with young people with a disability",
            ),
            synopses=(
                "Go on outings a few times a month with someone with an intellectual disability.",
                "A buddy in {district} makes free time possible: a concert, sport or just "
                "a drink on a terrace.",
                "You and your buddy choose together what you do.",
            ),
            details=(
                "A support worker from the organisation arranges the match.",
                "You get a session on communication and support.",
                "Travel costs are reimbursed.",
            ),
        ),
    ),
)

TOPICS: dict[str, str] = {topic.key: topic.summary for topic in TOPIC_SPECS}


def catalogue(size: int = 2000, seed: int = 17) -> list[Listing]:
    """`size` listings cycling through the topics, alternating Dutch and English per topic,
    shuffled; the same `seed` always gives the same list."""
    rng = random.Random(seed)
    listings: list[Listing] = []
    for index in range(size):
        topic = TOPIC_SPECS[index % len(TOPIC_SPECS)]
        round_ = index // len(TOPIC_SPECS)
        # Alternating per round gives every topic both languages from the second round on.
        language: Language = LANGUAGES[round_ % 2]
        listings.append(_listing(rng, topic, language, f"rel-{topic.key}-{round_ + 1}"))
    rng.shuffle(listings)
    return listings


def _listing(rng: random.Random, topic: Topic, language: Language, key: str) -> Listing:
    wording = topic.wording(language)
    district = rng.choice(DISTRICTS)
    level = rng.choice(topic.levels)
    fill = {"district": district.name, "org": rng.choice(ORGANISATIONS)}
    fill["day"] = rng.choice(DAYS[language])
    sentences = [rng.choice(wording.details), rng.choice(LEVEL_NOTES[language][level])]
    if rng.random() < 0.5:
        sentences.append(rng.choice(LOGISTICS[language]))
    return Listing(
        key=key,
        topic=topic.key,
        language=language,
        title=rng.choice(wording.titles).format_map(fill),
        synopsis=rng.choice(wording.synopses).format_map(fill),
        description=" ".join(sentences).format_map(fill),
        domain=topic.domain.value,
        level=level,
        latitude=round(district.latitude + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 6),
        longitude=round(district.longitude + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 6),
    )
