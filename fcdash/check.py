"""`python -m fcdash check`: what a centre runs after setting up. It reads the configuration,
reaches the store, verifies the tabs and headers, counts the data problems and says who may
edit. Every line is Danish; a failure makes the command exit non-zero."""

from __future__ import annotations

import json
from typing import NamedTuple

from fcdash import i18n, schema
from fcdash.config import Config
from fcdash.errors import ConfigError, StoreError, StoreForbidden, StoreNotFound
from fcdash.grid import locate_columns
from fcdash.i18n import problem_message
from fcdash.parsing import parse_grids

OK, NOTE, FAIL = "ok", "bemærk", "FEJL"


class Finding(NamedTuple):
    level: str
    text: str


def run(load_config) -> list[Finding]:
    """Every finding, in the order a person fixes them."""
    try:
        config: Config = load_config()
    except ConfigError as ex:
        return [Finding(FAIL, f"Opsætningen er forkert: {ex}")]
    found = [Finding(OK, f"Centret hedder «{config.centre_name}»" + (f", logo {config.logo}" if config.logo else ""))]
    found.append(_where(config))
    found.append(_mail(config))
    if config.backend == "workbook" and not config.workbook.exists():
        return found + [Finding(FAIL, f"Regnearket {config.workbook} findes ikke. Sæt FCDASH_WORKBOOK til jeres "
                                      "regneark, eller start dashboardet én gang for at få demoregnearket.")]
    try:
        from fcdash.store import open_store

        store = open_store(config)
        grids = store.read_grids()
    except StoreForbidden as ex:
        account = json.loads(config.service_account or "{}").get("client_email", "servicekontoen")
        return found + [Finding(FAIL, f"Regnearket er ikke delt med {account}: åbn det i Google Sheets, tryk Del, "
                                      f"og giv den e-mail redigeringsadgang. ({ex})")]
    except StoreNotFound as ex:
        return found + [Finding(FAIL, f"Regnearket findes ikke: tjek adressen eller nøglen i opsætningen. ({ex})")]
    except (StoreError, ConfigError) as ex:
        return found + [Finding(FAIL, f"Regnearket kan ikke læses: {ex}")]
    found.append(Finding(OK, "Regnearket kan læses"))
    fix = "kør python -m fcdash init-sheet" if config.backend == "gsheets" else "tilføj fanen med overskrifterne fra Vejledning"
    for tab in schema.TABS:
        grid = grids.get(tab.key)
        if grid is None:
            found.append(Finding(NOTE if tab.optional else FAIL, f"Fanen «{tab.title}» mangler: {fix}."))
            continue
        _, positions, _ = locate_columns(tab, grid)
        required = [c.header for c in tab.columns if c.required and c.key not in positions]
        optional = [c.header for c in tab.columns if not c.required and c.key not in positions]
        if required:
            found.append(Finding(FAIL, f"Fanen «{tab.title}» mangler kolonnerne {', '.join(required)}: {fix}."))
        elif optional:
            found.append(Finding(NOTE, f"Fanen «{tab.title}» har ikke kolonnerne {', '.join(optional)}; "
                                       "de tilføjes, når dashboardet skal skrive i dem."))
        else:
            found.append(Finding(OK, f"Fanen «{tab.title}»: {max(len(grid) - 1, 0)} rækker, alle kolonner"))
    snapshot = parse_grids(grids, locale=store.locale)
    if snapshot.foreign_locale:
        found.append(Finding(NOTE, i18n.t("locale.warning", locale=snapshot.locale)))
    problems = snapshot.problems
    problems = [p for p in problems if p.code != "missing_tab"]
    if problems:
        found.append(Finding(NOTE, f"{len(problems)} celler kan ikke læses; de står på siden Datakvalitet, fx:"))
        found += [Finding(NOTE, f"  {p.cell}: {problem_message(p)}") for p in problems[:10]]
    else:
        found.append(Finding(OK, "Ingen dataproblemer"))
    found.append(_sign_in(config, config.demo and store.is_demo()))
    return found


def _where(config: Config) -> Finding:
    if config.backend == "gsheets":
        via = "" if not config.emulated else f" gennem {config.api_url}"
        return Finding(OK, f"Data ligger i Google-regnearket {config.spreadsheet}{via}")
    return Finding(OK, f"Data ligger i regnearket {config.workbook}")


def _mail(config: Config) -> Finding:
    """Whether reports can be sent to the board; unset is a note, not a failure (the addresses,
    personal data, are counted, not printed)."""
    if config.mail is None:
        return Finding(NOTE, i18n.t("check.mail.unset"))
    return Finding(OK, i18n.t("check.mail.ready", count=len(config.mail.board), security=config.mail.security,
                              server=f"{config.mail.host}:{config.mail.port}"))


def _sign_in(config: Config, demo: bool) -> Finding:
    if config.oidc:
        return Finding(OK, f"Redaktører logger ind med OpenID Connect; {len(config.editors)} e-mails må redigere")
    if config.passcode_hash:
        return Finding(OK, "Redaktører logger ind med en fælles adgangskode (gemt som hash)")
    if demo:
        return Finding(NOTE, "Demo-adgangskoden 'demo' gælder, til I sætter jeres egen: python -m fcdash hash-passcode")
    return Finding(NOTE, "Ingen adgangskode eller login er sat op: registrering er slået fra (se README)")
