# isort: skip_file
# The mixin first: the models below inherit from it.
from . import resource_calendar_working_time_mixin
from . import resource_calendar
from . import resource_calendar_attendance
from . import resource_calendar_leaves
from . import resource_calendar_workday
