from bisect import bisect_left, bisect_right
from datetime import timedelta

from pytz import utc


class WorkingTimeLine:
    """The working intervals of a schedule over a span, with the running total of working hours at the
    start of each: the one bisection that plans deadlines and counts working hours between instants.

    Instants are naive UTC datetimes, as Odoo stores them."""

    def __init__(self, intervals):
        self.starts, self.stops, self.totals = [], [], [0.0]
        for start, stop, _meta in intervals:
            self.starts.append(start.astimezone(utc).replace(tzinfo=None))
            self.stops.append(stop.astimezone(utc).replace(tzinfo=None))
            self.totals.append(self.totals[-1] + (self.stops[-1] - self.starts[-1]).total_seconds() / 3600)
        self.ends = self.totals[1:]  # working hours up to the end of each interval

    def worked_until(self, moment):
        """Working hours from the start of the span to ``moment``."""
        index = bisect_right(self.starts, moment)
        if not index:
            return 0.0
        start, stop = self.starts[index - 1], self.stops[index - 1]
        return self.totals[index - 1] + (min(moment, stop) - start).total_seconds() / 3600

    def hours_between(self, start, end):
        """Working hours between ``start`` and ``end`` (0 when ``end`` is not after ``start``)."""
        if end <= start:
            return 0.0
        return self.worked_until(end) - self.worked_until(start)

    def plan(self, start, hours):
        """The naive UTC datetime ``hours`` working hours after ``start``, or None past the span.

        Like ``plan_hours``, the deadline ends in an interval as soon as what remains fits in it; where
        ``plan_hours`` subtracts hours interval by interval and may, by rounding, pass the end of a
        working day for the start of the next one, the running total ends exactly at the end of the day."""
        first = bisect_right(self.stops, start)
        if first == len(self.stops):
            return None
        begin = max(start, self.starts[first])
        before = self.totals[first] + (begin - self.starts[first]).total_seconds() / 3600
        target = before + hours
        last = bisect_left(self.ends, target - 1e-9, lo=first)
        if last == len(self.ends):
            return None
        if last != first:
            begin, before = self.starts[last], self.totals[last]
        return (begin + timedelta(hours=target - before)).replace(microsecond=0)
