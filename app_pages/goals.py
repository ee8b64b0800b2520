"""Goals and traffic lights: the board's colours, the proposed colours, progress and the
documentation of each goal, grouped by strategic area."""

import pandas as pd
import streamlit as st

from fcdash import counting, evaluation, goals, i18n, metrics, schema, tables
from fcdash.ui import data, session, viewfilters, widgets

SHOWN_ROWS = 100  # a goal's newest events or activities; the rest are a click away
# A strategic area's name over its goals is a heading, but on a phone one of a size that leaves
# the screen to the goals (a long name at the subheader's size takes three lines).
AREA_HEADINGS = """<style>@media (max-width: 640px) {
  .st-key-goal_list h3 { font-size: 1.15rem; padding: 0.75rem 0 0 0; }
}</style>"""

snap = data.snapshot()
today = session.today()
lang, t, fmt, fmt_date = session.lang(), session.t, session.fmt_number, session.fmt_date

st.title(t("goals.title"))
st.write(t("goals.intro"))

table = goals.progress(snap, today)
if table.empty:
    st.info(t("goals.none"))
    st.stop()
with st.expander(t("goals.rule_title"), icon=":material/help:"):
    st.caption(t("goals.rule"))
    if table["count"].map(goals.is_share).any():
        st.caption(t("goals.share_rule", min=evaluation.MIN_ANSWERS))

areas = list(dict.fromkeys(table["area"].astype(object).fillna("–")))
chosen, only_attention = viewfilters.goal_filters(areas)
shown = table.loc[goals.attention(table)] if only_attention else table
if chosen:  # the areas chosen
    shown = shown.loc[shown["area"].astype(object).fillna("–").isin(chosen)]
if shown.empty:
    st.success(t("goals.no_attention"), icon=":material/check_circle:")
goal_rows = {g.id: g for g in snap["goals"].itertuples(index=False) if isinstance(g.id, str)}
ids_at = dict(zip(snap["goals"]["_row"], snap["goals"]["id"]))
why_not: dict = {}
for problem in goals.blocking(snap.problems):
    why_not.setdefault(ids_at.get(problem.row), []).append(problem)


def window_rows(windows, rhythm: str, count) -> list[list[str]]:
    return [[widgets.escape(goals.window_name(w, rhythm, lang)), widgets.escape(window_value(w, count)),
             window_due(w, count), widgets.escape(window_colour(w))] for w in windows]


def window_value(w, count) -> str:
    value = goals.value_text(w.value, count, lang, w.answers)
    return t("goals.made_up", value=value, count=fmt(w.made_up)) if w.made_up else value


def window_due(w, count) -> str:
    """What a window must reach: a running one's part due by today beside its whole target."""
    if w.in_progress and w.need is not None and w.due != w.need:
        return t("goals.due_so_far", due=fmt(w.due), need=fmt(w.need))
    return due_text(w.due, count)


def window_colour(w) -> str:
    if w.in_progress:  # running: in progress, and its colour where it is behind
        return t("goals.window_in_progress") if w.colour is None else f"{colour_label(w.colour)} ({t('goals.window_in_progress')})"
    if w.met_on is not None and w.due_date is not None and w.time not in (None, schema.GREEN):
        return t("goals.met_late", colour=colour_label(w.colour), date=fmt_date(w.met_on),
                 time=colour_label(w.time).lower())
    return colour_label(w.colour)


def due_text(due, count) -> str:
    if due is None or pd.isna(due):
        return "–"
    return goals.share_text(due, lang) if goals.is_share(count) else fmt(due)


def colour_label(colour) -> str:
    return goals.colour_label(colour, lang) if isinstance(colour, str) else t("goals.no_colour")


def documentation(goal, row) -> None:
    for key in ("activities", "documentation"):
        if isinstance(getattr(goal, key), str):
            st.markdown(f"**{schema.tab('goals').column(key).label(lang)}:** {widgets.escape(getattr(goal, key))}")
    if row["countable"]:
        st.markdown(f"**{t('goals.by_window')}**")
        st.markdown(widgets.markdown_table([t(f"goals.col.{c}") for c in ("window", "value", "due", "colour")],
                                          window_rows(row["windows"], row["per"], row["count"])))
        kind = goals.kind_of(goal)
        window = goals.period_of(goal, today)
        counted = goals.matching(goal, snap)
        if kind.source == "evaluations":  # anonymous answers: how many, never the rows of a small group
            counted = metrics.between(counted, window.start, window.end, kind.date)
            st.markdown(f"**{t('goals.evaluations', count=len(counted))}**")
            st.caption(t("goals.answers_hidden"))
        elif kind.date is not None:
            counted = metrics.between(counted, window.start, window.end, kind.date)
            st.markdown(f"**{t(f'goals.{kind.source}', count=len(counted))}**" if kind.source in ("events", "activities")
                        else f"**{schema.tab(kind.source).label(lang)} ({len(counted)})**")
            if row["elsewhere"]:
                st.caption(t("goals.elsewhere", count=fmt(row["elsewhere"])))
            if counted.empty:
                st.caption(t("goals.nothing"))
            # The rows are drawn only when asked for: thirty goals' tables would be most of the page.
            elif st.toggle(t("goals.show_rows"), key=f"goal_rows_{goal.id}"):
                if len(counted) > SHOWN_ROWS:
                    st.caption(t("goals.newest", shown=SHOWN_ROWS))
                newest = counted.sort_values(kind.date, ascending=False).head(SHOWN_ROWS)
                shown = tables.readable(newest, kind.source, snap, lang)
                if row["assigned"]:  # which window each row went to (a late one makes an earlier window up)
                    shown.insert(0, t("goals.col.counted_in"), [counted_in(row, label) for label in newest.index])
                widgets.dataframe(shown, kind.source, f"goal_{goal.id}", first=(t("goals.col.counted_in"),))
    past = goals.history(goal.id, snap["followups"])
    st.markdown(f"**{t('goals.history', count=len(past))}**")
    if not past.empty:  # a list, not a table: the comment and who wrote it stay readable on a phone
        st.markdown(widgets.followup_list(past))


def counted_in(row, label) -> str:
    start, late = row["assigned"].get(label, (None, False))
    window = next((w for w in row["windows"] if w.start == start), None)
    if window is None:
        return "–"
    name = goals.window_name(window, row["per"], lang)
    return t("goals.counted_late", window=name) if late else name


def progress_line(row) -> None:
    """The running window's count (or share) against its target, as one bar with its words."""
    now = row["windows"][-1] if row["windows"] else None
    name = goals.window_name(now, row["per"], lang) if now else "–"
    if isinstance(row["shown_group"], str):  # a goal per network shows its worst network's count, named
        name = f"{row['shown_group']}, {name}"
    share = goals.is_share(row["count"])
    if share and now is not None and now.value is None:  # fewer than five answers: no share, and why
        st.markdown(t("goals.share_too_few", window=widgets.escape(name), answers=fmt(now.answers),
                      min=evaluation.MIN_ANSWERS))
    elif row["status"] == goals.FOLLOWED:
        st.markdown(t("goals.followed", window=widgets.escape(name),
                      value=widgets.escape(goals.value_text(row["value"], row["count"], lang, row["answers"]))))
    elif now is not None:
        target = int(now.need) if not share and now.need is not None else int(row["target"])
        text = (t("goals.share_progress", window=name, value=goals.share_text(row["value"], lang),
                  answers=fmt(now.answers), target=goals.target_text(row["target_spec"], lang)) if share else
                goals.window_text(now, name, row["count"], lang, row["target_spec"].kind == counting.MAX, met_date=True))
        st.progress(min(row["value"] / target, 1.0) if target else 1.0, text=text)


def progress_notes(row) -> None:
    """The windows met, since when the goal is behind, or that it has no target."""
    if row["status"] == goals.FOLLOWED:
        st.caption(t("goals.no_target"))
    if row["windows"] and row["status"] == goals.SCORED:
        share = goals.is_share(row["count"])
        judged = [w for w in row["windows"] if w.colour is not None or not share]  # a share needs five answers
        st.caption(t("goals.windows_met", met=row["windows_met"], count=len(judged))
                   + (" · " + t("goals.windows_too_few", count=len(row["windows"]) - len(judged))
                      if len(judged) < len(row["windows"]) else "")
                   + (" · " + t("goals.behind", date=fmt_date(row["behind_since"])) if pd.notna(row["behind_since"]) else ""))


def badge(axis: str, colour) -> str:
    """A light as an inline badge named by its axis (Resultat: Gul); grey with a dash where none."""
    if isinstance(colour, str) and colour in widgets.LIGHTS:
        return widgets.light_badge(colour, f"{axis}: {goals.colour_label(colour, lang)}")
    return f":gray-badge[{widgets.escape(axis)}: –]"


def lights(whose: str, result, time) -> str:
    return f"{widgets.escape(whose)}: {badge(t('goals.result'), result)} {badge(t('goals.time'), time)}"


def card_text(row) -> str:
    """A goal's card: its text, the board's lights and the proposed ones, a line each."""
    lines = [f"**{widgets.escape(row['id'])}** {widgets.escape(row['goal'])}"]
    if pd.notna(row["board_date"]):
        lines.append(lights(t("goals.board_at", date=fmt_date(row["board_date"])), row["board_result"], row["board_time"]))
    else:
        lines.append(widgets.escape(f"{t('goals.board')}: {t('goals.no_board')}"))
    from_subs = bool(row["subs"]) and row["status"] == goals.BY_HAND
    if row["status"] != goals.CHANGED and (isinstance(row["proposed_result"], str) or
                                          isinstance(row["proposed_time"], str) and from_subs):
        lines.append(lights(t("goals.from_subs") if from_subs else t("goals.card_proposed"), row["proposed_result"],
                            row["proposed_time"]))
    elif row["status"] == goals.SCORED and not goals.is_share(row["count"]) and row["windows"]:
        lines.append(f"{widgets.escape(t('goals.in_progress'))} · {badge(t('goals.time'), row['proposed_time'])}")
    return "  \n".join(lines)


def proposal_notes(row) -> None:
    """Why a goal has no proposed lights: changed, too few answers, its row unreadable, by hand."""
    status, share = row["status"], goals.is_share(row["count"])
    if status == goals.CHANGED:
        st.caption(t("goals.changed"))
    elif status == goals.SCORED and share and not isinstance(row["proposed_result"], str):
        st.caption(t("goals.too_few", min=evaluation.MIN_ANSWERS))
    elif status == goals.INVALID:  # why, cell by cell, as on Datakvalitet
        for problem in why_not.get(row["id"], []):
            st.caption(f"{problem.cell}: {i18n.problem_message(problem, lang)}")
        st.caption(t("goals.invalid"))
    elif status == goals.BY_HAND and not row["subs"]:
        st.caption(t("goals.by_hand"))


def group_table(row) -> None:
    """Each group's count in the running window, windows met and lights, full width."""
    label = counting.GROUPS[row["per_group"]]
    st.markdown(f"**{t('goals.groups', group=(label.label_en if lang == 'en' else label.name).lower())}**")
    st.markdown(widgets.markdown_table(
        [t(f"goals.col.{c}") for c in ("group", "now", "lights")],
        [[widgets.escape(g["name"]),
          f"{widgets.escape(goals.value_text(g['verdict'].now.value, row['count'], lang, g['verdict'].now.answers)) if g['verdict'].now else '–'}"
          f" ({g['verdict'].met}/{len(g['verdict'].windows)})",
          widgets.escape(f"{colour_label(g['verdict'].result)} / {colour_label(g['verdict'].time)}")]
         for g in row["groups"]]))


st.html(AREA_HEADINGS)
with st.container(key="goal_list"):
    for area in areas:
        rows = shown.loc[shown["area"].astype(object).fillna("–") == area]
        if rows.empty:
            continue
        st.subheader(area)
        for row in rows.to_dict("records"):
            goal = goal_rows.get(row["id"])
            with st.container(border=True, key=f"goal_{row['id']}"):
                st.markdown(card_text(row))
                if row["countable"]:
                    progress_line(row)
                with st.expander(t("goals.more"), type="compact"):  # the rest one tap away: a card a goal on a phone
                    if isinstance(row["main"], str):
                        st.caption(t("goals.sub_of", main=row["main"]))
                    proposal_notes(row)
                    if row["countable"]:
                        progress_notes(row)
                    if row["subs"]:
                        summary = goals.sub_summary(table, row["id"])
                        st.caption(t("goals.subs", summary=", ".join(f"{n} {colour_label(c).lower()}"
                                                                     for c, n in summary.items()),
                                     goals=", ".join(row["subs"])))
                    if isinstance(row["board_comment"], str):
                        st.caption(f"“{row['board_comment']}”")
                    if isinstance(row["owner"], str):
                        st.caption(t("goals.owner", owner=row["owner"]))
                    if row["groups"]:
                        group_table(row)
                    if goal is not None:
                        documentation(goal, row)
widgets.read_at_caption(snap)
