from . import aftersales_sla_policy, project_task
