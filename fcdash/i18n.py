"""The message catalogue (Danish first, English second) and Danish number and date formats.

No Streamlit here: callers pass the language. ``fcdash.ui.t`` binds it to the session.
"""

from __future__ import annotations

import datetime as dt
import math

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

# key: (Danish, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # navigation and common words
    "nav.overview": ("Oversigt", "Overview"),
    "nav.problems": ("Datakvalitet", "Data quality"),
    "nav.data": ("Regnearkets faner", "The spreadsheet's tabs"),
    "data.title": ("Regnearkets faner", "The spreadsheet's tabs"),
    "data.intro": (
        "Fanerne som dashboardet læser dem, nyeste først. Hele fanen kan hentes under tabellen.",
        "The tabs as the dashboard reads them, newest first. The whole tab can be downloaded below the table.",
    ),
    "data.tab": ("Fane", "Tab"),
    "data.shown": ("Viser de {shown} første af {total} rækker; hele fanen er i downloaden.",
                   "Showing the first {shown} of {total} rows; the download has the whole tab."),
    "common.personal_hidden": (
        "Persondata (kontaktpersoner, e-mails, telefonnumre) vises kun for redaktører, der er logget ind.",
        "Personal data (contact persons, e-mails, phone numbers) is shown only to signed-in editors.",
    ),
    "common.language": ("Sprog", "Language"),
    "common.refresh": ("Hent data igen", "Reload data"),
    "common.read_at": ("Data hentet {time} fra {source}", "Data read {time} from {source}"),
    "common.none": ("Ingen", "None"),
    "common.all": ("Alle", "All"),
    "common.download_csv": ("Data som CSV", "Data as CSV"),
    "common.download_excel": ("Data som Excel", "Data as Excel"),
    "filters.title": ("Filtre", "Filters"),
    "filters.period": ("Periode", "Period"),
    "filters.initiatives": ("Indsats", "Initiative"),
    "filters.areas": ("Lokalområde", "Local area"),
    "filters.member_types": ("Medlemstype", "Member type"),
    "freq.label": ("Pr.", "Per"),
    "freq.M": ("Måned", "Month"),
    "freq.Q": ("Kvartal", "Quarter"),
    # overview
    "overview.title": ("Oversigt", "Overview"),
    "overview.caption": (
        "Nøgletal for {year} til og med {today}.",
        "Key figures for {year} up to and including {today}.",
    ),
    "overview.active_members": ("Aktive medlemmer", "Active members"),
    "overview.active_members_help": (
        "Medlemsorganisationer indmeldt og ikke udmeldt pr. i dag.",
        "Member organisations joined and not left as of today.",
    ),
    "overview.members_delta": ("{delta} siden 1. januar", "{delta} since 1 January"),
    "overview.events": ("Arrangementer i år", "Events this year"),
    "overview.participants": ("Deltagelser i år", "Attendances this year"),
    "overview.participants_help": (
        "Summen af deltagere ved årets arrangementer. Det er fremmøder, ikke unikke personer.",
        "Participants at this year's events added up. These are attendances, not unique persons.",
    ),
    "overview.activities": ("Registrerede aktiviteter i år", "Logged activities this year"),
    "overview.activities_by_type": ("Aktiviteter i år efter type", "Activities this year by type"),
    "overview.goals": ("Mål efter bestyrelsens seneste farve", "Goals by the board's latest colour"),
    "overview.events_chart": ("Arrangementer og deltagelser pr. måned", "Events and attendances per month"),
    "overview.age_chart": ("Deltagelser efter aldersgruppe i år", "Attendances by age band this year"),
    "overview.problems": (
        "{count} dataproblemer i regnearket: se Datakvalitet.",
        "{count} data problems in the spreadsheet: see Data quality.",
    ),
    "overview.no_problems": ("Ingen dataproblemer fundet i regnearket.", "No data problems found in the spreadsheet."),
    # goals page
    "nav.goals": ("Mål og trafiklys", "Goals and traffic lights"),
    "goals.title": ("Mål og trafiklys", "Goals and traffic lights"),
    "goals.intro": (
        "Bestyrelsens seneste farver for resultat og tid står til venstre. Ved mål, der kan tælles, "
        "foreslår dashboardet farver ud fra registreringerne; bestyrelsens egne farver gælder altid.",
        "The board's latest colours for result and time are on the left. For goals that can be "
        "counted, the dashboard proposes colours from the logs; the board's own colours always win.",
    ),
    "goals.rule": (
        "Forslagets regel: resultat grøn når målværdien er nået, gul ved mindst halvdelen, ellers rød. "
        "Tid grøn når værdien er på eller over den forventede kurve i dag, gul når målet har været "
        "bagud i under 3 måneder, rød fra 3 måneder.",
        "The proposal's rule: result green when the target is reached, yellow at half or more, red "
        "otherwise. Time green when the value is on or above the expected curve today, yellow when the "
        "goal has been behind for less than 3 months, red from 3 months.",
    ),
    "goals.filter_area": ("Indsatsområde", "Strategic area"),
    "goals.board": ("Bestyrelsen", "The board"),
    "goals.board_at": ("Bestyrelsen {date}", "The board {date}"),
    "goals.proposed": ("Forslag fra registreringerne", "Proposed from the logs"),
    "goals.result": ("Resultat", "Result"),
    "goals.time": ("Tid", "Time"),
    "goals.no_board": ("Ikke fulgt op endnu", "Not followed up yet"),
    "goals.by_hand": ("Følges op i hånden", "Followed up by hand"),
    "goals.progress": (
        "{value} af {target} {per} (forventet i dag: {expected})",
        "{value} of {target} {per} (expected today: {expected})",
    ),
    "goals.behind": ("Bagud siden {date}", "Behind since {date}"),
    "goals.window": ("Tælles {start} – {end}", "Counted {start} – {end}"),
    "goals.per.year": ("i år", "this year"),
    "goals.per.quarter": ("i kvartalet", "this quarter"),
    "goals.per.period": ("i perioden", "in the period"),
    "goals.owner": ("Ansvarlig: {owner}", "Owner: {owner}"),
    "goals.details": ("Dokumentation og historik", "Documentation and history"),
    "goals.planned": ("Planlagte aktiviteter", "Planned activities"),
    "goals.documentation": ("Dokumentation", "Documentation"),
    "goals.events": ("Arrangementer der tæller med ({count})", "Events that count ({count})"),
    "goals.activities": ("Aktiviteter der tæller med ({count})", "Activities that count ({count})"),
    "goals.by_window": ("Pr. år eller kvartal", "Per year or quarter"),
    "goals.history": ("Bestyrelsens opfølgninger ({count})", "The board's follow-ups ({count})"),
    "goals.newest": ("Viser de {shown} nyeste; alle står på siden Arrangementer og i regnearket.",
                     "Showing the {shown} newest; all of them are on the Events page and in the spreadsheet."),
    "goals.nothing": ("Intet registreret endnu.", "Nothing logged yet."),
    "goals.none": ("Fanen Mål er tom.", "The Goals tab is empty."),
    "goals.attention": ("Mål der kræver opmærksomhed", "Goals that need attention"),
    "goals.attention_none": ("Ingen mål har rødt eller gult lys.", "No goal has a red or yellow light."),
    "col.start": ("Fra", "From"),
    "col.end": ("Til", "To"),
    "col.value": ("Værdi", "Value"),
    "col.target": ("Mål", "Target"),
    "col.organisations": ("Organisationer", "Organisations"),
    "col.events": ("Arrangementer", "Events"),
    "col.attendances": ("Deltagelser", "Attendances"),
    "col.members": ("Medlemmer", "Members"),
    # reach page
    "nav.reach": ("Ensomhed og rækkevidde", "Loneliness and reach"),
    "reach.title": ("Ensomhed og rækkevidde", "Loneliness and reach"),
    "reach.note": (
        "Tallene er fremmøder ved arrangementerne, ikke unikke personer: den samme unge eller ældre "
        "tælles hver gang, de kommer. Vi registrerer ingen navne.",
        "The figures are attendances at the events, not unique persons: the same young or old person "
        "counts each time they come. No names are registered.",
    ),
    "reach.quarter": ("{name}: dette kvartal", "{name}: this quarter"),
    "reach.young": ("Unge 15-25", "Young 15-25"),
    "reach.elderly": ("Ældre 65+", "Elderly 65+"),
    "reach.total": ("Deltagelser i alt", "Attendances in all"),
    "reach.quarter_target": ("mål for kvartalet: {target}", "target for the quarter: {target}"),
    "reach.by_band": ("Deltagelser efter aldersgruppe", "Attendances by age band"),
    "reach.cumulative": ("Deltagelser i alt mod indsatsens mål", "Attendances so far against the initiative's target"),
    "reach.organisations": ("Medlemsorganisationer der har været med", "Member organisations taking part"),
    "reach.areas": ("Deltagelser efter lokalområde", "Attendances by local area"),
    "reach.network": ("Netværket bag indsatsen", "The network behind the initiative"),
    "reach.network_help": (
        "To organisationer er forbundet, når de har været med til det samme arrangement; jo tykkere "
        "streg, jo flere fælles arrangementer. Jo større prik, jo flere arrangementer.",
        "Two organisations are linked when they took part in the same event; the thicker the line, the "
        "more events they shared. The bigger the dot, the more events.",
    ),
    "reach.network_top": ("Kortet viser de {shown} mest aktive af {total} organisationer; alle er med i downloaden.",
                          "The map shows the {shown} most active of {total} organisations; the download has them all."),
    "reach.pairs": ("Stærkeste samarbejder", "Strongest partnerships"),
    "reach.none": ("Ingen indsatser med fokus på ensomhed; vælg en indsats i filtret.",
                   "No initiative has loneliness as its focus; choose one in the filter."),
    "col.source": ("Organisation", "Organisation"),
    "col.partner": ("Sammen med", "Together with"),
    "col.weight": ("Fælles arrangementer", "Shared events"),
    # members page
    "nav.members": ("Medlemmer", "Members"),
    "members.title": ("Medlemmer", "Members"),
    "members.now": ("Aktive medlemmer i dag", "Active members today"),
    "members.of_target": ("mål: {target} senest {date}", "target: {target} by {date}"),
    "members.joined": ("Indmeldt i perioden", "Joined in the period"),
    "members.left": ("Udmeldt i perioden", "Left in the period"),
    "members.over_time": ("Aktive medlemmer over tid", "Active members over time"),
    "members.flow": ("Ind- og udmeldelser pr. kvartal", "Joins and leaves per quarter"),
    "members.by_type": ("Efter type", "By type"),
    "members.by_group": ("Efter målgruppe", "By target group"),
    "members.by_area": ("Efter lokalområde", "By local area"),
    "members.table": ("Medlemsliste", "List of members"),
    # events page
    "nav.events": ("Arrangementer", "Events"),
    "events.title": ("Arrangementer", "Events"),
    "events.count": ("Arrangementer", "Events"),
    "events.participants": ("Deltagelser", "Attendances"),
    "events.online_share": ("Online", "Online"),
    "events.timeline": ("Tidslinje", "Timeline"),
    "events.by_type": ("Deltagelser efter type pr. måned", "Attendances by type per month"),
    "events.online": ("Online og fysisk fremmøde", "Online and in person"),
    "events.areas": ("Arrangementer efter lokalområde", "Events by local area"),
    "events.table": ("Alle arrangementer i filtret", "All events in the filter"),
    "events.search": ("Søg i titel og note", "Search title and note"),
    # report
    "nav.report": ("Rapport", "Report"),
    "report.title": ("Rapport til bestyrelsen", "Report to the board"),
    "report.subtitle": (
        "Rapport til bestyrelsesmødet for perioden {start} – {end}. Lavet {made}.",
        "Report to the board meeting for the period {start} – {end}. Made {made}.",
    ),
    "report.page": ("Side {page}", "Page {page}"),
    "report.problems": (
        "Bemærk: regnearket har {count} celler, som ikke kunne læses; de er ikke talt med (se Datakvalitet).",
        "Note: the spreadsheet has {count} cells that could not be read; they are not counted (see Data quality).",
    ),
    "report.goals": ("Mål og trafiklys", "Goals and traffic lights"),
    "report.goals_help": (
        "Resultat og tid er bestyrelsens seneste farver. Forslaget er beregnet ud fra registreringerne.",
        "Result and time are the board's latest colours. The proposal is computed from the logs.",
    ),
    "report.col.id": ("ID", "ID"),
    "report.col.board_date": ("Bestyrelsens dato", "The board's date"),
    "report.col.goal": ("Mål", "Goal"),
    "report.col.result": ("Resultat", "Result"),
    "report.col.time": ("Tid", "Time"),
    "report.col.proposed": ("Forslag (resultat / tid)", "Proposed (result / time)"),
    "report.col.proposed_result": ("Forslag resultat", "Proposed result"),
    "report.col.proposed_time": ("Forslag tid", "Proposed time"),
    "report.col.progress": ("Fremdrift", "Progress"),
    "report.col.target": ("Målværdi", "Target"),
    "report.col.expected": ("Forventet", "Expected"),
    "report.col.comment": ("Kommentar", "Comment"),
    "report.col.figure": ("Nøgletal", "Key figure"),
    "report.col.period": ("Perioden", "The period"),
    "report.col.previous": ("Perioden før", "The period before"),
    "report.col.change": ("Ændring", "Change"),
    "report.col.target_share": ("Mål for perioden", "Target for the period"),
    "report.figures": ("Nøgletal mod perioden før", "Key figures against the period before"),
    "report.figure.events": ("Arrangementer", "Events"),
    "report.figure.participants": ("Deltagelser", "Attendances"),
    "report.figure.young": ("Deltagelser, unge 15-25", "Attendances, young 15-25"),
    "report.figure.elderly": ("Deltagelser, ældre 65+", "Attendances, elderly 65+"),
    "report.figure.activities": ("Registrerede aktiviteter", "Logged activities"),
    "report.figure.talks": ("Afklarende frivillig-samtaler", "Guidance talks"),
    "report.figure.joined": ("Nye medlemmer", "New members"),
    "report.figure.left": ("Udmeldte medlemmer", "Members who left"),
    "report.figure.active_members": ("Aktive medlemmer ved periodens slutning", "Active members at the end of the period"),
    "report.reach": ("Ensomhed: rækkevidde efter aldersgruppe", "Loneliness: reach by age band"),
    "report.membership": ("Medlemmer", "Members"),
    "report.member.active_members": ("Aktive medlemmer ved periodens slutning", "Active members at the end of the period"),
    "report.member.target": ("Mål for antal medlemmer", "Target number of members"),
    "report.member.joined": ("Indmeldt i perioden", "Joined in the period"),
    "report.member.left": ("Udmeldt i perioden", "Left in the period"),
    "report.events": ("Periodens arrangementer ({count})", "The period's events ({count})"),
    "report.no_events": ("Ingen arrangementer i perioden.", "No events in the period."),
    "report.sheet.goals": ("Mål", "Goals"),
    "report.sheet.figures": ("Nøgletal", "Key figures"),
    "report.sheet.reach": ("Rækkevidde", "Reach"),
    "report.sheet.membership": ("Medlemmer", "Members"),
    "report.sheet.events": ("Arrangementer", "Events"),
    "report.page_title": ("Rapport til bestyrelsesmødet", "Report for the board meeting"),
    "report.period_kind": ("Periode", "Period"),
    "report.kind.since": ("Siden sidste bestyrelsesmøde", "Since the last board meeting"),
    "report.kind.quarter": ("Et kvartal", "A quarter"),
    "report.kind.year": ("Et år", "A year"),
    "report.kind.custom": ("Valgfri datoer", "Any dates"),
    "report.since": ("Sidste bestyrelsesmøde: {date}", "Last board meeting: {date}"),
    "report.no_meeting": ("Ingen opfølgning endnu; perioden er året indtil i dag.",
                          "No follow-up yet; the period is the year so far."),
    "report.quarter": ("Kvartal", "Quarter"),
    "report.year": ("År", "Year"),
    "report.dates": ("Fra – til", "From – to"),
    "report.preview": ("Forhåndsvisning", "Preview"),
    "report.download_pdf": ("Hent rapporten som PDF", "Download the report as PDF"),
    "report.download_excel": ("Hent tallene som Excel", "Download the figures as Excel"),
    # entry forms
    "nav.entry": ("Registrér", "Record"),
    "entry.title": ("Registrér", "Record"),
    "entry.kind": ("Hvad vil du registrere?", "What do you want to record?"),
    "entry.kind.activity": ("Aktivitet", "Activity"),
    "entry.kind.event": ("Arrangement", "Event"),
    "entry.kind.member": ("Nyt medlem", "New member"),
    "entry.kind.leave": ("Medlem udmeldt", "Member left"),
    "entry.kind.followup": ("Opfølgning på mål", "Goal follow-up"),
    "entry.quick": ("Med ét tryk: i dag, antal 1", "One tap: today, count 1"),
    "entry.quick_button": ("+1 {type}", "+1 {type}"),
    "entry.save": ("Gem", "Save"),
    "entry.saved": ("Gemt: {what}. Den er nu med på dashboardet.", "Saved: {what}. It is on the dashboard now."),
    "entry.pending": (
        "Regnearket kan ikke nås lige nu. {what} er gemt på serveren og sendes automatisk, når det "
        "svarer igen. Du behøver ikke gøre mere.",
        "The spreadsheet cannot be reached right now. {what} is saved on the server and will be sent "
        "automatically when it answers again. You need not do anything more.",
    ),
    "entry.failed": ("Kunne ikke gemmes i regnearket: {error}", "Could not be saved in the spreadsheet: {error}"),
    "entry.outbox": ("Venter på at blive sendt ({count})", "Waiting to be sent ({count})"),
    "entry.outbox_help": (
        "Registreringer gemt på serveren, mens regnearket ikke kunne nås. De sendes i rækkefølge, "
        "automatisk hvert halve minut og når du trykker Send nu.",
        "Entries saved on the server while the spreadsheet could not be reached. They are sent in "
        "order, automatically every half minute and when you press Send now.",
    ),
    "entry.send_now": ("Send nu", "Send now"),
    "entry.sent_count": ("{count} sendt til regnearket.", "{count} sent to the spreadsheet."),
    "entry.discard": ("Fjern", "Remove"),
    "entry.waiting_badge": ("{count} registreringer venter", "{count} entries waiting"),
    "entry.required": ("Skal udfyldes.", "Required."),
    "entry.future": ("Datoen ligger mere end {days} dage ude i fremtiden.", "The date is more than {days} days ahead."),
    "entry.unknown": ("'{value}' findes ikke i regnearket.", "'{value}' does not exist in the spreadsheet."),
    "entry.bands_exceed": (
        "Aldersgrupperne giver {bands}, mere end deltagere i alt ({total}).",
        "The age bands add up to {bands}, more than the total ({total}).",
    ),
    "entry.at_least_one": ("Skal være mindst 1.", "Must be at least 1."),
    "entry.member_exists": ("'{value}' er allerede medlem.", "'{value}' is already a member."),
    "entry.duplicate": (
        "Et arrangement med samme dato, type og titel er allerede registreret. Er det et nyt?",
        "An event with the same date, type and title is already logged. Is this a new one?",
    ),
    "entry.duplicate_ok": ("Ja, gem det alligevel", "Yes, save it anyway"),
    "entry.what.events": ("arrangementet '{title}'", "the event '{title}'"),
    "entry.what.activities": ("{count} × {type}", "{count} × {type}"),
    "entry.what.members": ("medlemmet '{name}'", "the member '{name}'"),
    "entry.what.leave": ("udmeldelsen af '{name}'", "'{name}' leaving"),
    "entry.what.followups": ("opfølgningen på mål {goal}", "the follow-up of goal {goal}"),
    "entry.none": ("Ingen", "None"),
    "entry.member": ("Medlem", "Member"),
    "entry.no_names": ("Skriv ikke navne på borgere.", "Do not write names of citizens."),
    # sign-in
    "auth.title": ("Log ind for at registrere", "Sign in to record"),
    "auth.intro": (
        "Registrering og persondata (kontaktpersoner, e-mails, telefonnumre) er kun for redaktører.",
        "Recording and personal data (contact persons, e-mails, phone numbers) are for editors only.",
    ),
    "auth.passcode": ("Adgangskode", "Passcode"),
    "auth.sign_in": ("Log ind", "Sign in"),
    "auth.wrong": ("Forkert adgangskode.", "Wrong passcode."),
    "auth.locked": ("For mange forsøg. Vent {seconds} sekunder.", "Too many attempts. Wait {seconds} seconds."),
    "auth.demo_hint": (
        "Demo: adgangskoden er 'demo', indtil I sætter jeres egen (se README).",
        "Demo: the passcode is 'demo' until you set your own (see the README).",
    ),
    "auth.sign_in_oidc": ("Log ind med jeres konto", "Sign in with your account"),
    "auth.not_allowed": (
        "{email} er ikke på listen over redaktører. Bed lederen om at blive tilføjet.",
        "{email} is not on the list of editors. Ask the leader to be added.",
    ),
    "auth.sign_out": ("Log ud", "Sign out"),
    "auth.disabled": (
        "Registrering er slået fra, fordi der hverken er sat en adgangskode eller et login op. Se README.",
        "Recording is off because neither a passcode nor a sign-in is set up. See the README.",
    ),
    "auth.signed_in_as": ("Logget ind som {who}", "Signed in as {who}"),
    "auth.editor": ("redaktør", "editor"),
    # data problems page
    "problems.title": ("Datakvalitet", "Data quality"),
    "problems.intro": (
        "Celler i regnearket som dashboardet ikke kunne læse. Rækkerne tælles stadig med, "
        "men den pågældende værdi bruges ikke, før den er rettet i regnearket.",
        "Cells in the spreadsheet the dashboard could not read. The rows still count, but the "
        "value is not used until it is corrected in the spreadsheet.",
    ),
    "problems.none": ("Ingen dataproblemer. Godt arbejde!", "No data problems. Well done!"),
    "problems.col.cell": ("Celle", "Cell"),
    "problems.col.column": ("Kolonne", "Column"),
    "problems.col.value": ("Værdi", "Value"),
    "problems.col.message": ("Problem", "Problem"),
    "problems.tab_count": ("{tab} ({count})", "{tab} ({count})"),
    # problem messages from parsing
    "problem.missing_tab": (
        "Fanen '{tab}' findes ikke i regnearket.", "The tab '{tab}' is missing from the spreadsheet.",
    ),
    "problem.missing_column": (
        "Kolonnen '{column}' mangler i overskriftsrækken.", "The column '{column}' is missing from the header row.",
    ),
    "problem.duplicate_column": (
        "Kolonnen '{column}' står to gange; kun den første bruges.",
        "The column '{column}' appears twice; only the first is used.",
    ),
    "problem.bad_date": (
        "'{value}' kan ikke læses som en dato. Skriv fx 12-03-2025.",
        "'{value}' cannot be read as a date. Write e.g. 12-03-2025.",
    ),
    "problem.date_out_of_range": (
        "Datoen {value} ligger uden for 1950-2100; er årstallet skrevet forkert?",
        "The date {value} is outside 1950-2100; is the year mistyped?",
    ),
    "problem.bad_number": (
        "'{value}' er ikke et tal. Skriv kun tallet, fx 12.", "'{value}' is not a number. Write only the number, e.g. 12.",
    ),
    "problem.not_whole": ("'{value}' er ikke et helt tal.", "'{value}' is not a whole number."),
    "problem.negative": ("'{value}' er negativt; et antal kan ikke være under 0.", "'{value}' is negative; a count cannot be below 0."),
    "problem.too_large": ("'{value}' er urimeligt stort for et antal; er der tastet forkert?",
                          "'{value}' is unreasonably large for a count; is it mistyped?"),
    "problem.bad_bool": ("'{value}' skal være Ja eller Nej.", "'{value}' must be Ja (yes) or Nej (no)."),
    "problem.unknown_category": (
        "'{value}' er ikke en kendt værdi. Brug en af: {allowed}.",
        "'{value}' is not a known value. Use one of: {allowed}.",
    ),
    "problem.unknown_ref": (
        "'{value}' findes ikke i fanen '{target}'.", "'{value}' does not exist in the tab '{target}'.",
    ),
    "problem.bad_target": (
        "'{value}' kan ikke læses som en målværdi. Skriv et tal (fx 70) eller et interval (fx 2-4).",
        "'{value}' cannot be read as a target. Write a number (e.g. 70) or a range (e.g. 2-4).",
    ),
    "problem.target_missing": (
        "Målet har en tæller, men ingen målværdi; det følges kun op i hånden.",
        "The goal says what to count but has no target; it is followed up by hand only.",
    ),
    "problem.outside_period": (
        "Datoen {value} ligger uden for målenes perioder ({first} – {last}); er årstallet rigtigt?",
        "The date {value} is outside the goals' periods ({first} – {last}); is the year right?",
    ),
    "problem.missing_required": ("Feltet skal udfyldes.", "This field is required."),
    "problem.missing_id": (
        "Rækken har intet ID, så andre faner kan ikke henvise til den.",
        "The row has no ID, so other tabs cannot refer to it.",
    ),
    "problem.duplicate_id": (
        "ID'et '{value}' er brugt før i række {first}.", "The ID '{value}' is already used in row {first}.",
    ),
    "problem.formula_error": (
        "Cellen viser en formelfejl ({value}).", "The cell shows a formula error ({value}).",
    ),
    "problem.age_bands_exceed_total": (
        "Aldersgrupperne giver tilsammen {bands}, mere end deltagere i alt ({value}).",
        "The age bands add up to {bands}, more than the total participants ({value}).",
    ),
    # store errors shown to people
    "stale.banner": (
        "Regnearket kan ikke læses lige nu, så du ser tallene fra {when}. Årsag: {reason}. "
        "Dashboardet prøver igen af sig selv.",
        "The spreadsheet cannot be read right now, so you see the figures from {when}. Reason: {reason}. "
        "The dashboard tries again by itself.",
    ),
    "error.store_unavailable": (
        "Regnearket kan ikke læses lige nu ({detail}). Prøv igen om lidt.",
        "The spreadsheet cannot be read right now ({detail}). Try again shortly.",
    ),
    "error.store_locked": (
        "Regnearket er åbent og låst af et andet program ({detail}). Luk det eller prøv igen om lidt.",
        "The spreadsheet is open and locked by another program ({detail}). Close it or try again shortly.",
    ),
    "error.row_not_found": (
        "Rækken med ID '{detail}' findes ikke længere i regnearket; intet blev ændret.",
        "The row with ID '{detail}' no longer exists in the spreadsheet; nothing was changed.",
    ),
    "error.store_forbidden": (
        "Dashboardet har ikke adgang til regnearket: del det med servicekontoens e-mail ({detail}).",
        "The dashboard has no access to the spreadsheet: share it with the service account's e-mail ({detail}).",
    ),
    "error.store_not_found": (
        "Regnearket findes ikke; tjek adressen eller nøglen i opsætningen ({detail}).",
        "The spreadsheet does not exist; check the URL or key in the configuration ({detail}).",
    ),
    "error.config": ("Opsætningen er forkert: {detail}", "The configuration is wrong: {detail}"),
    "source.workbook": ("regnearket {path}", "the workbook {path}"),
    # chart labels
    "chart.month": ("Måned", "Month"),
    "chart.events": ("Arrangementer", "Events"),
    "chart.participants": ("Deltagelser", "Attendances"),
    "chart.age_band": ("Aldersgruppe", "Age band"),
    "chart.count": ("Antal", "Count"),
    "chart.type": ("Type", "Type"),
    "chart.colour": ("Farve", "Colour"),
    "chart.goals": ("Mål", "Goals"),
    "chart.target_of": ("Mål: {name}", "Target: {name}"),
    "chart.cumulative": ("Deltagelser i alt", "Attendances so far"),
    "chart.orgs_in_period": ("Organisationer i perioden", "Organisations in the period"),
    "chart.orgs_so_far": ("Organisationer i alt", "Organisations so far"),
    "chart.organisations": ("Organisationer", "Organisations"),
    "chart.active_members": ("Aktive medlemmer", "Active members"),
    "chart.member_target": ("Mål: {target}", "Target: {target}"),
    "chart.members": ("Medlemmer", "Members"),
    "chart.joined": ("Indmeldt", "Joined"),
    "chart.left": ("Udmeldt", "Left"),
    "chart.online": ("Online", "Online"),
    "chart.in_person": ("Fysisk fremmøde", "In person"),
    "colour.green": ("Grøn", "Green"),
    "colour.yellow": ("Gul", "Yellow"),
    "colour.red": ("Rød", "Red"),
    "colour.changed": ("≠ Mål ændret", "≠ Goal changed"),
    "colour.none": ("Ingen opfølgning endnu", "No follow-up yet"),
    "age.unknown": ("Uoplyst alder", "Age not given"),
}

MONTHS = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    """The message for ``key`` in ``lang``, with ``params`` filled in."""
    da, en = MESSAGES[key]
    text = en if lang == "en" else da
    return text.format(**params) if params else text


def problem_message(problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """A data problem (fcdash.snapshot.Problem) as a sentence for people."""
    return t(f"problem.{problem.code}", lang, value=problem.value, **dict(problem.params))


def fmt_number(value, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' in Danish, '1,234.5' in English; missing values as a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_date(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date as 23.11.2026 (Danish) or 23 Nov 2026 (English); missing values as a dash."""
    if value is None or value != value:  # None or NaT
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if lang == "en":
        return f"{value.day} {MONTHS['en'][value.month - 1]} {value.year}"
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def fmt_month(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """A month as 'mar. 2025' (Danish) or 'Mar 2025' (English)."""
    return f"{MONTHS[lang if lang in MONTHS else 'da'][value.month - 1]} {value.year}"
