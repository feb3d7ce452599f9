from . import test_task_sla
