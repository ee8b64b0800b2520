"""Goals judged the way the board judges them: what counts toward each goal, every window of its
period that has begun, per group where the goal applies to each network (initiative, local area,
member type), and the proposed traffic lights, all as of any day. Pure functions over the
snapshot's frames; no Streamlit here.

The rooms, in the order a snapshot flows through them: ``windows`` (a goal's period and the
windows of its rhythm), ``matching`` (the rows that count toward a goal, per group), ``counts``
(what the rows add up to on each day), ``judging`` (a window's colour, and a goal's result and
time), ``table`` (every goal as of a day: the one table every page, report and the command read)
and ``words`` (what a reader sees). What a goal can count, how often and against which target
is the registry in ``fcdash.counting``.

The rule for the proposed colours (the README's list gives each part with a goal from the plans;
the goals page says it too):

- Windows: a calendar year, a shorter rhythm counted from the goal's own start, or the whole
  period; a deadline (Frist) inside a window is the day its target is due.
- An event held after the window it was missing in makes that window up (met, but late: time
  yellow under three months, red after) and is not counted again; in a rhythm shorter than a year
  only within a week's grace (a period skipped is a miss). Volumes are each window's own.
- A window not ended and not met is in progress: no colour while on track (it never lifts a
  missed window), yellow once behind what is due by today (it has not failed yet).
- A window is green when met, yellow at least half of the way from its starting value (0 for a
  count per window, "fra 46" for a stock), red otherwise; at most: green within the limit.
- Result: every judged window green, green; at least half on average, yellow; else red.
- Time: behind from the day a count fell under its schedule, through windows not met, until a
  window is met: yellow under three months, red from three; else the latest met window's light.
- Groups each judged on their own, pro rata for the part of a window a network or initiative
  existed; the goal takes the worst group's lights.
- Shares of the evaluation answers: judged on windows of five answers or more, never spread.
- ≠: shown as changed, not judged. A main goal with nothing to count follows its sub-goals' worst
  lights. Anything that cannot be read keeps a goal from being judged. The board's colours win.
"""

from fcdash.goals.counts import percent
from fcdash.goals.judging import (DELAY_MONTHS, LARGELY_MET, SCORE, SEVERITY, Judged, Verdict, judge, overall,
                                  result_colour, time_colour, worst)
from fcdash.goals.matching import groups_of, kind_of, matching, other_bands
from fcdash.goals.table import (BLOCKING, BY_HAND, blocking, CHANGED, FOLLOWED, INVALID, PROGRESS_COLUMNS, SCORED, counted_between,
                                asks_attention, attention, evaluate, history, needs_attention, progress, severity,
                                sub_summary)
from fcdash.goals.windows import Window, begun, in_period, period_of, rhythm_of, windows
from fcdash.goals.words import (COLOUR_KEYS, LIGHT_MARKS, colour_label, is_share, lights_text, result_tally, share_text,
                                target_cell, target_text, value_text, window_name, window_text)
