from . import resource_calendar, resource_calendar_leaves, resource_calendar_workday
