"""What a new spreadsheet holds besides the data: the Danish guide tab, made from the schema."""

from __future__ import annotations

from fcdash import counting, evaluation, schema

GUIDE_TITLE = "Vejledning"


def guide_lines() -> list[str]:
    """The guide, one line per row, written from the schema so it never goes stale."""
    lines = [
        "Sådan bruger I regnearket",
        "",
        "Dashboardet læser fanerne nedenfor. Skriv gerne direkte i dem: én række pr. ting, "
        "overskrifterne i række 1 skal blive stående.",
        "Datoer skrives som 12-03-2025 (eller 12.3.25). Tal skrives uden tekst, fx 12.",
        "Flere værdier i én celle adskilles med komma eller 'og', fx 'Ældre, Unge' eller 'MED-3 og MED-7'. "
        "Et navn, der selv rummer komma eller 'og' (fx indsatsen 'Ensomhed blandt unge og ældre'), findes som ét navn. "
        "Et ID eller navn må skrives med store eller små bogstaver.",
        "ID-kolonnen udfyldes af dashboardet; skriver I selv en række, så giv den et kort, unikt ID.",
        "Skriv ikke navne på borgere: vi tæller deltagere, vi registrerer dem ikke.",
        "Kan dashboardet ikke læse en celle, vises den under 'Datakvalitet' med cellens adresse. Dér står også "
        "stavemåder af samme lokalområde eller forening (fx 'Hobro', 'hobro' og 'Hobro by'): skriv dem ens.",
        "Egne medlemstyper, arrangementstyper, aktivitetstyper og lokalområder skrives i fanen "
        f"'{schema.LISTS.title}'; så tæller de med og kommer i rullelisterne.",
        "",
    ]
    for tab in schema.TABS:
        lines.append(f"{tab.title}: {tab.purpose}")
        for col in tab.columns:
            note = " (skal udfyldes)" if col.required else ""
            if col.categories:
                note += f": {', '.join(col.categories)}"
            elif col.kind is schema.Kind.BOOL:
                note += ": Ja eller Nej"
            elif col.kind is schema.Kind.DATE:
                note += ": dato"
            elif col.ref:
                note += f": {reference_note(schema.tab(col.ref))}"
            if col.personal:
                note += " (persondata: vises kun for redaktører)"
            lines.append(f"    {col.header}{note}")
        lines.append("")
    return lines + goal_guide()


def reference_note(tab: schema.Tab) -> str:
    """What a reference into ``tab`` may be: its ID, or the name (a goal's text) it is known by."""
    if not tab.named_by:
        return f"ID fra fanen {tab.title}"
    named = tab.column(tab.named_by)
    what = "navn" if named.header == "Navn" else f"teksten i kolonnen {named.header}"
    return f"ID eller {what} fra fanen {tab.title}"


def goal_guide() -> list[str]:
    """How to write a goal the dashboard can follow, from the registries in fcdash.counting."""
    lines = ["Sådan skriver I et mål, som dashboardet kan følge op på (fanen Mål)", "",
             "Tæller: hvad der tælles. Hvert valg med et eksempel fra centrenes egne planer:"]
    lines += [f"    {kind.name}: fx {kind.example}" for kind in counting.COUNTS.values()]
    lines += ["", "Pr.: hvor ofte målværdien gælder. Hvert vindue bedømmes for sig:"]
    lines += [f"    {rhythm.name}: fx {rhythm.example}" for rhythm in counting.RHYTHMS.values()]
    lines += ["", "Målværdi: skriv den, som I ville sige den. Tom målværdi: tallet følges uden farve."]
    lines += [f"    {form}" for form, _, _ in counting.TARGET_FORMS]
    shares = ", ".join(kind.name for kind in counting.COUNTS.values() if kind.share)
    lines += [f"Andelene ({shares}) tager en målværdi i procent af evalueringssvarene i hvert vindue:"]
    lines += [f"    {form}" for form in counting.SHARE_FORMS]
    lines += [f"    Et vindue med færre end {evaluation.MIN_ANSWERS} svar viser ingen andel og får ingen farve "
              "(små gruppers privatliv, og for få at bedømme på)."]
    lines += ["", "Pr. gruppe: målet gælder for hver enkelt; den dårligste gruppe bestemmer målets farve:"]
    lines += [f"    {group.name}: fx {group.example}" for group in counting.GROUPS.values()]
    lines += ["", "Kun …-kolonnerne afgrænser, hvad der tælles. Arrangementer og aktiviteter, der i kolonnen Mål "
              "nævner et andet mål, tælles ikke med her. Et delmål skriver sit hovedmåls ID eller tekst i Hovedmål."]
    return lines
