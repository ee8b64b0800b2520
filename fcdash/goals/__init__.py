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

The rule for the proposed colours (also on the goals page and in the README):

- A goal's target applies to each window of its rhythm (month, every other month, quarter, half
  year, year, or the whole period). Every window that has begun by the day judged is judged: a
  window that is over by its final count, the running one by what is due by that day (the target
  spread evenly over the window in whole units), so a window that has just begun is never red.
- A window's result is green when it meets the target (at least / exactly / between / at most);
  yellow when it is "largely met": at least half of the way from the starting value (the
  baseline, e.g. "fra 46 til 70"; otherwise 0, or for active members the count when the window
  began) to what is due; red otherwise. "At most" is green within the limit and red above it.
- Result: green when every window judged is green; yellow when the windows score at least half
  (green 1, yellow ½, red 0); red otherwise. The page says how many windows met the target.
- Time: the goal is behind from the first day its count fell under the expected curve (or a
  window closed unmet) until a window's whole target is met. Green when not behind; yellow while behind for
  less than 3 months; red from 3 months.
- Per group: each group is judged on its own (a network from the day it started); the goal's
  lights follow the worst group.
- A share goal (the share of the evaluation answers who met someone, are satisfied, show no
  signs of severe loneliness; its target in percent, "mindst 70 %") is judged on the share among
  the answers of each window that answered its question, in whole percent as shown: a share
  is not spread over the window, so the running window is judged by its answers so far. Green at
  or above the target; yellow at least half of the way from the starting value (the baseline,
  "fra 50 til 70 %"; otherwise 0 %) to the target, as for a count; red otherwise; "at most" is
  green within the limit, red above. A window with fewer than five answers shows no share and is
  not judged (the privacy of small groups, and too few to judge); with no window judged there
  are no proposed lights. Time: behind from the first day the share (of five answers or more) was
  off the target until it is on it again.
- A goal the board marked ≠ (goal changed) is shown as changed and not judged. A main goal with
  sub-goals and nothing to count of its own follows its sub-goals' worst lights. The board's own
  colours always win.
"""

from fcdash.goals.counts import percent
from fcdash.goals.judging import (DELAY_MONTHS, LARGELY_MET, SCORE, SEVERITY, Judged, Verdict, judge, overall,
                                  result_colour, time_colour, worst)
from fcdash.goals.matching import groups_of, kind_of, matching, other_bands
from fcdash.goals.table import (BLOCKING, BY_HAND, CHANGED, FOLLOWED, INVALID, PROGRESS_COLUMNS, SCORED, counted_between,
                                evaluate, history, needs_attention, progress, severity, sub_summary)
from fcdash.goals.windows import Window, begun, in_period, period_of, rhythm_of, windows
from fcdash.goals.words import (COLOUR_KEYS, LIGHT_MARKS, colour_label, is_share, lights_text, result_tally, share_text,
                                target_cell, target_text, value_text, window_name)
