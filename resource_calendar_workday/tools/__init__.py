from .working_time_line import WorkingTimeLine
