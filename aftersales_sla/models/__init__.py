# isort: skip_file
from . import aftersales_sla_policy
from . import aftersales_sla_clock
from . import aftersales_sla_clock_sweep
from . import aftersales_sla_mixin
from . import aftersales_sla_analysis
from . import resource_calendar
