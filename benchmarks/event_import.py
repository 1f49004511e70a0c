"""Zoom attendee reports of any size for `pln event import`'s memory budget
(docs/performance.md): ROWS rows among PEOPLE people, each row one join
(Zoom writes a row each time someone joins again), written like the real
export (title lines, host section, then "Attendee Details").

    python benchmarks/event_import.py ROWS PEOPLE OUT.csv
    /usr/bin/time -v pln event import webinar OUT.csv --dry-run
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

HEAD = """Attendee Report
Report Generated:,"Nov 19, 2026 09:05 AM"
Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,Unique Viewers
Phonics Webinar,812 3456 7890,"Nov 18, 2026 03:58 PM",64,{people},{people}
Host Details
Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes)
Yes,Dana Host,dana@literacy.example,"Nov 18, 2026 03:50 PM","Nov 18, 2026 05:04 PM",74
Attendee Details
Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes)
"""
START = datetime(2026, 11, 18, 15, 58)


def _at(moment: datetime) -> str:
    return moment.strftime('"%b %d, %Y %I:%M %p"')


def write(rows: int, people: int, out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(HEAD.format(people=people))
        for i in range(rows):
            who = i % people
            join = START + timedelta(minutes=(i // people) % 60)
            leave = join + timedelta(minutes=1 + i % 7)
            f.write(
                f"Yes,Person {who},p{who}@s.example,{_at(join)},{_at(leave)},"
                f"{(leave - join).seconds // 60}\n"
            )


if __name__ == "__main__":
    write(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
