"""What a new spreadsheet holds besides the data: the Danish guide tab, made from the schema."""

from __future__ import annotations

from fcdash import schema

GUIDE_TITLE = "Vejledning"

_TAB_PURPOSE = {
    "members": "én række pr. medlemsorganisation eller medlem",
    "events": "én række pr. arrangement (kursus, netværksmøde, café, …) med deltagere",
    "activities": "én række pr. ydelse: samtale, sparring, hjælp til jobopslag, …",
    "initiatives": "én række pr. indsats, fx ensomhed blandt unge eller ældre",
    "goals": "én række pr. mål fra strategien eller aktivitetsplanen",
    "followups": "bestyrelsens trafiklys for et mål ved et møde",
}


def guide_lines() -> list[str]:
    """The guide, one line per row, written from the schema so it never goes stale."""
    lines = [
        "Sådan bruger I regnearket",
        "",
        "Dashboardet læser fanerne nedenfor. Skriv gerne direkte i dem: én række pr. ting, "
        "overskrifterne i række 1 skal blive stående.",
        "Datoer skrives som 12-03-2025 (eller 12.3.25). Tal skrives uden tekst, fx 12.",
        "Flere værdier i én celle adskilles med komma, fx 'Ældre, Unge'.",
        "ID-kolonnen udfyldes af dashboardet; skriver I selv en række, så giv den et kort, unikt ID.",
        "Skriv ikke navne på borgere: vi tæller deltagere, vi registrerer dem ikke.",
        "Kan dashboardet ikke læse en celle, vises den under 'Datakvalitet' med cellens adresse.",
        "",
    ]
    for tab in schema.TABS:
        lines.append(f"{tab.title}: {_TAB_PURPOSE[tab.key]}")
        for col in tab.columns:
            note = " (skal udfyldes)" if col.required else ""
            if col.categories:
                note += f": {', '.join(col.categories)}"
            elif col.kind is schema.Kind.BOOL:
                note += ": Ja eller Nej"
            elif col.kind is schema.Kind.DATE:
                note += ": dato"
            elif col.ref:
                note += f": ID eller navn fra fanen {schema.tab(col.ref).title}"
            if col.personal:
                note += " (persondata: vises kun for redaktører)"
            lines.append(f"    {col.header}{note}")
        lines.append("")
    return lines
